/**
 * Refuse-or-escape places without a consumer on Linux, as properties: output file names (Windows
 * rules) and Markdown code spans in report.md (CommonMark: a span ends only at a backtick run of
 * the same length as its fence).
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { checkFileName } from '../../src/write.js';
import { mdCode } from '../../src/format/md.js';

const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 500) };
const nameish = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.tuple(fc.constantFrom('CON', 'con', 'PRN', 'AUX', 'NUL', 'COM1', 'com9', 'LPT1', 'Lpt9', 'CONSOLE', 'COMX', 'NULL', 'a', 'Messenger'), fc.constantFrom('', '.bat', '.reg.txt', '.', '..', ' ', '. ', '.tmp')).map(([a, b]) => a + b),
);

describe('hostile names and text, as properties', () => {
  test('an accepted output file name is a plain Windows file name: no device name with any extension, no trailing dot or space, no path', () => {
    let accepted = 0;
    fc.assert(fc.property(nameish, (name) => {
      let ok = true;
      try {
        checkFileName(name);
      } catch {
        ok = false;
      }
      if (!ok) return;
      accepted++;
      expect(name).toMatch(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/);
      expect(name).not.toMatch(/[. ]$/);
      expect(name).not.toMatch(/\.\./);
      expect(name.split('.')[0]!.toUpperCase()).not.toMatch(/^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])$/);
    }), RUNS);
    expect(accepted).toBeGreaterThan(0);
  });

  test('a Markdown code span never ends early, whatever backticks the value holds', () => {
    fc.assert(fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[`a ]{0,12}$/)), (v) => {
      const out = mdCode(v);
      const fence = /^`+/.exec(out)![0];
      expect(out.endsWith(fence)).toBe(true);
      const inner = out.slice(fence.length, out.length - fence.length);
      for (const run of inner.match(/`+/g) ?? []) expect(run.length).not.toBe(fence.length);
      expect(inner).not.toMatch(/[\r\n]/);
    }), RUNS);
  });
});
