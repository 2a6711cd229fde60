// Turns the model into TypeScript source. Types point into openapi.ts (written
// by openapi-typescript) so there is one description of every body.
import { camel, type MethodInfo, type Model, type OperationInfo } from './model.js';

const q = (s: string) => JSON.stringify(s);
const prop = (s: string) => `[${q(s)}]`;

export function emitOperations(model: Model): string {
  return `import type { OperationSpec } from '../handwritten/operation-spec.js';

/** Highest microversion the spec describes; the default ceiling for negotiation. */
export const MAX_KNOWN_VERSION = ${q(model.maxVersion)};

export const operations: Record<string, OperationSpec> = ${JSON.stringify(model.operations, null, 2)};
`;
}

function rangeNote(m: MethodInfo): string {
  const parts = m.variants.map((v) => {
    if (!v.min && !v.max) return '';
    return `${v.min ?? '2.0'}–${v.max ?? 'latest'}`;
  });
  const ranges = parts.filter(Boolean);
  return ranges.length ? `Microversions ${ranges.join(', ')}.` : '';
}

function methodSignature(model: Model, m: MethodInfo): string {
  const primary = m.variants[0];
  const op: OperationInfo = model.operations[primary.op];
  const args = m.pathParams.map((p) => `${camel(p)}: string`);
  let ret = 'void';
  const jsonResponse = (o: OperationInfo) => `ResponseOf<${q(o.id)}, ${o.jsonStatus}>`;

  if (m.kind !== 'paginate' && primary.action) {
    const a = op.actions![primary.action!];
    if (a.body) {
      const optional = a.body.required.length === 0 ? '?' : '';
      args.push(`input${optional}: components["schemas"]${prop(a.schema)}${prop(a.key)}`);
    }
    if (a.response) ret = `components["schemas"]${prop(a.response.schema)}${a.response.unwrap ? prop(a.response.unwrap) : ''}`;
  } else if (m.kind === 'paginate') {
    const optional = Object.values(op.query).some((r) => r.required) ? '' : '?';
    args.push(`query${optional}: QueryOf<${q(op.id)}>`);
    args.push('options?: RequestOptions');
    return `${m.name}(${args.join(', ')}): AsyncIterableIterator<${jsonResponse(op)}${prop(op.paginate!.items)}[number]>;`;
  } else {
    if (op.body) {
      const optional = op.body.required.length === 0 ? '?' : '';
      args.push(`input${optional}: BodyOf<${q(op.id)}>${op.body.wrap ? prop(op.body.wrap) : ''}`);
    } else if (Object.keys(op.query).length) {
      const optional = Object.values(op.query).some((r) => r.required) ? '' : '?';
      args.push(`query${optional}: QueryOf<${q(op.id)}>`);
    }
    if (op.jsonStatus) ret = `${jsonResponse(op)}${op.unwrap ? prop(op.unwrap) : ''}`;
  }
  args.push('options?: RequestOptions');
  return `${m.name}(${args.join(', ')}): Promise<${ret}>;`;
}

export function emitMethods(model: Model): string {
  const out: string[] = [];
  out.push(`import type { components, operations } from './openapi.js';
import type { RequestOptions } from '../handwritten/operation-spec.js';
import type { MethodSpec } from '../handwritten/operation-spec.js';

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;
/** The JSON request body of an operation. */
export type BodyOf<K extends keyof operations> = operations[K] extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;
/** The query parameters of an operation. */
export type QueryOf<K extends keyof operations> = NonNullable<operations[K]['parameters']['query']>;
/** The JSON body of one response of an operation. */
export type ResponseOf<K extends keyof operations, S extends number> = operations[K]['responses'] extends { [P in S]: infer R } ? Json<R> : never;
`);
  const apiName = (g: string) => `${g[0].toUpperCase()}${g.slice(1)}Api`;
  for (const g of model.groups) {
    out.push(`export interface ${apiName(g.name)} {`);
    for (const m of g.methods) {
      const summary = m.summary && !/[.!?]$/.test(m.summary) ? `${m.summary}.` : m.summary;
      const note = [summary, rangeNote(m)].filter(Boolean).join(' ');
      const doc = (text: string) => text.replace(/\*\//g, '*\\/');
      if (note && !m.details) out.push(`  /** ${doc(note)} */`);
      else if (note) out.push(`  /**\n   * ${doc(note)}\n   *\n${doc(m.details!.trim()).split('\n').map((l) => `   * ${l}`.trimEnd()).join('\n')}\n   */`);
      out.push(`  ${methodSignature(model, m)}`);
    }
    out.push('}\n');
  }
  out.push('/** Every generated group, as `manila.<group>`. */');
  out.push('export interface GeneratedApi {');
  for (const g of model.groups) out.push(`  ${g.name}: ${apiName(g.name)};`);
  out.push('}\n');
  const table: Record<string, Record<string, Omit<MethodInfo, 'name' | 'summary' | 'details'>>> = {};
  for (const g of model.groups) {
    table[g.name] = {};
    for (const m of g.methods) table[g.name][m.name] = { kind: m.kind, pathParams: m.pathParams, variants: m.variants };
  }
  out.push(`/** How each method maps onto operations, newest variant first. */
export const methodTable: Record<string, Record<string, MethodSpec>> = ${JSON.stringify(table, null, 2)};
`);
  return out.join('\n');
}
