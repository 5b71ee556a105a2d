/**
 * Round trips of batch designs: minimize and generate keep every line that is not a plain Sysgen
 * selection, in place and byte for byte; validate --fix adds only the missing set lines.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../src/catalog/load.js';
import { parseBatch } from '../src/design/batch.js';
import { completeBatch, minimizeBatch } from '../src/design/roundtrip.js';
import { minimizeDesign } from '../src/analyze.js';
import { resolve } from '../src/resolve.js';
import { buildPlan } from '../src/generate/plan.js';
import type { Catalog } from '../src/catalog/types.js';
import type { BatchLine } from '../src/design/types.js';
import { cli, tmp, write } from './helpers.js';
import { PB_FILE } from './design-fixtures.js';

let catalog: Catalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

/** The lines that are not plain Sysgen selections (nor the rem lines generate adds before its set lines). */
function nonSysgen(bytes: Buffer): BatchLine[] {
  const d = parseBatch(bytes, 'x.bat');
  const plain = new Set(d.batch!.sets.filter((s) => s.plain).map((s) => s.line));
  return d.batch!.lines.filter((l, i) => !plain.has(i + 1) && !/^rem SYSGEN_\w+: .*\(added by wcecfg generate\)$/.test(l.text));
}

/** Kept lines equal byte for byte; only a last line without a line end may have gained one. */
function expectKept(before: BatchLine[], after: BatchLine[]) {
  expect(after.map((l) => l.text)).toEqual(before.map((l) => l.text));
  after.forEach((l, i) => {
    if (before[i]!.eol !== '') expect(l.eol).toBe(before[i]!.eol);
  });
}

const ids = ['SYSGEN_MESSENGER', 'SYSGEN_TCPIP', 'SYSGEN_WINSOCK', 'SYSGEN_AUTH', 'SYSGEN_AUTH_NTLM', 'SYSGEN_CERTS', 'SYSGEN_CRYPTO', 'SYSGEN_DEVICE', 'SYSGEN_STDIO', 'SYSGEN_OEM_GADGET', 'SYSGEN_DSOUND'];
const printable = fc.string({ unit: fc.constantFrom(...'abcXYZ 09_%&|<>^"()=\t\xe9\xfc'.split('')), maxLength: 30 });
const line = fc.oneof(
  fc.tuple(fc.constantFrom('set', 'SET', '@set'), fc.constantFrom(...ids), fc.constantFrom('1', '1', '')).map(([k, id, v]) => `${k} ${id}=${v}`),
  fc.constantFrom(...ids).map((id) => `set "${id}=1"`),
  printable.map((t) => `rem ${t}`),
  printable.map((t) => `@REM ${t}`),
  fc.tuple(fc.constantFrom('BSP_NOSERIAL', 'BSP_NOUSB', 'IMGNOKITL', 'IMGRAM64', '_TGTPROJ'), fc.string({ unit: fc.constantFrom(...'ab1 %'.split('')), maxLength: 8 })).map(([n, v]) => `set ${n}=${v}`),
  fc.constantFrom('@echo off', '', '   ', 'call %_WINCEROOT%\\platform\\bsp\\env.bat', 'if "%_TGTCPU%"=="x86" set IMGFLASH=1', 'if "%SYSGEN_TCPIP%"=="1" set BSP_NIC=1', '\tset SYSGEN_WINSOCK=1'),
);
const file = fc
  .tuple(fc.array(fc.tuple(line, fc.constantFrom('\r\n', '\r\n', '\n')), { minLength: 1, maxLength: 25 }), fc.boolean())
  .map(([ls, lastEol]) => ls.map(([t, e], i) => t + (i === ls.length - 1 && !lastEol ? '' : e)).join(''));
/** Files wcecfg reads (not refused) that select something. */
const hasSelection = (text: string) => {
  try {
    return parseBatch(Buffer.from(text, 'latin1'), 'x.bat').select.length > 0;
  } catch {
    return false;
  }
};

describe('round trips of batch designs (property tests)', () => {
  test('minimize keeps every non-Sysgen line in place, byte for byte, and the closure', () => {
    fc.assert(
      fc.property(file.filter(hasSelection), (text) => {
        const design = parseBatch(Buffer.from(text, 'latin1'), 'x.bat');
        const m = minimizeBatch(catalog, design);
        expectKept(nonSysgen(Buffer.from(text, 'latin1')), nonSysgen(m.bytes));
        const again = parseBatch(m.bytes, 'x.bat');
        expect(again.select.sort()).toEqual([...m.select].sort());
        expect(new Set(minimizeDesign(catalog, again).closure)).toEqual(new Set(m.closure));
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  test('generate keeps every non-Sysgen line in place, byte for byte, and the result sets the whole closure', () => {
    fc.assert(
      fc.property(file.filter(hasSelection), (text) => {
        const design = parseBatch(Buffer.from(text, 'latin1'), 'x.bat');
        const r = resolve(catalog, design.select, { outsiders: 'leaf' });
        const g = completeBatch(design, buildPlan(catalog, design, r).closure);
        expectKept(nonSysgen(Buffer.from(text, 'latin1')), nonSysgen(g.bytes));
        expect(new Set(parseBatch(g.bytes, 'x.bat').select)).toEqual(new Set(r.order));
        expect(g.removed).toEqual([]);
      }),
      { numRuns: 300, seed: 13 },
    );
  });
});

describe('round trips through the CLI', () => {
  test('minimize --format bat of a PB file differs from it only in Sysgen lines, and says which', () => {
    const d = tmp();
    const f = write(d, 'PB.bat', PB_FILE);
    const r = cli(['minimize', f, '--format', 'bat']);
    expect(r.code, r.stderr).toBe(0);
    const out = Buffer.from(r.stdout, 'latin1');
    expectKept(nonSysgen(Buffer.from(PB_FILE, 'latin1')), nonSysgen(out));
    expect(r.stderr).toMatch(/PB\.bat: \d+ lines? removed, \d+ added; every other line kept as it was/);
    expect(r.stderr).toMatch(/\+ after line 1[34]: set SYSGEN_\w+=1/);
    for (const m of r.stderr.matchAll(/- line \d+: (.*)/g)) expect(m[1]).toMatch(/^(set|SET) "?SYSGEN_\w+=1"?$/);
    const j = JSON.parse(cli(['minimize', f, '--json']).stdout);
    expect(j.addedLines.length).toBeGreaterThan(0);
    expect(j.addedLines.every((a: { text: string }) => /^set SYSGEN_\w+=1$/.test(a.text))).toBe(true);
  });

  test('generate writes the design file with its lines kept and the closure added, and says what it added', () => {
    const d = tmp();
    const f = write(d, 'PB.bat', PB_FILE);
    const r = cli(['generate', '--design', f, '--out', join(d, 'out')]);
    expect(r.code, r.stderr).toBe(0);
    const out = readFileSync(join(d, 'out', 'PB.bat'));
    expectKept(nonSysgen(Buffer.from(PB_FILE, 'latin1')), nonSysgen(out));
    expect(r.stdout).toMatch(/: 5 selected; the closure adds \d+: /);
    expect(r.stdout).toMatch(/PB\.bat: every line kept; \d+ lines added to the batch file:/);
    const report = readFileSync(join(d, 'out', 'report.md'), 'utf8');
    expect(report).toContain(`Generated by wcecfg from \`${f}\``);
    expect(report).toMatch(/The closure adds \d+ items to the 5 selected: `SYSGEN_/);
  });

  test('validate --fix writes a copy with the missing set lines; the copy validates with nothing missing', () => {
    const d = tmp();
    const f = write(d, 'PB.bat', PB_FILE);
    const dry = cli(['validate', f, '--fix', '--dry-run']);
    expect(dry.stdout).toMatch(/PB\.bat: --dry-run: the fix would add \d+ lines:/);
    expect(() => readFileSync(join(d, 'PB.fixed.bat'))).toThrow();
    const r = cli(['validate', f, '--fix']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/--fix: wrote .*PB\.fixed\.bat with \d+ added lines:/);
    const fixed = readFileSync(join(d, 'PB.fixed.bat'));
    expectKept(nonSysgen(Buffer.from(PB_FILE, 'latin1')), nonSysgen(fixed));
    const again = cli(['validate', join(d, 'PB.fixed.bat'), '--json']);
    const [rep] = JSON.parse(again.stdout);
    expect(rep.findings.filter((x: { code: string }) => x.code === 'missing')).toEqual([]);
    expect(again.code).toBe(0);
  });
});
