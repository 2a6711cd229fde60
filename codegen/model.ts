// Reads the bundled spec into the shape the emitters need, and enforces the
// conventions of spec/README.md: a spec that breaks them fails generation
// instead of producing an SDK that silently misbehaves.

// The runtime table's shapes are the handwritten layer's; one definition
// serves the generator and the client, so they cannot drift apart.
import type { BodyRule, QueryRule, Variant, VersionRange as Range, WaiterSpec, WaiterState } from '../src/handwritten/operation-spec.js';

export type { BodyRule, QueryRule, Range, Variant, WaiterSpec };

/** TypeScript type expressions of a method's newest variant, for the emitters. */
export interface MethodTypes {
  /** The input's type, when the call takes one. */
  input?: string;
  /** Whether the input may be left out. */
  inputOptional: boolean;
  /** The answer's type (`void` when none); for lists, the item type. */
  output: string;
}

export interface MethodInfo {
  name: string;
  /** No conveniences are built on this method (a delete that never answers 404, say). */
  noConveniences?: boolean;
  /** Positional arguments before the input. */
  args: string[];
  /** Newest first; the first is the one the types describe. */
  variants: Variant[];
  types: MethodTypes;
  summary?: string;
  /** The operation's description: what the caller should know beyond the summary. */
  details?: string;
  /** The error statuses the operations serving this method list, with the spec's word on each. */
  errors: ErrorResponse[];
}

export interface ErrorResponse {
  status: number;
  description: string;
}

export interface GroupInfo {
  name: string;
  methods: MethodInfo[];
}

export interface WaiterInfo extends WaiterSpec {
  name: string;
  /** The type the waiter resolves with (that of its newest variant's resource). */
  type: string;
  /** Waiter option names for parent ids, with whether some variant needs them. */
  parents: string[];
}

/** The conveniences a group gets, by the methods and waiters it has. */
export interface ConvenienceInfo {
  /** find(nameOrId): the group shows by id and lists with a `name` filter. */
  find?: { item: string };
  /** deleteIfExists(id): the group deletes by id. */
  deleteIfExists?: true;
  /** deleteAndWait(id): the group deletes, and a waiter sees the deletion through. */
  deleteAndWait?: string;
  /** resize(id, size): the group extends, shrinks and shows (shares). */
  resize?: true;
}

export interface Model {
  maxVersion: string;
  conveniences: Record<string, ConvenienceInfo>;
  groups: GroupInfo[];
  waiters: WaiterInfo[];
  /** Every named schema, for the model types. */
  schemas: string[];
  /** The named schemas that are plain objects (emitted as interfaces, which editors show by name). */
  objectSchemas: string[];
  /** Query types to declare: name → type expression. */
  queryTypes: Record<string, string>;
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
function readExperimental(where: string, node: Json | undefined): true | Range | undefined {
  const value: unknown = openstackMark(node)?.experimental;
  if (value === undefined || value === false) return undefined;
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

const pascal = (s: string) => `${s[0].toUpperCase()}${camel(s).slice(1)}`;
const q = (s: string) => JSON.stringify(s);
const prop = (s: string) => `[${q(s)}]`;
const compact = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

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

  const schemaName = (node: Json | undefined): string | undefined => {
    const ref: unknown = node?.$ref;
    return typeof ref === 'string' && ref.startsWith('#/components/schemas/') ? ref.slice('#/components/schemas/'.length) : undefined;
  };

  const refName = (node: Json, where: string): string => {
    const name = schemaName(node);
    if (!name) throw new Error(`${where}: must be a $ref to a named schema under components/schemas`);
    return name;
  };

  /**
   * A type expression for the schema at `node`: its name when it is a named
   * schema (so editors show `Share`), else `base` indexed into.
   */
  const typeOf = (node: Json | undefined, base: string): string => {
    const name = schemaName(node);
    return name ? name : base;
  };

  const secretsOf = (schema: Json | undefined): string[] =>
    Object.entries<Json>(schema?.properties ?? {})
      .filter(([, p]) => p?.['x-sdk-secret'] === true || resolve(p)?.['x-sdk-secret'] === true)
      .map(([name]) => name);

  /**
   * Dotted paths of the credentials in an answer: properties marked
   * `x-sdk-secret`, and keys a map names in `x-sdk-secret-keys` (a driver's
   * `password` among its back-end details), a few levels down.
   */
  const hiddenPaths = (schema: Json | undefined, prefix = '', depth = 0): string[] => {
    const s = resolve(schema);
    if (!s || depth > 3) return [];
    const out = ((s['x-sdk-secret-keys'] as string[] | undefined) ?? []).map((k) => `${prefix}${k}`);
    for (const [name, p] of Object.entries<Json>(s.properties ?? {})) {
      if (p?.['x-sdk-secret'] === true || resolve(p)?.['x-sdk-secret'] === true) out.push(`${prefix}${name}`);
      else if (resolve(p)?.type === 'object') out.push(...hiddenPaths(p, `${prefix}${name}.`, depth + 1));
    }
    return out;
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
    for (const [name, p] of Object.entries<Json>(schema?.properties ?? {})) {
      const target = resolve(p);
      const r = readRange(`${where} property ${name}`, p.$ref ? p : target);
      if (r.min || r.max) versioned[name] = r;
      // Objects inside the body (scheduler_hints) get rules of their own; maps do not.
      if (target?.type === 'object' && target.properties && Object.keys(target.properties).length) {
        nested[name] = objectRule(`${where} property ${name}`, target);
      }
    }
    const known = schema?.additionalProperties === false ? Object.keys(schema?.properties ?? {}) : undefined;
    const aliases: Record<string, string> | undefined = schema?.['x-sdk-aliases'];
    for (const [alias, field] of Object.entries(aliases ?? {})) {
      if (!schema?.properties?.[field]) throw new Error(`${where}: x-sdk-aliases maps "${alias}" to "${field}", which is not a property`);
      if (schema?.properties?.[alias]) throw new Error(`${where}: x-sdk-aliases "${alias}" is a property itself`);
    }
    const secrets = secretsOf(schema);
    return compact({
      wrap,
      copies: copies?.length ? copies : undefined,
      required: required.length ? required : undefined,
      versioned: Object.keys(versioned).length ? versioned : undefined,
      known,
      nested: Object.keys(nested).length ? nested : undefined,
      aliases: aliases && Object.keys(aliases).length ? aliases : undefined,
      secrets: secrets.length ? secrets : undefined,
    });
  };

  /**
   * A value that is not an object; a microversion range on it applies to
   * values other than null (null may be sent at every version of the call).
   */
  const scalarRule = (where: string, node: Json, nullable: boolean, key: string): BodyRule => {
    const r = readRange(`${where} value`, node.$ref ? node : resolve(node));
    return compact({ scalar: true as const, required: nullable ? undefined : [key], versioned: r.min || r.max ? { [key]: r } : undefined });
  };

  interface Draft {
    name: string;
    args: string[];
    variants: Variant[];
    types: MethodTypes;
    summary?: string;
    details?: string;
    errors: ErrorResponse[];
    /** `x-sdk-conveniences: false`: no conveniences built on this method. */
    noConveniences?: boolean;
  }
  const methods = new Map<string, Map<string, Draft>>();
  const queryTypes: Record<string, string> = {};
  const queryTypeRanges = new Map<string, Range>();
  const waiterMarks: WaiterMark[] = [];
  /** The microversion range of each property of a shown resource. */
  const fieldRanges = (schema: Json | undefined): Record<string, Range> =>
    Object.fromEntries(Object.entries<Json>(resolve(schema)?.properties ?? {}).map(([name, p]) => [name, readRange(`property ${name}`, p.$ref ? p : resolve(p))]));

  const addVariant = (group: string, draft: Omit<Draft, 'variants'>, v: Variant) => {
    if (!methods.has(group)) methods.set(group, new Map());
    const g = methods.get(group)!;
    const existing = g.get(draft.name);
    if (!existing) {
      // Action members share their operation's error list; each method gets its own copy.
      g.set(draft.name, { ...draft, errors: [...draft.errors], variants: [v] });
      return;
    }
    const where = `${group}.${draft.name}`;
    if (existing.args.join() !== draft.args.join()) {
      throw new Error(`${where}: variants disagree on arguments (${existing.args} vs ${draft.args})`);
    }
    if (Boolean(existing.variants[0].list) !== Boolean(v.list)) throw new Error(`${where}: a list and a single answer share one name`);
    for (const other of existing.variants) {
      if (overlaps(other, v)) {
        throw new Error(`${where}: ${v.id}${v.action ? `#${v.action}` : ''} overlaps ${other.id}${other.action ? `#${other.action}` : ''}`);
      }
    }
    existing.variants.push(v);
    existing.noConveniences ||= draft.noConveniences;
    for (const e of draft.errors) if (!existing.errors.some((x) => x.status === e.status)) existing.errors.push(e);
    existing.errors.sort((a, b) => a.status - b.status);
    // The newest variant's types and docs describe the method.
    if (newestFirst(v, existing.variants[0]) < 0) Object.assign(existing, { types: draft.types, summary: draft.summary, details: draft.details });
  };

  /** `x-sdk-list` and the type of one item, or undefined. */
  const listOf = (where: string, mark: Json | undefined, responseSchema: Json | undefined, base: string, query: Record<string, QueryRule> | undefined) => {
    if (!mark) return undefined;
    const items = mark.items;
    if (typeof items !== 'string') throw new Error(`${where}: x-sdk-list needs items`);
    const arr = resolve(resolve(responseSchema)?.properties?.[items]);
    if (arr?.type !== 'array') throw new Error(`${where}: x-sdk-list items "${items}" is not an array property of the answer`);
    if (mark.paging !== undefined && mark.paging !== 'offset') throw new Error(`${where}: x-sdk-list paging must be offset`);
    if (mark.paging && (!query?.limit || !query?.offset)) throw new Error(`${where}: x-sdk-list paging needs limit and offset query parameters`);
    const item = resolve(responseSchema)?.properties?.[items]?.items ?? arr.items;
    const itemType = typeOf(item, `${base}${prop(items)}[number]`);
    return { list: compact({ items, paging: mark.paging as 'offset' | undefined }), itemType, itemSchema: resolve(item) };
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
      if (op['x-sdk-paginate']) throw new Error(`${where}: x-sdk-paginate is gone; use x-sdk-list: {items, paging: offset}`);
      // Behind Keystone any call can meet the auth middleware's 401.
      if (!op.responses?.['401']) throw new Error(`${where}: every operation must list its 401 response`);
      const [group, idMethod] = id.split('_');
      const params: Json[] = [...pathLevelParams, ...(op.parameters ?? []).map((p: Json) => resolve(p))];
      const pathParams = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      for (const p of pathParams) {
        if (!params.some((x) => x.in === 'path' && x.name === p)) throw new Error(`${where}: path parameter {${p}} is not declared`);
      }
      const promoted: string[] = op['x-sdk-path-args'] ?? [];
      const query: Record<string, QueryRule> = {};
      for (const p of params.filter((x) => x.in === 'query')) {
        if (promoted.includes(p.name)) {
          if (!p.required) throw new Error(`${where}: x-sdk-path-args "${p.name}" must be a required query parameter`);
          continue;
        }
        query[p.name] = compact({
          ...readRange(`${where} query ${p.name}`, p),
          required: p.required ? (true as const) : undefined,
          json: p['x-manila-json'] === true ? (true as const) : undefined,
        });
      }
      for (const name of promoted) {
        if (!params.some((x) => x.in === 'query' && x.name === name)) throw new Error(`${where}: x-sdk-path-args "${name}" is not a query parameter`);
      }
      const args = [...pathParams, ...promoted];
      const success = Object.keys(op.responses ?? {})
        .filter((s) => /^2\d\d$/.test(s))
        .map(Number);
      if (!success.length) throw new Error(`${where}: no 2xx response`);
      const jsonStatus = success.find((s) => resolve(op.responses[String(s)])?.content?.['application/json']);
      const responseNode = jsonStatus ? resolve(op.responses[String(jsonStatus)])!.content['application/json'].schema : undefined;
      const opRange = readRange(where, op);
      const experimental = readExperimental(where, op);
      const route = `${httpMethod.toUpperCase()} ${path}`;
      const requestBody = resolve(op.requestBody);
      const bodySchema = requestBody?.content?.['application/json']?.schema;
      const responseBase = `ResponseOf<${q(id)}, ${jsonStatus}>`;
      const errors: ErrorResponse[] = Object.keys(op.responses ?? {})
        .filter((s) => /^[45]\d\d$/.test(s))
        .map((s) => ({ status: Number(s), description: String(resolve(op.responses[s])?.description ?? '').trim() }))
        .sort((a, b) => a.status - b.status);

      if (idMethod === 'action') {
        if (httpMethod !== 'post' || !path.endsWith('/action')) throw new Error(`${where}: <group>_action is reserved for POST .../action`);
        const actionBody = resolve(bodySchema);
        const members: Json[] = actionBody?.oneOf;
        if (!Array.isArray(members) || !members.length) throw new Error(`${where}: action body must be a oneOf of action members`);
        if (openstackMark(actionBody)?.discriminator !== 'action') throw new Error(`${where}: the action oneOf needs x-openstack: {discriminator: action}`);
        const seenKeys = new Set<string>();
        for (const member of members) {
          const schemaNameOfMember = refName(member, `${where} oneOf member`);
          const m = resolve(member)!;
          const keys = Object.keys(m.properties ?? {});
          if (keys.length !== 1 || m.required?.length !== 1 || m.required[0] !== keys[0] || m.additionalProperties !== false) {
            throw new Error(`${where}: ${schemaNameOfMember} must have exactly one property, required, with additionalProperties: false`);
          }
          const key = keys[0];
          if (openstackMark(m)?.['action-name'] !== key) throw new Error(`${where}: ${schemaNameOfMember} needs x-openstack action-name: ${key}`);
          if (seenKeys.has(key)) throw new Error(`${where}: two members for action ${key}`);
          seenKeys.add(key);
          const valueNode = m.properties[key];
          const value = resolve(valueNode)!;
          const isNull = value.type === 'null';
          const types: string[] = Array.isArray(value.type) ? value.type : value.type ? [value.type] : [];
          // A value that is not an object (restore's target share id) is sent as it is.
          const isScalar = !isNull && !value.properties && !types.includes('object') && types.length > 0;
          const mwhere = `${where} action ${key}`;
          const resp = m['x-sdk-response'];
          if (resp && (typeof resp.status !== 'number' || !bundle.components?.schemas?.[resp.schema])) {
            throw new Error(`${mwhere}: x-sdk-response needs a numeric status and a schema under components/schemas`);
          }
          if (resp && !success.includes(resp.status)) throw new Error(`${mwhere}: status ${resp.status} is not among the operation's responses`);
          const respSchema = resp ? bundle.components.schemas[resp.schema] : undefined;
          const respRef = resp ? { $ref: `#/components/schemas/${resp.schema}` } : undefined;
          const respBase = resp ? `components["schemas"]${prop(resp.schema)}` : '';
          const listed = listOf(mwhere, m['x-sdk-list'], respSchema, respBase, undefined);
          if (listed && resp?.unwrap) throw new Error(`${mwhere}: a list answer is not unwrapped`);
          const range = narrow(opRange, readRange(mwhere, m));
          let output = 'void';
          let hide: string[] = [];
          if (listed) {
            output = listed.itemType;
            hide = hiddenPaths(listed.itemSchema);
          } else if (resp) {
            const unwrapped = resp.unwrap ? respSchema?.properties?.[resp.unwrap] : respRef;
            if (resp.unwrap && !unwrapped) throw new Error(`${mwhere}: x-sdk-response unwrap "${resp.unwrap}" is not a property of ${resp.schema}`);
            output = typeOf(unwrapped, `${respBase}${resp.unwrap ? prop(resp.unwrap) : ''}`);
            hide = hiddenPaths(unwrapped);
          }
          const method = m['x-sdk-method'] ?? camel(key.replace(/^os-/, ''));
          const variant: Variant = compact({
            id,
            route,
            action: key,
            ...range,
            // A member's own mark replaces its endpoint's.
            exp: readExperimental(mwhere, m) ?? experimental,
            body: isNull ? null : isScalar ? scalarRule(mwhere, valueNode, types.includes('null'), key) : objectRule(mwhere, value),
            // The answer has a body at its own status only (promote answers 200 without one when there is nothing to do).
            outOptional: resp && (m['x-manila-statuses'] ?? []).some((x: number) => x !== resp.status) ? (true as const) : undefined,
            out: listed ? (true as const) : resp ? (resp.unwrap ?? true) : undefined,
            list: listed?.list,
            hide: hide.length ? hide : undefined,
          });
          if (variant.outOptional) output = `${output} | undefined`;
          const inputType = isNull ? undefined : typeOf(valueNode, `components["schemas"]${prop(schemaNameOfMember)}${prop(key)}`);
          addVariant(
            group,
            {
              name: method,
              args,
              types: { input: inputType, inputOptional: isNull || (isScalar ? types.includes('null') : !value.required?.length), output },
              summary: m.description ?? m.title,
              errors,
            },
            variant,
          );
          for (const mark of waiterMarksOf(mwhere, m)) waiterMarks.push({ where: mwhere, group, method, mark, range, route, args, type: output, fields: fieldRanges(listed ? listed.itemSchema : resolve(resp?.unwrap ? respSchema?.properties?.[resp.unwrap] : respRef)) });
        }
        continue;
      }

      const wrap: string | undefined = requestBody?.['x-sdk-wrap'];
      const body = bodySchema ? objectRule(`${where} body`, bodySchema, wrap, requestBody?.['x-sdk-wrap-copies']) : undefined;
      const unwrap: string | undefined = op['x-sdk-unwrap'];
      const listed = listOf(where, op['x-sdk-list'], responseNode, responseBase, query);
      if (listed && unwrap) throw new Error(`${where}: a list answer is not unwrapped`);
      let output = 'void';
      let hide: string[] = [];
      if (listed) {
        output = listed.itemType;
        hide = hiddenPaths(listed.itemSchema);
      } else if (jsonStatus) {
        const unwrapped = unwrap ? resolve(responseNode)?.properties?.[unwrap] : responseNode;
        if (unwrap && !unwrapped) throw new Error(`${where}: x-sdk-unwrap "${unwrap}" is not a property of the answer`);
        output = typeOf(unwrapped, `${responseBase}${unwrap ? prop(unwrap) : ''}`);
        hide = hiddenPaths(unwrapped);
      }
      const method: string = op['x-sdk-method'] ?? idMethod;
      let input: string | undefined;
      let inputOptional = true;
      let queryType: string | undefined;
      if (Object.keys(query).length) {
        queryType = `${pascal(group)}${pascal(method)}Query`;
        const base = `NonNullable<operations[${q(id)}]["parameters"]["query"]>`;
        // Variants of one method share the name: the newest describes it.
        const known = queryTypeRanges.get(queryType);
        if (!known || newestFirst(opRange, known) < 0) {
          queryTypes[queryType] = promoted.length ? `Omit<${base}, ${promoted.map(q).join(' | ')}>` : base;
          queryTypeRanges.set(queryType, opRange);
        }
      }
      if (body) {
        const bodyResolved = resolve(bodySchema);
        input = wrap ? typeOf(bodyResolved?.properties?.[wrap], `BodyOf<${q(id)}>${prop(wrap)}`) : typeOf(bodySchema, `BodyOf<${q(id)}>`);
        inputOptional = !body.required?.length && !requestBody?.required;
        if (body.aliases) input = `WithAliases<${input}, ${JSON.stringify(body.aliases)}>`;
        // A call with a body and filters takes both in one input: the filters' names must not be fields.
        if (queryType) {
          const clash = Object.keys(query).filter((n) => body.known?.includes(n) || !body.known);
          if (clash.length) throw new Error(`${where}: the filters ${clash.join(', ')} could be body fields (${body.known ? 'same names' : 'the body is open'})`);
          input = `${input} & ${queryType}`;
          inputOptional &&= !Object.values(query).some((r) => r.required);
        }
      } else if (queryType) {
        input = queryType;
        inputOptional = !Object.values(query).some((r) => r.required);
      }
      const variant: Variant = compact({
        id,
        route,
        ...opRange,
        exp: experimental,
        query: Object.keys(query).length ? query : undefined,
        body,
        out: listed ? (true as const) : jsonStatus ? (unwrap ?? true) : undefined,
        list: listed?.list,
        hide: hide.length ? hide : undefined,
      });
      addVariant(group, { name: method, args, types: { input, inputOptional, output }, summary: op.summary, details: op.description, errors, noConveniences: op['x-sdk-conveniences'] === false }, variant);
      for (const mark of waiterMarksOf(where, op)) {
        const shown = listed ? listed.itemSchema : resolve(unwrap ? resolve(responseNode)?.properties?.[unwrap] : responseNode);
        waiterMarks.push({ where, group, method, mark, range: opRange, route, args, type: output, fields: fieldRanges(shown) });
      }
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
  const schemas = Object.keys(bundle.components?.schemas ?? {}).sort();
  const objectSchemas = schemas.filter((name) => {
    const sch = bundle.components.schemas[name];
    return sch.type === 'object' && !sch.oneOf && !sch.anyOf && !sch.allOf && !sch.$ref;
  });
  const methodOf = (group: string, name: string) => groups.find((g) => g.name === group)?.methods.find((m) => m.name === name);
  const waiters = buildWaiters(waiterMarks, methodOf);
  return { maxVersion, groups, waiters, schemas, objectSchemas, queryTypes, conveniences: conveniencesOf(groups, waiters) };
}

function conveniencesOf(groups: GroupInfo[], waiters: WaiterInfo[]): Record<string, ConvenienceInfo> {
  const out: Record<string, ConvenienceInfo> = {};
  for (const g of groups) {
    const m = (name: string) => g.methods.find((x) => x.name === name);
    const show = m('show');
    const list = m('list');
    const del = m('delete');
    const c: ConvenienceInfo = {};
    if (show && show.args.length === 1 && list && !list.args.length && list.variants[0].query?.name) c.find = { item: show.types.output };
    if (del && del.args.length === 1 && !del.noConveniences) {
      c.deleteIfExists = true;
      const w = waiters.find((x) => x.deleted && x.via.some((v) => v.method === `${g.name}.show` && !v.find));
      if (w) c.deleteAndWait = w.name;
    }
    if (m('extend') && m('shrink') && show) c.resize = true;
    if (Object.keys(c).length) out[g.name] = c;
  }
  return out;
}

function waiterMarksOf(where: string, node: Json): Json[] {
  const mark = node['x-sdk-waiter'];
  if (mark === undefined) return [];
  const marks = Array.isArray(mark) ? mark : [mark];
  for (const m of marks) {
    if (!m || typeof m !== 'object' || typeof m.name !== 'string' || !/^[a-z][A-Za-z0-9]*$/.test(m.name)) {
      throw new Error(`${where}: x-sdk-waiter needs a camelCase name`);
    }
  }
  return marks;
}

interface WaiterMark {
  where: string;
  group: string;
  method: string;
  mark: Json;
  range: Range;
  route: string;
  args: string[];
  type: string;
  /** Ranges of the shown resource's properties. */
  fields: Record<string, Range>;
}

function buildWaiters(marks: WaiterMark[], methodOf: (group: string, name: string) => MethodInfo | undefined): WaiterInfo[] {
  const byName = new Map<string, WaiterInfo>();
  for (const { where, group, method, mark, range: opRange, args, type, fields } of marks) {
    const w = `${where} x-sdk-waiter ${mark.name}`;
    const states: Record<string, WaiterState> = {};
    if (!mark.states || typeof mark.states !== 'object' || !Object.keys(mark.states).length) throw new Error(`${w}: needs states`);
    for (const [field, s] of Object.entries<Json>(mark.states)) {
      const ready = s?.ready;
      const failure = s?.failure ?? [];
      if (!Array.isArray(ready) || !ready.length || !ready.every((x) => typeof x === 'string')) throw new Error(`${w}: states.${field}.ready must list states`);
      if (!Array.isArray(failure) || !failure.every((x) => typeof x === 'string')) throw new Error(`${w}: states.${field}.failure must list states`);
      const both = ready.filter((x: string) => failure.includes(x));
      if (both.length) throw new Error(`${w}: ${both.join(', ')} both ready and failure`);
      states[field] = { ready, failure };
    }
    // A wait on a field can only read it where the answer has it (task_state from 2.57).
    let range = opRange;
    for (const field of Object.keys(states)) {
      if (!(field in fields)) throw new Error(`${w}: the shown resource has no field "${field}"`);
      range = narrow(range, fields[field]);
    }
    const find: string | undefined = mark.find;
    // The waited id is the last path argument of a show call; a list's path
    // arguments are all parents.
    const parentArgs = find ? args : args.slice(0, -1);
    if (!find && !args.length) throw new Error(`${w}: a show call needs the resource id as its last argument (or find: on a list)`);
    const via = compact({ method: `${group}.${method}`, ...range, find, parents: parentArgs.length ? parentArgs.map(camel) : undefined });
    // `batch: listDetail`: concurrent waits poll together through that list,
    // filtered on the waiter's one state field.
    let batch: { method: string; filter: string } | undefined;
    if (mark.batch !== undefined) {
      const stateFields = Object.keys(states);
      const list = typeof mark.batch === 'string' ? methodOf(group, mark.batch) : undefined;
      if (stateFields.length !== 1) throw new Error(`${w}: batch needs a waiter with one state field`);
      if (!list || !list.variants[0].list) throw new Error(`${w}: batch must name a list method of ${group}`);
      if (!list.variants[0].query?.[stateFields[0]]) throw new Error(`${w}: ${group}.${mark.batch} cannot filter on ${stateFields[0]}`);
      batch = { method: `${group}.${mark.batch}`, filter: stateFields[0] };
    }
    const existing = byName.get(mark.name);
    if (!existing) {
      byName.set(
        mark.name,
        compact({
          name: mark.name,
          states,
          deleted: mark.deleted === true || mark.deleted === 'late' ? (true as const) : undefined,
          lateDelete: mark.deleted === 'late' ? (true as const) : undefined,
          explain: mark.explain === true ? (true as const) : undefined,
          batch,
          via: [via],
          type,
          parents: via.parents ?? [],
        }) as WaiterInfo,
      );
      continue;
    }
    if (JSON.stringify(existing.states) !== JSON.stringify(states) || Boolean(existing.deleted) !== (mark.deleted === true || mark.deleted === 'late') || JSON.stringify(existing.batch) !== JSON.stringify(batch)) {
      throw new Error(`${w}: disagrees with another mark of the same waiter on its states or deletion`);
    }
    for (const other of existing.via) if (overlaps(other, via)) throw new Error(`${w}: overlaps ${other.method} in microversions`);
    existing.via.push(via);
    existing.via.sort(newestFirst);
    for (const p of via.parents ?? []) if (!existing.parents.includes(p)) existing.parents.push(p);
    if (newestFirst(via, existing.via[0]) <= 0) existing.type = type;
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function narrow(outer: Range, inner: Range): Range {
  return compact({ min: maxOf(outer.min, inner.min), max: minOf(outer.max, inner.max) });
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
