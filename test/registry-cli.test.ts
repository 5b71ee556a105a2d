/**
 * Registry values end to end through the CLI, with a test-only OEM catalog whose registry facts have
 * odd types and defaults: what generate writes, what validate and generate refuse, and the names a
 * catalog or design may choose (toString, constructor, __proto__, clients differing only in case).
 */
import { describe, expect, test } from 'vitest';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, expectUserError, tmp, write } from './helpers.js';
import { parseCeReg } from './support/cereg.js';
import { parseDesktopReg } from './support/desktopreg.js';
import { uncommentCeValues } from './support/regdata.js';

interface Fact { key?: string; name: string; type: string; default?: unknown; option?: string; allowed?: Array<{ value: number; meaning: string }> }

/** A catalog directory with one OEM item, SYSGEN_OEM_ODDREG, holding these registry facts. */
function oemCatalog(facts: Fact[]): string {
  const dir = tmp('wcecfg-oemcat-');
  write(dir, 'SYSGEN_OEM_ODDREG.json', JSON.stringify({
    id: 'SYSGEN_OEM_ODDREG', title: 'Odd registry test item', description: 'Registry facts of every type, for tests.', area: 'Test',
    confidence: 'documented', requires: [], sources: ['test'],
    modules: [{ name: 'oddreg', role: 'dll', file: 'oddreg.dll' }],
    cesysgenFlag: { module: 'oddreg', flag: 'OEM_MODULES_ODDREG', confidence: 'documented' },
    registry: facts.map((f) => ({ key: 'HKEY_LOCAL_MACHINE\\Software\\Oem\\OddReg', meaning: `test value ${f.name}`, source: 'test', confidence: 'documented', ...f })),
  }, null, 2));
  return dir;
}

function design(dir: string, extra: object = {}, select = ['SYSGEN_OEM_ODDREG']): string {
  return write(dir, 'odd.json', JSON.stringify({ name: 'Odd', select, ...extra }));
}

const GOOD: Fact[] = [
  { name: 'Bin', type: 'REG_BINARY', default: 'ab', option: 'bin' },
  { name: 'Bind', type: 'REG_MULTI_SZ', default: ['PCI\\NE20001', 'RTL8180_NWIFI'], option: 'bind' },
  { name: 'Big', type: 'REG_QWORD', default: '0x100000000' },
  { name: 'Path', type: 'REG_EXPAND_SZ', default: '%WINDIR%\\oem' },
  { name: 'T', type: 'REG_SZ', default: 'from the catalog', option: 'toString' },
  { name: 'C', type: 'REG_DWORD', default: 1, option: 'constructor' },
  { key: 'HKEY_LOCAL_MACHINE\\Comm\\OddReg\\Parms', name: 'Window', type: 'REG_DWORD', default: 16, option: 'window' },
];

describe('registry values of every type, from catalog defaults and design values', () => {
  test('project.reg holds each value as typed: "ab" is the byte AB, a multi-string is multi_sz, a QWORD is hex(b)', () => {
    const cat = oemCatalog(GOOD);
    const d = tmp();
    const out = join(d, 'out');
    const g = cli(['generate', '--catalog', cat, '--design', design(d), '--out', out, '--only', 'reg,desktop-reg,report']);
    expect(g.code, g.stderr).toBe(0);
    const values = parseCeReg(uncommentCeValues(readFileSync(join(out, 'project.reg'), 'latin1'))).values;
    const byName = Object.fromEntries(values.map((v) => [v.name, [v.type, v.data, v.guards]]));
    expect(byName).toEqual({
      Bin: ['REG_BINARY', [0xab], ['OEM_MODULES_ODDREG']],
      Bind: ['REG_MULTI_SZ', ['PCI\\NE20001', 'RTL8180_NWIFI'], ['OEM_MODULES_ODDREG']],
      Big: ['REG_QWORD', 0x100000000n, ['OEM_MODULES_ODDREG']],
      Path: ['REG_EXPAND_SZ', '%WINDIR%\\oem', ['OEM_MODULES_ODDREG']],
      T: ['REG_SZ', 'from the catalog', ['OEM_MODULES_ODDREG']],
      C: ['REG_DWORD', 1, ['OEM_MODULES_ODDREG']],
      Window: ['REG_DWORD', 16, ['OEM_MODULES_ODDREG']],
    });
    const report = readFileSync(join(out, 'report.md'), 'utf8');
    expect(report).toMatch(/Bin.*REG\\?_BINARY.*AB/); // Markdown may escape the underscores
    expect(report).toMatch(/Bind.*REG\\?_MULTI\\?_SZ.*"PCI\\\\NE20001", "RTL8180\\_NWIFI"/); // as Markdown escapes it
  });
  test('design values go through the same coercion: arrays, hex text, and options called toString or constructor', () => {
    const cat = oemCatalog(GOOD);
    const d = tmp();
    const f = design(d, { registry: { bin: '62 03 00 80', bind: ['one'], toString: 'mine', constructor: 0 } });
    expect(cli(['validate', '--catalog', cat, f]).code).toBe(0);
    const out = join(d, 'out');
    const g = cli(['generate', '--catalog', cat, '--design', f, '--out', out, '--only', 'reg']);
    expect(g.code, g.stderr).toBe(0);
    const byName = Object.fromEntries(parseCeReg(readFileSync(join(out, 'project.reg'), 'latin1')).values.map((v) => [v.name, v.data]));
    expect(byName).toMatchObject({ Bin: [0x62, 0x03, 0x00, 0x80], Bind: ['one'], T: 'mine', C: 0 });
  });
  test('catalog options called toString and constructor that the design leaves alone take their defaults (no crash)', () => {
    const cat = oemCatalog([{ name: 'T', type: 'REG_SZ', default: 'x', option: 'toString' }, { name: 'C', type: 'REG_DWORD', default: 3, option: 'constructor' }, { name: 'V', type: 'REG_DWORD', default: 4, option: 'valueOf' }]);
    const d = tmp();
    const f = design(d);
    const v = cli(['validate', '--catalog', cat, f]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
    const g = cli(['generate', '--catalog', cat, '--design', f, '--out', join(d, 'out'), '--only', 'reg']);
    expect(g.code, g.stderr).toBe(0);
    expect(parseCeReg(uncommentCeValues(readFileSync(join(d, 'out', 'project.reg'), 'latin1'))).values.map((x) => [x.name, x.data])).toEqual([['T', 'x'], ['C', 3], ['V', 4]]);
  });
  test('a design option called __proto__ or toString that no component defines is an ordinary unknown option', () => {
    const d = tmp();
    for (const opt of ['__proto__', 'toString', 'constructor', 'hasOwnProperty']) {
      const f = write(d, `${opt}.json`, `{"name": "P", "select": ["SYSGEN_MESSENGER"], "registry": {"${opt}": "x"}}`);
      const v = cli(['validate', f]);
      expect(v.code, v.stderr).toBe(1);
      expect(v.stdout).toContain(`no component defines a registry option "${opt}"`);
      expect(expectUserError(cli(['generate', '--design', f, '--out', join(d, `o-${opt}`)]))).toContain(`/registry/${opt}: no component defines a registry option "${opt}"`);
    }
  }, 60_000);
  test('a REG_BINARY default that is not hex ("v") is a catalog problem naming the file and JSON pointer, never hex:0v', () => {
    const cat = oemCatalog([{ name: 'Ok', type: 'REG_SZ', default: 'fine' }, { name: 'Bin', type: 'REG_BINARY', default: 'v' }]);
    const d = tmp();
    const msg = expectUserError(cli(['generate', '--catalog', cat, '--design', design(d), '--out', join(d, 'out')]));
    expect(msg).toMatch(/SYSGEN_OEM_ODDREG\.json: \/registry\/1\/default: "v" is not hex bytes \(Bin is a REG_BINARY\)/);
    expect(existsSync(join(d, 'out'))).toBe(false);
    const v = cli(['validate', '--catalog', cat, design(d)]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/\/registry\/1\/default: "v" is not hex bytes/);
  });
  test('a default outside "allowed" is a catalog problem naming the file and JSON pointer', () => {
    const cat = oemCatalog([{ name: 'Mode', type: 'REG_DWORD', default: 7, option: 'mode', allowed: [{ value: 0, meaning: 'off' }, { value: 1, meaning: 'on' }] }]);
    const d = tmp();
    expect(expectUserError(cli(['generate', '--catalog', cat, '--design', design(d), '--out', join(d, 'out')])))
      .toMatch(/SYSGEN_OEM_ODDREG\.json: \/registry\/0\/default: 7 is not allowed for Mode; use 0 \(off\), 1 \(on\) \(a catalog problem: fix the default\)$/);
    // Even when the design sets the option: the catalog's promise is broken either way.
    expect(cli(['validate', '--catalog', cat, design(d, { registry: { mode: 'on' } })]).stdout).toMatch(/\/registry\/0\/default: 7 is not allowed/);
  });
  test('a REG_MULTI_SZ default given as a string is a list of one; an empty string in the list is refused, not blamed on a template', () => {
    const one = oemCatalog([{ name: 'M', type: 'REG_MULTI_SZ', default: 'single' }]);
    const d = tmp();
    expect(cli(['generate', '--catalog', one, '--design', design(d), '--out', join(d, 'o1'), '--only', 'reg']).code).toBe(0);
    expect(parseCeReg(uncommentCeValues(readFileSync(join(d, 'o1', 'project.reg'), 'latin1'))).values[0]).toMatchObject({ type: 'REG_MULTI_SZ', data: ['single'] });
    const bad = oemCatalog([{ name: 'M', type: 'REG_MULTI_SZ', default: ['a', ''] }]);
    const msg = expectUserError(cli(['generate', '--catalog', bad, '--design', design(d), '--out', join(d, 'o2')]));
    expect(msg).toMatch(/\/registry\/0\/default: string 2 of M is empty/);
    expect(msg).not.toMatch(/\.hbs/);
  });
  test('two facts for one value (names differing only in case) are a catalog problem', () => {
    const cat = oemCatalog([{ name: 'Help', type: 'REG_SZ', default: 'a' }, { key: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Oem\\OddReg', name: 'HELP', type: 'REG_SZ', default: 'b' }]);
    const d = tmp();
    expect(expectUserError(cli(['generate', '--catalog', cat, '--design', design(d), '--out', join(d, 'out')]))).toMatch(/SYSGEN_OEM_ODDREG\.json: \/registry\/1\/key: key "HKEY_LOCAL_MACHINE\\SOFTWARE\\Oem\\OddReg" is the same registry key as "HKEY_LOCAL_MACHINE\\Software\\Oem\\OddReg"/);
  });
});

describe('desktop.reg leaves out CE-only keys and says which', () => {
  test('HKLM\\Comm values are in project.reg only; desktop.reg lists them in a comment at the top', () => {
    const cat = oemCatalog(GOOD);
    const d = tmp();
    const out = join(d, 'out');
    // The design sets values (a design's own values are written whatever the catalog's defaults are).
    expect(cli(['generate', '--catalog', cat, '--design', design(d, { registry: { bin: '01', window: 32 } }), '--out', out, '--only', 'reg,desktop-reg']).code).toBe(0);
    const bytes = readFileSync(join(out, 'desktop.reg'));
    const parsed = parseDesktopReg(bytes);
    expect(parsed.keys).toEqual(['HKEY_LOCAL_MACHINE\\Software\\Oem\\OddReg']);
    expect(parsed.values.map((v) => v.name)).toContain('Bin');
    expect(parsed.values.map((v) => v.name)).not.toContain('Window');
    const lines = bytes.subarray(2).toString('utf16le').split('\r\n');
    const top = lines.slice(1, lines.findIndex((l) => l.startsWith('[')));
    expect(top.join('\n')).toMatch(/^; Left out: values under keys that exist only on Windows CE.*\n.*project\.reg.*\n;   HKEY_LOCAL_MACHINE\\Comm\\OddReg\\Parms\\Window\n$/);
    expect(parseCeReg(readFileSync(join(out, 'project.reg'), 'latin1')).values).toContainEqual(expect.objectContaining({ key: 'HKEY_LOCAL_MACHINE\\Comm\\OddReg\\Parms', name: 'Window', data: 32 }));
  });
  test('the built-in keep-alive values (HKLM\\Comm\\Tcpip\\Parms) too, in v4 and v5', () => {
    const d = tmp();
    const f = design(d, { registry: { keepAliveTime: 600000 } }, ['SYSGEN_MESSENGER']);
    for (const v of ['4', '5']) {
      const out = join(d, `out${v}`);
      expect(cli(['generate', '--design', f, '--out', out, '--only', 'desktop-reg', '--reg-version', v]).code).toBe(0);
      const bytes = readFileSync(join(out, 'desktop.reg'));
      expect(parseDesktopReg(bytes).keys.filter((k) => /^HKEY_LOCAL_MACHINE\\Comm/i.test(k))).toEqual([]);
      expect(v === '5' ? bytes.subarray(2).toString('utf16le') : bytes.toString('latin1')).toContain(';   HKEY_LOCAL_MACHINE\\Comm\\Tcpip\\Parms\\KeepAliveTime\r\n');
    }
  });
});

describe('messenger clients whose names differ only in case are one registry key', () => {
  const client = (name: string, g: string) => ({ name, messengerGuid: `${g}1`, privateGuid: `${g}2`, sessionManagerGuid: `${g}3` });
  test('generate refuses Acme and ACME (exit 2) with the message validate gives', () => {
    const d = tmp();
    const f = write(d, 'c.json', JSON.stringify({ name: 'C', select: ['SYSGEN_MESSENGER'], clients: [client('Acme', '11111111-2222-3333-4444-55555555555'), client('ACME', '11111111-2222-3333-4444-66666666666')] }));
    const v = cli(['validate', f]);
    expect(v.code).toBe(1);
    const expected = `/clients/1/name: key "HKEY_LOCAL_MACHINE\\Software\\Microsoft\\MessengerService\\Clients\\ACME" is the same registry key as "HKEY_LOCAL_MACHINE\\Software\\Microsoft\\MessengerService\\Clients\\Acme" (${f}: /clients/0/name); registry key names are not case-sensitive`;
    // The finding carries its line (the design is one line of JSON); generate's message is the same text.
    expect(v.stdout).toContain(`${f}:1: error: ${expected}\n`);
    const out = join(d, 'out');
    expect(expectUserError(cli(['generate', '--design', f, '--out', out]))).toBe(`wcecfg: ${f}: ${expected}`);
    expect(existsSync(out)).toBe(false);
  });
  test('the same name twice is refused too; distinct names pass', () => {
    const d = tmp();
    const twice = write(d, 't.json', JSON.stringify({ name: 'T', select: ['SYSGEN_MESSENGER'], clients: [client('Acme', '11111111-2222-3333-4444-55555555555'), client('Acme', '11111111-2222-3333-4444-66666666666')] }));
    expect(expectUserError(cli(['generate', '--design', twice, '--out', join(d, 'o1')]))).toMatch(/\/clients\/1\/name: in key ".*\\Clients\\Acme", value "MessengerGuid" is set twice \(also .*\/clients\/0\/name\)/);
    const fine = write(d, 'f.json', JSON.stringify({ name: 'F', select: ['SYSGEN_MESSENGER'], clients: [client('Acme', '11111111-2222-3333-4444-55555555555'), client('Acme2', '11111111-2222-3333-4444-66666666666')] }));
    expect(cli(['generate', '--design', fine, '--out', join(d, 'o2'), '--only', 'reg']).code).toBe(0);
  });
});
