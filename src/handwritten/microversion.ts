// Manila microversions are "major.minor" strings; 2.10 > 2.9, so they are
// compared as integer pairs, never as numbers or strings.
import type { VersionRange } from './operation-spec.js';

const VERSION = /^(\d+)\.(\d+)$/;

export function parseVersion(v: string): [number, number] {
  const m = VERSION.exec(v);
  if (!m) throw new TypeError(`"${v}" is not a microversion like "2.65"`);
  return [Number(m[1]), Number(m[2])];
}

export function compareVersions(a: string, b: string): number {
  const [a1, a2] = parseVersion(a);
  const [b1, b2] = parseVersion(b);
  return a1 - b1 || a2 - b2;
}

export function inRange(v: string, r: VersionRange): boolean {
  if (r.min && compareVersions(v, r.min) < 0) return false;
  if (r.max && compareVersions(v, r.max) > 0) return false;
  return true;
}

/** Whether a call marked `flag` needs the experimental header at version `v`. */
export function experimentalAt(flag: boolean | VersionRange | undefined, v: string): boolean {
  return flag === true || (typeof flag === 'object' && inRange(v, flag));
}

export function minVersion(a: string, b: string): string {
  return compareVersions(a, b) <= 0 ? a : b;
}

/**
 * The URL of the v2 version document for an endpoint. Catalog endpoints may
 * carry a project id after `/v2`; the document lives at `/v2/` itself.
 */
export function versionDocumentUrl(endpoint: string): string {
  const url = new URL(endpoint);
  const m = /^(.*?\/v2(?:\.\d+)?)(?:\/.*)?$/.exec(url.pathname);
  url.pathname = `${m ? m[1] : url.pathname.replace(/\/+$/, '')}/`;
  url.search = '';
  return url.toString();
}

/**
 * The base a spec path is joined to: the endpoint, except for `/`, the v2
 * version document, which sits beside a project-scoped endpoint, not under it.
 */
export function baseUrlFor(endpoint: string, path: string): string {
  return path === '/' ? versionDocumentUrl(endpoint).slice(0, -1) : endpoint;
}

/** What a client settled on with its server. */
export interface NegotiatedVersion {
  /** The version sent with every call. */
  version: string;
  /** The server's range, when it was asked (not when the version is pinned). */
  serverMin?: string;
  serverMax?: string;
}

/** Picks the version to use from the server's range and ours. */
export function chooseVersion(server: { min: string; max: string }, clientMax: string): string {
  if (compareVersions(clientMax, server.min) < 0) {
    throw new RangeError(`the server needs microversion ${server.min} or later; this SDK knows up to ${clientMax}`);
  }
  return minVersion(server.max, clientMax);
}
