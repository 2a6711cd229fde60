// Response fields in the report's notation (`share.size`, `shares[].id`):
// turning an answer's JSON pointer into it, and listing every property a
// spec operation's success answers describe, with its microversion range.
import { rangeOf } from '../spec-contract.js';

type Json = Record<string, any>;

export interface ResponseField {
  path: string;
  min?: string;
  max?: string;
}

/** `/shares/0/export_locations/1/path` → `shares[].export_locations[].path`. */
export function fieldPath(jsonPointer: string): string {
  let out = '';
  for (const raw of jsonPointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    out += /^\d+$/.test(seg) ? '[]' : out ? `.${seg}` : seg;
  }
  return out;
}

function resolve(bundle: Json, node: Json | undefined): Json | undefined {
  let n = node;
  for (let i = 0; n?.$ref && i < 20; i++) {
    n = (n.$ref as string)
      .replace(/^#\//, '')
      .split('/')
      .reduce<any>((acc, p) => acc?.[p.replace(/~1/g, '/').replace(/~0/g, '~')], bundle);
  }
  return n;
}

/** Every property the 2xx JSON answers of `operationId` describe (action operations excluded). */
export function responseFields(bundle: Json, operationId: string): ResponseField[] {
  const op = Object.values<Json>(bundle.paths ?? {})
    .flatMap((item) => Object.values<Json>(item))
    .find((o) => o && typeof o === 'object' && o.operationId === operationId);
  if (!op) throw new Error(`no operation ${operationId} in the spec`);
  const found = new Map<string, ResponseField>();
  const visit = (node: Json | undefined, path: string, seen: Set<Json>): void => {
    const schema = resolve(bundle, node);
    if (!schema || typeof schema !== 'object' || seen.has(schema)) return;
    const inner = new Set(seen).add(schema);
    for (const key of ['oneOf', 'anyOf', 'allOf']) for (const s of schema[key] ?? []) visit(s, path, inner);
    if (schema.items) visit(schema.items, `${path}[]`, inner);
    for (const [name, prop] of Object.entries<Json>(schema.properties ?? {})) {
      const at = path ? `${path}.${name}` : name;
      const range = rangeOf(prop) ?? rangeOf(resolve(bundle, prop));
      if (!found.has(at)) found.set(at, { path: at, ...(range?.min ? { min: range.min } : {}), ...(range?.max ? { max: range.max } : {}) });
      visit(prop, at, inner);
    }
  };
  for (const [status, r] of Object.entries<Json>(op.responses ?? {})) {
    if (!/^2\d\d$/.test(status)) continue;
    visit(resolve(bundle, r)?.content?.['application/json']?.schema, '', new Set());
  }
  return [...found.values()];
}
