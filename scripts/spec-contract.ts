// Judges one Manila exchange against a bundled spec at a microversion, with
// ajv. Objects the spec leaves open are closed here, and properties outside
// the version's range are removed, so an unknown or out-of-range field is a
// problem. The functional tests' contract checks and the drift report share it.
import AjvModule, { type ValidateFunction } from 'ajv/dist/2020.js';
import formatsModule from 'ajv-formats';
import { inRange } from '../src/handwritten/microversion.js';

type Json = Record<string, any>;
// CommonJS default exports seen through NodeNext typings.
const Ajv2020 = AjvModule as unknown as typeof AjvModule.default;
type Ajv = InstanceType<typeof Ajv2020>;
const addFormats = formatsModule as unknown as typeof formatsModule.default;

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head'];

/**
 * One disagreement. `unknown`: a property the spec does not have at the
 * version; `missing`: a required property the answer lacks (`at` is the
 * property's JSON pointer for both); `invalid`: any other schema failure;
 * `exchange`: status, body presence, range or action.
 */
export interface Problem {
  kind: 'unknown' | 'missing' | 'invalid' | 'exchange';
  at?: string;
  text: string;
}

export interface Judgement {
  /** Whether an operation of the spec matches the request. */
  matched: boolean;
  /** `operationId`, `operationId#actionKey`, or `METHOD path` when none matched. */
  operation: string;
  problems: Problem[];
}

export interface SpecContract {
  judge(method: string, path: string, version: string, requestBody: unknown, status: number, body: unknown): Judgement;
}

/** The microversion range of an `x-openstack` mark, if it has one. */
export function rangeOf(node: Json | undefined): { min?: string; max?: string } | undefined {
  const mark = node?.['x-openstack'];
  if (!mark || (!mark['min-ver'] && !mark['max-ver'])) return undefined;
  return { min: mark['min-ver'], max: mark['max-ver'] };
}

/** A copy of the document with every schema narrowed to one microversion. */
function narrow(node: unknown, version: string): unknown {
  if (Array.isArray(node)) return node.map((n) => narrow(n, version));
  if (!node || typeof node !== 'object') return node;
  const src = node as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === 'example' || k === 'examples') continue;
    out[k] = narrow(v, version);
  }
  if (out.properties && typeof out.properties === 'object' && !Array.isArray(out.properties)) {
    for (const [name, prop] of Object.entries<Json>(out.properties)) {
      const range = rangeOf(prop);
      if (range && !inRange(version, range)) {
        delete out.properties[name];
        if (Array.isArray(out.required)) out.required = out.required.filter((r: string) => r !== name);
      }
    }
    if (out.additionalProperties === undefined && !out.oneOf && !out.anyOf && !out.allOf) out.additionalProperties = false;
  }
  return out;
}

export function pointer(...parts: string[]): string {
  return parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

interface Route {
  regex: RegExp;
  template: string;
  method: string;
  op: Json;
}

export function createSpecContract(bundle: Json): SpecContract {
  const routes: Route[] = [];
  for (const [template, item] of Object.entries<Json>(bundle.paths)) {
    for (const method of HTTP_METHODS) {
      if (!item[method]) continue;
      const pattern = template
        .split('/')
        .map((seg) => (/^\{[^}]+\}$/.test(seg) ? '[^/]+' : seg.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&')))
        .join('/');
      routes.push({ regex: new RegExp(`^${pattern}/?$`), template, method: method.toUpperCase(), op: item[method] });
    }
  }
  // Literal paths (/shares/detail) must win over templated ones (/shares/{id}).
  routes.sort((a, b) => (a.template.match(/\{/g)?.length ?? 0) - (b.template.match(/\{/g)?.length ?? 0));

  const validators = new Map<string, ValidateFunction>();
  const ajvs = new Map<string, Ajv>();

  function ajvFor(version: string): Ajv {
    let ajv = ajvs.get(version);
    if (!ajv) {
      ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
      addFormats(ajv);
      ajv.addSchema({ $id: 'manila-spec', ...(narrow({ components: bundle.components, paths: bundle.paths }, version) as Json) });
      ajvs.set(version, ajv);
    }
    return ajv;
  }

  function validatorFor(ref: string, version: string): ValidateFunction {
    const key = `${version} ${ref}`;
    let v = validators.get(key);
    if (!v) {
      v = ajvFor(version).compile({ $ref: `manila-spec#${ref}` });
      validators.set(key, v);
    }
    return v;
  }

  function judge(method: string, path: string, version: string, requestBody: unknown, status: number, body: unknown): Judgement {
    const route = routes.find((r) => r.method === method && r.regex.test(path));
    if (!route) {
      return { matched: false, operation: `${method} ${path}`, problems: [{ kind: 'exchange', text: 'no operation in the spec matches this request' }] };
    }
    const op = route.op;
    let id: string = op.operationId;
    const problems: Problem[] = [];
    const fail = (text: string) => problems.push({ kind: 'exchange', text });
    let ref: string | undefined;
    // A successful action is judged by its member alone.
    let actionHandled = false;
    const responses: Json = op.responses ?? {};
    if (id.endsWith('_action') && requestBody && typeof requestBody === 'object') {
      const key = Object.keys(requestBody as Json)[0];
      id = `${id}#${key}`;
      const members: Json[] = op.requestBody?.content?.['application/json']?.schema?.oneOf ?? [];
      const member = members
        .map((m) => bundle.components.schemas[m.$ref.split('/').pop()])
        .find((m) => m && Object.keys(m.properties ?? {})[0] === key);
      if (!member) fail(`action "${key}" is not in the spec`);
      else if (status >= 200 && status < 300) {
        actionHandled = true;
        const resp = member['x-sdk-response'];
        const statuses: number[] = member['x-manila-statuses'] ?? [];
        const expected: number[] = resp ? [...new Set([resp.status, ...statuses])] : statuses.length ? statuses : [202];
        if (!expected.includes(status)) fail(`status ${status}, spec says ${expected.join(' or ')}`);
        // Only the response's own status has a body; the others answer without one.
        if (resp && status === resp.status) ref = `/components/schemas/${pointer(resp.schema)}`;
        else if (body !== undefined) fail(`body ${JSON.stringify(body).slice(0, 200)} where the spec says none`);
      }
    }
    const range = rangeOf(op);
    if (range && !inRange(version, range)) fail(`operation answered at ${version}, outside its range ${JSON.stringify(range)}`);
    if (!ref && !problems.length && !actionHandled) {
      const r = responses[String(status)] ?? (status >= 400 ? responses.default : undefined);
      if (!r) fail(`status ${status} is not in the spec (has ${Object.keys(responses).join(', ')})`);
      else {
        const resolved = r.$ref ? bundle.components.responses[r.$ref.split('/').pop()] : r;
        if (resolved?.content?.['application/json']) {
          ref = r.$ref
            ? `/components/responses/${pointer(r.$ref.split('/').pop())}/content/application~1json/schema`
            : `/paths/${pointer(route.template)}/${route.method.toLowerCase()}/responses/${status}/content/application~1json/schema`;
        } else if (body !== undefined && status !== 300) {
          fail(`body ${JSON.stringify(body).slice(0, 200)} where the spec says none`);
        }
      }
    }
    if (ref) {
      if (body === undefined) fail('no JSON body where the spec describes one');
      else {
        const validate = validatorFor(ref, version);
        if (!validate(body)) {
          for (const e of validate.errors ?? []) {
            // An unknown property is reported at its own path, with its own value.
            const extra = e.keyword === 'additionalProperties' ? ((e.params as Json).additionalProperty as string) : undefined;
            const at = (extra === undefined ? e.instancePath : `${e.instancePath}/${pointer(extra)}`) || '/';
            const value = at.split('/').slice(1).reduce<any>((acc, p) => acc?.[p.replace(/~1/g, '/').replace(/~0/g, '~')], body);
            const what = extra === undefined ? e.message : 'is not in the spec at this microversion';
            const text = `${at}: ${what} (value ${JSON.stringify(value)?.slice(0, 160)})`;
            if (extra !== undefined) problems.push({ kind: 'unknown', at, text });
            else if (e.keyword === 'required') problems.push({ kind: 'missing', at: `${e.instancePath}/${pointer((e.params as Json).missingProperty)}`, text });
            else problems.push({ kind: 'invalid', at, text });
          }
        }
      }
    }
    return { matched: true, operation: id, problems };
  }

  return { judge };
}
