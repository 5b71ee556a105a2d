/**
 * Crashes and quadratic work at scale: the build plan for 100,000 selected items (minutes before,
 * from searching lists per item), and `validate` with hundreds of thousands of findings (a stack
 * overflow before, from spreading the findings into push()).
 */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { cliPath, root, tmp, write } from '../helpers.js';
import { resolve } from '../../src/resolve.js';
import { buildPlan } from '../../src/generate/plan.js';
import { validateDesign } from '../../src/analyze.js';
import type { Catalog, Component } from '../../src/catalog/types.js';
import type { Design } from '../../src/design/types.js';

const id = (i: number) => `SYSGEN_S${String(i).padStart(6, '0')}`;

/** Item i requires i+7, i+14, i+21 and the last item, a hub every other item requires; each has a module in its own @CESYSGEN group. */
function syntheticCatalog(n: number): Catalog {
  const items = new Map<string, Component>();
  for (let i = 0; i < n; i++) {
    const requires = [7, 14, 21].filter((k) => i + k < n - 1).map((k) => ({ id: id(i + k), kind: 'build-rule' as const, confidence: 'documented' as const, source: 'synthetic' }));
    if (i < n - 1) requires.push({ id: id(n - 1), kind: 'build-rule', confidence: 'documented', source: 'synthetic' });
    items.set(id(i), {
      id: id(i), title: `Synthetic ${i}`, description: 'x', area: 'Synthetic', confidence: 'documented', requires, sources: ['synthetic'],
      modules: [{ name: `m${i}`, role: 'dll', file: `m${i}.dll`, bib: { section: 'MODULES', memory: 'NK', flags: 'SH' } }],
      cesysgenFlag: { module: `m${i}`, flag: `SYNTH_MODULES_M${i}`, confidence: 'documented' },
    } as Component);
  }
  return { items, files: new Map(), removed: new Set() };
}

const design = (select: string[]): Design => ({ kind: 'json', file: 'synthetic.json', name: 'Synthetic', select, exclude: [], cleared: [], lines: new Map(), warnings: [], registry: {}, firewall: {}, clients: [] });

describe('scale', () => {
  test('the build plan for 100,000 selected items is linear work (seconds, not minutes)', () => {
    const catalog = syntheticCatalog(100_000);
    const select = [...catalog.items.keys()];
    const t0 = performance.now();
    const r = resolve(catalog, select);
    const plan = buildPlan(catalog, design(select), r);
    const ms = performance.now() - t0;
    expect(plan.closure).toHaveLength(100_000);
    expect(plan.bib.modules).toHaveLength(100_000);
    expect(ms).toBeLessThan(20_000);
  }, 60_000);

  test('validate: 100,000 selections that a hub is required by give one redundancy list each, in linear time', () => {
    const catalog = syntheticCatalog(100_000);
    const t0 = performance.now();
    const rep = validateDesign(catalog, design([...catalog.items.keys()]));
    expect(performance.now() - t0).toBeLessThan(20_000);
    const hub = rep.findings.find((f) => f.id === id(99_999))!;
    expect(hub.requiredBy).toHaveLength(99_999);
  }, 60_000);

  test('validate with 300,000 findings (registry options no component defines) lists them all, no stack overflow', () => {
    const d = tmp();
    const registry = Object.fromEntries(Array.from({ length: 300_000 }, (_, i) => [`opt${i}`, 1]));
    const f = write(d, 'many.json', JSON.stringify({ name: 'Many', select: ['SYSGEN_MESSENGER'], registry }));
    const r = spawnSync(process.execPath, [cliPath, 'validate', f], { cwd: root, encoding: 'utf8', timeout: 60_000, maxBuffer: 256 * 1024 * 1024 });
    expect(r.stderr).not.toMatch(/RangeError|Maximum call stack/);
    expect(r.status).toBe(1);
    expect(r.stdout.trimEnd().split('\n').pop()).toMatch(/many\.json: incomplete: \d+ items, 300000 errors, 0 warnings$/);
  }, 90_000);
});
