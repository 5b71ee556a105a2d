#!/usr/bin/env node
// Generators for the Platform Builder catalog forms wcecfg reads (.cec and .pbcxml), and a timing
// of `wcecfg resolve ROOT --catalog DIR --json` on them, side by side in one run.
//   node bench/forms.mjs              (after npm run build)
//   node bench/forms.mjs --runs 5 --sizes 1000,10000,50000
// Each item requires about 5 later items (a DAG), like bench.mjs's synthetic catalogs. Items are
// split over files of at most 5,000 items, as real trees spread their catalogs over many files
// (and a single file is limited to 16 MB).
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const PER_FILE = 5000;
const id = (i) => `SYSGEN_S${String(i).padStart(6, '0')}`;
const guid = (i) => `{00000000-0000-4000-8000-${String(i).padStart(12, '0')}}`;

/** For item i, about 5 later items (deterministic). */
function edges(n, seed = 42) {
  let s = seed;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const out = [];
  for (let i = 0; i < n; i++) {
    const e = new Set();
    for (let k = 0; k < 5 && i + 1 < n; k++) e.add(i + 1 + Math.floor(rnd() * Math.min(n - i - 1, 200)));
    out.push([...e]);
  }
  return out;
}

/** .cec files (CE 5.0), `PER_FILE` items each: { name, text }[]. Children links cross files. */
export function cecFiles(n) {
  const es = edges(n);
  const files = [];
  for (let start = 0; start < n; start += PER_FILE) {
    const lines = [`CECInfo ( Name("bench-${start}.cec") CECVersion(5.00) Vendor("bench") )`];
    for (let i = start; i < Math.min(n, start + PER_FILE); i++) {
      lines.push(
        `ComponentType ( Name("${id(i)}") Group("\\Bench") Implementations ( Implementation (`,
        `  Name("${id(i)}") GUID(${guid(i)}) Variable("${id(i)}", "1")`,
        ...es[i].map((j) => `  Children("${guid(j)}")`),
        `  BibInfo ( Files ( File ( BibRecord('#MODULES("m${i}.dll", "$(_FLATRELEASEDIR)\\m${i}.dll", "NK", "SH")') ) ) ) ) ) )`,
      );
    }
    files.push({ name: `bench-${start}.cec`, text: lines.join('\r\n') + '\r\n' });
  }
  return files;
}

/** .pbcxml files (CE 6.0), `PER_FILE` items each: { name, text }[]. Dependencies name Item ids across files. */
export function pbcxmlFiles(n) {
  const es = edges(n);
  const files = [];
  for (let start = 0; start < n; start += PER_FILE) {
    const lines = ['<?xml version="1.0" encoding="utf-8"?>', '<CatalogFile RequiredVersion="6.00" xmlns="urn:Microsoft.PlatformBuilder/Catalog">'];
    for (let i = start; i < Math.min(n, start + PER_FILE); i++) {
      lines.push(
        `  <Item Id="Item:Bench:I${i}">`,
        `    <Title>${id(i)}</Title>`,
        `    <SysgenVariable>${id(i)}</SysgenVariable>`,
        `    <Module>m${i}.dll</Module>`,
        ...es[i].map((j) => `    <Dependency>Item:Bench:I${j}</Dependency>`),
        '  </Item>',
      );
    }
    lines.push('</CatalogFile>');
    files.push({ name: `bench-${start}.pbcxml`, text: lines.join('\r\n') + '\r\n' });
  }
  return files;
}

/** Write a form's files into a new folder under `base`; returns the folder. */
export function writeForm(base, name, files) {
  const dir = join(base, name);
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f.name), f.text);
  return dir;
}

const isMain = process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1];
if (isMain) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const cli = join(root, 'dist', 'cli.js');
  const arg = (name, dflt) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : dflt;
  };
  const RUNS = Number(arg('--runs', '5'));
  const sizes = arg('--sizes', '1000,10000,50000').split(',').map(Number);
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const base = mkdtempSync(join(tmpdir(), 'wcecfg-forms-'));
  console.log(`wcecfg resolve ROOT --catalog DIR --json on generated Platform Builder catalogs (${RUNS} interleaved runs, medians)\n`);
  for (const n of sizes) {
    const cases = [
      { name: '.cec', dir: writeForm(base, `cec-${n}`, cecFiles(n)) },
      { name: '.pbcxml', dir: writeForm(base, `pbcxml-${n}`, pbcxmlFiles(n)) },
    ];
    const times = cases.map(() => []);
    for (let r = 0; r < RUNS; r++) {
      cases.forEach((c, k) => {
        const t = performance.now();
        const p = spawnSync(process.execPath, [cli, 'resolve', id(0), '--catalog', c.dir, '--json'], { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 28 });
        times[k].push(performance.now() - t);
        if (p.status !== 0) throw new Error(`${c.name} ${n}: exit ${p.status}: ${p.stderr}`);
      });
    }
    console.log(`  ${String(n).padStart(6)} items: ${cases.map((c, k) => `${c.name} ${median(times[k]).toFixed(0)} ms`).join('   ')}`);
  }
  rmSync(base, { recursive: true, force: true });
}
