import { describe, expect, test } from 'vitest';
import { readFileSync, statSync, writeFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, expectUserError, tmp, write, MESSENGER_CLOSURE } from './helpers.js';
import { parseBib, parseCeReg } from './support/cereg.js';
import { parseDesktopReg } from './support/desktopreg.js';

const design = (extra: object) => JSON.stringify({ name: 'Kiosk', select: ['SYSGEN_MESSENGER'], ...extra });

describe('generate on the built-in design', () => {
  const out = join(tmp(), 'out');
  const r = cli(['generate', '--out', out, '--json']);
  const files = (name: string) => readFileSync(join(out, name));

  test('writes the build files, the report and the firewall plan', () => {
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['.wcecfg-manifest.json', 'Messenger.bat', 'desktop.reg', 'firewall.html', 'firewall.md', 'project.bib', 'project.reg', 'report.html', 'report.md']);
    expect(JSON.parse(r.stdout).files.map((f: { status: string }) => f.status)).toEqual(Array(8).fill('written'));
  });

  test('the batch file sets the closure in dependency order, each line after a rem saying why, with CRLF', () => {
    const text = files('Messenger.bat').toString('latin1');
    expect(text.startsWith('@echo off\r\n')).toBe(true);
    expect(text).not.toMatch(/(^|[^\r])\n/);
    const lines = text.split('\r\n');
    const sets = lines.filter((l) => l.startsWith('set ')).map((l) => l.slice(4).replace(/=1$/, ''));
    expect([...sets].sort()).toEqual(MESSENGER_CLOSURE);
    const order = JSON.parse(cli(['resolve', '--json']).stdout).closure.map((c: { id: string }) => c.id);
    expect(sets).toEqual(order);
    for (let i = 0; i < lines.length; i++) if (lines[i]!.startsWith('set ')) expect(lines[i - 1]).toMatch(/^rem SYSGEN_\w+ \(.+\): (selected|required by SYSGEN_)/);
    expect(text).toMatch(/rem SYSGEN_MESSENGER \(Windows Messenger\): selected\r\nset SYSGEN_MESSENGER=1/);
    expect(text).toMatch(/rem SYSGEN_WININET \(Windows Internet Services\): required by SYSGEN_MESSENGER, SYSGEN_WININET_TWEENER \(inferred\)/);
  });

  test('project.reg holds Messenger\'s documented defaults, guarded by the msmsgs module flag', () => {
    const { values } = parseCeReg(files('project.reg').toString('latin1'));
    const by = (name: string) => values.find((v) => v.name === name);
    expect(by('Help')).toMatchObject({ key: 'HKEY_LOCAL_MACHINE\\Software\\Microsoft\\MessengerService', type: 'REG_SZ', data: '\\windows\\msmsgs.htm' });
    expect(by('IMSBHide')).toMatchObject({ key: 'HKEY_CURRENT_USER\\Software\\Microsoft\\MessengerService', type: 'REG_DWORD', data: 1 });
    expect(by('Configuration Mode')).toMatchObject({ key: 'HKEY_CURRENT_USER\\Software\\Microsoft\\RTCIMSP', data: 1 });
    expect(by('Transport')).toMatchObject({ data: 4 });
    expect(by('ServerAddress')).toBeUndefined(); // no default
    for (const v of values) expect(v.guards).toEqual(['WCEAPPSFE_MODULES_MSMSGS']);
    expect(files('project.reg').toString('latin1')).toMatch(/; \(inferred\) WCEAPPSFE_MODULES_MSMSGS: the msmsgs module flag's OS-tree prefix is inferred/);
    expect(files('project.reg').toString('latin1')).not.toMatch(/^REGEDIT|^Windows Registry Editor/);
  });

  test('project.bib lists msmsgs.exe in MODULES and msgslang.dll in FILES, guarded', () => {
    const bib = parseBib(files('project.bib').toString('latin1'));
    expect(bib.MODULES).toEqual([{ name: 'msmsgs.exe', path: '$(_FLATRELEASEDIR)\\msmsgs.exe', memory: 'NK', flags: 'S', guards: ['WCEAPPSFE_MODULES_MSMSGS'] }]);
    expect(bib.FILES).toEqual([{ name: 'msgslang.dll', path: '$(_FLATRELEASEDIR)\\msgslang.dll', memory: 'NK', flags: 'SH', guards: ['WCEAPPSFE_MODULES_MSGSLANG'] }]);
  });

  test('desktop.reg is version 5, UTF-16LE with BOM, CRLF', () => {
    const buf = files('desktop.reg');
    expect([...buf.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const parsed = parseDesktopReg(buf);
    expect(parsed.version).toBe(5);
    expect(parsed.values.find((v) => v.name === 'Transport')).toMatchObject({ type: 4, dword: 4 });
  });

  test('report.md shows roots, the closure table, modules, registry values and every inferred fact', () => {
    const md = files('report.md').toString('utf8');
    expect(md).toMatch(/Selected: `SYSGEN_MESSENGER`/);
    for (const id of MESSENGER_CLOSURE) expect(md).toContain(`\`${id}\``);
    expect(md).toMatch(/\| `SYSGEN_WININET_TWEENER` \| Passport SSI 1\.4 Authentication \| SYSGEN\\_MESSENGER \| catalog, \*\*inferred\*\* \|/);
    expect(md).toMatch(/## Inferred facts this output relies on/);
    expect(md).toMatch(/- SYSGEN\\_WININET: the variable name is inferred/);
    expect(md).toMatch(/WCEAPPSFE\\_MODULES\\_MSMSGS/);
    expect(JSON.parse(r.stdout).inferredFacts.length).toBeGreaterThan(5);
  });

  test('is deterministic: another run elsewhere gives byte-identical files', () => {
    const other = join(tmp(), 'again');
    expect(cli(['generate', '--out', other]).code).toBe(0);
    for (const f of readdirSync(out)) expect(readFileSync(join(other, f)).equals(files(f)), f).toBe(true);
  });

  test('a second run that changes nothing rewrites nothing', () => {
    const before = readdirSync(out).map((f) => statSync(join(out, f)).mtimeMs);
    const again = cli(['generate', '--out', out, '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout).files.every((f: { status: string }) => f.status === 'unchanged')).toBe(true);
    expect(readdirSync(out).map((f) => statSync(join(out, f)).mtimeMs)).toEqual(before);
  });
});

describe('safe writing', () => {
  test('a hand-edited file is not overwritten without --force, and nothing else is written either', () => {
    const d = tmp();
    const out = join(d, 'out');
    const dj = write(d, 'k.json', design({}));
    expect(cli(['generate', '--design', dj, '--out', out]).code).toBe(0);
    writeFileSync(join(out, 'project.reg'), 'my edits\r\n');
    write(d, 'k.json', design({ registry: { transport: 'tcp' } }));
    const e = expectUserError(cli(['generate', '--design', dj, '--out', out]));
    expect(e).toMatch(/project\.reg differs from what wcecfg last wrote there .*nothing was written.*--force/);
    expect(readFileSync(join(out, 'project.reg'), 'utf8')).toBe('my edits\r\n');
    expect(readFileSync(join(out, 'desktop.reg')).toString('utf16le')).toMatch(/"Transport"=dword:00000004/);
    expect(cli(['generate', '--design', dj, '--out', out, '--force']).code).toBe(0);
    expect(readFileSync(join(out, 'project.reg'), 'latin1')).toMatch(/"Transport"=dword:2/);
  });

  test('an invalid design value fails before anything is written', () => {
    const d = tmp();
    const out = join(d, 'out');
    const dj = write(d, 'k.json', design({ registry: { transport: 3 } }));
    expect(expectUserError(cli(['generate', '--design', dj, '--out', out]))).toMatch(/k\.json: \/registry\/transport: 3 is not allowed for Transport; use 1 \(UDP\), 2 \(TCP\), 4 \(TLS\)/);
    expect(existsSync(out)).toBe(false);
    write(d, 'k.json', design({ registry: { transprt: 4 } }));
    expect(expectUserError(cli(['generate', '--design', dj, '--out', out]))).toMatch(/no component defines a registry option "transprt"; did you mean transport\?/);
  });

  test('a failing run leaves an existing output directory as it was', () => {
    const d = tmp();
    const out = join(d, 'out');
    expect(cli(['generate', '--out', out]).code).toBe(0);
    const snapshot = readdirSync(out).map((f) => [f, readFileSync(join(out, f)).toString('base64')]);
    const dj = write(d, 'k.json', design({ registry: { serverAddress: 'proxy\nevil' } }));
    expect(expectUserError(cli(['generate', '--design', dj, '--out', out]))).toMatch(/\/registry\/serverAddress: a newline cannot be written safely/);
    expect(readdirSync(out).map((f) => [f, readFileSync(join(out, f)).toString('base64')])).toEqual(snapshot);
  });

  test('a design name that cannot be a file name is refused; nothing lands outside --out', () => {
    const d = tmp();
    const b = write(d, 'my design.bat', ['set SYSGEN_MESSENGER=1'].join('\r\n'));
    expect(expectUserError(cli(['generate', '--design', b, '--out', join(d, 'out')]))).toMatch(/"my design\.bat" cannot be used/);
    expect(existsSync(join(d, 'out'))).toBe(false);
    const j = write(d, 'x.json', JSON.stringify({ name: '../evil', select: ['SYSGEN_MESSENGER'] }));
    expect(expectUserError(cli(['generate', '--design', j, '--out', join(d, 'out')]))).toMatch(/\/name: must match pattern/);
  });
});

describe('design options', () => {
  test('keep-alive values are written only when asked for, guarded by tcpstk, with the inferred names and unit said', () => {
    const d = tmp();
    const dj = write(d, 'k.json', design({ registry: { keepAliveTime: 7200000, keepAliveInterval: 1000 } }));
    const r = cli(['generate', '--design', dj, '--out', join(d, 'out'), '--only', 'reg']);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(d, 'out', 'project.reg'), 'latin1');
    const v = parseCeReg(text).values.filter((x) => x.key === 'HKEY_LOCAL_MACHINE\\Comm\\Tcpip\\Parms');
    expect(v.map((x) => [x.name, x.data, x.guards])).toEqual([['KeepAliveTime', 7200000, ['CE_MODULES_TCPSTK']], ['KeepAliveInterval', 1000, ['CE_MODULES_TCPSTK']]]);
    expect(text).toMatch(/; \(inferred\) KeepAliveTime: value name and unit \(milliseconds\) are inferred/);
    expect(readdirSync(join(d, 'out')).filter((f) => !f.startsWith('.'))).toEqual(['project.reg']);
    const plain = join(tmp(), 'o');
    cli(['generate', '--out', plain, '--only', 'reg']);
    expect(readFileSync(join(plain, 'project.reg'), 'latin1')).not.toMatch(/KeepAlive/);
  });
  test('transport by name, the server address, and the OS tree of the guard', () => {
    const d = tmp();
    const dj = write(d, 'k.json', design({ cesysgenTree: 'RTC', registry: { transport: 'TCP', serverAddress: 'sip.example.com:5060', configurationMode: 'automatic' } }));
    expect(cli(['generate', '--design', dj, '--out', join(d, 'out'), '--only', 'reg,bib']).code).toBe(0);
    const { values } = parseCeReg(readFileSync(join(d, 'out', 'project.reg'), 'latin1'));
    expect(values.find((v) => v.name === 'Transport')!.data).toBe(2);
    expect(values.find((v) => v.name === 'Configuration Mode')!.data).toBe(0);
    expect(values.find((v) => v.name === 'ServerAddress')).toMatchObject({ data: 'sip.example.com:5060', guards: ['RTC_MODULES_MSMSGS'] });
    expect(readFileSync(join(d, 'out', 'project.reg'), 'latin1')).not.toMatch(/inferred\) RTC_MODULES/);
  });
  test('keep-alive out of range, and an option of an item outside the design', () => {
    const d = tmp();
    expect(expectUserError(cli(['generate', '--design', write(d, 'a.json', design({ registry: { keepAliveTime: 0 } })), '--out', join(d, 'o')]))).toMatch(/keepAliveTime: 0 is out of range for KeepAliveTime \(1 to 4294967295 ms\)/);
    const noTcp = JSON.stringify({ name: 'X', select: ['SYSGEN_SHDOCVW'], registry: { keepAliveTime: 5 } });
    expect(expectUserError(cli(['generate', '--design', write(d, 'b.json', noTcp), '--out', join(d, 'o')]))).toMatch(/"keepAliveTime" configures SYSGEN_TCPIP, which is not in the design/);
  });
  test('validate reports bad registry options as findings', () => {
    const d = tmp();
    const r = cli(['validate', write(d, 'a.json', design({ registry: { transport: 3 } }))]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error: .*\/registry\/transport: 3 is not allowed/);
  });
  test('--only with a typo, and --reg-version 4 with non-ASCII text', () => {
    expect(expectUserError(cli(['generate', '--only', 'bat,rge', '--out', join(tmp(), 'o')]))).toMatch(/--only: unknown output "rge" \(did you mean reg\?\)/);
    const d = tmp();
    const dj = write(d, 'k.json', design({ registry: { serverAddress: 'prôxy' } }));
    expect(expectUserError(cli(['generate', '--design', dj, '--out', join(d, 'o'), '--only', 'desktop-reg', '--reg-version', '4']))).toMatch(/REGEDIT4 files are ANSI; use --reg-version 5/);
    expect(expectUserError(cli(['generate', '--design', dj, '--out', join(d, 'o'), '--only', 'reg']))).toMatch(/serverAddress: "ô" cannot be written safely in a CE registry file/);
  });
});

describe('templates', () => {
  test('an OEM template directory replaces a built-in template of the same name', () => {
    const d = tmp();
    write(d, 'tpl/design.bat.hbs', '@echo off\nrem OEM header for {{bat design.name}}\n{{#each closure}}\n{{batSet id "1"}}\n{{/each}}\n');
    const r = cli(['generate', '--templates', join(d, 'tpl'), '--out', join(d, 'o'), '--only', 'bat']);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(d, 'o', 'Messenger.bat'), 'latin1');
    expect(text.startsWith('@echo off\r\nrem OEM header for Messenger\r\nset SYSGEN_')).toBe(true);
  });
  test('a template that bypasses the format helpers still cannot smuggle a misspelt field', () => {
    const d = tmp();
    write(d, 'tpl/design.bat.hbs', '@echo off\n{{desing.name}}\n');
    expect(expectUserError(cli(['generate', '--templates', join(d, 'tpl'), '--out', join(d, 'o'), '--only', 'bat']))).toMatch(/design\.bat\.hbs: "name" not defined in undefined - 2:2/);
  });
});
