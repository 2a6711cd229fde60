// Reads the microversion notes of a Manila source checkout: the
// REST_API_VERSION_HISTORY docstring of manila/api/openstack/
// api_version_request.py, whose lines read `* 2.98 - Added ...` with
// indented continuation lines.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareVersions } from '../../src/handwritten/microversion.js';

export const VERSION_HISTORY_FILE = 'manila/api/openstack/api_version_request.py';

export interface VersionNote {
  version: string;
  note: string;
}

/** Every `* X.Y - note` entry of the file's text, continuation lines joined. */
export function parseVersionHistory(text: string): VersionNote[] {
  const start = text.indexOf('REST_API_VERSION_HISTORY');
  if (start < 0) throw new Error('no REST_API_VERSION_HISTORY in the text');
  const open = text.indexOf('"""', start);
  const close = open < 0 ? -1 : text.indexOf('"""', open + 3);
  if (close < 0) throw new Error('REST_API_VERSION_HISTORY is not followed by a """ docstring');
  const notes: VersionNote[] = [];
  let current: VersionNote | undefined;
  for (const line of text.slice(open + 3, close).split('\n')) {
    const entry = /^\s*\*\s*(\d+\.\d+)\s*-\s*(.*)$/.exec(line);
    if (entry) {
      current = { version: entry[1], note: entry[2].trim() };
      notes.push(current);
    } else if (current && /^\s{2,}\S/.test(line) && !/^\s*\*/.test(line)) {
      current.note = `${current.note} ${line.trim()}`.trim();
    } else {
      current = undefined;
    }
  }
  return notes;
}

/** The notes of versions above `max`, oldest first, read from a checkout. */
export function notesAbove(sourceDir: string, max: string): VersionNote[] {
  const file = join(sourceDir, VERSION_HISTORY_FILE);
  if (!existsSync(file)) throw new Error(`${sourceDir} is not a Manila source checkout: ${VERSION_HISTORY_FILE} is missing`);
  return parseVersionHistory(readFileSync(file, 'utf8'))
    .filter((n) => compareVersions(n.version, max) > 0)
    .sort((a, b) => compareVersions(a.version, b.version));
}
