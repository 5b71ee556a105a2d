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
import { minimizeDesign, missingSets, validateDesign } from '../src/analyze.js';
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
        // It adds exactly what validate says is missing, so the result is complete.
        expect(m.added.map((a) => a.text.replace(/^set (\w+)=1$/, '$1')).sort()).toEqual(missingSets(catalog, design).sort());
        expect(validateDesign(catalog, again).findings.filter((f) => f.code === 'missing')).toEqual([]);
      }),
      { numRuns: 300, seed: 12 },
    );
  });

  test('generate keeps every non-Sysgen line in place, byte for byte, and adds exactly the missing set lines: the result validates and minimize removes none of them', () => {
    fc.assert(
      fc.property(file.filter(hasSelection), (text) => {
        const design = parseBatch(Buffer.from(text, 'latin1'), 'x.bat');
        const r = resolve(catalog, design.select, { outsiders: 'leaf' });
        const g = completeBatch(catalog, design, buildPlan(catalog, design, r).closure);
        expectKept(nonSysgen(Buffer.from(text, 'latin1')), nonSysgen(g.bytes));
        const selected = new Set(design.select);
        const added = parseBatch(g.bytes, 'x.bat').select.filter((id) => !selected.has(id));
        expect(added.sort()).toEqual(missingSets(catalog, design).sort());
        const result = parseBatch(g.bytes, 'x.bat');
        expect(validateDesign(catalog, result).findings.filter((f) => f.code === 'missing')).toEqual([]);
        const minimal = new Set(minimizeDesign(catalog, result).select);
        for (const id of added) expect(minimal.has(id), id).toBe(true);
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
    expect(r.stderr).toMatch(/PB\.bat: \d+ redundant set lines? removed \(a build rule sets (it|them)\); added \d+ missing set lines? that cesysgen would not set \(`wcecfg validate` reports (it|them)\); every other line kept as it was/);
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

describe('generate, validate --fix and minimize agree on the lines a batch design must add (trial KioskPhone.bat)', () => {
  const KIOSK = join(import.meta.dirname, 'fixtures', 'pb', 'trial', 'KioskPhone.bat');
  const SEVEN = ['SYSGEN_AUTH_KERBEROS', 'SYSGEN_IMAGING_GIF_DECODE', 'SYSGEN_IMAGING_PNG_DECODE', 'SYSGEN_MINWMGR', 'SYSGEN_MSXML_XQL', 'SYSGEN_SHDOCVW', 'SYSGEN_WININET_TWEENER'];
  const setLines = (text: string) => [...text.matchAll(/^ *\+ after line \d+: set (SYSGEN_\w+)=1$/gm)].map((m) => m[1]).sort();

  test('generate adds exactly the 7 lines validate --fix adds; its report.html has no "missing" finding; minimize of the output removes none of them', () => {
    const d = tmp();
    const f = write(d, 'KioskPhone.bat', readFileSync(KIOSK));
    const fix = cli(['validate', f, '--fix', '--dry-run']);
    expect(setLines(fix.stdout)).toEqual(SEVEN);
    const g = cli(['generate', '--design', f, '--out', join(d, 'out'), '--only', 'bat,report']);
    expect(g.code, g.stderr).toBe(0);
    expect(g.stdout).toMatch(/KioskPhone\.bat: every line kept; 14 lines added to the batch file:/); // 7 rem + 7 set
    expect(setLines(g.stdout)).toEqual(SEVEN);
    const html = readFileSync(join(d, 'out', 'report.html'), 'utf8');
    expect(html).toContain('id="findings"');
    expect(html).not.toMatch(/missing SYSGEN_/);
    expect(html).not.toContain('so the file must set it');
    const v = cli(['validate', join(d, 'out', 'KioskPhone.bat')]);
    expect(v.code, v.stdout).toBe(0);
    const m = cli(['minimize', join(d, 'out', 'KioskPhone.bat'), '--json']);
    const j = JSON.parse(m.stdout);
    expect(j.added).toEqual([]);
    expect(j.dropped).toEqual(['SYSGEN_CERTS', 'SYSGEN_TCPIP', 'SYSGEN_WINSOCK']);
  });
});
