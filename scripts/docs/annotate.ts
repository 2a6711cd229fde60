// Makes the docs-only copy of the bundle that Redoc renders: Redoc shows no
// x-openstack marks, so each operation's description starts with its
// microversion range and experimental flag, an action operation lists its
// action keys (so the reference's search finds `allow_access`), and every
// versioned property, filter and action member carries a "(2.x+)" note.
// The shipped dist/openapi.json is never changed.
import { experimentalText, hasRange, METHODS, rangeNote, rangeOf, rangeText, readFacts, type Operation } from './marks.js';

type Json = any;

const EXPERIMENTAL_HEADER = 'X-OpenStack-Manila-API-Experimental';

const prefix = (node: Json, note: string) => {
  node.description = node.description ? `${note} ${node.description}` : note;
};

function operationHead(op: Operation): string {
  const exp = experimentalText(op.experimental);
  const parts = [`**Microversions:** ${rangeText(op)}`];
  if (exp) parts.push(`**${exp}** (sends ${EXPERIMENTAL_HEADER}: True)`);
  return parts.join(' · ');
}

function actionList(op: Operation): string {
  const keys = op.actions.map((a) => {
    const notes = [hasRange(a) ? rangeNote(a) : '', experimentalText(a.experimental)?.toLowerCase() ?? ''].filter(Boolean);
    return `\`${a.key}\`${notes.length ? ` (${notes.join(', ')})` : ''}`;
  });
  return `**Actions** (the body's one key): ${keys.join(', ')}.`;
}

/** Notes on versioned properties, filters and action members, anywhere in the tree. */
function noteMarks(node: Json, isPropertyMap: boolean): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) {
    for (const n of node) noteMarks(n, false);
    return;
  }
  if (isPropertyMap) {
    for (const prop of Object.values<Json>(node)) {
      const r = rangeOf(prop);
      if (hasRange(r)) prefix(prop, `*(${rangeNote(r)})*`);
      noteMarks(prop, false);
    }
    return;
  }
  const x = node['x-openstack'];
  const r = rangeOf(node);
  if (typeof node.in === 'string' && typeof node.name === 'string' && hasRange(r)) prefix(node, `*(${rangeNote(r)})*`);
  if (x?.['action-name']) {
    const exp = experimentalText(x.experimental === true ? true : x.experimental ? { min: x.experimental['min-ver'], max: x.experimental['max-ver'] } : undefined);
    prefix(node, `**\`${x['action-name']}\`** · **Microversions:** ${rangeText(r)}${exp ? ` · **${exp}**` : ''}.`);
  }
  for (const [k, v] of Object.entries<Json>(node)) {
    if (k === 'x-openstack' || k === 'examples' || k === 'example') continue;
    noteMarks(v, k === 'properties' && v && typeof v === 'object' && !Array.isArray(v));
  }
}

export function annotate(bundle: Json): Json {
  const copy = structuredClone(bundle);
  const facts = readFacts(bundle);
  const byId = new Map(facts.operations.map((o) => [o.id, o]));
  noteMarks(copy.components ?? {}, false);
  for (const item of Object.values<Json>(copy.paths ?? {})) {
    noteMarks(item.parameters ?? [], false);
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      noteMarks(op.parameters ?? [], false);
      noteMarks(op.requestBody ?? {}, false);
      noteMarks(op.responses ?? {}, false);
      const facts = byId.get(op.operationId)!;
      const head = [operationHead(facts)];
      if (facts.actions.length) head.push(actionList(facts));
      op.description = [...head, op.description].filter(Boolean).join('\n\n');
      // Badges (beside the title and in the menu) only where there is something to see.
      const badges = hasRange(facts) ? [{ name: rangeNote(facts) }] : [];
      if (facts.experimental) badges.push({ name: 'Experimental' });
      if (badges.length) op['x-badges'] = badges;
    }
  }
  copy.info = {
    ...copy.info,
    description: `${copy.info?.description ?? ''}\n\nEach operation starts with its microversion range; versioned fields and filters say theirs in *(2.x+)* notes. What changed at each microversion: [the history page](../history.html). Back to [the documentation](../index.html).`,
  };
  return copy;
}
