// Turns the model into TypeScript source: the runtime table (one compact
// row per method and per waiter), the typed surface, and the named model
// types. Types point into openapi.ts (written by openapi-typescript), so
// every body has one description.
import { apiErrorFor } from '../src/handwritten/errors.js';
import { camel, type MethodInfo, type Model, type WaiterInfo } from './model.js';

const q = (s: string) => JSON.stringify(s);
const pascal = (s: string) => `${s[0].toUpperCase()}${s.slice(1)}`;
const doc = (text: string) => text.replace(/\*\//g, '*\\/');

/** Names our own exports take; a schema of the same name would shadow them. */
const RESERVED = new Set(['ApiPromise', 'PagePromise', 'Page', 'RequestOptions', 'ResponseMeta', 'WaitOptions', 'ManilaTypes', 'ManilaClient', 'NoInput']);

export function emitTable(model: Model, sdkVersion: string): string {
  const lines: string[] = [];
  lines.push(`import type { ConvenienceTable, MethodTable, WaiterSpec } from '../handwritten/operation-spec.js';

/** This package's version, for the User-Agent. */
export const SDK_VERSION = ${q(sdkVersion)};

/** Highest microversion the spec describes; the default ceiling for negotiation. */
export const MAX_KNOWN_VERSION = ${q(model.maxVersion)};

/**
 * Every SDK method: its positional arguments and the operations serving it,
 * newest first. One JSON text per group, parsed when the group is first
 * used (methodsOf): a program calls a few of the groups, and parsing all
 * of them was a third of the import. JSON text because V8 parses it faster
 * than it compiles an object literal this large; in plain quotes, which V8
 * reads in about half the time of a String.raw template (a row per line
 * through line continuations).
 */
export const methodTable: MethodTable = {`);
  for (const g of model.groups) {
    const rows = g.methods.map((m) => {
      const row = JSON.stringify({ args: m.args, v: m.variants });
      // Quoted as is: a quote or backslash would need escaping the reader does not undo.
      if (/['\\\n\r]/.test(row)) throw new Error(`${g.name}.${m.name}: a table row cannot hold ' or \\ or a line break`);
      return `    ${q(m.name)}: ${row}`;
    });
    // A row per line, so a spec change reads as a small diff.
    lines.push(`  ${q(g.name)}: '{\\\n${rows.join(',\\\n')}\\\n  }',`);
  }
  lines.push('};\n');
  lines.push('/** Every generated waiter: the states it judges and the calls that read the resource. */');
  lines.push('export const waiterTable: Record<string, WaiterSpec> = {');
  for (const w of model.waiters) {
    const { name, type: _t, parents: _p, ...spec } = w;
    lines.push(`  ${name}: ${JSON.stringify(spec)},`);
  }
  lines.push('};\n');
  lines.push('/** The conveniences each group gets (find, deleteIfExists, deleteAndWait, resize). */');
  lines.push('export const convenienceTable: ConvenienceTable = {');
  for (const [group, c] of Object.entries(model.conveniences)) {
    const row = { ...c, find: c.find ? true : undefined };
    lines.push(`  ${group}: ${JSON.stringify(row)},`);
  }
  lines.push('};\n');
  return lines.join('\n');
}

function rangeNote(m: MethodInfo): string {
  const ranges = m.variants.map((v) => (!v.min && !v.max ? '' : `${v.min ?? '2.0'}–${v.max ?? 'latest'}`)).filter(Boolean);
  const exp = m.variants.some((v) => v.exp) ? ' Experimental (the SDK sends the experimental header where needed).' : '';
  return `${ranges.length ? `Microversions ${ranges.join(', ')}.` : ''}${exp}`;
}

/** The error class the SDK raises for a status: asked of the runtime's own mapping, so the docs cannot drift from it. */
const errorClass = (status: number): string => apiErrorFor({ status, method: 'GET', path: '/' }).constructor.name;

/** `@throws` lines: what is refused before sending, then each error status the spec lists. */
function throwsLines(m: MethodInfo): string[] {
  const ranged = m.variants.some((v) => v.min || v.max);
  const lines = [
    `@throws {@link MicroversionError} before sending, when the negotiated microversion lacks ${ranged ? 'this call (see the range above) or ' : ''}a field or filter given.`,
    '@throws {@link ValidationError} before sending, for an unknown or missing field or filter, or an id that is not one path segment.',
  ];
  for (const e of m.errors) {
    const first = e.description.split(/(?<=\.)\s/)[0] ?? '';
    lines.push(`@throws {@link ${errorClass(e.status)}} on HTTP ${e.status}${first ? `: ${first}` : '.'}`);
  }
  return lines;
}

/** Every error class the generated docs link to, for the import that resolves the links. */
export function linkedErrorClasses(model: Model): string[] {
  const names = new Set(['MicroversionError', 'ValidationError']);
  for (const g of model.groups) for (const m of g.methods) for (const e of m.errors) names.add(errorClass(e.status));
  return [...names].sort();
}

function docComment(indent: string, m: MethodInfo): string[] {
  const summary = m.summary && !/[.!?]$/.test(m.summary) ? `${m.summary}.` : m.summary;
  const v = m.variants[0];
  const route = `\`${v.route}\`${v.action ? ` \`${v.action}\`` : ''}`;
  const head = [summary, rangeNote(m)].filter(Boolean).join(' ');
  const body: string[] = [head, '', `Manila: ${route} (${m.variants.map((x) => x.id + (x.action ? `#${x.action}` : '')).join(', ')}).`];
  if (m.details) body.push('', ...m.details.trim().split('\n'));
  body.push('', ...throwsLines(m));
  return [`${indent}/**`, ...body.map((l) => `${indent} * ${doc(l)}`.trimEnd()), `${indent} */`];
}

function signatures(m: MethodInfo): string[] {
  const args = m.args.map((a) => `${camel(a)}: string`);
  const t = m.types;
  const ret = m.variants[0].list ? `PagePromise<${t.output}>` : `ApiPromise<${t.output}>`;
  if (!t.input) {
    return [
      `${m.name}(${[...args, 'options?: RequestOptions'].join(', ')}): ${ret};`,
      `${m.name}(${[...args, 'input: NoInput', 'options?: RequestOptions'].join(', ')}): ${ret};`,
    ];
  }
  return [`${m.name}(${[...args, `input${t.inputOptional ? '?' : ''}: ${t.input}`, 'options?: RequestOptions'].join(', ')}): ${ret};`];
}

function waiterDoc(w: WaiterInfo): string {
  const states = Object.entries(w.states)
    .map(([f, s]) => `\`${f}\` ${s.ready.join('/')}${s.failure.length ? ` (fails on ${s.failure.join(', ')})` : ''}`)
    .join(' and ');
  return `Until ${states}.`;
}

function waiterOptions(w: WaiterInfo): string {
  const required = w.parents.filter((p) => w.via.every((v) => v.parents?.includes(p)));
  const extra = w.parents.map((p) => `${p}${required.includes(p) ? '' : '?'}: string`);
  return extra.length ? ` & { ${extra.join('; ')} }` : '';
}

function convenienceSignatures(model: Model, group: string): string[] {
  const c = model.conveniences[group];
  if (!c) return [];
  const out: string[] = [];
  if (c.find) {
    out.push('  /** The one resource with this id, or else this exact name (NotFoundError if none, AmbiguousMatchError if several). */');
    out.push(`  find(nameOrId: string, options?: RequestOptions): Promise<${c.find.item}>;`);
  }
  if (c.deleteIfExists) {
    out.push('  /** Deletes, answering false instead of failing when the resource is already gone. */');
    out.push('  deleteIfExists(id: string, options?: RequestOptions): Promise<boolean>;');
  }
  if (c.deleteAndWait) {
    out.push(`  /** Deletes and waits until it is gone (waitFor.${c.deleteAndWait}Deleted); a missing resource is fine. */`);
    out.push(`  deleteAndWait(id: string, options?: RequestOptions & DeleteWaitOptions<unknown>): Promise<void>;`);
  }
  if (c.resize) {
    const item = c.find?.item ?? 'unknown';
    out.push('  /** Extends or shrinks to `newSize` GiB and waits until the resize is done; no call when the size is already right. */');
    out.push(`  resize(id: string, newSize: number, options?: RequestOptions & WaitOptions<${item}>): Promise<${item}>;`);
  }
  return out;
}

export function emitMethods(model: Model): string {
  const out: string[] = [];
  const used = new Set<string>();
  const scan = (s: string) => {
    // Bare names only: `components["schemas"]["X"]` needs no import.
    for (const name of model.schemas) if (new RegExp(`(?<!["\\w])${name}(?!["\\w])`).test(s)) used.add(name);
  };
  for (const g of model.groups) for (const m of g.methods) scan(`${m.types.input ?? ''} ${m.types.output}`);
  for (const w of model.waiters) scan(w.type);
  for (const c of Object.values(model.conveniences)) scan(c.find?.item ?? '');

  out.push(`import type { components, operations } from './openapi.js';
import type { ${[...used].sort().join(', ')} } from './models.js';
import type { RequestOptions } from '../handwritten/operation-spec.js';
// For the {@link} of each method's @throws lines.
import type { ${linkedErrorClasses(model).join(', ')} } from '../handwritten/errors.js';
import type { ApiPromise } from '../handwritten/api-promise.js';
import type { Page, PagePromise } from '../handwritten/pagination.js';
import type { DeleteWaitOptions, WaitOptions } from '../handwritten/waiters.js';

type Json<T> = T extends { content: { 'application/json': infer J } } ? J : never;
/** The JSON request body of an operation. */
export type BodyOf<K extends keyof operations> = operations[K] extends { requestBody?: infer B } ? Json<NonNullable<B>> : never;
/** The JSON body of one response of an operation. */
export type ResponseOf<K extends keyof operations, S extends number> = operations[K]['responses'] extends { [P in S]: infer R } ? Json<R> : never;
/** An input that also takes the names users write for some fields. */
export type WithAliases<T, A extends Record<string, string>> = T & { [K in keyof A]?: A[K] extends keyof T ? T[A[K]] : never };
/** What a method without input accepts in the input slot. */
export type NoInput = Record<string, never> | null | undefined;
`);
  for (const [name, type] of Object.entries(model.queryTypes).sort(([a], [b]) => a.localeCompare(b))) {
    out.push(`export type ${name} = ${type};`);
  }
  out.push('');
  const apiName = (g: string) => `${pascal(g)}Api`;
  for (const g of model.groups) {
    out.push(`export interface ${apiName(g.name)} {`);
    for (const m of g.methods) {
      for (const sig of signatures(m)) {
        out.push(...docComment('  ', m));
        out.push(`  ${sig}`);
      }
    }
    out.push(...convenienceSignatures(model, g.name));
    out.push('}\n');
  }
  out.push('/** Every generated group, as `manila.<group>`. */');
  out.push('export interface GeneratedApi {');
  for (const g of model.groups) out.push(`  ${g.name}: ${apiName(g.name)};`);
  out.push('}\n');

  out.push(`/**
 * Input, output and options of every method, by group and name, for code
 * that needs to name them: \`ManilaTypes['shares']['create']['input']\`.
 * Lists also name their \`item\`.
 */
export interface ManilaTypes {`);
  for (const g of model.groups) {
    out.push(`  ${g.name}: {`);
    for (const m of g.methods) {
      const input = m.types.input ?? 'undefined';
      const list = Boolean(m.variants[0].list);
      const output = list ? `Page<${m.types.output}>` : m.types.output;
      out.push(`    ${m.name}: { input: ${input}; output: ${output};${list ? ` item: ${m.types.output};` : ''} options: RequestOptions };`);
    }
    out.push('  };');
  }
  out.push('}\n');

  out.push('/** The waiters generated from the spec\'s `x-sdk-waiter` marks, as `manila.waitFor.<name>`. */');
  out.push('export interface GeneratedWaiters {');
  for (const w of model.waiters) {
    const fields = Object.keys(w.states).map(q).join(' | ');
    out.push(`  /** ${doc(waiterDoc(w))} Resolves with the resource as last read. */`);
    out.push(`  ${w.name}(id: string, options?: WaitOptions<${w.type}, ${fields}>${waiterOptions(w)}): Promise<${w.type}>;`);
    if (w.deleted) {
      out.push(`  /** Until the ${w.name} is gone; fails if it reaches a failure state first. */`);
      out.push(`  ${w.name}Deleted(id: string, options?: DeleteWaitOptions<${w.type}>${waiterOptions(w)}): Promise<void>;`);
    }
  }
  out.push('}\n');
  return out.join('\n');
}

export function emitModels(model: Model): string {
  const clash = model.schemas.filter((s) => RESERVED.has(s));
  if (clash.length) throw new Error(`schema names clash with SDK exports: ${clash.join(', ')}`);
  const lines = [
    `import type { components } from './openapi.js';`,
    '',
    '// One named type per schema of the spec, importable from the package root.',
    `type Schema<K extends keyof components['schemas']> = components['schemas'][K];`,
  ];
  const objects = new Set(model.objectSchemas);
  for (const s of model.schemas) {
    // An interface keeps its name in editors and error messages; an alias of
    // an indexed type would print the whole object.
    if (objects.has(s)) lines.push(`export interface ${s} extends Schema<${q(s)}> {}`);
    else lines.push(`export type ${s} = Schema<${q(s)}>;`);
  }
  return `${lines.join('\n')}\n`;
}
