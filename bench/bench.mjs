#!/usr/bin/env node
// What a user waits for, measured end to end through the CLI and reported as ratios to `node -e 0`
// measured side by side in the same run (the machine's noise hits both alike).
//
//   npm run bench                                   (builds first)
//   node bench/bench.mjs --runs 15 --sizes 1000,10000,50000 --forms json
//   node bench/bench.mjs --baseline /tmp/old/dist/cli.js    (also times an older build, interleaved)
//
// 1. Cold start: `wcecfg resolve` and `wcecfg generate` on the built-in catalog.
// 2. Scale: `wcecfg resolve ROOT --catalog DIR --json` (load, validate, resolve, print) on generated
//    catalogs where item i requires 5 lower items and the root pulls in everything, for every
//    catalog form in bench/generators/ (one module per form: `name`, `describe`, `write(dir, graph)`;
//    add a file there to time another form). Prints time, peak memory (the child's max RSS) and the
//    growth exponent, against the targets; beside them, a bare Node script that only reads (and
//    JSON.parse's) the same files, and wcecfg's own memory floor (the CLI on its built-in catalog).
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const RUNS = Number(arg('runs', '15'));
const SIZES = arg('sizes', '1000,10000,50000').split(',').map(Number);
const FORMS = arg('forms', '');
// An older build's dist/cli.js, timed in the same interleaved runs: before/after figures from one run.
const BASELINE = arg('baseline', '');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};
const ms = (x) => `${x.toFixed(0)} ms`;
const mb = (bytes) => `${(bytes / 1048576).toFixed(1)} MB`;

// GNU time gives the child's peak resident set; without it, memory is not reported.
const GNU_TIME = existsSync('/usr/bin/time') && spawnSync('/usr/bin/time', ['-f', '%M', 'true']).status === 0;

/** One run: wall time, and the child's peak RSS in bytes (or undefined). */
function timeOnce(args) {
  const cmd = GNU_TIME ? '/usr/bin/time' : process.execPath;
  const full = GNU_TIME ? ['-f', '%M', process.execPath, ...args] : args;
  const t = performance.now();
  const r = spawnSync(cmd, full, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  const dt = performance.now() - t;
  const err = r.stderr.toString();
  if (r.status !== 0 && r.status !== 1) throw new Error(`node ${args.join(' ')} failed (${r.status}): ${err.slice(-2000)}`);
  const rss = GNU_TIME ? Number(err.trim().split('\n').pop()) * 1024 : undefined;
  return { ms: dt, rss };
}

/** Interleave the commands run by run, so machine noise hits them alike; medians of time, max of memory. */
function sideBySide(cases, runs) {
  const times = cases.map(() => []);
  const rss = cases.map(() => 0);
  for (const c of cases) timeOnce(c.args); // warm the file cache
  for (let i = 0; i < runs; i++) {
    cases.forEach((c, k) => {
      const r = timeOnce(c.args);
      times[k].push(r.ms);
      if (r.rss !== undefined) rss[k] = Math.max(rss[k], r.rss);
    });
  }
  return cases.map((c, k) => ({ name: c.name, median: median(times[k]), rss: GNU_TIME ? rss[k] : undefined }));
}

console.log(`wcecfg benchmarks (interleaved runs, medians; ${GNU_TIME ? 'peak memory from /usr/bin/time' : 'no /usr/bin/time: memory not measured'})\n`);

// 1. Cold start on the built-in catalog.
if (!process.argv.includes('--no-startup')) {
  const out = mkdtempSync(join(tmpdir(), 'wcecfg-bench-'));
  const out2 = mkdtempSync(join(tmpdir(), 'wcecfg-bench-'));
  const res = sideBySide(
    [
      { name: 'node -e 0', args: ['-e', '0'] },
      { name: 'wcecfg resolve', args: [cli, 'resolve'] },
      ...(BASELINE ? [{ name: '  baseline resolve', args: [BASELINE, 'resolve'] }] : []),
      { name: 'wcecfg generate', args: [cli, 'generate', '--out', out, '--force'] },
      ...(BASELINE ? [{ name: '  baseline generate', args: [BASELINE, 'generate', '--out', out2, '--force'] }] : []),
    ],
    RUNS,
  );
  const base = res[0].median;
  console.log(`Cold start (${RUNS} runs each):`);
  for (const r of res) console.log(`  ${r.name.padEnd(18)} ${ms(r.median).padStart(8)}   ${(r.median / base).toFixed(2)}x node -e 0`);
  console.log('  targets: resolve within 1.5x, generate within 2x\n');
  rmSync(out, { recursive: true, force: true });
  rmSync(out2, { recursive: true, force: true });
}

// 2. Scale.
/** Item i requires item i-1 and up to 4 more of the 20 below it; the last item's closure is everything. */
function graph(n, seed = 42) {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const id = (i) => `SYSGEN_BENCH_${String(i).padStart(6, '0')}`;
  const items = [];
  for (let i = 0; i < n; i++) {
    const req = new Set(i > 0 ? [i - 1] : []);
    const lo = Math.max(0, i - 20);
    for (let tries = 0; req.size < Math.min(5, i) && tries < 50; tries++) req.add(lo + Math.floor(rnd() * (i - lo)));
    items.push({ id: id(i), requires: [...req].sort((a, b) => b - a).map(id) });
  }
  return { items, root: id(n - 1) };
}

function diskSize(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    total += e.isDirectory() ? diskSize(p) : statSync(p).size;
  }
  return total;
}

/** Least-squares slope of log(y) over log(x): 1 is linear growth. */
function exponent(points) {
  const xs = points.map((p) => Math.log(p.x));
  const ys = points.map((p) => Math.log(Math.max(p.y, 1e-6)));
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i] - my);
    den += (x - mx) ** 2;
  });
  return num / den;
}

const genDir = join(root, 'bench', 'generators');
const generators = [];
for (const f of readdirSync(genDir).filter((f) => f.endsWith('.mjs')).sort()) {
  const g = await import(pathToFileURL(join(genDir, f)).href);
  if (!FORMS || FORMS.split(',').includes(g.name)) generators.push(g);
}

const verdict = (ok) => (ok ? 'ok' : 'MISSED');

// What no implementation in Node can go below: a bare script that only reads every catalog file
// (and JSON.parse's the .json ones), with no validation, resolving or output, timed in the same
// interleaved runs. It shows how much of a target is left for wcecfg's own work.
const BARE = `const fs=require('fs'),p=require('path');const walk=(d)=>{for(const e of fs.readdirSync(d,{withFileTypes:true})){const f=p.join(d,e.name);if(e.isDirectory())walk(f);else{const t=fs.readFileSync(f,'utf8');if(f.endsWith('.json'))JSON.parse(t);}}};walk(process.argv[1]);`;

// wcecfg's own floor: the CLI resolving on its built-in catalog alone (Node, the code it loads and
// the built-in catalog), so a peak can be read as floor + what the catalog adds.
let ownFloor;
if (GNU_TIME) {
  const [own] = sideBySide([{ name: 'wcecfg resolve', args: [cli, 'resolve', '--json'] }], 3);
  ownFloor = own.rss;
}
for (const g of generators) {
  console.log(`Scale, ${g.name} catalogs (${g.describe}): wcecfg resolve ROOT --catalog DIR --json`);
  console.log(
    `  ${'items'.padStart(7)} ${'on disk'.padStart(9)} ${'node -e 0'.padStart(10)} ${'bare read'.padStart(10)} ${'wcecfg'.padStart(9)} ${'ratio'.padStart(7)} ${'peak mem'.padStart(9)} ${'limit'.padStart(9)} ${'own floor+disk'.padStart(15)}  runs` +
      (BASELINE ? `   ${'baseline'.padStart(9)} ${'ratio'.padStart(7)} ${'peak mem'.padStart(9)}` : ''),
  );
  const rows = [];
  for (const n of SIZES) {
    const dir = mkdtempSync(join(tmpdir(), `wcecfg-bench-${g.name}-`));
    const catalogDir = join(dir, 'catalog');
    mkdirSync(catalogDir);
    const gr = graph(n);
    g.write(catalogDir, gr);
    const disk = diskSize(catalogDir);
    const runs = n <= 1000 ? RUNS : n <= 10000 ? Math.max(3, Math.ceil(RUNS / 3)) : 3;
    const [node, bare, w, b] = sideBySide(
      [
        { name: 'node -e 0', args: ['-e', '0'] },
        { name: 'bare read', args: ['-e', BARE, catalogDir] },
        { name: 'wcecfg', args: [cli, 'resolve', gr.root, '--catalog', catalogDir, '--json'] },
        ...(BASELINE ? [{ name: 'baseline', args: [BASELINE, 'resolve', gr.root, '--catalog', catalogDir, '--json'] }] : []),
      ],
      runs,
    );
    rmSync(dir, { recursive: true, force: true });
    const limit = node.rss !== undefined ? disk + node.rss : undefined;
    rows.push({ n, disk, node: node.median, bare: bare.median, ms: w.median, rss: w.rss, limit });
    console.log(
      `  ${String(n).padStart(7)} ${mb(disk).padStart(9)} ${ms(node.median).padStart(10)} ${ms(bare.median).padStart(10)} ${ms(w.median).padStart(9)} ${`${(w.median / node.median).toFixed(2)}x`.padStart(7)} ` +
        `${(w.rss !== undefined ? mb(w.rss) : '-').padStart(9)} ${(limit !== undefined ? mb(limit) : '-').padStart(9)} ${(ownFloor !== undefined ? mb(ownFloor + disk) : '-').padStart(15)}  ${String(runs).padStart(4)}` +
        (b ? `   ${ms(b.median).padStart(9)} ${`${(b.median / node.median).toFixed(2)}x`.padStart(7)} ${(b.rss !== undefined ? mb(b.rss) : '-').padStart(9)}` : ''),
    );
  }
  if (rows.length >= 2) {
    const total = exponent(rows.map((r) => ({ x: r.n, y: r.ms })));
    const work = exponent(rows.map((r) => ({ x: r.n, y: r.ms - r.node })));
    console.log(`  growth exponent: ${total.toFixed(2)} for the whole run, ${work.toFixed(2)} for the time above node -e 0 (1.00 is linear)`);
  }
  const at = (n) => rows.find((r) => r.n === n);
  const checks = [];
  if (at(1000)) checks.push(`1,000 items within 1.5x node -e 0: ${verdict(at(1000).ms <= 1.5 * at(1000).node)} (${(at(1000).ms / at(1000).node).toFixed(2)}x; reading the files alone: ${(at(1000).bare / at(1000).node).toFixed(2)}x)`);
  if (at(10000)) checks.push(`10,000 items under 0.4 s: ${verdict(at(10000).ms < 400)} (${ms(at(10000).ms)})`);
  if (rows.length >= 2) checks.push(`linear growth (exponent above start-up at most 1.1): ${verdict(exponent(rows.map((r) => ({ x: r.n, y: r.ms - r.node }))) <= 1.1)}`);
  if (rows.every((r) => r.rss !== undefined)) {
    checks.push(`peak memory within catalog size on disk + node's floor: ${verdict(rows.every((r) => r.rss <= r.limit))}`);
    checks.push(`peak memory within catalog size on disk + wcecfg's own floor (${mb(ownFloor)}): ${verdict(rows.every((r) => r.rss <= ownFloor + r.disk))} (what the catalog adds: ${rows.map((r) => `${((r.rss - ownFloor) / r.disk).toFixed(1)}x`).join(', ')} its size on disk)`);
  }
  for (const c of checks) console.log(`  target: ${c}`);
  console.log('');
}
