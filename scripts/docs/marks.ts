// Reads the microversion facts of the bundled spec for the documentation:
// every operation with its range and experimental flag, and every other
// x-openstack mark (action members, request fields, filters, response
// fields) with the operations it belongs to. The API reference notes and
// the history page are both drawn from this one reading.

// The bundle is plain JSON read at run time.
type Json = any;

export type Kind = 'operation' | 'action' | 'request field' | 'filter' | 'response field';

export interface Range {
  min?: string;
  max?: string;
}

export interface Operation extends Range {
  id: string;
  method: string;
  path: string;
  tag: string;
  summary: string;
  /** `true`, or the versions at which the experimental header is needed. */
  experimental?: true | Range;
  /** Action keys with their own ranges, for `POST .../action`. */
  actions: ({ key: string; experimental?: true | Range } & Range)[];
}

export interface Mark extends Range {
  kind: Kind;
  /** The action key, the filter's name, or the field's path in the body (`share.progress`, `shares[].progress`). */
  name: string;
  operationId: string;
}

export interface SpecFacts {
  /** The spec's highest microversion (`info.version`). */
  maxVersion: string;
  operations: Operation[];
  marks: Mark[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'];

/** The minor number of `2.x`; versions compare by it (`2.10` > `2.9`). */
export const minor = (v: string): number => {
  const m = /^2\.(\d+)$/.exec(v);
  if (!m) throw new Error(`not a Manila microversion: ${v}`);
  return Number(m[1]);
};

export function rangeOf(node: Json): Range {
  const x = node?.['x-openstack'] ?? {};
  const r: Range = {};
  if (x['min-ver']) r.min = String(x['min-ver']);
  if (x['max-ver']) r.max = String(x['max-ver']);
  return r;
}

export const hasRange = (r: Range): boolean => Boolean(r.min || r.max);

/** `2.49–latest`, `2.0–2.6`. */
export const rangeText = (r: Range): string => `${r.min ?? '2.0'}–${r.max ?? 'latest'}`;

/** A short note for a field: `2.49+`, `up to 2.6`, `2.22–2.97`. */
export const rangeNote = (r: Range): string => (r.min && r.max ? `${r.min}–${r.max}` : r.min ? `${r.min}+` : `up to ${r.max}`);

export function makeResolver(bundle: Json): (node: Json) => Json {
  return (node) => {
    let n = node;
    for (let i = 0; n && typeof n === 'object' && typeof n.$ref === 'string' && i < 20; i++) {
      const ref: string = n.$ref;
      if (!ref.startsWith('#/')) throw new Error(`external $ref in the bundle: ${ref}`);
      n = ref
        .slice(2)
        .split('/')
        .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
        .reduce((o: Json, k) => o?.[k], bundle);
      if (n === undefined) throw new Error(`unresolved $ref ${ref}`);
    }
    return n;
  };
}

function experimentalOf(node: Json): true | Range | undefined {
  const e = node?.['x-openstack']?.experimental;
  if (e === true) return true;
  if (e && typeof e === 'object') return { min: e['min-ver'], max: e['max-ver'] };
  return undefined;
}

/** Every versioned property below `schema`, as [path, range], once per path. */
function versionedFields(schema: Json, resolve: (n: Json) => Json, path: string, out: Map<string, Range>, stack: Set<Json>): void {
  const node = resolve(schema);
  if (!node || typeof node !== 'object' || stack.has(node)) return;
  stack.add(node);
  for (const [name, prop] of Object.entries<Json>(node.properties ?? {})) {
    const p = path ? `${path}.${name}` : name;
    // A mark beside a $ref belongs to the property; else the target's own.
    const own = rangeOf(prop);
    const r = hasRange(own) ? own : rangeOf(resolve(prop));
    if (hasRange(r) && !out.has(p)) out.set(p, r);
    versionedFields(prop, resolve, p, out, stack);
  }
  const items = node.items;
  if (items) versionedFields(items, resolve, `${path}[]`, out, stack);
  if (node.additionalProperties && typeof node.additionalProperties === 'object') {
    versionedFields(node.additionalProperties, resolve, `${path}{}`, out, stack);
  }
  for (const k of ['oneOf', 'anyOf', 'allOf']) for (const s of node[k] ?? []) versionedFields(s, resolve, path, out, stack);
  stack.delete(node);
}

const jsonSchemaOf = (holder: Json, resolve: (n: Json) => Json): Json => resolve(holder)?.content?.['application/json']?.schema;

export function readFacts(bundle: Json): SpecFacts {
  const resolve = makeResolver(bundle);
  const operations: Operation[] = [];
  const marks: Mark[] = [];
  for (const [path, item] of Object.entries<Json>(bundle.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const id: string = op.operationId;
      const actions: Operation['actions'] = [];
      const body = jsonSchemaOf(op.requestBody, resolve);
      const bodyNode = resolve(body);
      if (bodyNode?.['x-openstack']?.discriminator === 'action') {
        for (const member of bodyNode.oneOf ?? []) {
          const m = resolve(member);
          const key: string = m['x-openstack']?.['action-name'];
          const r = rangeOf(m);
          actions.push({ key, ...r, experimental: experimentalOf(m) });
          if (hasRange(r)) marks.push({ kind: 'action', name: key, operationId: id, ...r });
          const fields = new Map<string, Range>();
          versionedFields(m, resolve, '', fields, new Set());
          // The member's one property is the action key; its range is the member's.
          fields.delete(key);
          for (const [name, fr] of fields) marks.push({ kind: 'request field', name, operationId: id, ...fr });
        }
      } else if (body) {
        const fields = new Map<string, Range>();
        versionedFields(body, resolve, '', fields, new Set());
        for (const [name, r] of fields) marks.push({ kind: 'request field', name, operationId: id, ...r });
      }
      for (const p of [...(item.parameters ?? []), ...(op.parameters ?? [])]) {
        const param = resolve(p);
        const r = rangeOf(param);
        if (param.in === 'query' && hasRange(r)) marks.push({ kind: 'filter', name: param.name, operationId: id, ...r });
      }
      const responseFields = new Map<string, Range>();
      for (const [status, resp] of Object.entries<Json>(op.responses ?? {})) {
        if (!/^2/.test(status)) continue;
        const schema = jsonSchemaOf(resp, resolve);
        if (schema) versionedFields(schema, resolve, '', responseFields, new Set());
      }
      // An action operation's answers are a oneOf of its members' answers: walked like any other.
      for (const [name, r] of responseFields) marks.push({ kind: 'response field', name, operationId: id, ...r });
      operations.push({
        id,
        method: method.toUpperCase(),
        path,
        tag: op.tags?.[0] ?? 'default',
        summary: op.summary ?? id,
        ...rangeOf(op),
        experimental: experimentalOf(op),
        actions,
      });
    }
  }
  const maxVersion = String(bundle.info?.version ?? '');
  minor(maxVersion);
  return { maxVersion, operations, marks };
}

/** The experimental flag of an operation or member, as a short text, or undefined. */
export function experimentalText(e: true | Range | undefined): string | undefined {
  if (!e) return undefined;
  if (e === true) return 'Experimental';
  return `Experimental at ${rangeText(e)}`;
}

/**
 * Where Redoc 3 (`redocly build-docs`) puts an operation: a hash route
 * `#/<tag>/<operationId>`, both lower-cased (`#/shares/shares_listdetail`).
 * The browser test opens such links and checks the operation shows.
 */
export const redocAnchor = (op: Pick<Operation, 'tag' | 'id'>): string => `#/${encodeURIComponent(op.tag.toLowerCase())}/${encodeURIComponent(op.id.toLowerCase())}`;

export { METHODS };
