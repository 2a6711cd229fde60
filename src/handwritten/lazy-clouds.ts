// clouds.yaml support, loaded on first use: a client made from an endpoint
// and a token never loads js-yaml or the cloud reader.
import type { ManilaClient, ManilaClientOptions } from './client.js';
import type { LoadCloudOptions } from './clouds.js';

export type { LoadCloudOptions };

/**
 * Reads a cloud from clouds.yaml/secure.yaml (or the OS_* variables) and
 * returns options for createManilaClient:
 * `createManilaClient(await loadCloud('mycloud'))`.
 */
export async function loadCloud(name?: string, opts?: LoadCloudOptions): Promise<ManilaClientOptions> {
  return (await import('./clouds.js')).loadCloud(name, opts);
}

/**
 * Reads a cloud as `loadCloud` does and returns a client for it, in one
 * call. `overrides` (a pinned microversion, time limits, retries) win over
 * what the cloud's configuration says.
 */
export async function connect(name?: string, overrides?: Partial<ManilaClientOptions>, load?: LoadCloudOptions): Promise<ManilaClient> {
  return (await import('./clouds.js')).connect(name, overrides, load);
}
