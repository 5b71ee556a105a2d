#!/usr/bin/env node
// Benchmarks for wcecfg, reported as ratios measured side by side in one run (not a timed test).
//   npm run bench            (builds first)
//   node bench/bench.mjs --runs 30
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const runsArg = process.argv.indexOf('--runs');
const RUNS = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 21;

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (ms) => `${ms.toFixed(1)} ms`;

function timeOnce(args) {
  const t = performance.now();
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const dt = performance.now() - t;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return dt;
}

/** Interleave the commands run by run, so machine noise hits them alike. */
function sideBySide(cases) {
  const times = cases.map(() => []);
  for (const c of cases) timeOnce(c.args); // warm the file cache
  for (let i = 0; i < RUNS; i++) cases.forEach((c, k) => times[k].push(timeOnce(c.args)));
  return cases.map((c, k) => ({ name: c.name, median: median(times[k]) }));
}

console.log(`wcecfg benchmarks (${RUNS} interleaved runs each, medians)\n`);

const out = mkdtempSync(join(tmpdir(), 'wcecfg-bench-'));
const startup = [
  { name: 'node -e 0', args: ['-e', '0'] },
  { name: 'wcecfg resolve', args: [cli, 'resolve'] },
];
if (process.argv.includes('--no-generate') === false) {
  startup.push({ name: 'wcecfg generate', args: [cli, 'generate', '--out', out, '--force'] });
}
const res = sideBySide(startup);
const base = res[0].median;
console.log('Cold start (a new process each run):');
for (const r of res) console.log(`  ${r.name.padEnd(18)} ${fmt(r.median).padStart(10)}   ${(r.median / base).toFixed(2)}x node -e 0`);
console.log('  targets: resolve within 1.5x, generate within 2x');
rmSync(out, { recursive: true, force: true });

// The resolver alone on synthetic catalogs: each item requires about 5 later items (a DAG).
const { resolve } = await import(pathToFileURL(join(root, 'dist', 'resolve.js')).href);
function synthetic(n, seed = 42) {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const items = new Map();
  for (let i = 0; i < n; i++) {
    const id = `SYSGEN_S${String(i).padStart(6, '0')}`;
    const requires = [];
    for (let k = 0; k < 5 && i + 1 < n; k++) {
      const j = i + 1 + Math.floor(rnd() * Math.min(n - i - 1, 200));
      requires.push({ id: `SYSGEN_S${String(j).padStart(6, '0')}`, kind: k % 2 ? 'build-rule' : 'catalog', confidence: 'documented', source: 'synthetic' });
    }
    items.set(id, { id, title: id, description: id, area: 'synthetic', confidence: 'documented', requires, modules: [], sources: ['synthetic'] });
  }
  return { items, files: new Map(), removed: new Set() };
}
console.log('\nResolver on synthetic catalogs (about 5 requirements per item; the first 10 items as roots):');
const sizes = [10000, 50000];
const results = [];
for (const n of sizes) {
  const cat = synthetic(n);
  const roots = [...cat.items.keys()].slice(0, 10);
  resolve(cat, roots); // warm up the JIT
  const ts = [];
  let size = 0;
  for (let i = 0; i < 7; i++) {
    const t = performance.now();
    const r = resolve(cat, roots);
    ts.push(performance.now() - t);
    size = r.order.length;
  }
  results.push({ n, ms: median(ts), size });
  console.log(`  ${String(n).padStart(6)} components: closure of ${size} items in ${fmt(median(ts))}`);
}
const growth = results[1].ms / results[0].ms;
console.log(`  50,000 / 10,000: ${growth.toFixed(2)}x the time for ${(results[1].size / results[0].size).toFixed(2)}x the items (linear is about 5x); target under 300 ms`);
