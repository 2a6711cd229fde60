// Runs the drift probes against a live Manila: reads its versions, calls
// every read operation of the spec at the server's maximum (ids taken from
// list answers), judges each answer against the spec at the spec's maximum,
// and tries every documented filter of every list.
import { ManilaApiError, type ManilaClient } from '../../src/index.js';
import { compareVersions, inRange, minVersion, parseVersion } from '../../src/handwritten/microversion.js';
import { createSpecContract, rangeOf } from '../spec-contract.js';
import type { DriftResult, FieldFinding } from './report.js';
import { fieldPath } from './response-fields.js';
import { notesAbove } from './version-history.js';

type Json = Record<string, any>;

/** Negotiating up to this gets the server's own maximum, whatever the spec knows. */
export const ANY_VERSION = '2.9999';

// A value a path parameter can take without a list to find it in.
const WELL_KNOWN: Record<string, string> = { class_name: 'default' };
// How many parents are tried to find one with children.
const TRIES = 5;

export interface DriftOptions {
  /** A client that negotiates (not pinned) with maxMicroversion ANY_VERSION. */
  client: ManilaClient;
  bundle: Json;
  specPath: string;
  /** Values for path parameters, tried first (`{ share_id: '...' }`). */
  ids?: Record<string, string>;
  /** The project of the credentials, for `project_id` paths. */
  projectId?: () => string | undefined;
  manilaSource?: string;
  /** Filter probes in flight at once. */
  concurrency?: number;
  progress?: (line: string) => void;
}

interface QueryParam {
  name: string;
  required: boolean;
  schema: Json;
  example?: unknown;
  range?: { min?: string; max?: string };
}

interface ReadOp {
  id: string;
  template: string;
  listKey?: string;
  range?: { min?: string; max?: string };
  query: QueryParam[];
}

type Answer = { ok: true; body: unknown } | { ok: false; status: number; message: string };

const segments = (t: string) => t.split('/').filter(Boolean);
const isParam = (seg: string) => /^\{[^}]+\}$/.test(seg);

/** The spec's read operations. */
export function readOperations(bundle: Json): ReadOp[] {
  const deref = (n: Json): Json => (n?.$ref ? n.$ref.split('/').slice(1).reduce((a: Json, p: string) => a?.[p.replace(/~1/g, '/').replace(/~0/g, '~')], bundle) : n);
  const ops: ReadOp[] = [];
  for (const [template, item] of Object.entries<Json>(bundle.paths ?? {})) {
    const op = item.get;
    if (!op) continue;
    const params = [...(item.parameters ?? []), ...(op.parameters ?? [])].map(deref);
    ops.push({
      id: op.operationId,
      template,
      listKey: op['x-sdk-list']?.items,
      range: rangeOf(op),
      query: params
        .filter((p) => p.in === 'query')
        .map((p) => ({ name: p.name, required: Boolean(p.required), schema: deref(p.schema ?? {}), example: p.example ?? p.schema?.examples?.[0], range: rangeOf(p) })),
    });
  }
  // Lists first: their answers fill the others' paths.
  return ops.sort((a, b) => Number(!a.listKey) - Number(!b.listKey) || segments(a.template).length - segments(b.template).length || a.template.localeCompare(b.template));
}

/**
 * A filter value that is well-formed and changes nothing or finds nothing:
 * a real value of that name from an answer when there is one (lookups then
 * succeed), else the spec's example, else one of its type.
 */
export function probeValue(q: QueryParam, known: (name: string) => string | undefined = () => undefined): string {
  const s = q.schema;
  const real = known(q.name) ?? known(`${q.name}_id`);
  if (real !== undefined) return real;
  if (q.example !== undefined) return typeof q.example === 'object' ? JSON.stringify(q.example) : String(q.example);
  if (Array.isArray(s.enum) && s.enum.length) return String(s.enum[0]);
  const types = [s.type].flat();
  if (types.includes('boolean')) return 'false';
  if (types.includes('integer') || types.includes('number')) return String(s.minimum ?? 1);
  if (types.includes('object')) return JSON.stringify({ sdk_drift_probe: 'x' });
  if (s.format === 'uuid' || /_id$/.test(q.name)) return '00000000-0000-4000-8000-000000000000';
  if (s.format === 'date') return '2026-01-01';
  if (s.format === 'date-time') return '2026-01-01T00:00:00';
  if (q.name === 'sort_key') return 'created_at';
  return 'sdk-drift-probe';
}

/** A 400 that blames the probe's value (a lookup of it failed), not the filter. */
export function blamesValue(message: string): boolean {
  return /not found|could not be found|does not exist|no \w+( \w+)? exists/i.test(message);
}

/** Versions after `lo` up to `hi` (same major; otherwise just `hi`). */
export function versionsAfter(lo: string, hi: string): string[] {
  const [a, b] = parseVersion(lo);
  const [c, d] = parseVersion(hi);
  if (compareVersions(hi, lo) <= 0) return [];
  if (a !== c) return [hi];
  return Array.from({ length: d - b }, (_, i) => `${a}.${b + i + 1}`);
}

/** Status first among items that are ready, so children are likelier to exist. */
function preferReady(items: Json[]): Json[] {
  const ready = (i: Json) => ['available', 'active', 'ready', 'enabled'].includes(String(i?.status ?? '').toLowerCase());
  return [...items].sort((x, y) => Number(ready(y)) - Number(ready(x)));
}

async function pool<T>(items: T[], n: number, fn: (t: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]);
  }));
}

export async function runDrift(o: DriftOptions): Promise<DriftResult> {
  const say = o.progress ?? (() => {});
  const specMax = String(o.bundle.info?.version ?? '');
  parseVersion(specMax);
  const negotiated = await o.client.microversion();
  if (!negotiated.serverMax || !negotiated.serverMin) throw new Error('the client did not read the server version document (is a microversion pinned?)');
  const server = { min: negotiated.serverMin, max: negotiated.serverMax };
  const calledAt = server.max;
  const judgedAt = minVersion(server.max, specMax);
  say(`server ${server.min}..${server.max}, spec up to ${specMax}; calling at ${calledAt}, judging at ${judgedAt}`);

  const contract = createSpecContract(o.bundle);
  const ops = readOperations(o.bundle);
  const byTemplate = new Map(ops.map((op) => [op.template, op]));
  const paramNames = new Set(ops.flatMap((op) => [...segments(op.template).filter(isParam).map((s) => s.slice(1, -1)), ...op.query.map((q) => q.name)]));
  // The list (or map) that names the values of the parameter after each prefix.
  const producerOf = (prefix: string) => {
    const op = byTemplate.get(prefix) ?? byTemplate.get(`${prefix}/detail`);
    return op && (op.listKey || !segments(op.template).some((s) => s === 'detail')) ? op : undefined;
  };
  // `/shares` → share_id: the parameter that follows a path, for its items' ids.
  const childParam = new Map<string, string>();
  for (const op of ops) {
    const segs = segments(op.template);
    const last = segs[segs.length - 1];
    if (last && isParam(last)) childParam.set(`/${segs.slice(0, -1).join('/')}`, last.slice(1, -1));
  }
  const served = (op: ReadOp) => !op.range || inRange(calledAt, op.range);

  const result: DriftResult = {
    endpoint: await o.client.endpoint(),
    spec: { path: o.specPath, max: specMax },
    server,
    calledAt,
    judgedAt,
    newVersions: versionsAfter(specMax, server.max),
    called: [],
    unknownFields: [],
    missingFields: [],
    mismatches: [],
    filtersTried: 0,
    rejectedFilters: [],
    otherFilterFailures: [],
    failedCalls: [],
    skipped: [],
  };
  const answers = new Map<string, number>();
  const seenFindings = new Set<string>();
  const globalPool = new Map<string, string[]>();
  const addToPool = (name: string, value: unknown) => {
    if (typeof value !== 'string' || !value) return;
    const vals = globalPool.get(name) ?? [];
    if (!vals.includes(value)) vals.push(value);
    globalPool.set(name, vals);
  };
  for (const [k, v] of Object.entries(WELL_KNOWN)) addToPool(k, v);

  const judge = (op: ReadOp, path: string, status: number, body: unknown) => {
    answers.set(op.id, (answers.get(op.id) ?? 0) + 1);
    const { problems } = contract.judge('GET', path, judgedAt, undefined, status, body);
    for (const p of problems) {
      const finding: FieldFinding = { operation: op.id, path: p.at ? fieldPath(p.at) : '' };
      const key = `${p.kind} ${op.id} ${p.kind === 'unknown' || p.kind === 'missing' ? finding.path : p.text}`;
      if (seenFindings.has(key)) continue;
      seenFindings.add(key);
      if (p.kind === 'unknown') result.unknownFields.push(finding);
      else if (p.kind === 'missing') result.missingFields.push(finding);
      else result.mismatches.push({ operation: op.id, text: p.text });
    }
  };

  const cache = new Map<string, Promise<Answer>>();
  const call = (op: ReadOp, pathValues: Record<string, string>, query: Record<string, string>, record = true): Promise<Answer> => {
    const path = op.template.replace(/\{([^}]+)\}/g, (_, n: string) => encodeURIComponent(pathValues[n]));
    const key = `${path}?${new URLSearchParams(query)}`;
    let answer = cache.get(key);
    if (!answer) {
      answer = (async (): Promise<Answer> => {
        try {
          const route = `GET ${op.template}` as `GET /${string}`;
          // The version document lies above an endpoint that carries a
          // project id; the SDK's own method finds it (and unwraps `versions`).
          const { data, response } =
            op.template === '/'
              ? await o.client.versions.show().withResponse().then((r) => ({ ...r, data: { versions: r.data } as unknown }))
              : await o.client.request(route, { params: { path: pathValues, query } }, { microversion: calledAt, experimental: true }).withResponse();
          judge(op, path, response.status, data);
          if (op.listKey && Array.isArray((data as Json)?.[op.listKey])) {
            const child = childParam.get(op.template.replace(/\/detail$/, ''));
            for (const item of preferReady((data as Json)[op.listKey])) {
              for (const [k, v] of Object.entries<unknown>(item ?? {})) if (paramNames.has(k)) addToPool(k, v);
              if (child) addToPool(child, item?.[child] ?? item?.id);
            }
          }
          return { ok: true, body: data };
        } catch (err) {
          if (!(err instanceof ManilaApiError)) throw err;
          const failed = { ok: false as const, status: err.status, message: err.serverMessage ?? err.message };
          if (record && !result.failedCalls.some((f) => f.operation === op.id)) result.failedCalls.push({ operation: op.id, path: `${path}${Object.keys(query).length ? `?${new URLSearchParams(query)}` : ''}`, status: err.status, message: failed.message });
          return failed;
        }
      })();
      cache.set(key, answer);
    }
    return answer;
  };

  /** Values for parameter `name` in the answer of `op` (the list or map just before it in the path). */
  const valuesFrom = (op: ReadOp, body: unknown, name: string): string[] => {
    const b = body as Json;
    if (op.listKey) {
      const items = Array.isArray(b?.[op.listKey]) ? preferReady(b[op.listKey]) : [];
      return items.map((i) => i?.[name] ?? i?.id).filter((v): v is string => typeof v === 'string' && v !== '');
    }
    // A map (metadata, extra specs): its keys.
    const map = Object.values(b ?? {}).find((v) => v && typeof v === 'object' && !Array.isArray(v));
    return map ? Object.keys(map) : [];
  };

  /** Values for a parameter no list in the spec names here: given ones, the token's project, any answer's fields. */
  const globalValues = async (name: string): Promise<string[] | string> => {
    // Plain lists that name it (`/shares` for share_id) answer first.
    for (const op of ops) {
      const plain = op.listKey && served(op) && !segments(op.template).some(isParam) && !op.query.some((q) => q.required);
      if (plain && byTemplate.has(`${op.template.replace(/\/detail$/, '')}/{${name}}`)) await call(op, {}, {});
    }
    const given = o.ids?.[name] ? [o.ids[name]] : [];
    const project = name === 'project_id' && o.projectId?.() ? [o.projectId()!] : [];
    const vals = [...new Set([...given, ...project, ...(globalPool.get(name) ?? [])])];
    return vals.length ? vals : `no answer named a ${name}`;
  };

  type Filling = { path: Record<string, string>; query: Record<string, string> } | { skip: string };
  const fillings = new Map<string, Promise<Filling>>();

  /** Path and required query values for `op`, trying parents until each level has children. */
  const fill = (op: ReadOp): Promise<Filling> => {
    let f = fillings.get(op.id);
    if (!f) {
      f = (async (): Promise<Filling> => {
        const segs = segments(op.template);
        const slots = segs.map((s, i) => ({ seg: s, i })).filter((s) => isParam(s.seg));
        const required = op.query.filter((q) => q.required);
        const search = async (k: number, path: Record<string, string>): Promise<Filling> => {
          if (k === slots.length) {
            const query: Record<string, string> = {};
            for (const q of required) {
              const vals = await globalValues(q.name);
              if (typeof vals === 'string') return { skip: `required filter ${q.name}: ${vals}` };
              query[q.name] = vals[0];
            }
            return { path, query };
          }
          const name = slots[k].seg.slice(1, -1);
          const prefix = `/${segs.slice(0, slots[k].i).join('/')}`;
          let vals: string[];
          const producer = producerOf(prefix);
          const given = o.ids?.[name];
          if (given) vals = [given];
          else if (producer && producer !== op) {
            if (!served(producer)) return { skip: `${producer.id}, which names its ${name}, is not served at ${calledAt}` };
            const parent = await fill(producer);
            if ('skip' in parent) return parent;
            const answer = await call(producer, { ...parent.path, ...path }, parent.query);
            if (!answer.ok) return { skip: `${producer.id} failed with HTTP ${answer.status}` };
            vals = valuesFrom(producer, answer.body, name);
            if (!vals.length) return { skip: `${producer.id} named no ${name}` };
          } else {
            const g = await globalValues(name);
            if (typeof g === 'string') return { skip: g };
            vals = g;
          }
          let last: Filling = { skip: `no ${name}` };
          for (const v of vals.slice(0, TRIES)) {
            last = await search(k + 1, { ...path, [name]: v });
            if (!('skip' in last)) return last;
          }
          return last;
        };
        return search(0, {});
      })();
      fillings.set(op.id, f);
    }
    return f;
  };

  for (const op of ops) {
    if (!served(op)) {
      result.skipped.push({ operation: op.id, reason: `not served at ${calledAt} (${op.range?.min ?? '2.0'} to ${op.range?.max ?? 'now'})` });
      continue;
    }
    const f = await fill(op);
    if ('skip' in f) {
      result.skipped.push({ operation: op.id, reason: f.skip });
      continue;
    }
    await call(op, f.path, f.query);
  }
  say(`${answers.size} operations answered; trying filters`);

  const probes: Array<{ op: ReadOp; q: QueryParam; base: { path: Record<string, string>; query: Record<string, string> } }> = [];
  for (const op of ops) {
    if (!op.listKey || !answers.has(op.id)) continue;
    const base = await fill(op);
    if ('skip' in base) continue;
    for (const q of op.query) if (!q.required && (!q.range || inRange(calledAt, q.range))) probes.push({ op, q, base });
  }
  await pool(probes, o.concurrency ?? 6, async ({ op, q, base }) => {
    // A value this list itself answered (filtering by it finds the same), else
    // an id of that name from any answer; fields of other resources that share
    // a name (a message's resource_type) may mean something else.
    const plain = await call(op, base.path, base.query);
    const items: Json[] = plain.ok && op.listKey && Array.isArray((plain.body as Json)?.[op.listKey]) ? (plain.body as Json)[op.listKey] : [];
    const own = (name: string) => items.map((i) => i?.[name]).find((v) => ['string', 'number', 'boolean'].includes(typeof v) && v !== '');
    const known = (name: string) => (own(name) !== undefined ? String(own(name)) : /_id$/.test(name) ? globalPool.get(name)?.[0] : undefined);
    const value = probeValue(q, known);
    result.filtersTried++;
    let query: Record<string, string> = { ...base.query, [q.name]: value };
    let answer = await call(op, base.path, query, false);
    // "'access_type' parameter must be provided when specifying 'access_to'":
    // the server knows the filter and wants a companion; try again with it.
    const said = answer.ok ? '' : answer.message;
    const companions = op.query.filter((c) => c !== q && !c.required && new RegExp(`\\b${c.name}\\b`).test(said));
    if (!answer.ok && answer.status === 400 && companions.length) {
      query = { ...query, ...Object.fromEntries(companions.map((c) => [c.name, probeValue(c, known)])) };
      answer = await call(op, base.path, query, false);
      if (answer.ok) return;
    }
    if (answer.ok) return;
    const shown = Object.entries(query).filter(([k]) => !(k in base.query)).map(([k, v]) => `${k}=${v}`).join('&');
    const filter = { operation: op.id, filter: q.name, value: shown.slice(q.name.length + 1), message: answer.message };
    if (answer.status === 400 && !blamesValue(answer.message) && !companions.length) result.rejectedFilters.push(filter);
    else result.otherFilterFailures.push({ ...filter, status: answer.status });
  });

  result.called = [...answers].map(([operation, n]) => ({ operation, answers: n })).sort((a, b) => a.operation.localeCompare(b.operation));
  const order = (a: { operation: string }, b: { operation: string }) => a.operation.localeCompare(b.operation);
  for (const list of [result.rejectedFilters, result.otherFilterFailures, result.failedCalls, result.skipped]) list.sort(order);
  if (o.manilaSource) result.source = { dir: o.manilaSource, notes: notesAbove(o.manilaSource, specMax) };
  return result;
}
