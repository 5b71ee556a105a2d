import { describe, expect, test } from 'vitest';
import { loadCatalog } from '../src/catalog/load.js';
import { resolve, closureSet } from '../src/resolve.js';
import { MESSENGER_CLOSURE, INFERRED } from './helpers.js';
import type { Catalog, Component } from '../src/catalog/types.js';

const catalog = await loadCatalog();

function synthetic(edges: Record<string, string[]>): Catalog {
  const items = new Map<string, Component>();
  for (const [id, reqs] of Object.entries(edges)) {
    items.set(id, { id, title: id, description: id, area: 'test', confidence: 'documented', sources: ['test'], modules: [],
      requires: reqs.map((r) => ({ id: r, kind: 'catalog', confidence: 'documented', source: 'test' })) });
  }
  return { items, files: new Map(), removed: new Set(), later: new Map() };
}

describe('the SYSGEN_MESSENGER closure', () => {
  const r = resolve(catalog, ['SYSGEN_MESSENGER']);

  test('is exactly the documented closure plus the build-rule closure of the reference', () => {
    expect([...r.order].sort()).toEqual(MESSENGER_CLOSURE);
    expect(r.order).toHaveLength(39);
  });

  test('puts every item after everything it requires, ties broken by id', () => {
    const placed = new Set<string>();
    for (const id of r.order) {
      const reqs = r.items.get(id)!.component.requires.map((q) => q.id).filter((q) => r.items.has(q));
      for (const q of reqs) expect(placed.has(q), `${q} before ${id}`).toBe(true);
      // No smaller id was ready at this point.
      const ready = r.order.filter((x) => !placed.has(x) && r.items.get(x)!.component.requires.every((q) => !r.items.has(q.id) || placed.has(q.id)));
      expect(ready.sort()[0]).toBe(id);
      placed.add(id);
    }
  });

  test('gives each item a shortest chain from the root along real edges', () => {
    const dist = new Map<string, number>([['SYSGEN_MESSENGER', 0]]);
    const q = ['SYSGEN_MESSENGER'];
    for (let i = 0; i < q.length; i++) for (const e of catalog.items.get(q[i]!)!.requires) if (!dist.has(e.id) && r.items.has(e.id)) { dist.set(e.id, dist.get(q[i]!)! + 1); q.push(e.id); }
    for (const id of r.order) {
      const chain = r.items.get(id)!.chain;
      expect(chain[0]).toBe('SYSGEN_MESSENGER');
      expect(chain[chain.length - 1]).toBe(id);
      for (let i = 1; i < chain.length; i++) expect(catalog.items.get(chain[i - 1]!)!.requires.some((e) => e.id === chain[i])).toBe(true);
      expect(chain.length - 1).toBe(dist.get(id));
    }
  });

  test('names every requirer inside the closure', () => {
    expect(r.items.get('SYSGEN_CREDMAN')!.requiredBy.map((b) => b.id)).toEqual(['SYSGEN_AUTH', 'SYSGEN_AUTH_KERBEROS']);
    const kinds = r.items.get('SYSGEN_CREDMAN')!.requiredBy.flatMap((b) => b.edges.map((e) => `${b.id}:${e.kind}`));
    expect(kinds).toContain('SYSGEN_AUTH:build-rule');
    expect(kinds).toContain('SYSGEN_AUTH_KERBEROS:catalog');
  });

  test('marks the entries the reference marks inferred', () => {
    const inferred = r.order.filter((id) => r.items.get(id)!.inferred).sort();
    expect(inferred).toEqual([...INFERRED].sort());
  });

  test('is the same whatever order the roots are given in', () => {
    const a = resolve(catalog, ['SYSGEN_MESSENGER', 'SYSGEN_PM', 'SYSGEN_AUTH_NTLM']);
    const b = resolve(catalog, ['SYSGEN_AUTH_NTLM', 'SYSGEN_PM', 'SYSGEN_MESSENGER']);
    expect(a.order).toEqual(b.order);
  });
});

describe('conditional build rules', () => {
  test('SYSGEN_PM replaces the power-manager stubs', () => {
    const r = resolve(catalog, ['SYSGEN_MESSENGER', 'SYSGEN_PM']);
    expect(r.items.has('SYSGEN_PMSTUBS')).toBe(false);
    expect(r.items.has('SYSGEN_PM')).toBe(true);
  });
  test('SYSGEN_CORELOC replaces SYSGEN_LOCUSA', () => {
    const r = resolve(catalog, ['SYSGEN_MESSENGER', 'SYSGEN_CORELOC']);
    expect(r.items.has('SYSGEN_LOCUSA')).toBe(false);
  });
  test('cesysgen alone (build rules only) does not reach the Catalog dependencies', () => {
    const s = closureSet(catalog, ['SYSGEN_MESSENGER'], new Set(['build-rule'])).set;
    expect([...s]).toEqual(['SYSGEN_MESSENGER']);
  });
});

describe('errors', () => {
  test('an unknown root gets a did-you-mean', () => {
    expect(() => resolve(catalog, ['SYSGEN_MESENGER'])).toThrow(/unknown Sysgen variable SYSGEN_MESENGER \(did you mean SYSGEN_MESSENGER\?\)/);
  });
  test('a variable removed in CE 5.0 says so', () => {
    expect(() => resolve(catalog, ['SYSGEN_DSOUND'])).toThrow(/removed in Windows CE 5.0/);
  });
  test('excluding something the closure needs names who needs it', () => {
    expect(() => resolve(catalog, ['SYSGEN_MESSENGER'], { exclude: ['SYSGEN_CREDMAN'] })).toThrow(
      /SYSGEN_CREDMAN is excluded, but SYSGEN_AUTH, SYSGEN_AUTH_KERBEROS require it/,
    );
  });
  test('an empty selection is refused', () => {
    expect(() => resolve(catalog, [])).toThrow(/selection is empty/);
  });
});

describe('synthetic catalogs', () => {
  test('a diamond resolves each item once, in order', () => {
    const c = synthetic({ A: ['B', 'C'], B: ['D'], C: ['D'], D: [] });
    expect(resolve(c, ['A']).order).toEqual(['D', 'B', 'C', 'A']);
  });
  test('a long chain does not overflow the stack', () => {
    const edges: Record<string, string[]> = {};
    for (let i = 0; i < 20000; i++) edges[`N${String(i).padStart(5, '0')}`] = i < 19999 ? [`N${String(i + 1).padStart(5, '0')}`] : [];
    const r = resolve(synthetic(edges), ['N00000']);
    expect(r.order[0]).toBe('N19999');
    expect(r.items.get('N19999')!.chain).toHaveLength(20000);
  });
});
