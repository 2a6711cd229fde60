// The SDK's callable units, read off the generated method table: each
// operation once, and each member of an action operation once. The coverage
// checks and the reference comparison count these.
import { methodTable } from '../src/generated/table.js';
import { methodsOf, type BodyRule, type QueryRule, type VersionRange } from '../src/handwritten/operation-spec.js';

export interface OperationUnit {
  /** `operationId`, or `operationId#actionKey` for an action member. */
  key: string;
  id: string;
  action?: string;
  httpMethod: string;
  /** The route template relative to the endpoint. */
  path: string;
  range: VersionRange;
  experimental: boolean | VersionRange;
  /** The filters it takes. */
  query: Record<string, QueryRule>;
  body?: BodyRule | null;
}

export function operationUnits(): OperationUnit[] {
  const units = new Map<string, OperationUnit>();
  for (const group of Object.keys(methodTable)) {
    for (const spec of Object.values(methodsOf(methodTable, group))) {
      for (const v of spec.v) {
        const key = v.action ? `${v.id}#${v.action}` : v.id;
        if (units.has(key)) continue;
        const [httpMethod, path] = v.route.split(' ');
        units.set(key, { key, id: v.id, action: v.action, httpMethod, path, range: { min: v.min, max: v.max }, experimental: v.exp ?? false, query: v.query ?? {}, body: v.body });
      }
    }
  }
  return [...units.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** One unit by its key (`shares_list`, `shares_action#extend`). */
export function operationUnit(key: string): OperationUnit {
  const u = operationUnits().find((x) => x.key === key);
  if (!u) throw new Error(`no operation ${key} in the generated table`);
  return u;
}

/** Every filter and top-level request field with a microversion bound: `opKey name`. */
export function versionedKeys(): string[] {
  return operationUnits().flatMap((u) => [
    ...Object.entries(u.query)
      .filter(([, q]) => q.min || q.max)
      .map(([name]) => `${u.key} ${name}`),
    ...Object.keys(u.body?.versioned ?? {}).map((f) => `${u.key} ${f}`),
  ]);
}
