// Local checks before anything is sent: ids that must stay one path segment,
// body fields and filters the operation does not know or the microversion
// does not have, required fields, and values JSON or a URL cannot carry
// (NaN, Infinity, BigInt, cycles).
import { MicroversionError, ValidationError } from './errors.js';
import { inRange, type NegotiatedVersion } from './microversion.js';
import type { BodyRule, QueryRule, VersionRange } from './operation-spec.js';

type Json = Record<string, unknown>;

export function isPlainObject(v: unknown): v is Json {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

export function checkRange(label: string, range: VersionRange, nv: NegotiatedVersion, detail?: string): void {
  if (!inRange(nv.version, range)) throw new MicroversionError(label, range, nv.version, nv.serverMax, detail);
}

/**
 * An id or key that fills one path segment. `.` and `..` would leave their
 * segment once the URL is normalised, and `/`, `\`, `?`, `#` would end it.
 */
export function pathSegment(label: string, name: string, v: unknown): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new ValidationError(label, `"${name}" must be a string, got ${v}`);
    return String(v);
  }
  if (typeof v !== 'string' || v === '') throw new ValidationError(label, `"${name}" must be a non-empty string`);
  if (v === '.' || v === '..') throw new ValidationError(label, `"${name}" cannot be "${v}": it would leave its path segment`);
  if (/[/\\?#\u0000-\u001f\u007f]/.test(v)) throw new ValidationError(label, `"${name}" must be one path segment (no / \\ ? # or control characters)`);
  return v;
}

/** Finite numbers, strings, booleans, null, arrays and plain objects only; no cycles. */
export function checkJsonValue(label: string, value: unknown, at: string, stack: unknown[] = []): void {
  switch (typeof value) {
    case 'number':
      if (!Number.isFinite(value)) throw new ValidationError(label, `"${at}" is ${value}, which JSON cannot carry`);
      return;
    case 'bigint':
      throw new ValidationError(label, `"${at}" is a BigInt; give a number or a string`);
    case 'function':
    case 'symbol':
      throw new ValidationError(label, `"${at}" is a ${typeof value}, which JSON cannot carry`);
    case 'object': {
      if (value === null) return;
      if (stack.includes(value)) throw new ValidationError(label, `"${at}" refers to itself`);
      stack.push(value);
      if (Array.isArray(value)) value.forEach((v, i) => checkJsonValue(label, v, `${at}[${i}]`, stack));
      else if (value instanceof Date) {
        /* serialised as an ISO string */
      } else for (const [k, v] of Object.entries(value)) if (v !== undefined) checkJsonValue(label, v, at ? `${at}.${k}` : k, stack);
      stack.pop();
      return;
    }
    default:
      return;
  }
}

/**
 * Checks a body against its rule and answers it with aliases replaced by
 * the names Manila reads.
 */
export function checkBody(label: string, rule: BodyRule, input: unknown, nv: NegotiatedVersion, at = ''): Json {
  if (input !== undefined && input !== null && !isPlainObject(input)) {
    throw new ValidationError(label, `${at ? `"${at.slice(0, -1)}"` : 'input'} must be an object`);
  }
  let obj = (input ?? {}) as Json;
  if (rule.aliases) {
    let copy: Json | undefined;
    for (const [alias, field] of Object.entries(rule.aliases)) {
      if (obj[alias] === undefined) continue;
      if (obj[field] !== undefined) throw new ValidationError(label, `give "${at}${alias}" or "${at}${field}", not both`);
      copy ??= { ...obj };
      copy[field] = copy[alias];
      delete copy[alias];
    }
    obj = copy ?? obj;
  }
  // Manila ignores many unknown fields silently; a misspelt one would be lost.
  if (rule.known) {
    const unknown = Object.keys(obj).filter((k) => obj[k] !== undefined && !rule.known!.includes(k));
    if (unknown.length) {
      const names = unknown.map((k) => `"${at}${k}"`).join(', ');
      const takes = [...rule.known, ...Object.keys(rule.aliases ?? {})];
      throw new ValidationError(label, `unknown field${unknown.length > 1 ? 's' : ''} ${names} (${at ? `"${at.slice(0, -1)}" takes` : 'this call takes'} ${takes.join(', ')})`);
    }
  }
  for (const field of rule.required ?? []) {
    if (obj[field] === undefined) throw new ValidationError(label, `missing required field "${at}${field}"`);
  }
  for (const [field, range] of Object.entries(rule.versioned ?? {})) {
    if (obj[field] !== undefined) checkRange(label, range, nv, `field "${at}${field}"`);
  }
  for (const [field, inner] of Object.entries(rule.nested ?? {})) {
    if (obj[field] !== undefined && obj[field] !== null) checkBody(label, inner, obj[field], nv, `${at}${field}.`);
  }
  if (!at) checkJsonValue(label, obj, '');
  return obj;
}

const OPTION_KEYS = new Set(['signal', 'timeoutMs', 'headers', 'extraQuery', 'maxItems']);
const OPTION_VALUE: Record<string, (v: unknown) => boolean> = {
  signal: (v) => v instanceof AbortSignal,
  timeoutMs: (v) => typeof v === 'number',
  headers: isPlainObject,
  extraQuery: isPlainObject,
  maxItems: (v) => typeof v === 'number',
};

/**
 * Whether an object passed where input goes is clearly request options:
 * only option names, each with a value of its kind (an AbortSignal, a
 * number of ms), which no Manila field or filter takes.
 */
export function looksLikeOptions(v: unknown): boolean {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v).filter((k) => v[k] !== undefined);
  return keys.length > 0 && keys.every((k) => OPTION_VALUE[k]?.(v[k]) === true);
}

/** Checks filters against the operation's, and answers the query string. */
export function buildQuery(
  label: string,
  rules: Record<string, QueryRule> | undefined,
  input: unknown,
  nv: NegotiatedVersion,
  extra?: Record<string, unknown>,
  /** The range a filter has in another variant of the call, if one knows it. */
  elsewhere?: (name: string) => VersionRange | undefined,
): string {
  if (input !== undefined && input !== null && !isPlainObject(input)) throw new ValidationError(label, 'the filters must be an object');
  const obj = (input ?? {}) as Json;
  const known = rules ?? {};
  const parts: string[] = [];
  for (const [name, value] of Object.entries(obj)) {
    if (value === undefined) continue;
    const rule = known[name];
    const other = rule ? undefined : elsewhere?.(name);
    if (other) throw new MicroversionError(label, other, nv.version, nv.serverMax, `filter "${name}"`);
    if (!rule) {
      const accepted = Object.keys(known);
      const hint = OPTION_KEYS.has(name) ? '; request options go in the argument after the filters' : '';
      throw new ValidationError(
        label,
        `unknown filter "${name}" (${accepted.length ? `this call takes ${accepted.join(', ')}` : 'this call takes no filters'}${hint}; extraQuery in the options sends filters the SDK does not know)`,
      );
    }
    checkRange(label, rule, nv, `filter "${name}"`);
    appendQuery(label, parts, name, value, rule.json === true);
  }
  for (const [name, rule] of Object.entries(known)) {
    if (rule.required && obj[name] === undefined) throw new ValidationError(label, `missing required filter "${name}"`);
  }
  for (const [name, value] of Object.entries(extra ?? {})) if (value !== undefined) appendQuery(label, parts, name, value, false);
  return parts.join('&');
}

// Manila parses dict filters (metadata, extra_specs) from a JSON literal, and
// booleans from "true"/"false".
function appendQuery(label: string, parts: string[], name: string, value: unknown, json: boolean): void {
  const enc = (x: string) => parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(x)}`);
  if (value === null) return;
  if (json || isPlainObject(value)) {
    checkJsonValue(label, value, name);
    enc(JSON.stringify(value));
    return;
  }
  for (const item of Array.isArray(value) ? value : [value]) {
    if (typeof item === 'number' && !Number.isFinite(item)) throw new ValidationError(label, `filter "${name}" is ${item}`);
    if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
      throw new ValidationError(label, `filter "${name}" must be a string, number or boolean`);
    }
    enc(String(item));
  }
}
