#!/usr/bin/env node
// Times `wcecfg resolve ROOT --catalog DIR --json` on generated catalogs in the Platform Builder
// forms (bench/generators/cec.mjs, pbcxml.mjs), side by side in one run.
//   node bench/forms.mjs              (after npm run build)
//   node bench/forms.mjs --runs 5 --sizes 1000,10000,50000
// Item i requires the 5 items below it, so the root (the last item) pulls in everything.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as cec from './generators/cec.mjs';
import * as pbcxml from './generators/pbcxml.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const RUNS = Number(arg('--runs', '5'));
const sizes = arg('--sizes', '1000,10000,50000').split(',').map(Number);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function graph(n) {
  const items = [];
  for (let i = 0; i < n; i++) {
    const id = `SYSGEN_S${String(i).padStart(6, '0')}`;
    const requires = [];
    for (let k = 1; k <= 5 && i - k >= 0; k++) requires.push(`SYSGEN_S${String(i - k).padStart(6, '0')}`);
    items.push({ id, requires });
  }
  return { items, root: items[n - 1].id };
}

const base = mkdtempSync(join(tmpdir(), 'wcecfg-forms-'));
console.log(`wcecfg resolve ROOT --catalog DIR --json on generated Platform Builder catalogs (${RUNS} interleaved runs, medians)\n`);
for (const n of sizes) {
  const g = graph(n);
  const cases = [cec, pbcxml].map((gen) => {
    const dir = join(base, `${gen.name}-${n}`);
    mkdirSync(dir);
    gen.write(dir, g);
    return { name: gen.name, dir };
  });
  const times = cases.map(() => []);
  for (let r = 0; r < RUNS; r++) {
    cases.forEach((c, k) => {
      const t = performance.now();
      const p = spawnSync(process.execPath, [cli, 'resolve', g.root, '--catalog', c.dir, '--json'], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
      times[k].push(performance.now() - t);
      if (p.status !== 0) throw new Error(`${c.name} ${n}: exit ${p.status}: ${p.stderr}`);
    });
  }
  console.log(`  ${String(n).padStart(6)} items: ${cases.map((c, k) => `.${c.name} ${median(times[k]).toFixed(0)} ms`).join('   ')}`);
}
rmSync(base, { recursive: true, force: true });
