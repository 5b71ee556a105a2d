/**
 * The registry model: one coercion for catalog defaults and design values, the case-insensitive
 * identity rule, and the CE-only key rule; with property tests that every type, coerced from any
 * JSON, is either refused with a one-line reason or written so that an independent reader of each
 * format (CE project.reg; desktop .reg v4 and v5) reads back exactly the coerced data.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { UserError } from '../src/errors.js';
import { coerceRegValue, displayRegData, foldName, sameRegData, isCeOnlyKey, desktopKeysOf, registryCollisions, type RegData, type RegKey, type RegSpec, type RegType } from '../src/registry/model.js';
import { ceLine, encodeCe } from '../src/format/cereg.js';
import { encodeReg, regHeader, regKeyLine, regValueLine, type RegVersion } from '../src/format/reg.js';
import { parseCeReg } from './support/cereg.js';
import { parseDesktopReg } from './support/desktopreg.js';
import { desktopMatches } from './support/regdata.js';

const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 300) };
const TYPES: RegType[] = ['REG_SZ', 'REG_EXPAND_SZ', 'REG_MULTI_SZ', 'REG_DWORD', 'REG_QWORD', 'REG_BINARY'];
const spec = (type: RegType, extra: Partial<RegSpec> = {}): RegSpec => ({ name: 'V', type, ...extra });
const ok = (r: ReturnType<typeof coerceRegValue>): RegData => {
  if (!r.ok) throw new Error(r.message);
  return r.value;
};
const refused = (r: ReturnType<typeof coerceRegValue>): string => {
  if (r.ok) throw new Error(`expected a refusal, got ${displayRegData(r.value)}`);
  expect(r.message).not.toMatch(/\n|\[object Object\]|undefined/);
  return r.message;
};

describe('coerceRegValue: the one coercion', () => {
  test('REG_BINARY: hex text is bytes ("ab" is one byte 0xAB, not 0A 0B); a non-hex string is refused, never written as "0v"', () => {
    expect([...(ok(coerceRegValue(spec('REG_BINARY'), 'ab', 'f')).data as Uint8Array)]).toEqual([0xab]);
    for (const form of ['62 03 00 80', '62,03,00,80', '62030080', ' 62, 03 ,00,80 ', [0x62, 3, 0, 0x80]]) {
      expect([...(ok(coerceRegValue(spec('REG_BINARY'), form, 'f')).data as Uint8Array)]).toEqual([0x62, 3, 0, 0x80]);
    }
    expect(refused(coerceRegValue(spec('REG_BINARY'), 'v', 'cat.json: /registry/0/default'))).toMatch(/^cat\.json: \/registry\/0\/default: "v" is not hex bytes \(V is a REG_BINARY\)/);
    for (const bad of ['abc', '6203008g', 12, true, [256], [1.5], ['01'], null, {}]) refused(coerceRegValue(spec('REG_BINARY'), bad, 'f'));
  });
  test('REG_MULTI_SZ: a list of strings (a string is a list of one); empty strings and empty lists are refused', () => {
    expect(ok(coerceRegValue(spec('REG_MULTI_SZ'), ['PCI\\NE20001', 'RTL8180_NWIFI'], 'f'))).toEqual({ type: 'REG_MULTI_SZ', data: ['PCI\\NE20001', 'RTL8180_NWIFI'] });
    expect(ok(coerceRegValue(spec('REG_MULTI_SZ'), 'one', 'f'))).toEqual({ type: 'REG_MULTI_SZ', data: ['one'] });
    expect(refused(coerceRegValue(spec('REG_MULTI_SZ'), ['a', ''], 'f'))).toMatch(/string 2 of V is empty/);
    expect(refused(coerceRegValue(spec('REG_MULTI_SZ'), [], 'f'))).toMatch(/at least one string/);
    expect(refused(coerceRegValue(spec('REG_MULTI_SZ'), [1], 'f'))).toMatch(/needs a list of strings, not \[1\]/);
  });
  test('REG_DWORD: numbers, 0x text, booleans and allowed meanings; allowed, min, max and 32 bits are enforced', () => {
    const allowed = [{ value: 0, meaning: 'disabled' }, { value: 1, meaning: 'enabled' }];
    expect(ok(coerceRegValue(spec('REG_DWORD'), '0x1A', 'f'))).toEqual({ type: 'REG_DWORD', data: 26 });
    expect(ok(coerceRegValue(spec('REG_DWORD'), true, 'f'))).toEqual({ type: 'REG_DWORD', data: 1 });
    expect(ok(coerceRegValue(spec('REG_DWORD', { allowed }), 'Enabled', 'f'))).toEqual({ type: 'REG_DWORD', data: 1 });
    expect(refused(coerceRegValue(spec('REG_DWORD', { allowed }), 7, 'cat.json: /registry/1/default'))).toBe('cat.json: /registry/1/default: 7 is not allowed for V; use 0 (disabled), 1 (enabled)');
    expect(refused(coerceRegValue(spec('REG_DWORD', { min: 1, max: 10, unit: 'ms' }), 11, 'f'))).toBe('f: 11 is out of range for V (1 to 10 ms)');
    expect(refused(coerceRegValue(spec('REG_DWORD'), 2 ** 32, 'f'))).toMatch(/out of range .*0 to 4294967295/);
    for (const bad of [-1, 1.5, 'two', '', null, [1]]) refused(coerceRegValue(spec('REG_DWORD'), bad, 'f'));
  });
  test('REG_QWORD: 64 bits, exactly, beyond what a JSON number holds when given as text', () => {
    expect(ok(coerceRegValue(spec('REG_QWORD'), '0xFFFFFFFFFFFFFFFF', 'f'))).toEqual({ type: 'REG_QWORD', data: 0xffffffffffffffffn });
    expect(ok(coerceRegValue(spec('REG_QWORD'), 5, 'f'))).toEqual({ type: 'REG_QWORD', data: 5n });
    refused(coerceRegValue(spec('REG_QWORD'), '0x10000000000000000', 'f'));
    refused(coerceRegValue(spec('REG_QWORD'), 2 ** 60, 'f')); // not a safe integer: it may already be rounded
  });
  test('REG_SZ and REG_EXPAND_SZ need a string', () => {
    expect(ok(coerceRegValue(spec('REG_EXPAND_SZ'), '%PATH%', 'f'))).toEqual({ type: 'REG_EXPAND_SZ', data: '%PATH%' });
    expect(refused(coerceRegValue(spec('REG_SZ'), 5, 'd.json: /registry/help'))).toBe('d.json: /registry/help: V is a REG_SZ and needs a string, not 5');
  });
});

describe('one registry key, whatever the case', () => {
  const key = (path: string, field: string, ...names: string[]): RegKey => ({ path, field, values: names.map((n) => ({ name: n, type: 'REG_SZ', data: 'x' })) });
  test('keys that differ only in case collide, naming both origins', () => {
    const c = registryCollisions([key('HKEY_LOCAL_MACHINE\\S\\Clients\\Acme', 'd: /clients/0/name', 'A'), key('HKEY_LOCAL_MACHINE\\S\\Clients\\ACME', 'd: /clients/1/name', 'A')]);
    expect(c).toHaveLength(1);
    expect(c[0]!.message).toBe('d: /clients/1/name: key "HKEY_LOCAL_MACHINE\\S\\Clients\\ACME" is the same registry key as "HKEY_LOCAL_MACHINE\\S\\Clients\\Acme" (d: /clients/0/name); registry key names are not case-sensitive');
  });
  test('value names that differ only in case collide; distinct keys and distinct names do not', () => {
    expect(registryCollisions([key('HKEY_CURRENT_USER\\K', 'a', 'Help', 'HELP')])[0]!.message).toMatch(/value "HELP" is the same registry value as value "Help"/);
    expect(registryCollisions([key('HKEY_CURRENT_USER\\K', 'a', 'X'), key('HKEY_CURRENT_USER\\K', 'b', 'x')])[0]!.message).toMatch(/^b: in key "HKEY_CURRENT_USER\\K", value "x" is the same registry value as value "X" \(also a\)/);
    expect(registryCollisions([key('HKEY_CURRENT_USER\\K', 'a', 'X'), key('HKEY_CURRENT_USER\\K', 'b', 'Y'), key('HKEY_CURRENT_USER\\K\\X', 'c', 'X')])).toEqual([]);
    expect(registryCollisions([{ path: 'HKEY_CURRENT_USER\\K', values: [], remove: true }, key('HKEY_CURRENT_USER\\k', 'a', 'X')])).toEqual([]);
  });
  test('case folding is character by character, as the registry compares (ß is not SS)', () => {
    expect(foldName('Straße')).toBe('STRAßE');
    expect(foldName('Ärger')).toBe(foldName('äRGER'));
    fc.assert(fc.property(fc.string(), (s) => {
      expect(foldName(s.toLowerCase())).toBe(foldName(foldName(s.toLowerCase())));
      expect([...foldName(s)].length).toBe([...s].length);
    }), RUNS);
  });
});

describe('CE-only keys stay out of desktop .reg files', () => {
  test('HKLM\\Comm, \\Drivers, \\init are CE-only; Software, System and the other roots are not', () => {
    for (const k of ['HKEY_LOCAL_MACHINE\\Comm\\Tcpip\\Parms', 'HKEY_LOCAL_MACHINE\\comm', 'HKEY_LOCAL_MACHINE\\Drivers\\BuiltIn', 'HKEY_LOCAL_MACHINE\\init']) expect(isCeOnlyKey(k)).toBe(true);
    for (const k of ['HKEY_LOCAL_MACHINE\\Software\\Microsoft', 'HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet', 'HKEY_CURRENT_USER\\Comm']) expect(isCeOnlyKey(k)).toBe(false);
    const { keys, omitted } = desktopKeysOf([
      { path: 'HKEY_LOCAL_MACHINE\\Comm\\Tcpip\\Parms', values: [{ name: 'KeepAliveTime', type: 'REG_DWORD', data: 1 }] },
      { path: 'HKEY_CURRENT_USER\\Software\\X', values: [{ name: 'A', type: 'REG_DWORD', data: 1 }] },
      { path: 'HKEY_CURRENT_USER\\Software\\X', values: [{ name: 'B', type: 'REG_DWORD', data: 2 }] },
    ]);
    expect(omitted).toEqual(['HKEY_LOCAL_MACHINE\\Comm\\Tcpip\\Parms\\KeepAliveTime']);
    expect(keys.map((k) => [k.path, k.values.map((v) => v.name)])).toEqual([['HKEY_CURRENT_USER\\Software\\X', ['A', 'B']]]);
  });
});

/** Any JSON a catalog or design may hold for a value, biased towards each type's own forms. */
const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), fc.constantFrom('', 'ab', 'v', 'a"b', 'c:\\path\\', '%PATH%', 'é ü ß', 'line\nbreak', '62 03 00 80', '0x1A', 'enabled'));
const rawFor = (type: RegType): fc.Arbitrary<unknown> => {
  const generic = fc.oneof(anyText, fc.integer(), fc.double(), fc.boolean(), fc.array(anyText, { maxLength: 3 }), fc.array(fc.integer({ min: -1, max: 300 }), { maxLength: 4 }));
  const own = {
    REG_SZ: anyText,
    REG_EXPAND_SZ: anyText,
    REG_MULTI_SZ: fc.array(anyText, { minLength: 1, maxLength: 4 }),
    REG_DWORD: fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 0, max: 0xffffffff }).map((n) => `0x${n.toString(16)}`)),
    REG_QWORD: fc.bigInt({ min: 0n, max: 0xffffffffffffffffn }).map((n) => `0x${n.toString(16)}`),
    REG_BINARY: fc.oneof(fc.uint8Array({ maxLength: 60 }).map((b) => Buffer.from(b).toString('hex')), fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 60 })),
    REG_NONE: fc.constant(''),
  }[type];
  return fc.oneof({ weight: 3, arbitrary: own }, { weight: 1, arbitrary: generic });
};
const typedRaw = fc.constantFrom(...TYPES).chain((type) => rawFor(type).map((raw) => ({ type, raw })));

/** A format writer either refuses with a one-line UserError, or returns its text. */
function attempt<T>(f: () => T): T | undefined {
  try {
    return f();
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    expect(e.message).not.toMatch(/\n/);
    return undefined;
  }
}

describe('every type, coerced from any JSON, is refused or read back exactly', () => {
  test('CE project.reg', () => {
    const seen = new Set<string>();
    fc.assert(fc.property(typedRaw, ({ type, raw }) => {
      const c = coerceRegValue(spec(type), raw, 'f');
      if (!c.ok) return void expect(c.message).not.toMatch(/\n/);
      const text = attempt(() => encodeCe(`[HKEY_LOCAL_MACHINE\\Test]\n    ${ceLine({ name: 'V', ...c.value }, 'f')}\n`));
      if (text === undefined) return;
      seen.add(type);
      const [back] = parseCeReg(text.toString('latin1')).values;
      expect(back!.type).toBe(type);
      const want = c.value.type === 'REG_BINARY' ? [...c.value.data] : c.value.data;
      expect(back!.data).toEqual(want);
    }), RUNS);
    expect([...seen].sort()).toEqual([...TYPES].sort()); // every type was written at least once
  });
  for (const version of [4, 5] as RegVersion[]) {
    test(`desktop .reg v${version}`, () => {
      const seen = new Set<string>();
      fc.assert(fc.property(typedRaw, ({ type, raw }) => {
        const c = coerceRegValue(spec(type), raw, 'f');
        if (!c.ok) return;
        const text = attempt(() => encodeReg(`${regHeader(version)}\n\n${regKeyLine({ path: 'HKEY_CURRENT_USER\\Software\\Test', values: [] }, version)}\n${regValueLine({ name: 'V', ...c.value }, version)}\n\n`, version));
        if (text === undefined) return;
        seen.add(type);
        const parsed = parseDesktopReg(text);
        expect(parsed.values).toHaveLength(1);
        desktopMatches(parsed.values[0]!, c.value);
      }), RUNS);
      expect([...seen].sort()).toEqual([...TYPES].sort());
    });
  }
  test('a value written as its canonical JSON form coerces back to itself (defaults and design values agree)', () => {
    const data: fc.Arbitrary<RegData> = fc.oneof(
      fc.string().map((s) => ({ type: 'REG_SZ' as const, data: s })),
      fc.string().map((s) => ({ type: 'REG_EXPAND_SZ' as const, data: s })),
      fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 4 }).map((l) => ({ type: 'REG_MULTI_SZ' as const, data: l })),
      fc.integer({ min: 0, max: 0xffffffff }).map((n) => ({ type: 'REG_DWORD' as const, data: n })),
      fc.bigInt({ min: 0n, max: 0xffffffffffffffffn }).map((n) => ({ type: 'REG_QWORD' as const, data: n })),
      fc.uint8Array({ maxLength: 40 }).map((b) => ({ type: 'REG_BINARY' as const, data: b })),
    );
    fc.assert(fc.property(data, (d) => {
      const json = d.type === 'REG_QWORD' ? `0x${d.data.toString(16)}` : d.type === 'REG_BINARY' ? Buffer.from(d.data).toString('hex') : d.data;
      const back = ok(coerceRegValue(spec(d.type), JSON.parse(JSON.stringify(json)), 'f'));
      expect(back.type).toBe(d.type);
      expect(back.type === 'REG_BINARY' ? [...back.data] : back.data).toEqual(d.type === 'REG_BINARY' ? [...d.data] : d.data);
    }), RUNS);
  });
});

describe('sameRegData', () => {
  test('compares type and content, bytes and lists element by element', () => {
    expect(sameRegData({ type: 'REG_BINARY', data: Uint8Array.of(1, 2) }, { type: 'REG_BINARY', data: Uint8Array.of(1, 2) })).toBe(true);
    expect(sameRegData({ type: 'REG_BINARY', data: Uint8Array.of(1, 2) }, { type: 'REG_NONE', data: Uint8Array.of(1, 2) })).toBe(false);
    expect(sameRegData({ type: 'REG_MULTI_SZ', data: ['a', 'b'] }, { type: 'REG_MULTI_SZ', data: ['a', 'b'] })).toBe(true);
    expect(sameRegData({ type: 'REG_MULTI_SZ', data: ['a', 'b'] }, { type: 'REG_MULTI_SZ', data: ['a'] })).toBe(false);
    expect(sameRegData({ type: 'REG_DWORD', data: 1 }, { type: 'REG_DWORD', data: 1 })).toBe(true);
    expect(sameRegData({ type: 'REG_QWORD', data: 1n }, { type: 'REG_QWORD', data: 2n })).toBe(false);
  });
});

describe('registryCollisions skips keys that set nothing', () => {
  test('an empty key spelt in another case overwrites nothing', () => {
    expect(registryCollisions([{ path: 'HKEY_CURRENT_USER\\K', values: [] }, { path: 'HKEY_CURRENT_USER\\k', values: [{ name: 'A', type: 'REG_DWORD', data: 1 }] }])).toEqual([]);
  });
});
