/**
 * Hostile registry input (issue 13), with the real consumer in the loop where something is written:
 * a REG_BINARY default given as a string, catalog options named after Object.prototype members, and
 * messenger clients whose names differ only in case. Refusals exit 2 and write nothing; what is
 * written is imported by Wine's regedit and read back.
 */
import { describe, expect, test } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, expectUserError, tmp, write } from '../helpers.js';
import { hasWine, useWinePrefix, type RegTree } from '../wine.js';

function oemCatalog(facts: object[]): string {
  const dir = tmp('wcecfg-hostile-cat-');
  write(dir, 'SYSGEN_OEM_HOSTILE.json', JSON.stringify({
    id: 'SYSGEN_OEM_HOSTILE', title: 'Hostile registry facts', description: 'For tests.', area: 'Test', confidence: 'documented', requires: [], sources: ['test'],
    modules: [{ name: 'hostile', role: 'dll', file: 'hostile.dll' }],
    cesysgenFlag: { module: 'hostile', flag: 'OEM_MODULES_HOSTILE', confidence: 'documented' },
    registry: facts.map((f) => ({ key: 'HKEY_CURRENT_USER\\Software\\wcecfg-hostile', meaning: 'test', source: 'test', confidence: 'documented', ...f })),
  }));
  return dir;
}
const designFile = (d: string, extra: object = {}) => write(d, 'h.json', JSON.stringify({ name: 'H', select: ['SYSGEN_OEM_HOSTILE'], ...extra }));

describe('hostile registry input is refused before anything is written', () => {
  test('a REG_BINARY default "v" (not hex) exits 2 naming the catalog file and pointer; no output directory', () => {
    const d = tmp();
    const out = join(d, 'out');
    const msg = expectUserError(cli(['generate', '--catalog', oemCatalog([{ name: 'B', type: 'REG_BINARY', default: 'v' }]), '--design', designFile(d), '--out', out]));
    expect(msg).toMatch(/SYSGEN_OEM_HOSTILE\.json: \/registry\/0\/default: "v" is not hex bytes/);
    expect(existsSync(out)).toBe(false);
  });
  test('a catalog option named __proto__ is a schema error (exit 2), not a crash', () => {
    const d = tmp();
    const msg = expectUserError(cli(['generate', '--catalog', oemCatalog([{ name: 'P', type: 'REG_SZ', default: 'x', option: '__proto__' }]), '--design', designFile(d), '--out', join(d, 'out')]));
    expect(msg).toMatch(/SYSGEN_OEM_HOSTILE\.json.*\/registry\/0\/option/);
  });
  test('messenger clients Acme and ACME: generate exits 2 and writes nothing (one client would overwrite the other)', () => {
    const d = tmp();
    const c = (name: string, n: string) => ({ name, messengerGuid: `00000000-0000-0000-0000-00000000000${n}`, privateGuid: `00000000-0000-0000-0001-00000000000${n}`, sessionManagerGuid: `00000000-0000-0000-0002-00000000000${n}` });
    const f = write(d, 'c.json', JSON.stringify({ name: 'C', select: ['SYSGEN_MESSENGER'], clients: [c('Acme', '1'), c('ACME', '2')] }));
    const out = join(d, 'out');
    expect(expectUserError(cli(['generate', '--design', f, '--out', out]))).toMatch(/\/clients\/1\/name: key ".*\\Clients\\ACME" is the same registry key as ".*\\Clients\\Acme"/);
    expect(existsSync(out)).toBe(false);
  });
});

describe.skipIf(!hasWine)('what is written from odd catalog defaults is what regedit imports', () => {
  const prefix = useWinePrefix();
  test('REG_BINARY "ab" is the one byte AB (not 0A 0B); options named toString and constructor work; HKLM\\Comm stays out', () => {
    // Catalog defaults and design values go through the one coercion; the design's values are written.
    const cat = oemCatalog([
      { name: 'Bin', type: 'REG_BINARY', default: '00', option: 'bin' },
      { name: 'ToString', type: 'REG_SZ', default: 'catalog', option: 'toString' },
      { name: 'Ctor', type: 'REG_DWORD', default: 1, option: 'constructor' },
      { name: 'Multi', type: 'REG_MULTI_SZ', default: ['z'], option: 'multi' },
      { key: 'HKEY_LOCAL_MACHINE\\Comm\\wcecfg-hostile', name: 'CeOnly', type: 'REG_DWORD', default: 1, option: 'ceOnly' },
    ]);
    const d = tmp();
    const out = join(d, 'out');
    const f = designFile(d, { registry: { bin: 'ab', toString: 'kept', constructor: 7, multi: ['a', 'b c'], ceOnly: 2 } });
    const g = cli(['generate', '--catalog', cat, '--design', f, '--out', out, '--only', 'desktop-reg']);
    expect(g.code, g.stderr).toBe(0);
    const KEY = 'HKCU\\Software\\wcecfg-hostile';
    const CE_ONLY = 'HKLM\\Comm\\wcecfg-hostile';
    const imp = prefix().importAndExport([join(out, 'desktop.reg')], [KEY, CE_ONLY]);
    expect(imp.code, imp.stderr).toBe(0);
    const [tree, ce] = imp.trees as [RegTree, RegTree];
    expect(tree.values(KEY)).toEqual(expect.arrayContaining([
      { name: 'Bin', type: 'REG_BINARY', data: 'AB' },
      { name: 'ToString', type: 'REG_SZ', data: 'kept' },
      { name: 'Ctor', type: 'REG_DWORD', data: '0x7' },
      { name: 'Multi', type: 'REG_MULTI_SZ', data: 'a\\0b c' },
    ]));
    expect(ce.has(CE_ONLY)).toBe(false);
    prefix().deleteKeys([KEY]);
  }, 180_000);
});
