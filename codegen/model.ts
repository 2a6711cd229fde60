// Reads the bundled spec into the shape the emitters need, and enforces the
// conventions of spec/README.md: a spec that breaks them fails generation
// instead of producing an SDK that silently misbehaves.

// The tables the generator writes have the shapes the runtime reads; one
// definition serves both, so they cannot drift apart.
import type {
  ActionSpec as ActionInfo,
  BodyRule,
  OperationSpec as OperationInfo,
  QueryRule,
  VersionRange as Range,
} from '../src/handwritten/operation-spec.js';

export type { ActionInfo, BodyRule, OperationInfo, QueryRule, Range };

export type Variant = { op: string; action?: string } & Range;

export interface MethodInfo {
  name: string;
  kind: 'op' | 'action' | 'paginate';
  pathParams: string[];
  /** Ordered newest first; the first is the one the types describe. */
  variants: Variant[];
  summary?: string;
  /** The operation's description: what the caller should know beyond the summary. */
  details?: string;
}

export interface GroupInfo {
  name: string;
  methods: MethodInfo[];
}

export interface Model {
  maxVersion: string;
  operations: Record<string, OperationInfo>;
  groups: GroupInfo[];
}

type Json = Record<string, any>;

const VERSION = /^\d+\.\d+$/;
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'];

export function parseVersion(v: string): [number, number] {
  const [a, b] = v.split('.').map(Number);
  return [a, b];
}

export function compareVersions(a: string, b: string): number {
  const [a1, a2] = parseVersion(a);
  const [b1, b2] = parseVersion(b);
  return a1 - b1 || a2 - b2;
}

/** The `x-openstack` mark of a node: OpenStack's codegenerator names, plus ours (spec/README.md). */
export function openstackMark(node: Json | undefined): Json | undefined {
  const ext = node?.['x-openstack'];
  return ext && typeof ext === 'object' && !Array.isArray(ext) ? ext : undefined;
}

function rangeOf(where: string, ext: Json | undefined): Range {
  if (ext === undefined) return {};
  const range: Range = {};
  for (const bound of ['min', 'max'] as const) {
    const v = ext[`${bound}-ver`];
    if (v === undefined) continue;
    if (typeof v !== 'string' || !VERSION.test(v)) {
      throw new Error(`${where}: x-openstack ${bound}-ver must be a string like "2.10", got ${JSON.stringify(v)}`);
    }
    range[bound] = v;
  }
  if (range.min && range.max && compareVersions(range.min, range.max) > 0) {
    throw new Error(`${where}: microversion min ${range.min} is above max ${range.max}`);
  }
  return range;
}

function readRange(where: string, node: Json | undefined): Range {
  return rangeOf(where, openstackMark(node));
}

/**
 * `x-openstack.experimental`: `true` (always needs the header) or a range
 * (`{max-ver: "2.55"}` for calls that became stable at 2.56). Undefined when absent.
 */
function readExperimental(where: string, node: Json | undefined): boolean | Range | undefined {
  const value: unknown = openstackMark(node)?.experimental;
  if (value === undefined || value === false) return value;
  if (value === true) return true;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const range = rangeOf(`${where} experimental`, value as Json);
    if (!range.min && !range.max) throw new Error(`${where}: x-openstack experimental as a range needs min-ver or max-ver`);
    return range;
  }
  throw new Error(`${where}: x-openstack experimental must be true or {min-ver, max-ver}, got ${JSON.stringify(value)}`);
}

function overlaps(a: Range, b: Range): boolean {
  const aMin = a.min ?? '2.0';
  const bMin = b.min ?? '2.0';
  const aBelowB = a.max !== undefined && compareVersions(a.max, bMin) < 0;
  const bBelowA = b.max !== undefined && compareVersions(b.max, aMin) < 0;
  return !aBelowB && !bBelowA;
}

export function camel(s: string): string {
  return s.replace(/[-_:~]+([a-zA-Z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function buildModel(bundle: Json): Model {
  const resolve = (node: Json | undefined): Json | undefined => {
    let n = node;
    const seen = new Set<string>();
    while (n && typeof n.$ref === 'string') {
      if (seen.has(n.$ref)) throw new Error(`circular $ref ${n.$ref}`);
      seen.add(n.$ref);
      if (!n.$ref.startsWith('#/')) throw new Error(`unbundled $ref ${n.$ref}`);
      const target = n.$ref
        .slice(2)
        .split('/')
        .reduce<Json | undefined>((acc, part) => acc?.[part.replace(/~1/g, '/').replace(/~0/g, '~')], bundle);
      if (!target) throw new Error(`dangling $ref ${n.$ref}`);
      // Siblings of a $ref (x-openstack and x-sdk-* marks) win over the target.
      const { $ref: _ignored, ...siblings } = n;
      n = Object.keys(siblings).length ? { ...target, ...siblings } : target;
    }
    return n;
  };

  const refName = (node: Json, where: string): string => {
    const ref: unknown = node?.$ref;
    if (typeof ref !== 'string' || !ref.startsWith('#/components/schemas/')) {
      throw new Error(`${where}: must be a $ref to a named schema under components/schemas`);
    }
    return ref.slice('#/components/schemas/'.length);
  };

  const objectRule = (where: string, schemaNode: Json | undefined, wrap?: string, copies?: string[]): BodyRule => {
    let schema = resolve(schemaNode);
    if (wrap) {
      const inner = schema?.properties?.[wrap];
      if (!inner) throw new Error(`${where}: x-sdk-wrap "${wrap}" is not a property of the body`);
      for (const c of copies ?? []) {
        if (!schema?.properties?.[c]) throw new Error(`${where}: x-sdk-wrap-copies "${c}" is not a property of the body`);
      }
      schema = resolve(inner);
    } else if (copies) {
      throw new Error(`${where}: x-sdk-wrap-copies needs x-sdk-wrap`);
    }
    const required: string[] = [...(schema?.required ?? [])];
    const versioned: Record<string, Range> = {};
    const nested: Record<string, BodyRule> = {};
    for (const [name, prop] of Object.entries<Json>(schema?.properties ?? {})) {
      const target = resolve(prop);
      const r = readRange(`${where} property ${name}`, prop.$ref ? prop : target);
      if (r.min || r.max) versioned[name] = r;
      // Objects inside the body (scheduler_hints) get rules of their own; maps do not.
      if (target?.type === 'object' && target.properties && Object.keys(target.properties).length) {
        nested[name] = objectRule(`${where} property ${name}`, target);
      }
    }
    const known = schema?.additionalProperties === false ? Object.keys(schema?.properties ?? {}) : undefined;
    return {
      ...(wrap ? { wrap } : {}),
      ...(copies?.length ? { copies } : {}),
      required,
      versioned,
      ...(known ? { known } : {}),
      ...(Object.keys(nested).length ? { nested } : {}),
    };
  };

  const operations: Record<string, OperationInfo> = {};
  const methods = new Map<string, Map<string, MethodInfo>>();
  const addVariant = (group: string, name: string, info: Omit<MethodInfo, 'variants' | 'name'>, v: Variant) => {
    if (!methods.has(group)) methods.set(group, new Map());
    const g = methods.get(group)!;
    const existing = g.get(name);
    if (!existing) {
      g.set(name, { name, ...info, variants: [v] });
      return;
    }
    const where = `${group}.${name}`;
    if (existing.kind !== info.kind && !(existing.kind !== 'paginate' && info.kind !== 'paginate')) {
      throw new Error(`${where}: a paginator and a call share one name`);
    }
    if (existing.pathParams.join() !== info.pathParams.join()) {
      throw new Error(`${where}: variants disagree on path parameters (${existing.pathParams} vs ${info.pathParams})`);
    }
    for (const other of existing.variants) {
      if (overlaps(other, v)) {
        throw new Error(`${where}: ${v.op}${v.action ? `#${v.action}` : ''} overlaps ${other.op}${other.action ? `#${other.action}` : ''}`);
      }
    }
    existing.variants.push(v);
  };

  for (const [path, rawItem] of Object.entries<Json>(bundle.paths ?? {})) {
    const item = resolve(rawItem)!;
    const pathLevelParams: Json[] = (item.parameters ?? []).map((p: Json) => resolve(p));
    for (const httpMethod of HTTP_METHODS) {
      const op: Json | undefined = item[httpMethod];
      if (!op) continue;
      const id: string = op.operationId;
      const where = `${httpMethod.toUpperCase()} ${path}`;
      if (!id || !/^[a-z][A-Za-z0-9]*_[a-z][A-Za-z0-9]*$/.test(id)) {
        throw new Error(`${where}: operationId "${id}" is not <group>_<method>`);
      }
      // Behind Keystone any call can meet the auth middleware's 401.
      if (!op.responses?.['401']) throw new Error(`${where}: every operation must list its 401 response`);
      const [group, idMethod] = id.split('_');
      const params: Json[] = [...pathLevelParams, ...(op.parameters ?? []).map((p: Json) => resolve(p))];
      const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const p of pathParams) {
        if (!params.some((q) => q.in === 'path' && q.name === p)) throw new Error(`${where}: path parameter {${p}} is not declared`);
      }
      const query: Record<string, QueryRule> = {};
      for (const p of params.filter((q) => q.in === 'query')) {
        query[p.name] = {
          ...readRange(`${where} query ${p.name}`, p),
          required: Boolean(p.required),
          json: p['x-manila-json'] === true,
        };
      }
      const success = Object.keys(op.responses ?? {})
        .filter((s) => /^2\d\d$/.test(s))
        .map(Number);
      if (!success.length) throw new Error(`${where}: no 2xx response`);
      const jsonStatus = success.find((s) => resolve(op.responses[String(s)])?.content?.['application/json']);
      const info: OperationInfo = {
        id,
        group,
        method: op['x-sdk-method'] ?? idMethod,
        httpMethod: httpMethod.toUpperCase(),
        path,
        pathParams,
        experimental: readExperimental(where, op) ?? false,
        query,
        success,
        jsonStatus,
        ...readRange(where, op),
      };
      if (op['x-sdk-unwrap']) info.unwrap = op['x-sdk-unwrap'];
      const requestBody = resolve(op.requestBody);
      const bodySchema = requestBody?.content?.['application/json']?.schema;

      if (idMethod === 'action') {
        if (httpMethod !== 'post' || !path.endsWith('/action')) throw new Error(`${where}: <group>_action is reserved for POST .../action`);
        const actionBody = resolve(bodySchema);
        const members: Json[] = actionBody?.oneOf;
        if (!Array.isArray(members) || !members.length) throw new Error(`${where}: action body must be a oneOf of action members`);
        if (openstackMark(actionBody)?.discriminator !== 'action') throw new Error(`${where}: the action oneOf needs x-openstack: {discriminator: action}`);
        info.actions = {};
        for (const member of members) {
          const schemaName = refName(member, `${where} oneOf member`);
          const m = resolve(member)!;
          const keys = Object.keys(m.properties ?? {});
          if (keys.length !== 1 || m.required?.length !== 1 || m.required[0] !== keys[0] || m.additionalProperties !== false) {
            throw new Error(`${where}: ${schemaName} must have exactly one property, required, with additionalProperties: false`);
          }
          const key = keys[0];
          if (openstackMark(m)?.['action-name'] !== key) throw new Error(`${where}: ${schemaName} needs x-openstack action-name: ${key}`);
          const value = resolve(m.properties[key])!;
          const isNull = value.type === 'null';
          const mwhere = `${where} action ${key}`;
          const resp = m['x-sdk-response'];
          if (resp && (typeof resp.status !== 'number' || !bundle.components?.schemas?.[resp.schema])) {
            throw new Error(`${mwhere}: x-sdk-response needs a numeric status and a schema under components/schemas`);
          }
          if (resp && !success.includes(resp.status)) throw new Error(`${mwhere}: status ${resp.status} is not among the operation's responses`);
          const action: ActionInfo = {
            key,
            method: m['x-sdk-method'] ?? camel(key.replace(/^os-/, '')),
            schema: schemaName,
            // A member's own mark replaces its endpoint's.
            experimental: readExperimental(mwhere, m) ?? info.experimental,
            ...readRange(mwhere, m),
            ...(isNull ? {} : { body: objectRule(mwhere, value) }),
            ...(resp ? { response: { status: resp.status, schema: resp.schema, ...(resp.unwrap ? { unwrap: resp.unwrap } : {}) } } : {}),
          };
          // An action cannot exist outside the range of its endpoint.
          action.min = maxOf(action.min, info.min);
          action.max = minOf(action.max, info.max);
          info.actions[key] = action;
          addVariant(group, action.method, { kind: 'action', pathParams, summary: m.description ?? m.title }, {
            op: id,
            action: key,
            min: action.min,
            max: action.max,
          });
        }
      } else {
        if (bodySchema) info.body = objectRule(`${where} body`, bodySchema, requestBody?.['x-sdk-wrap'], requestBody?.['x-sdk-wrap-copies']);
        addVariant(group, info.method, { kind: 'op', pathParams, summary: op.summary, details: op.description }, { op: id, min: info.min, max: info.max });
      }

      const paginate = op['x-sdk-paginate'];
      if (paginate) {
        if (!query.limit || !query.offset) throw new Error(`${where}: x-sdk-paginate needs limit and offset query parameters`);
        if (!paginate.items || !paginate.method) throw new Error(`${where}: x-sdk-paginate needs items and method`);
        info.paginate = { items: paginate.items, method: paginate.method };
        addVariant(group, paginate.method, { kind: 'paginate', pathParams, summary: `Every item of ${group}.${info.method}, page by page` }, {
          op: id,
          min: info.min,
          max: info.max,
        });
      }
      if (operations[id]) throw new Error(`duplicate operationId ${id}`);
      operations[id] = info;
    }
  }

  const groups: GroupInfo[] = [...methods.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, ms]) => ({
      name,
      methods: [...ms.values()]
        .sort((a, b) => a.name.localeCompare(b.name))
        .map((m) => ({ ...m, variants: [...m.variants].sort(newestFirst) })),
    }));
  const maxVersion = String(bundle.info?.version ?? '');
  if (!VERSION.test(maxVersion)) throw new Error(`info.version must be the highest microversion described, got "${maxVersion}"`);
  return { maxVersion, operations, groups };
}

function maxOf(a?: string, b?: string): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return compareVersions(a, b) >= 0 ? a : b;
}

function minOf(a?: string, b?: string): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return compareVersions(a, b) <= 0 ? a : b;
}

function newestFirst(a: Range, b: Range): number {
  if (!a.max && b.max) return -1;
  if (a.max && !b.max) return 1;
  if (a.max && b.max) return compareVersions(b.max, a.max);
  return compareVersions(b.min ?? '2.0', a.min ?? '2.0');
}
