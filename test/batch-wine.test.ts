/**
 * Wine's cmd is the judge of the batch reader: random batch files built from the constructs
 * Platform Builder and cesysgen use are run under cmd, and the Sysgen variables cmd leaves set must
 * be exactly the selections wcecfg reads. Then a batch file `generate` writes from a PB design is
 * run: cmd must set the file's selections and the lines wcecfg added (exactly the missing ones), from
 * which cesysgen's build rules give the closure wcecfg claims; the BSP/IMG settings are kept.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { parseBatch } from '../src/design/batch.js';
import { loadCatalog } from '../src/catalog/load.js';
import { impliedKinds, missingSets } from '../src/analyze.js';
import { closureSet } from '../src/resolve.js';
import { cli, tmp, write } from './helpers.js';
import { fromCp437, hasWine, useWinePrefix, WinePrefix } from './wine.js';

const WINE_TIMEOUT = 180_000;
const VARS = ['SYSGEN_A', 'SYSGEN_B', 'SYSGEN_C', 'SYSGEN_D', 'SYSGEN_E'];

const v = fc.constantFrom(...VARS);
const cond = fc.record({ ci: fc.boolean(), not: fc.boolean(), defined: fc.boolean(), v }).map(({ ci, not, defined, v }) =>
  defined ? `${not ? 'not ' : ''}defined ${v}` : `${ci ? '/i ' : ''}${not ? 'not ' : ''}"%${v}%"=="1"`,
);
const setStmt = fc.tuple(fc.constantFrom('set', 'SET', '@set', 'Set'), v, fc.constantFrom('1', ''), fc.boolean()).map(([kw, v, val, quoted]) =>
  quoted ? `${kw} "${v}=${val}"` : `${kw} ${v}=${val}`,
);
const other = fc.constantFrom('@REM a comment', 'rem 50% of 100', ':: note', '@echo off', '', 'set BSP_NOSERIAL=1', 'set IMGNOKITL=', '  ');
// Inside a block: no blank lines or :: labels, which real cmd treats differently there; and a
// one-line if keeps its command in parentheses: Wine 8's cmd misreads `if C set X=1` followed by
// another if line in a block that has an else part (real cmd and cesysgen.bat do not).
const otherInBlock = fc.constantFrom('rem a comment', '@echo off', 'set BSP_NOSERIAL=1', 'set IMGNOKITL=');
type Lines = string[];
const simpleWith = (others: fc.Arbitrary<string>, inBlock: boolean): fc.Arbitrary<Lines> => fc.oneof(
  setStmt.map((s) => [s]),
  others.map((s) => [s]),
  fc.tuple(cond, setStmt).map(([c, s]) => [inBlock ? `if ${c} (${s.replace(/^@/, '')})` : `if ${c} ${s.replace(/^@/, '')}`]),
  fc.tuple(cond, setStmt, setStmt).map(([c, a, b]) => [`if ${c} (${a.replace(/^@/, '')}) else (${b.replace(/^@/, '')})`]),
);
const simple = simpleWith(other, false);
const inBlock = simpleWith(otherInBlock, true);
const block = (inner: fc.Arbitrary<Lines>): fc.Arbitrary<Lines> =>
  fc.tuple(cond, fc.array(inner, { minLength: 1, maxLength: 3 }), fc.option(fc.array(inner, { minLength: 1, maxLength: 3 }))).map(([c, a, b]) => [
    `if ${c} (`,
    ...a.flat().map((l) => `  ${l}`),
    ...(b ? [') else (', ...b.flat().map((l) => `  ${l}`)] : []),
    ')',
  ]);
const stmt = fc.oneof({ weight: 4, arbitrary: simple }, { weight: 1, arbitrary: block(fc.oneof({ weight: 3, arbitrary: inBlock }, { weight: 1, arbitrary: block(inBlock) })) });
const batchFile = fc.array(stmt, { minLength: 1, maxLength: 12 }).map((x) => x.flat().join('\r\n') + '\r\n');

/** Run each file under one cmd process; the SYSGEN_ variables each leaves set. */
function underCmd(prefix: WinePrefix, dir: string, files: string[]): string[][] {
  const wrapper = ['@echo off'];
  files.forEach((text, i) => {
    write(dir, `f${i}.bat`, Buffer.from(text, 'latin1'));
    wrapper.push('setlocal', `call ${WinePrefix.win(join(dir, `f${i}.bat`))}`, `echo ==${i}==`, 'set SYSGEN_', 'endlocal');
  });
  write(dir, 'all.bat', wrapper.join('\r\n') + '\r\n');
  const r = prefix.run(['cmd', '/c', WinePrefix.win(join(dir, 'all.bat'))]);
  const text = fromCp437(r.stdout);
  return files.map((_, i) => {
    const part = text.split(`==${i}==`)[1]!.split(/==\d+==/)[0]!;
    return part.split(/\r?\n/).filter((l) => l.startsWith('SYSGEN_') && l.endsWith('=1')).map((l) => l.slice(0, -2)).sort();
  });
}

describe.skipIf(!hasWine)('batch files under Wine cmd', () => {
  const prefix = useWinePrefix();

  test('random batch files: cmd sets exactly the variables wcecfg reads as selected', () => {
    const files = fc.sample(batchFile, { numRuns: 120, seed: 4242 });
    const d = tmp();
    const ran = underCmd(prefix(), d, files);
    files.forEach((text, i) => {
      const design = parseBatch(Buffer.from(text, 'latin1'), `f${i}.bat`);
      expect(design.warnings.filter((w) => !/set more than once/.test(w.message)), text).toEqual([]);
      expect([...design.select].sort(), `f${i}.bat:\n${text}`).toEqual(ran[i]);
    });
  }, WINE_TIMEOUT);

  test('the batch file generate writes from a PB design keeps its settings; cmd sets its selections and the missing lines, from which cesysgen builds the closure wcecfg claims', async () => {
    const d = tmp();
    const design = write(d, 'Phone.bat', [
      '@REM Phone OS design', '@echo off', 'set BSP_NOSERIAL=1', 'set IMGNOKITL=1', 'set SYSGEN_MESSENGER=1', 'set SYSGEN_OEM_WIDGET=1',
      'if "%SYSGEN_MESSENGER%"=="1" set SYSGEN_SHDOCVW=1', 'set IMGRAM64=1', 'rem end',
    ].join('\r\n') + '\r\n');
    const g = cli(['generate', '--design', design, '--out', join(d, 'out'), '--only', 'bat', '--json']);
    expect(g.code, g.stderr).toBe(0);
    expect(g.stderr).toMatch(/Phone\.bat:6: warning: unknown Sysgen variable SYSGEN_OEM_WIDGET/);
    const claimed = JSON.parse(cli(['resolve', '--design', design, '--json']).stdout).closure.map((c: { id: string }) => c.id).sort();
    expect(claimed).toContain('SYSGEN_OEM_WIDGET');
    expect(claimed).toContain('SYSGEN_TCPIP');
    const text = readFileSync(join(d, 'out', 'Phone.bat'), 'latin1');
    const ran = underCmd(prefix(), join(d, 'run'), [text])[0]!;
    // cmd sets the file's own selections and exactly the lines validate says are missing, no more.
    const catalog = await loadCatalog();
    const input = parseBatch(readFileSync(design), design);
    expect(missingSets(catalog, input).length).toBeGreaterThan(0);
    expect(ran).toEqual([...new Set([...input.select, ...missingSets(catalog, input)])].sort());
    // From those, cesysgen (build rules only) builds the whole closure wcecfg claims.
    const built = closureSet(catalog, ran.filter((id) => catalog.items.has(id)), impliedKinds(input)).set;
    expect([...new Set([...built, ...ran])].sort()).toEqual(claimed);
    write(d, 'show.bat', ['@echo off', `call ${WinePrefix.win(join(d, 'out', 'Phone.bat'))}`, 'set BSP_', 'set IMG'].join('\r\n') + '\r\n');
    const r = prefix().run(['cmd', '/c', WinePrefix.win(join(d, 'show.bat'))]);
    expect(fromCp437(r.stdout).split(/\r?\n/).filter((l) => /^(BSP_|IMG)/.test(l)).sort()).toEqual(['BSP_NOSERIAL=1', 'IMGNOKITL=1', 'IMGRAM64=1']);
  }, WINE_TIMEOUT);

  test('a lone CR: cmd does not run the text after it as a set line, so wcecfg refuses the file rather than read one', () => {
    const d = tmp();
    const text = 'set SYSGEN_A=1\r\nset SYSGEN_C=1\rset SYSGEN_B=1\r\nset SYSGEN_D=1\r\n';
    const [ran] = underCmd(prefix(), d, [text]);
    expect(ran).toContain('SYSGEN_A');
    expect(ran).not.toContain('SYSGEN_B');
    const f = write(d, 'cr.bat', Buffer.from(text, 'latin1'));
    const r = cli(['validate', f]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cr\.bat:2: a carriage return inside the line/);
  }, WINE_TIMEOUT);

  test('a ^ at a line end: cmd joins the next line, and wcecfg reads the same selections', () => {
    const text = 'set BSP_X=1^\r\nset SYSGEN_D=1\r\nset SYSGEN_E=1\r\nset "SYSGEN_F=1^"\r\nset SYSGEN_G=1\r\nrem done ^\r\nset BSP_Y=1\r\n';
    const [ran] = underCmd(prefix(), tmp(), [text]);
    expect(ran).toEqual(['SYSGEN_E', 'SYSGEN_G']);
    expect(parseBatch(Buffer.from(text, 'latin1'), 'c.bat').select.sort()).toEqual(ran);
  }, WINE_TIMEOUT);
});
