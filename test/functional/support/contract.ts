// Validates every response the functional tests receive against the bundled
// spec, at the microversion the request used. Objects the spec leaves open
// are closed here, and properties outside the version's range are removed,
// so an unknown or out-of-range field is a failure (scripts/spec-contract.ts
// judges; this module records, for the tests and the coverage check).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createSpecContract } from '../../../scripts/spec-contract.js';

const bundlePath = fileURLToPath(new URL('../../../dist/openapi.json', import.meta.url));
const contract = createSpecContract(JSON.parse(readFileSync(bundlePath, 'utf8')));

export interface Violation {
  operation: string;
  status: number;
  version: string;
  errors: string[];
}

export const violations: Violation[] = [];
/** Operations a response was checked for. */
export const checked = new Set<string>();
/** Operations the server answered with success, for scripts/check-coverage.ts. */
export const succeeded = new Set<string>();

/**
 * Checks one exchange. `path` is relative to the endpoint. Returns the
 * problems found (also recorded in `violations`).
 */
export function checkExchange(method: string, path: string, version: string, requestBody: unknown, status: number, body: unknown): string[] {
  const { matched, operation, problems } = contract.judge(method, path, version, requestBody, status, body);
  const errors = problems.map((p) => p.text);
  if (!matched) {
    violations.push({ operation, status, version, errors });
    return errors;
  }
  checked.add(operation);
  if (status < 300) succeeded.add(operation);
  if (errors.length) violations.push({ operation, status, version, errors });
  return errors;
}

/**
 * A fetch for the SDK that checks every exchange. The endpoint prefix is cut
 * off to find the operation.
 */
/**
 * A fetch that checks every Manila exchange against the spec. Requests to
 * other services (Keystone) pass unchecked; the endpoint's `/v2` and a
 * project id after it (catalog URLs may carry one) are cut from the path.
 */
export function contractFetch(endpoint: string): (req: Request) => Promise<Response> {
  const origin = new URL(endpoint).origin;
  return async (req: Request) => {
    const url = new URL(req.url);
    if (url.origin !== origin) return fetch(req);
    const reqText = req.body ? await req.clone().text() : '';
    const res = await fetch(req);
    const path = url.pathname.replace(/^\/v2(\/[0-9a-f]{32}(?=\/|$))?/, '') || '/';
    const version = req.headers.get('x-openstack-manila-api-version') ?? '2.0';
    const text = await res.clone().text();
    let body: unknown;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    checkExchange(req.method, path, version, reqText ? JSON.parse(reqText) : undefined, res.status, body);
    return res;
  };
}

export function formatViolations(list: Violation[]): string {
  return list.map((v) => `${v.operation} HTTP ${v.status} at ${v.version}:\n    ${v.errors.join('\n    ')}`).join('\n');
}
