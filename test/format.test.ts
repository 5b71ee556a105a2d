import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { UserError } from '../src/errors.js';
import { batSet, batText } from '../src/format/bat.js';
import { ceKeyPath, ceLine, encodeCe } from '../src/format/cereg.js';
import { encodeReg, regHeader, regKeyLine, regValueLine, type RegVersion } from '../src/format/reg.js';
import { bibRow } from '../src/format/bib.js';
import { parseCeReg, parseBib } from './support/cereg.js';
import { parseDesktopReg } from './support/desktopreg.js';
import type { RegValue } from '../src/registry/model.js';

/** Either a clean UserError, or the function's result. */
function attempt<T>(f: () => T): { ok: true; value: T } | { ok: false } {
  try {
    return { ok: true, value: f() };
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    expect(e.message).not.toMatch(/\n/);
    return { ok: false };
  }
}

const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', 'a"b', 'c:\\path\\', '100%', 'é ü ß', 'x]y', 'line\nbreak', 'tab\there', '^', 'a & b'));
const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 300) };

describe('bat', () => {
  test('text for rem lines is either refused or written unchanged, never with a character cmd interprets', () => {
    fc.assert(fc.property(anyText, (s) => {
      const r = attempt(() => batText(s, 'f'));
      if (r.ok) {
        expect(r.value).toBe(s);
        expect(r.value).not.toMatch(/[%^&|<>"\r\n\x00-\x1f\x7f-\uffff]/);
      }
    }), RUNS);
  });
  test('set lines are either refused or read back as NAME and VALUE', () => {
    fc.assert(fc.property(fc.oneof(fc.constantFrom('SYSGEN_X', 'a b', '1X', '_Y', 'X=Y'), fc.string()), anyText, (name, value) => {
      const r = attempt(() => batSet(name, value, 'f'));
      if (r.ok) {
        const m = /^set ([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(r.value)!;
        expect(m[1]).toBe(name);
        expect(m[2]).toBe(value);
      }
    }), RUNS);
  });
  test('names the field it refuses', () => {
    expect(() => batText('50%', 'design name')).toThrow(/design name: "%" cannot be written safely in a batch file/);
  });
});

describe('CE .reg', () => {
  const value = fc.record({
    name: fc.option(anyText, { nil: null }),
    kind: fc.constantFrom('REG_SZ', 'REG_DWORD', 'REG_MULTI_SZ', 'REG_BINARY', 'REG_EXPAND_SZ'),
    s: anyText,
    list: fc.array(anyText, { minLength: 1, maxLength: 3 }),
    n: fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer(), fc.double()),
    bytes: fc.uint8Array({ maxLength: 40 }),
  });
  test('any value is either refused or read back exactly by a CE registry reader', () => {
    fc.assert(fc.property(value, (v) => {
      const rv: RegValue = { name: v.name, type: v.kind as RegValue['type'], data: v.kind === 'REG_DWORD' ? v.n : v.kind === 'REG_MULTI_SZ' ? v.list : v.kind === 'REG_BINARY' ? v.bytes : v.s };
      const r = attempt(() => encodeCe(`[HKEY_LOCAL_MACHINE\\Test]\n    ${ceLine(rv, 'f')}\n`));
      if (!r.ok) return;
      const [back] = parseCeReg(r.value.toString('latin1')).values;
      expect(back!.name).toEqual(v.name);
      expect(back!.type).toBe(v.kind);
      const want = v.kind === 'REG_BINARY' ? [...v.bytes] : v.kind === 'REG_DWORD' ? (rv.data as number) + 0 : rv.data; // -0 is written as 0
      expect(back!.data).toEqual(want);
    }), RUNS);
  });
  test('key paths are either refused or read back exactly', () => {
    fc.assert(fc.property(anyText, (s) => {
      const path = `HKEY_LOCAL_MACHINE\\${s}`;
      const r = attempt(() => encodeCe(`[${ceKeyPath(path, 'f')}]\n"a"=dword:1\n`));
      if (r.ok) expect(parseCeReg(r.value.toString('latin1')).keys).toEqual([path]);
    }), RUNS);
  });
  test('the reference forms', () => {
    expect(ceLine({ name: 'Help', type: 'REG_SZ', data: '\\windows\\msmsgs.htm' })).toBe('"Help"="\\\\windows\\\\msmsgs.htm"');
    expect(ceLine({ name: 'KeepAliveTime', type: 'REG_DWORD', data: 7200000 })).toBe('"KeepAliveTime"=dword:6DDD00');
    expect(ceLine({ name: 'Bind', type: 'REG_MULTI_SZ', data: ['PCI\\NE20001', 'RTL8180_NWIFI'] })).toBe('"Bind"=multi_sz:"PCI\\\\NE20001","RTL8180_NWIFI"');
    expect(() => ceLine({ name: 'x', type: 'REG_DWORD', data: 3.5 }, '/registry/transport')).toThrow(/\/registry\/transport: 3.5 is not a DWORD/);
    expect(() => ceKeyPath('HKEY_LOCAL_MACHINE\\a]b', 'key')).toThrow(/key: "\]" cannot be written safely/);
  });
});

describe('desktop .reg', () => {
  const value = fc.record({
    name: fc.option(anyText, { nil: null }),
    kind: fc.constantFrom('REG_SZ', 'REG_DWORD', 'REG_QWORD', 'REG_MULTI_SZ', 'REG_BINARY', 'REG_EXPAND_SZ', 'REG_NONE'),
    s: anyText,
    list: fc.array(anyText, { minLength: 1, maxLength: 3 }),
    n: fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer()),
    big: fc.bigInt({ min: 0n, max: 0xffffffffffffffffn }),
    bytes: fc.uint8Array({ maxLength: 80 }),
    version: fc.constantFrom<RegVersion>(4, 5),
  });
  test('any value is either refused or read back exactly by a Wine-compatible reader', () => {
    fc.assert(fc.property(value, fc.option(anyText, { nil: undefined }), (v, keyPart) => {
      const data = v.kind === 'REG_DWORD' ? v.n : v.kind === 'REG_QWORD' ? v.big : v.kind === 'REG_MULTI_SZ' ? v.list : v.kind === 'REG_BINARY' || v.kind === 'REG_NONE' ? v.bytes : v.s;
      const rv: RegValue = { name: v.name, type: v.kind as RegValue['type'], data };
      const path = `HKEY_CURRENT_USER\\Software\\${keyPart ?? 'Test'}`;
      const r = attempt(() => encodeReg(`${regHeader(v.version)}\n\n${regKeyLine({ path, values: [] }, v.version)}\n${regValueLine(rv, v.version)}\n\n`, v.version));
      if (!r.ok) return;
      const parsed = parseDesktopReg(r.value);
      expect(parsed.version).toBe(v.version);
      expect(parsed.keys).toEqual([path]);
      const back = parsed.values[0]!;
      expect(back.name === null ? null : back.name).toEqual(v.name === '' ? null : v.name);
      const code = { REG_NONE: 0, REG_SZ: 1, REG_EXPAND_SZ: 2, REG_BINARY: 3, REG_DWORD: 4, REG_MULTI_SZ: 7, REG_QWORD: 11 }[v.kind];
      expect(back.type).toBe(code);
      if (v.kind === 'REG_DWORD') expect(back.dword).toBe(v.n);
      if (v.kind === 'REG_QWORD') expect(Buffer.from(back.bytes!).readBigUInt64LE()).toBe(v.big);
      if (v.kind === 'REG_BINARY' || v.kind === 'REG_NONE') expect(back.bytes).toEqual([...v.bytes]);
      if (v.kind === 'REG_SZ') expect(back.text!.replace(/\0$/, '')).toBe(v.s);
      if (v.kind === 'REG_EXPAND_SZ') expect(back.text).toBe(v.s + '\0');
      if (v.kind === 'REG_MULTI_SZ') expect(back.text).toBe(v.list.map((x) => x + '\0').join('') + '\0');
      // Hex data wraps as regedit does: a line ends with ",\" once it reaches 77 columns, so a
      // continuation line is at most 80 columns and the first line at most its "name"=hex(..): prefix + 80.
      const lines = r.value.toString(v.version === 5 ? 'utf16le' : 'latin1').split('\r\n');
      for (const line of lines) {
        if (/^ {2}[0-9a-f]/.test(line)) expect(line.length).toBeLessThanOrEqual(80);
        const m = /^(.*=hex(?:\([0-9a-f]+\))?:)(.*)$/.exec(line);
        if (m) expect(m[2]!.length).toBeLessThanOrEqual(80);
      }
    }), RUNS);
  });
  test('the reference forms', () => {
    expect(regValueLine({ name: 'N', type: 'REG_DWORD', data: 26 }, 5)).toBe('"N"=dword:0000001a');
    expect(regValueLine({ name: 'P', type: 'REG_EXPAND_SZ', data: '%PATH%' }, 5)).toBe('"P"=hex(2):25,00,50,00,41,00,54,00,48,00,25,00,00,00');
    expect(regValueLine({ name: 'P', type: 'REG_EXPAND_SZ', data: '%PATH%' }, 4)).toBe('"P"=hex(2):25,50,41,54,48,25,00');
    expect(regValueLine({ name: 'M', type: 'REG_MULTI_SZ', data: ['a', 'b'] }, 5)).toBe('"M"=hex(7):61,00,00,00,62,00,00,00,00,00');
    expect(regValueLine({ name: 'S', type: 'REG_SZ', data: 'a"b\\c' }, 5)).toBe('"S"="a\\"b\\\\c"');
    const enc = encodeReg('Windows Registry Editor Version 5.00\n', 5);
    expect([...enc.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(enc.subarray(2).toString('utf16le')).toBe('Windows Registry Editor Version 5.00\r\n');
    expect(() => encodeReg('REGEDIT4\n"a"="é"\n', 4)).toThrow(/REGEDIT4/);
  });
  test('long binary data wraps at 77 columns with ,\\ and two spaces', () => {
    const line = regValueLine({ name: 'Bin', type: 'REG_BINARY', data: new Uint8Array(100).fill(0xab) }, 5);
    const lines = line.split('\n');
    expect(lines.length).toBeGreaterThan(3);
    for (const l of lines.slice(0, -1)) {
      expect(l.endsWith(',\\')).toBe(true);
      expect(l.length).toBeLessThanOrEqual(80);
    }
    for (const l of lines.slice(1)) expect(l.startsWith('  ')).toBe(true);
  });
});

describe('bib', () => {
  test('rows are either refused or read back as four columns', () => {
    fc.assert(fc.property(fc.oneof(fc.constantFrom('msmsgs.exe', 'a b.dll', 'x.dll'), fc.string()), fc.constantFrom('NK', 'RAM', '$(XIPKERNEL)', 'N K'), fc.constantFrom('S', 'SH', '', 'X'), (name, memory, flags) => {
      const r = attempt(() => bibRow({ name, memory, flags }));
      if (!r.ok) return;
      const parsed = parseBib(`MODULES\r\n${r.value}\r\n`).MODULES;
      expect(parsed[0]).toMatchObject({ name, path: `$(_FLATRELEASEDIR)\\${name}`, memory, flags });
    }), RUNS);
  });
});
