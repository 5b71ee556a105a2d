/** --wince-root / _WINCEROOT: a Platform Builder tree's catalogs and cesysgen.bat build rules, on a small tree built on disk. */
import { describe, expect, test } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCesysgen } from '../src/catalog/cesysgen.js';
import { findTreeFiles, globCi } from '../src/catalog/wince-root.js';
import { spawnSync } from 'node:child_process';
import { cli, cliPath, expectUserError, root, tmp, write, type Run } from './helpers.js';

/** The CLI with extra environment variables (_WINCEROOT). */
function cliEnv(args: string[], env: Record<string, string>): Run {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const CESYSGEN = [
  '@REM cesysgen.bat written for wcecfg tests',
  '@echo off',
  'if "%SYSGEN_WINSOCK%"=="1" set SYSGEN_DEVICE=1',
  'if "%SYSGEN_WINSOCK%"=="1" set __SYSGEN_CXPORT=1',
  'if "%__SYSGEN_CXPORT%"=="1" set SYSGEN_STDIOA=1',
  'if "%SYSGEN_CRYPTO%"=="1" (',
  '    set COREDLL_COMPONENTS=%COREDLL_COMPONENTS% cryptapi',
  '    if "%SYSGEN_CERTS%"=="1" set SYSGEN_CORESTRA=1',
  '    if not "%SYSGEN_CORELOC%"=="1" set SYSGEN_LOCUSA=1',
  ') else (',
  '    set SYSGEN_FMTMSG=1',
  ')',
  'if "%SYSGEN_CONTOSO_KIOSK%"=="1" if not "%SYSGEN_WININET%"=="1" set SYSGEN_CONTOSO_HTTP=1',
  'if /i "%LOCALE%"=="0411" set SYSGEN_CORELOC=1',
  '',
].join('\r\n');

/** A tree as copied from Windows: mixed-case folder names. */
function makeTree(): string {
  const dir = tmp('wcecfg-tree-');
  write(dir, 'Public/Common/CESysgen/CESYSGEN.BAT', CESYSGEN);
  write(dir, 'PUBLIC/Contoso/Catalog/contoso.cec', readFileSync(join(root, 'test/fixtures/pb/contoso.cec')));
  write(dir, 'platform/Kiosk/catalog/sub/contoso-ce6.pbcxml', readFileSync(join(root, 'test/fixtures/pb/contoso-ce6.pbcxml')));
  write(dir, 'PUBLIC/Contoso/Other/ignored.cec', 'not read');
  return dir;
}

describe('parseCesysgen', () => {
  const { rules, problems } = parseCesysgen(CESYSGEN, 'cesysgen.bat');
  const by = (from: string) => rules.filter((r) => r.from === from).map(({ from: _f, ...r }) => r);
  test('one-line rules, with internal __SYSGEN_ variables folded away', () => {
    expect(problems).toEqual([]);
    expect(by('SYSGEN_WINSOCK')).toEqual([
      { to: 'SYSGEN_DEVICE', source: 'cesysgen.bat:3', line: 3 },
      { to: 'SYSGEN_STDIOA', via: ['__SYSGEN_CXPORT'], source: 'cesysgen.bat:4,5', line: 5 },
    ]);
  });
  test('rules inside an if block; an if not guard becomes unless', () => {
    expect(by('SYSGEN_CERTS')).toEqual([{ to: 'SYSGEN_CORESTRA', source: 'cesysgen.bat:8', line: 8, note: 'inside the SYSGEN_CRYPTO block' }]);
    expect(by('SYSGEN_CRYPTO')).toEqual([{ to: 'SYSGEN_LOCUSA', unless: 'SYSGEN_CORELOC', source: 'cesysgen.bat:9', line: 9 }]);
  });
  test('an else block and a LOCALE test have no Sysgen item to hang a rule on; a chained if not is an unless', () => {
    expect(rules.some((r) => r.to === 'SYSGEN_FMTMSG' || r.to === 'SYSGEN_CORELOC')).toBe(false);
    expect(by('SYSGEN_CONTOSO_KIOSK')).toEqual([{ to: 'SYSGEN_CONTOSO_HTTP', unless: 'SYSGEN_WININET', source: 'cesysgen.bat:13', line: 13 }]);
  });
  test('`if defined SYSGEN_X`, and a block whose last statement carries the closing parenthesis', () => {
    const r = parseCesysgen(['if defined SYSGEN_A set SYSGEN_B=1', 'if "%SYSGEN_C%"=="1" (', '  set SYSGEN_D=1)', 'if "%SYSGEN_E%"=="1" set SYSGEN_F=1', ''].join('\n'), 'c.bat');
    expect(r.problems).toEqual([]);
    expect(r.rules.map((x) => [x.from, x.to, x.line, x.note])).toEqual([
      ['SYSGEN_A', 'SYSGEN_B', 1, undefined],
      ['SYSGEN_C', 'SYSGEN_D', 3, undefined],
      ['SYSGEN_E', 'SYSGEN_F', 4, undefined],
    ]);
  });
  test('an if block never closed is a warning on its line', () => {
    expect(parseCesysgen('if "%SYSGEN_A%"=="1" (\n  set SYSGEN_B=1\n', 'c.bat').problems).toEqual([{ severity: 'warning', line: 1, message: 'if block opened here is never closed' }]);
  });
});

describe('finding files in a tree whose case varies', () => {
  test('catalog folders and cesysgen.bat are matched case-insensitively', () => {
    const dir = makeTree();
    const f = findTreeFiles(dir);
    expect(f.catalogs.map((p) => p.slice(dir.length + 1))).toEqual(['PUBLIC/Contoso/Catalog/contoso.cec', 'platform/Kiosk/catalog/sub/contoso-ce6.pbcxml']);
    expect(f.cesysgen?.slice(dir.length + 1)).toBe('Public/Common/CESysgen/CESYSGEN.BAT');
    expect(globCi(dir, ['public', 'COMMON', 'cesysgen'])).toEqual([join(dir, 'Public/Common/CESysgen')]);
  });
  test('the OAK\\MISC copy of cesysgen.bat', () => {
    const dir = tmp('wcecfg-tree-oak-');
    write(dir, 'public/common/oak/misc/Cesysgen.bat', CESYSGEN);
    expect(findTreeFiles(dir).cesysgen).toBe(join(dir, 'public/common/oak/misc/Cesysgen.bat'));
  });
});

describe('--wince-root through the CLI', () => {
  test("the tree's rules replace the built-in build rules of the variables they cover, naming file and line", () => {
    const dir = makeTree();
    const r = cli(['catalog', 'show', 'SYSGEN_WINSOCK', '--wince-root', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const shown = JSON.parse(r.stdout);
    const rules = (shown.requires ?? shown.component?.requires).filter((q: { kind: string }) => q.kind === 'build-rule');
    expect(rules.map((q: { id: string; source: string }) => [q.id, q.source.replace(/^.*CESYSGEN\.BAT/, 'CESYSGEN.BAT')])).toEqual([
      ['SYSGEN_DEVICE', 'CESYSGEN.BAT:3'],
      ['SYSGEN_STDIOA', 'CESYSGEN.BAT:4,5'],
    ]);
  });
  test('catalog items of the tree take part, and its rules pull in new items (unless guards respected)', () => {
    const dir = makeTree();
    const r = cli(['resolve', 'SYSGEN_CONTOSO_KIOSK', '--wince-root', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const ids = JSON.parse(r.stdout).closure.map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['SYSGEN_CONTOSO_KIOSK', 'SYSGEN_CONTOSO_UPDATER', 'SYSGEN_CONTOSO_HTTP']));
    const withInet = JSON.parse(cli(['resolve', 'SYSGEN_CONTOSO_KIOSK', 'SYSGEN_WININET', '--wince-root', dir, '--json']).stdout).closure.map((c: { id: string }) => c.id);
    expect(withInet).not.toContain('SYSGEN_CONTOSO_HTTP');
  });
  test('_WINCEROOT works like --wince-root', () => {
    const dir = makeTree();
    const r = cliEnv(['catalog', 'show', 'SYSGEN_CONTOSO_TELEMETRY'], { _WINCEROOT: dir });
    expect(r.code, r.stderr).toBe(0);
  });
  test('report.md lists what differs from the built-in facts', () => {
    const dir = makeTree();
    const out = join(tmp(), 'out');
    const r = cli(['generate', '--wince-root', dir, '--out', out, '--only', 'report']);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    const section = md.slice(md.indexOf('## Platform Builder tree'));
    expect(section).toMatch(/Read from `[^`]+`: 2 Catalog file\(s\) and the build rules of `[^`]+CESYSGEN\.BAT`/);
    expect(section).toMatch(/\| added by the tree \| `SYSGEN_CRYPTO => SYSGEN_LOCUSA unless SYSGEN_CORELOC` \| [^|]*CESYSGEN\.BAT:9 \|/);
    expect(section).toMatch(/\| built-in rule the tree does not have \| `SYSGEN_WINSOCK => SYSGEN_CORESTRA` \|/);
    expect(section).not.toMatch(/\| (added by the tree|built-in rule the tree does not have) \| `SYSGEN_WINSOCK => SYSGEN_DEVICE`/);
  });
  test('a tree that lacks the files is a warning, not an error', () => {
    const dir = tmp('wcecfg-emptytree-');
    const r = cli(['resolve', '--wince-root', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no .cec or .pbcxml files under');
    expect(r.stderr).toContain('no PUBLIC\\COMMON\\CESYSGEN\\cesysgen.bat');
  });
  test('--wince-root that is not a folder is exit 2; an inherited _WINCEROOT that is not one is a warning', () => {
    expect(expectUserError(cli(['resolve', '--wince-root', 'no-such-tree']))).toBe('wcecfg: --wince-root no-such-tree: not a Platform Builder tree (no such directory)');
    const r = cliEnv(['resolve'], { _WINCEROOT: '/no/such/tree' });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('wcecfg: warning: _WINCEROOT: /no/such/tree: not a Platform Builder tree (no such directory); ignored\n');
  });
  test('rules that set each other (harmless in a batch file) do not make a cycle: the closing one is dropped with a warning', () => {
    const dir = tmp('wcecfg-cycletree-');
    write(dir, 'PUBLIC/COMMON/CESYSGEN/cesysgen.bat', 'if "%SYSGEN_CONTOSO_A%"=="1" set SYSGEN_CONTOSO_B=1\r\nif "%SYSGEN_CONTOSO_B%"=="1" set SYSGEN_CONTOSO_A=1\r\n');
    const r = cli(['resolve', 'SYSGEN_CONTOSO_A', '--wince-root', dir, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).closure.map((c: { id: string }) => c.id).sort()).toEqual(['SYSGEN_CONTOSO_A', 'SYSGEN_CONTOSO_B']);
    expect(r.stderr).toMatch(/cesysgen\.bat:2: SYSGEN_CONTOSO_B => SYSGEN_CONTOSO_A closes a cycle of build rules \(SYSGEN_CONTOSO_A already leads to SYSGEN_CONTOSO_B\); not used\n/);
  });
  test('a 50 MB cesysgen.bat is refused unread', () => {
    const dir = tmp('wcecfg-bigtree-');
    write(dir, 'PUBLIC/COMMON/CESYSGEN/cesysgen.bat', Buffer.alloc(50 * 1024 * 1024, 0x20));
    expect(expectUserError(cli(['resolve', '--wince-root', dir]))).toMatch(/cesysgen\.bat: 50 MiB is larger than wcecfg's limit for a cesysgen\.bat \(16 MiB\)$/);
  });
  test('a cesysgen.bat with binary garbage: one line naming file and line, exit 2, nothing written', () => {
    const dir = tmp('wcecfg-badtree-');
    write(dir, 'PUBLIC/COMMON/CESYSGEN/cesysgen.bat', Buffer.concat([Buffer.from('@echo off\r\nif "%SYSGEN_A%"=="1" set SYSGEN_B=1\r\n'), Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0xff, 0xff])]));
    const out = join(dir, 'out');
    expect(expectUserError(cli(['generate', '--wince-root', dir, '--out', out]))).toMatch(/cesysgen\.bat:3: not a text batch file \(binary content\)$/);
    expect(existsSync(out)).toBe(false);
  });
});
