// The microversion history page: for every microversion from 2.0 to the
// spec's maximum, what appeared and what disappeared (operations, action
// members, request fields, filters, response fields) and which calls stopped
// being experimental, read from the spec's x-openstack marks and linked to
// the API reference. A max-ver of 2.y means the thing is gone at 2.(y+1).
import { esc } from './layout.js';
import { minor, redocAnchor, type Kind, type Operation, type Range, type SpecFacts } from './marks.js';

export interface HistoryItem {
  kind: Kind | 'experimental';
  /** What appeared or went: an operation's route, an action key, a field path or a filter name. */
  name: string;
  /** The operations it belongs to (the operation itself for kind `operation`). */
  operations: Operation[];
}

export interface VersionChanges {
  version: string;
  appeared: HistoryItem[];
  disappeared: HistoryItem[];
  /** Calls and actions that no longer need the experimental header from this version. */
  stable: HistoryItem[];
}

const KIND_ORDER: HistoryItem['kind'][] = ['operation', 'action', 'request field', 'filter', 'response field', 'experimental'];
const KIND_TITLE: Record<HistoryItem['kind'], string> = {
  operation: 'Operations',
  action: 'Action members',
  'request field': 'Request fields',
  filter: 'Query filters',
  'response field': 'Response fields',
  experimental: 'Experimental calls',
};

export function versionHistory(facts: SpecFacts): VersionChanges[] {
  const top = minor(facts.maxVersion);
  const byId = new Map(facts.operations.map((o) => [o.id, o]));
  const versions: VersionChanges[] = Array.from({ length: top + 1 }, (_, i) => ({ version: `2.${i}`, appeared: [], disappeared: [], stable: [] }));
  // One item per (kind, name, range): a field shared by show and list is one line with both links.
  const groups = new Map<string, { kind: HistoryItem['kind']; name: string; range: Range; ops: Operation[] }>();
  const add = (kind: HistoryItem['kind'], name: string, range: Range, op: Operation) => {
    const key = JSON.stringify([kind, name, range.min ?? '', range.max ?? '']);
    const g = groups.get(key) ?? { kind, name, range, ops: [] };
    if (!g.ops.includes(op)) g.ops.push(op);
    groups.set(key, g);
  };
  for (const op of facts.operations) {
    if (op.min || op.max) add('operation', `${op.method} ${op.path}`, op, op);
    if (op.experimental && op.experimental !== true && op.experimental.max) add('experimental', `${op.method} ${op.path}`, { max: op.experimental.max }, op);
    for (const a of op.actions) {
      if (a.experimental && a.experimental !== true && a.experimental.max) add('experimental', `${a.key} (${op.method} ${op.path})`, { max: a.experimental.max }, op);
    }
  }
  for (const m of facts.marks) {
    if (m.kind === 'operation') continue;
    add(m.kind, m.name, m, byId.get(m.operationId)!);
  }
  for (const g of groups.values()) {
    const item: HistoryItem = { kind: g.kind, name: g.name, operations: g.ops };
    if (g.kind === 'experimental') {
      versions[minor(g.range.max!) + 1]?.stable.push(item);
      continue;
    }
    if (g.range.min) versions[minor(g.range.min)].appeared.push(item);
    if (g.range.max) {
      const gone = minor(g.range.max) + 1;
      if (gone > top) throw new Error(`${g.kind} ${g.name}: max-ver ${g.range.max} is the spec's maximum or beyond`);
      versions[gone].disappeared.push(item);
    }
  }
  const order = (a: HistoryItem, b: HistoryItem) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name);
  for (const v of versions) for (const list of [v.appeared, v.disappeared, v.stable]) list.sort(order);
  return versions;
}

function itemsHtml(items: HistoryItem[], apiPage: string): string {
  const out: string[] = [];
  for (const kind of KIND_ORDER) {
    const of = items.filter((i) => i.kind === kind);
    if (!of.length) continue;
    out.push(`<h4>${esc(KIND_TITLE[kind])}</h4>`, '<ul>');
    for (const item of of) {
      const links = item.operations.map((op) => `<a href="${apiPage}${redocAnchor(op)}">${esc(op.summary)}</a>`);
      const name = `<code>${esc(item.name)}</code>`;
      out.push(kind === 'operation' ? `<li>${links[0]} ${name}</li>` : `<li>${name} in ${links.join(', ')}</li>`);
    }
    out.push('</ul>');
  }
  return out.join('\n');
}

/** The page body; `apiPage` is the API reference's path relative to the page. */
export function historyBody(facts: SpecFacts, apiPage: string): string {
  const versions = versionHistory(facts);
  const count = (v: VersionChanges) => v.appeared.length + v.disappeared.length + v.stable.length;
  const changed = versions.filter((v) => count(v) > 0).length;
  const parts = [
    '<h1>Microversion history</h1>',
    `<p>What each microversion of Manila's v2 API changed, from 2.0 to ${esc(facts.maxVersion)}, as the spec records it
(<code>x-openstack</code> <code>min-ver</code> and <code>max-ver</code> marks; a <code>max-ver</code> of 2.y means gone from 2.(y+1)).
${changed} of ${versions.length} versions change something the spec describes. Each entry links to its operation in the
<a href="${apiPage}">API reference</a>. 2.0 is the baseline: ${facts.operations.filter((o) => !o.min).length} operations exist from it.</p>`,
    `<p class="muted">Jump to: ${versions.map((v) => `<a href="#v${v.version}">${v.version}</a>`).join(' ')}</p>`,
  ];
  for (const v of versions) {
    parts.push(`<section class="version" id="v${v.version}">`, `<h2>${v.version}</h2>`);
    if (!count(v)) parts.push(`<p class="muted">${v.version === '2.0' ? 'The baseline.' : 'No change in the spec.'}</p>`);
    if (v.appeared.length) parts.push('<h3>Appeared</h3>', itemsHtml(v.appeared, apiPage));
    if (v.disappeared.length) parts.push('<h3 class="gone">Disappeared</h3>', `<div class="gone">${itemsHtml(v.disappeared, apiPage)}</div>`);
    if (v.stable.length) parts.push('<h3>No longer experimental</h3>', itemsHtml(v.stable, apiPage));
    parts.push('</section>');
  }
  return parts.join('\n');
}
