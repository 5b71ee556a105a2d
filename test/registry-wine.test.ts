/**
 * Property test against the real consumer: values of every registry type, coerced from random JSON
 * by the one coercion and written by src/format/reg.ts, are imported by Wine's regedit and read
 * back exactly. Batched to keep Wine cheap: per .reg version one generated file, one import and one
 * `regedit /e` export, read with the test's own reader (test/support/desktopreg.ts) byte for byte
 * (RegTree's reg-query-like strings would blur control characters and NULs).
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../src/errors.js';
import { coerceRegValue, type RegData, type RegType } from '../src/registry/model.js';
import { encodeReg, regHeader, regKeyLine, regValueLine, type RegVersion } from '../src/format/reg.js';
import { parseDesktopReg } from './support/desktopreg.js';
import { desktopMatches } from './support/regdata.js';
import { tmp, write } from './helpers.js';
import { hasWine, useWinePrefix, WinePrefix } from './wine.js';

const TYPES: RegType[] = ['REG_SZ', 'REG_EXPAND_SZ', 'REG_MULTI_SZ', 'REG_DWORD', 'REG_QWORD', 'REG_BINARY'];
const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('', 'a"b', 'c:\\path\\', '%PATH%', 'é ü ß', 'line\nbreak', 'cr\rhere', 'tab\there', ';not a comment', '#', '[x]'));
const rawFor: Record<RegType, fc.Arbitrary<unknown>> = {
  REG_SZ: text,
  REG_EXPAND_SZ: text,
  REG_MULTI_SZ: fc.array(text, { minLength: 1, maxLength: 4 }),
  REG_DWORD: fc.oneof(fc.integer({ min: 0, max: 0xffffffff }), fc.constantFrom(0, 0xffffffff, '0x6DDD00', true)),
  REG_QWORD: fc.oneof(fc.bigInt({ min: 0n, max: 0xffffffffffffffffn }).map((n) => `0x${n.toString(16)}`), fc.constantFrom('0', '0xffffffffffffffff', 12)),
  REG_BINARY: fc.oneof(fc.uint8Array({ maxLength: 90 }).map((b) => Buffer.from(b).toString('hex')), fc.constantFrom('ab', '62 03 00 80', '', [1, 2, 255])),
  REG_NONE: fc.constant(''),
};
const sample = fc.constantFrom(...TYPES).chain((type) => rawFor[type].map((raw) => ({ type, raw })));

describe.skipIf(!hasWine)('every registry type, from random JSON, imported by regedit and read back exactly', () => {
  const prefix = useWinePrefix();
  for (const version of [5, 4] as RegVersion[]) {
    test(`REGEDIT ${version === 5 ? '5 (UTF-16)' : '4 (ANSI)'}`, () => {
      const key = `HKEY_CURRENT_USER\\Software\\wcecfg-registry-v${version}`;
      const written: Array<{ name: string; data: RegData }> = [];
      const lines = [regHeader(version), '', regKeyLine({ path: key, values: [] }, version)];
      for (const { type, raw } of fc.sample(sample, { numRuns: 120, seed: 11 + version })) {
        const c = coerceRegValue({ name: 'V', type }, raw, 'f');
        if (!c.ok) continue;
        const name = `v${written.length}`;
        try {
          lines.push(regValueLine({ name, ...c.value }, version));
        } catch (e) {
          if (!(e instanceof UserError)) throw e;
          continue; // refused with a reason (format.test.ts checks the reasons); not written
        }
        written.push({ name, data: c.value });
      }
      expect(new Set(written.map((w) => w.data.type))).toEqual(new Set(TYPES));
      const d = tmp();
      const file = write(d, 'values.reg', encodeReg(lines.join('\n') + '\n\n', version));
      const imp = prefix().run(['regedit', '/s', WinePrefix.win(file)]);
      expect(imp.code, imp.stderr).toBe(0);
      const exported = join(d, 'export.reg');
      const exp = prefix().run(['regedit', '/e', WinePrefix.win(exported), key]);
      expect(exp.code, exp.stderr).toBe(0);
      const back = parseDesktopReg(readFileSync(exported));
      expect(back.values.map((v) => v.name).sort()).toEqual(written.map((w) => w.name).sort());
      const byName = new Map(back.values.map((v) => [v.name, v]));
      for (const w of written) {
        try {
          desktopMatches(byName.get(w.name)!, w.data);
        } catch (e) {
          throw new Error(`${w.name} (${w.data.type}): ${(e as Error).message}`);
        }
      }
      prefix().deleteKeys([key]); // the run's Wine prefix is shared
    }, 180_000);
  }
});
