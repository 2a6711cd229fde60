import { fork } from 'node:child_process';
const child = fork('/work/tmp/bench/server.mjs');
const port: number = await new Promise((r) => child.once('message', r as never));
const base = `http://127.0.0.1:${port}/v2`;
const ID = '0b5e8f4c-5cd4-4c6f-a4f6-3a5b2f2c5a11';
const headers = { 'X-Auth-Token': 'tok', 'X-OpenStack-Manila-API-Version': '2.99', Accept: 'application/json', 'User-Agent': 'x' };
const url = `${base}/shares/${ID}`;
const cases: Record<string, () => Promise<unknown>> = {
  raw: async () => (await fetch(url, { headers })).json(),
  rawText: async () => JSON.parse(await (await fetch(url, { headers })).text()),
  manual: async () => (await fetch(url, { headers, redirect: 'manual' })).json(),
  controller: async () => {
    const c = new AbortController();
    const t = setTimeout(() => c.abort(), 60000);
    try { return await (await fetch(url, { headers, signal: c.signal })).json(); } finally { clearTimeout(t); }
  },
  timerOnly: async () => {
    const t = setTimeout(() => {}, 60000);
    try { return await (await fetch(url, { headers })).json(); } finally { clearTimeout(t); }
  },
  race: async () => {
    let rej!: (e: unknown) => void;
    const race = new Promise((_, r) => (rej = r));
    const t = setTimeout(() => rej(new Error('t')), 60000);
    try { return await Promise.race([(async () => (await fetch(url, { headers })).json())(), race]); } finally { clearTimeout(t); }
  },
};
const N = 1000;
const res: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (let round = 0; round < 9; round++) {
  for (const [name, fn] of Object.entries(cases)) {
    const t = performance.now();
    for (let i = 0; i < N; i++) await fn();
    if (round >= 2) res[name].push((performance.now() - t) / N);
  }
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
for (const [k, v] of Object.entries(res)) console.log(k.padEnd(12), med(v).toFixed(4), (med(v) / med(res.raw)).toFixed(3));
child.kill();
