// Makes a copy of a bundled spec as it was before the microversions above
// `max`: operations, action members, parameters and properties whose min-ver
// is above it go, bounds above it open up, and info.version becomes `max`.
// The drift proof runs the report with such a copy; maintainers can use it
// to see what a release added (`tsx scripts/spec-drift/strip.ts 2.96 [in] [out]`).
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { compareVersions, parseVersion } from '../../src/handwritten/microversion.js';
import { HTTP_METHODS, pointer } from '../spec-contract.js';

type Json = Record<string, any>;

export interface Removed {
  /** JSON pointer of what was removed, in the original bundle. */
  at: string;
  minVer: string;
}

const above = (node: unknown, max: string): string | undefined => {
  const min = (node as Json | undefined)?.['x-openstack']?.['min-ver'];
  return typeof min === 'string' && compareVersions(min, max) > 0 ? min : undefined;
};

/** Lowers marks that reach past `max`: what still exists at `max` has no upper bound there. */
function openBounds(mark: Json, max: string): void {
  if (typeof mark['max-ver'] === 'string' && compareVersions(mark['max-ver'], max) > 0) delete mark['max-ver'];
  const exp = mark.experimental;
  if (exp && typeof exp === 'object') {
    if (typeof exp['min-ver'] === 'string' && compareVersions(exp['min-ver'], max) > 0) delete mark.experimental;
    else if (typeof exp['max-ver'] === 'string' && compareVersions(exp['max-ver'], max) > 0) delete exp['max-ver'];
  }
}

export function stripAbove(original: Json, max: string): { bundle: Json; removed: Removed[] } {
  parseVersion(max);
  const bundle: Json = structuredClone(original);
  const removed: Removed[] = [];
  // Components marked above `max` go, and so does every $ref to them.
  const gone = new Set<string>();
  for (const [kind, entries] of Object.entries<Json>(bundle.components ?? {})) {
    for (const [name, node] of Object.entries<Json>(entries)) {
      const min = above(node, max);
      if (!min) continue;
      const ref = `#/components/${pointer(kind, name)}`;
      gone.add(ref);
      removed.push({ at: ref.slice(1), minVer: min });
      delete entries[name];
    }
  }
  const dropped = (node: unknown) => above(node, max) ?? (gone.has((node as Json | undefined)?.$ref) ? 'ref' : undefined);

  for (const [template, item] of Object.entries<Json>(bundle.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const min = above(item[method], max);
      if (!min) continue;
      removed.push({ at: `/paths/${pointer(template, method)}`, minVer: min });
      delete item[method];
    }
    if (!HTTP_METHODS.some((m) => item[m])) delete bundle.paths[template];
  }

  const walk = (node: unknown, at: string): void => {
    if (Array.isArray(node)) {
      for (let i = node.length - 1; i >= 0; i--) {
        const min = dropped(node[i]);
        if (min) {
          if (min !== 'ref') removed.push({ at: `${at}/${i}`, minVer: min });
          node.splice(i, 1);
        }
      }
      node.forEach((n, i) => walk(n, `${at}/${i}`));
      return;
    }
    if (!node || typeof node !== 'object') return;
    const obj = node as Json;
    if (obj.properties && typeof obj.properties === 'object' && !Array.isArray(obj.properties)) {
      for (const [name, prop] of Object.entries(obj.properties)) {
        const min = dropped(prop);
        if (!min) continue;
        if (min !== 'ref') removed.push({ at: `${at}/properties/${pointer(name)}`, minVer: min });
        delete obj.properties[name];
        if (Array.isArray(obj.required)) obj.required = obj.required.filter((r: string) => r !== name);
      }
    }
    if (obj['x-openstack'] && typeof obj['x-openstack'] === 'object') {
      openBounds(obj['x-openstack'], max);
      if (!Object.keys(obj['x-openstack']).length) delete obj['x-openstack'];
    }
    for (const [k, v] of Object.entries(obj)) if (k !== 'x-openstack') walk(v, `${at}/${pointer(k)}`);
  };
  walk(bundle, '');
  bundle.info = { ...bundle.info, version: max };
  return { bundle, removed: removed.sort((a, b) => compareVersions(a.minVer, b.minVer) || a.at.localeCompare(b.at)) };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [max, input = 'dist/openapi.json', output] = process.argv.slice(2);
  if (!max) {
    console.error('usage: tsx scripts/spec-drift/strip.ts MAX [bundle.json] [out.json]   (stdout without out.json)');
    process.exit(2);
  }
  const { bundle, removed } = stripAbove(JSON.parse(readFileSync(input, 'utf8')), max);
  for (const r of removed) console.error(`removed ${r.at} (min-ver ${r.minVer})`);
  const text = `${JSON.stringify(bundle, null, 2)}\n`;
  if (output) writeFileSync(output, text);
  else process.stdout.write(text);
}
