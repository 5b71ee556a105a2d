/** Platform Builder batch designs: read the way cmd runs them; nothing a real PB file holds is exit 2. */
import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { parseBatch, quoteLine } from '../src/design/batch.js';
import { cli, expectUserError, tmp, write } from './helpers.js';
import { BSP_STYLE, crlf, PB_FILE } from './design-fixtures.js';

const read = (lines: string[]) => parseBatch(Buffer.from(crlf(lines), 'latin1'), 'T.bat');

describe('reading a Platform Builder batch file', () => {
  test('comments, echo, call, settings and if lines: selections in file order, settings kept, warnings with lines', () => {
    const d = parseBatch(Buffer.from(PB_FILE, 'latin1'), 'PB.bat');
    expect(d.select).toEqual(['SYSGEN_MESSENGER', 'SYSGEN_AUTH_KERBEROS', 'SYSGEN_CERTS', 'SYSGEN_SHDOCVW', 'SYSGEN_VOIP']);
    expect(d.settings).toEqual([
      { name: 'BSP_NOSERIAL', value: '1', line: 6 },
      { name: 'BSP_NOUSB', value: '', line: 7 },
      { name: 'IMGNOKITL', value: '1', line: 8 },
      { name: 'IMGRAM64', value: '1', line: 9 },
    ]);
    expect(d.warnings.map((w) => w.line)).toEqual([10, 21, 21]);
    expect(d.warnings[0]!.message).toMatch(/wcecfg does not follow call/);
    expect(d.warnings[1]!.message).toMatch(/condition not evaluated \(it reads _TGTCPU, which this file does not set\)/);
    expect(d.warnings[2]!.message).toMatch(/SYSGEN_WININET is set under a condition wcecfg cannot evaluate/);
  });

  test('a block is expanded when cmd reads it: a variable set inside it is not yet seen by %...%, but is by "defined"', () => {
    const d = read([
      'set SYSGEN_A=1',
      'if "%SYSGEN_A%"=="1" (',
      '  set SYSGEN_B=1',
      '  if "%SYSGEN_B%"=="1" set SYSGEN_C=1',
      '  if defined SYSGEN_B set SYSGEN_D=1',
      ')',
    ]);
    expect(d.select).toEqual(['SYSGEN_A', 'SYSGEN_B', 'SYSGEN_D']);
  });

  test('if forms: /i, not, EQU, bare tokens, one-line else, nested blocks', () => {
    const d = read([
      'set SYSGEN_A=1',
      'if /i "%SYSGEN_A%"=="1" (set SYSGEN_E=1) else (set SYSGEN_F=1)',
      'if not "%SYSGEN_Q%"=="1" set SYSGEN_G=1',
      'if "%SYSGEN_A%" EQU "1" set SYSGEN_H=1',
      'if %SYSGEN_A%==1 set SYSGEN_I=1',
      'if "%SYSGEN_Q%"=="1" (',
      ' set SYSGEN_K=1',
      ' if "%SYSGEN_A%"=="1" (',
      '   set SYSGEN_X=1',
      ' )',
      ') else (',
      ' if "%SYSGEN_A%"=="1" (',
      '   set SYSGEN_L=1',
      ' )',
      ')',
    ]);
    expect(d.select).toEqual(['SYSGEN_A', 'SYSGEN_E', 'SYSGEN_G', 'SYSGEN_H', 'SYSGEN_I', 'SYSGEN_L']);
    expect(d.warnings).toEqual([]);
  });

  test('set "X=1" ignores text after the closing quote; set X= clears; the last set wins', () => {
    const d = read(['set "SYSGEN_J=1" trailing words', 'set SYSGEN_M=1', 'set SYSGEN_M=']);
    expect(d.select).toEqual(['SYSGEN_J']);
    expect(d.cleared).toEqual(['SYSGEN_M']);
    expect(d.warnings.map((w) => w.message)).toEqual([expect.stringMatching(/SYSGEN_M set more than once \(lines 2 and 3\); the last one wins/)]);
  });

  test('values cesysgen does not read as 1, spaces before =, internal variables: warnings, not selections', () => {
    const d = read(['set SYSGEN_A=yes', 'set SYSGEN_B=1 ', 'set SYSGEN_C =1', 'set __SYSGEN_FILESYS=1', 'set SYSGEN_D=%SYSGEN_A%', 'set SYSGEN_E=1 & set SYSGEN_F=1']);
    expect(d.select).toEqual([]);
    expect(d.warnings.map((w) => w.line)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(d.warnings[1]!.message).toMatch(/spaces become part of the value/);
    expect(d.warnings[2]!.message).toMatch(/space before = becomes part of the variable name/);
    expect(d.warnings[3]!.message).toMatch(/internal cesysgen variable/);
  });

  test('a carriage return inside a line is refused with its line (cmd and Wine do not run it as two lines)', () => {
    expect(() => parseBatch(Buffer.from('set SYSGEN_A=1\r\nset BSP_X=1\rset SYSGEN_B=1\r\n', 'latin1'), 'cr.bat')).toThrow(/^cr\.bat:2: a carriage return inside the line/);
    // CRs before the LF are part of the line end, as cmd strips them.
    expect(parseBatch(Buffer.from('set SYSGEN_A=1\r\r\n', 'latin1'), 'ok.bat').select).toEqual(['SYSGEN_A']);
  });

  test('line ends are kept byte for byte, including a last line without one', () => {
    const d = parseBatch(Buffer.from('rem a\nset SYSGEN_A=1\r\nrem end', 'latin1'), 'x.bat');
    expect(d.batch!.lines).toEqual([{ text: 'rem a', eol: '\n' }, { text: 'set SYSGEN_A=1', eol: '\r\n' }, { text: 'rem end', eol: '' }]);
  });
});

describe('the CLI on a Platform Builder batch file', () => {
  test('validate: exit 1 for the findings, never 2; the JSON lists selected, closure, findings and settings', () => {
    const d = tmp();
    const f = write(d, 'PB.bat', PB_FILE);
    const r = cli(['validate', f, '--json']);
    expect(r.code, r.stderr).toBe(1);
    const [rep] = JSON.parse(r.stdout);
    expect(rep.selected).toEqual(['SYSGEN_MESSENGER', 'SYSGEN_AUTH_KERBEROS', 'SYSGEN_CERTS', 'SYSGEN_SHDOCVW', 'SYSGEN_VOIP']);
    expect(rep.closure).toContain('SYSGEN_TCPIP');
    expect(rep.closure.length).toBe(rep.closureSize);
    expect(rep.settings.map((s: { name: string }) => s.name)).toEqual(['BSP_NOSERIAL', 'BSP_NOUSB', 'IMGNOKITL', 'IMGRAM64']);
    expect(rep.settings[0]).toEqual({ name: 'BSP_NOSERIAL', value: '1', line: 6 });
    // Settings are listed once, under "settings": none is also a finding.
    expect(rep.findings.filter((x: { id?: string }) => /^(BSP|IMG)/.test(x.id ?? ''))).toEqual([]);
    for (const x of rep.findings as Array<{ severity: string }>) expect(['error', 'warning', 'note']).toContain(x.severity);
    expect(rep.findings.find((x: { code: string; line?: number }) => x.code === 'batch' && x.line === 10).message).toMatch(/call/);
  });

  test('validate as text: settings are one information line, not problems', () => {
    const d = tmp();
    const r = cli(['validate', write(d, 'PB.bat', PB_FILE)]);
    expect(r.stdout).toMatch(/PB\.bat: info: 4 non-Sysgen settings kept as they are: BSP_NOSERIAL \(line 6\), BSP_NOUSB \(line 7\), IMGNOKITL \(line 8\), IMGRAM64 \(line 9\)/);
    expect(r.stdout).not.toMatch(/error: .*BSP_/);
  });

  test('every command goes on with a PB file (resolve, explain, diff, minimize, generate)', () => {
    const d = tmp();
    const f = write(d, 'PB.bat', PB_FILE);
    for (const args of [['resolve', '--design', f], ['explain', 'SYSGEN_TCPIP', '--design', f], ['diff', f, f], ['minimize', f], ['generate', '--design', f, '--out', `${d}/out`]]) {
      const r = cli(args);
      expect(r.code, `${args[0]}: ${r.stderr}`).toBe(0);
      expect(r.stderr, args[0]).toMatch(/PB\.bat:10: warning: .*does not follow call/);
    }
  });

  test('a lone CR is bad input: one line naming the file and line, exit 2', () => {
    const d = tmp();
    expect(expectUserError(cli(['validate', write(d, 'cr.bat', 'set SYSGEN_MESSENGER=1\r\nrem x\rset SYSGEN_TCPIP=1\r\n')]))).toMatch(/cr\.bat:2: a carriage return inside the line/);
  });
});

describe('a BSP-style environment file', () => {
  test('conditions on settings the file sets are evaluated; ones on the environment guarding no Sysgen line say nothing', () => {
    const d = parseBatch(BSP_STYLE, 'env.bat');
    expect(d.select).toEqual(['SYSGEN_MESSENGER', 'SYSGEN_OEM_LCD']);
    expect(d.settings.map((s) => `${s.name}=${s.value}`)).toEqual(['WINCEREL=1', 'IMGMULTIXIP=', 'IMGHIVEREG=1', 'PRJ_ENABLE_FSREGHIVE=1', 'BSP_NOSERIAL=']);
    expect(d.warnings).toEqual([{ line: 14, message: expect.stringMatching(/does not follow call/) }]);
  });
  test('validate goes on: an OEM item is a warning with its line', () => {
    const r = cli(['validate', write(tmp(), 'env.bat', BSP_STYLE)]);
    expect(r.code).toBe(1); // the Messenger dependencies are not set
    expect(r.stdout).toMatch(/env\.bat:16: warning: unknown Sysgen variable SYSGEN_OEM_LCD/);
  });
});

describe('lines cmd joins or cannot read', () => {
  test('a ^ at the end joins the next line: neither is read as its own set (Wine: set BSP_X=1^ hides the next set)', () => {
    const d = read(['set BSP_X=1^', 'set SYSGEN_D=1', 'set SYSGEN_E=1', 'set "SYSGEN_F=1^"', 'set SYSGEN_G=1^^']);
    expect(d.select).toEqual(['SYSGEN_E']);
    expect(d.warnings.map((w) => w.line)).toEqual([1, 4, 5]);
    expect(d.warnings[0]!.message).toMatch(/line 1 ends with \^, so cmd joins line 2 to it/);
    expect(d.batch!.sets.map((x) => [x.line, x.value])).toEqual([[3, '1'], [4, '1^']]);
  });
  test('a remark ending in ^ before a Sysgen line is refused (cmd and Wine read it differently); before other lines it is fine', () => {
    expect(() => read(['rem note ^', 'set SYSGEN_A=1'])).toThrow(/T\.bat:1: a remark ending in \^ continues onto line 2/);
    expect(read(['rem note ^', 'set BSP_X=1', 'set SYSGEN_A=1']).select).toEqual(['SYSGEN_A']);
  });
  test('a line longer than cmd reads is refused with its line', () => {
    expect(() => read(['set SYSGEN_A=1', `rem ${'x'.repeat(9000)}`])).toThrow(/T\.bat:2: the line is longer than the 8191 characters cmd reads/);
  });
});

describe('a source line quoted in a message (quoteLine)', () => {
  test('the trial call line is shown whole, not cut mid-word', () => {
    const r = cli(['validate', join(import.meta.dirname, 'fixtures', 'pb', 'trial', 'KioskPhone.bat')]);
    expect(r.stdout).toContain('KioskPhone.bat:13: warning: "call %_WINCEROOT%\\PUBLIC\\COMMON\\OAK\\MISC\\wince.bat x86 KioskPhone CEPC": wcecfg does not follow call;');
  });

  test('up to 120 characters whole; longer cut at a word with "…"; one long word cut with "…"', () => {
    const l120 = 'call ' + 'x'.repeat(115);
    expect(quoteLine(`  ${l120}  `)).toBe(`"${l120}"`);
    const words = 'call C:\\WINCE500\\PLATFORM\\MYBSP\\setenv.bat ' + Array.from({ length: 20 }, (_, i) => `argument${i}`).join(' ');
    const q = quoteLine(words);
    expect(q.endsWith('…"')).toBe(true);
    expect(q.length).toBeLessThanOrEqual(122);
    const shown = q.slice(1, -2);
    expect(words.startsWith(shown + ' ')).toBe(true); // ends at a word boundary
    const long = 'set SYSGEN_' + 'A'.repeat(200) + '=1';
    expect(quoteLine(long)).toBe(`"${long.slice(0, 119)}…"`);
  });

  test('every warning that quotes a line uses it: a long call line is cut with "…" at a word', () => {
    const d = tmp();
    const line = 'call C:\\WINCE500\\PLATFORM\\MYBSP\\setenv.bat ' + Array.from({ length: 20 }, (_, i) => `argument${i}`).join(' ');
    const f = write(d, 'L.bat', `${line}\r\nset SYSGEN_MESSENGER=1\r\n`);
    const r = cli(['validate', f]);
    expect(r.stdout).toContain(`L.bat:1: warning: ${quoteLine(line)}: wcecfg does not follow call`);
    expect(r.stdout).toMatch(/argument\d+…": wcecfg does not follow call/);
  });
});
