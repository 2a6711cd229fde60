// The Python clients beside manila-sdk (`npm run bench -- --with-python`):
// a venv with openstacksdk and python-manilaclient, created on first use
// under ~/.cache/manila-sdk-bench, and the cases they run (bench/python/clients.py).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const VENV = join(process.env.MANILA_BENCH_VENV ?? join(homedir(), '.cache', 'manila-sdk-bench'), 'venv');

/** The venv's python, installing it if needed (a few minutes the first time). */
export function pythonVenv(root: string): string {
  const python = join(VENV, 'bin', 'python');
  if (!existsSync(python)) execFileSync('python3', ['-m', 'venv', VENV], { stdio: 'inherit' });
  const ok = spawnSync(python, ['-c', 'import openstack, manilaclient'], { stdio: 'ignore' }).status === 0;
  if (!ok) execFileSync(python, ['-m', 'pip', 'install', '-q', 'openstacksdk', 'python-manilaclient'], { stdio: 'inherit' });
  void root;
  return python;
}

export function runPython<T>(python: string, args: string[]): T {
  const script = new URL('./python/clients.py', import.meta.url).pathname;
  const r = spawnSync(python, [script, ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`python ${args.join(' ')}: ${r.stderr.split('\n').slice(-5).join('\n')}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as T;
}

export function pythonPerCall(python: string, endpoint: string, calls: number, out: (line?: string) => void): void {
  out(`### Python clients, sequential GET /shares/{id} (${calls} calls after 20 of warm-up, one process each)`);
  out();
  out('| client | ms/call |');
  out('| --- | ---: |');
  for (const lib of ['openstacksdk', 'manilaclient']) {
    const r = runPython<{ ms_per_call: number }>(python, ['show', lib, endpoint, String(calls)]);
    out(`| ${lib === 'manilaclient' ? 'python-manilaclient' : lib} | ${r.ms_per_call.toFixed(3)} |`);
  }
  out();
}

export function pythonWalkers(python: string): Array<[string, (endpoint: string, total: number) => { ms: number; items: number; maxRssMiB: number }]> {
  return ['openstacksdk', 'manilaclient'].map((lib) => [
    `${lib === 'manilaclient' ? 'python-manilaclient' : 'openstacksdk'} list`,
    (endpoint: string, total: number) => runPython(python, ['walk', lib, endpoint, String(total)]),
  ]);
}
