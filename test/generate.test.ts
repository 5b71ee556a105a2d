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
    expect(text).toMatch(/rem SYSGEN_AUDIO \(Waveform Audio\): required by SYSGEN_VOIP \(inferred\)\r\nset SYSGEN_AUDIO=1/);
    expect(text).toMatch(/rem SYSGEN_WININET \(Windows Internet Services \(WinInet\)\): required by SYSGEN_MESSENGER, SYSGEN_MSXML_DOM, SYSGEN_MSXML_XQL, SYSGEN_WININET_TWEENER\r\n/);
  });

  // Facts copied from ../shared/reference/ce50-corrections.md §2 (Microsoft's voip.reg), not from output.
  const MSMSGS = 'VOIP_MODULES_MSMSGS';
  const RTCIMSP = 'VOIP_MODULES_RTCIMSP';
  const SP = '{83D4679F-B6D7-11D2-BF36-00C04FB90A03}';
  const VOIP_REG_DEFAULTS = [
    { key: 'HKEY_CLASSES_ROOT\\CLSID\\{F3A614DC-ABE0-11d2-A441-00C04F795683}\\LocalServer32', name: null, type: 'REG_SZ', data: 'msmsgs.exe', guards: [MSMSGS] },
    { key: 'HKEY_CLASSES_ROOT\\CLSID\\{FB7199AB-79BF-11d2-8D94-0000F875C541}\\LocalServer32', name: null, type: 'REG_SZ', data: 'msmsgs.exe', guards: [MSMSGS] },
    { key: 'HKEY_CURRENT_USER\\Software\\Microsoft\\MessengerService', name: 'PrimaryService', type: 'REG_SZ', data: 'MSN Messenger Service', guards: [MSMSGS] },
    { key: 'HKEY_CURRENT_USER\\Software\\Microsoft\\MessengerService', name: 'IMSBHide', type: 'REG_DWORD', data: 1, guards: [MSMSGS] },
    { key: 'HKEY_LOCAL_MACHINE\\Software\\Microsoft\\MessengerService', name: 'InstallationDirectory', type: 'REG_SZ', data: '\\Windows', guards: [MSMSGS] },
    { key: 'HKEY_LOCAL_MACHINE\\Software\\Microsoft\\MessengerService', name: 'Help', type: 'REG_SZ', data: '\\Windows\\msmsgs.htm', guards: [MSMSGS] },
    { key: `HKEY_CLASSES_ROOT\\CLSID\\${SP}\\InprocServer32`, name: null, type: 'REG_SZ', data: 'rtcimsp.dll', guards: [RTCIMSP] },
    { key: `HKEY_LOCAL_MACHINE\\Software\\Microsoft\\MessengerService\\ServiceProviders\\${SP}`, name: 'Enabled', type: 'REG_DWORD', data: 1, guards: [RTCIMSP] },
    { key: 'HKEY_CURRENT_USER\\Software\\Microsoft\\RTCIMSP', name: 'ConfigurationMode', type: 'REG_DWORD', data: 1, guards: [RTCIMSP] },
    { key: 'HKEY_CURRENT_USER\\Software\\Microsoft\\RTCIMSP', name: 'Transport', type: 'REG_DWORD', data: 4, guards: [RTCIMSP] },
  ];
  /** project.reg with its commented-out defaults turned back into lines, to read them with the same reader. */
  const uncomment = (text: string) => text.replace(/^; (\[HKEY_[^\r]*\])\r$/gm, '$1\r').replace(/^    ; ((?:"|@)[^\r]*=[^\r]*)\r$/gm, '    $1\r');

  test('project.reg writes nothing the design does not change: Microsoft\'s voip.reg defaults are comments', () => {
    const text = files('project.reg').toString('latin1');
    expect(parseCeReg(text).values).toEqual([]);
    expect(text).not.toMatch(/^REGEDIT|^Windows Registry Editor/);
    expect(text).not.toMatch(/WCEAPPSFE|"Configuration Mode"=|\{83D4679E|\(inferred\) VOIP_MODULES/);
    const defaults = parseCeReg(uncomment(text)).values.filter((v) => v.guards[0]!.startsWith('VOIP_'));
    expect(defaults).toEqual(VOIP_REG_DEFAULTS);
  });

  test('project.bib repeats no module the VOIP tree\'s own .bib ships, and says so', () => {
    const text = files('project.bib').toString('latin1');
    const bib = parseBib(text);
    expect(bib.MODULES).toEqual([]);
    expect(bib.FILES).toEqual([]);
    for (const f of ['msmsgs.exe', 'msgslang.dll', 'rtcimsp.dll']) expect(text).toMatch(new RegExp(`^; ${f.replace('.', '\\.')} \\(SYSGEN_MESSENGER\\): shipped by the VOIP OS tree's own \\.bib`, 'm'));
    expect(files('report.md').toString('utf8')).toMatch(/project\.bib has rows only for modules the catalog marks as the OEM's to place/);
  });

  test('desktop.reg is version 5, UTF-16LE with BOM, CRLF', () => {
    const buf = files('desktop.reg');
    expect([...buf.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    const parsed = parseDesktopReg(buf);
    expect(parsed.version).toBe(5);
    // The default design changes no value, so there is nothing to import.
    expect(parsed.values).toEqual([]);
  });

  test('report.md shows roots, the closure table, modules, registry values and every inferred fact', () => {
    const md = files('report.md').toString('utf8');
    expect(md).toMatch(/Selected: `SYSGEN_MESSENGER`/);
    for (const id of MESSENGER_CLOSURE) expect(md).toContain(`\`${id}\``);
    expect(md).toMatch(/\| `SYSGEN_WININET_TWEENER` \| Passport SSI 1\.4 Authentication \| SYSGEN\\_MESSENGER \| catalog \|/);
    expect(md).toMatch(/\| `SYSGEN_AUDIO` \| Waveform Audio \| SYSGEN\\_VOIP \| catalog, \*\*inferred requirements only\*\* \|/);
    expect(md).toMatch(/## Inferred facts this output relies on/);
    expect(md).toMatch(/- SYSGEN\\_VOIP requires SYSGEN\\_AUDIO: the page names audio hardware/);
    expect(md).toMatch(/\| HKEY\\_CURRENT\\_USER\\\\Software\\\\Microsoft\\\\RTCIMSP \| ConfigurationMode \| REG_DWORD \| 1 \(0x1\) \| voip\.reg \(CE 5\.0 VOIP OS tree\) \|/);
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
    expect(readFileSync(join(out, 'desktop.reg')).toString('utf16le')).not.toMatch(/"Transport"/);
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
    expect(expectUserError(cli(['generate', '--design', b, '--out', join(d, 'out')]))).toMatch(/my design\.bat: the design name "my design" cannot name its batch file "my design\.bat"/);
    expect(existsSync(join(d, 'out'))).toBe(false);
    const j = write(d, 'x.json', JSON.stringify({ name: '../evil', select: ['SYSGEN_MESSENGER'] }));
    expect(expectUserError(cli(['generate', '--design', j, '--out', join(d, 'out')]))).toMatch(/\/name: must match pattern/);
  });
});

describe('design options', () => {
  test('keep-alive values are written only when they change the default, guarded by tcpstk (ms884976)', () => {
    const d = tmp();
    const dj = write(d, 'k.json', design({ registry: { keepAliveTime: 600000, keepAliveInterval: 2000 } }));
    const r = cli(['generate', '--design', dj, '--out', join(d, 'out'), '--only', 'reg']);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(d, 'out', 'project.reg'), 'latin1');
    const v = parseCeReg(text).values.filter((x) => x.key === 'HKEY_LOCAL_MACHINE\\Comm\\Tcpip\\Parms');
    expect(v.map((x) => [x.name, x.data, x.guards])).toEqual([['KeepAliveTime', 600000, ['CE_MODULES_TCPSTK']], ['KeepAliveInterval', 2000, ['CE_MODULES_TCPSTK']]]);
    expect(text).toMatch(/; changes Microsoft's default 7200000 \(Tcpstk\.dll internal default, ms884976/);
    expect(text).not.toMatch(/\(inferred\) KeepAlive/);
    expect(readdirSync(join(d, 'out')).filter((f) => !f.startsWith('.'))).toEqual(['project.reg']);
    const plain = join(tmp(), 'o');
    cli(['generate', '--out', plain, '--only', 'reg']);
    const plainText = readFileSync(join(plain, 'project.reg'), 'latin1');
    expect(parseCeReg(plainText).values.filter((x) => x.name?.startsWith('KeepAlive'))).toEqual([]);
    expect(plainText).toMatch(/^    ; "KeepAliveTime"=dword:6DDD00\r$/m);
    // A design value equal to the default is not repeated either.
    const same = write(d, 's.json', design({ registry: { keepAliveTime: 7200000 } }));
    expect(cli(['generate', '--design', same, '--out', join(d, 'same'), '--only', 'reg']).code).toBe(0);
    expect(parseCeReg(readFileSync(join(d, 'same', 'project.reg'), 'latin1')).values).toEqual([]);
  });
  test('changed values go under the names, hives and guards of Microsoft\'s voip.reg (ce50-corrections.md §2)', () => {
    const d = tmp();
    const dj = write(d, 'k.json', design({ registry: { transport: 'TCP', serverAddress: 'sip.example.com:5060', configurationMode: 'automatic', rtcProviderEnabled: 0, imsbHide: 0, help: '\\Windows\\kiosk.htm' } }));
    expect(cli(['generate', '--design', dj, '--out', join(d, 'out'), '--only', 'reg']).code).toBe(0);
    const { values } = parseCeReg(readFileSync(join(d, 'out', 'project.reg'), 'latin1'));
    const RTC = 'HKEY_CURRENT_USER\\Software\\Microsoft\\RTCIMSP';
    expect(values).toEqual([
      { key: 'HKEY_CURRENT_USER\\Software\\Microsoft\\MessengerService', name: 'IMSBHide', type: 'REG_DWORD', data: 0, guards: ['VOIP_MODULES_MSMSGS'] },
      { key: 'HKEY_LOCAL_MACHINE\\Software\\Microsoft\\MessengerService', name: 'Help', type: 'REG_SZ', data: '\\Windows\\kiosk.htm', guards: ['VOIP_MODULES_MSMSGS'] },
      { key: 'HKEY_LOCAL_MACHINE\\Software\\Microsoft\\MessengerService\\ServiceProviders\\{83D4679F-B6D7-11D2-BF36-00C04FB90A03}', name: 'Enabled', type: 'REG_DWORD', data: 0, guards: ['VOIP_MODULES_RTCIMSP'] },
      { key: RTC, name: 'ConfigurationMode', type: 'REG_DWORD', data: 0, guards: ['VOIP_MODULES_RTCIMSP'] },
      { key: RTC, name: 'Transport', type: 'REG_DWORD', data: 2, guards: ['VOIP_MODULES_RTCIMSP'] },
      { key: RTC, name: 'ServerAddress', type: 'REG_SZ', data: 'sip.example.com:5060', guards: ['VOIP_MODULES_RTCIMSP'] },
    ]);
  });
  test('cesysgenTree renames only the Messenger flags it names; the keep-alive block stays CE_MODULES_TCPSTK', () => {
    const d = tmp();
    const dj = write(d, 'k.json', design({ cesysgenTree: 'RTC', registry: { transport: 'TCP', keepAliveTime: 600000 } }));
    expect(cli(['generate', '--design', dj, '--out', join(d, 'out'), '--only', 'reg,bib']).code).toBe(0);
    const text = readFileSync(join(d, 'out', 'project.reg'), 'latin1');
    const { values } = parseCeReg(text);
    expect(values.map((v) => [v.name, v.guards])).toEqual([['KeepAliveTime', ['CE_MODULES_TCPSTK']], ['Transport', ['RTC_MODULES_RTCIMSP']]]);
    expect(text).toMatch(/^; @CESYSGEN IF RTC_MODULES_MSMSGS\r$/m);
    expect(text).not.toMatch(/VOIP_MODULES|inferred\) RTC_MODULES|RTC_MODULES_TCPSTK/);
  });
  test('project.bib writes a row for a module the catalog marks as the OEM\'s to place (an OEM overlay)', () => {
    const d = tmp();
    const cat = join(d, 'oem');
    write(cat, 'kiosk.json', JSON.stringify({
      id: 'SYSGEN_OEM_KIOSK', title: 'Kiosk shell', description: 'OEM kiosk shell', area: 'OEM', confidence: 'documented', sources: ['oem'],
      requires: [{ id: 'SYSGEN_MESSENGER', kind: 'catalog', confidence: 'documented', source: 'oem' }],
      modules: [{ name: 'kiosk', role: 'exe', file: 'kiosk.exe', bib: { section: 'MODULES', memory: 'NK', flags: 'S' } }],
      cesysgenFlag: { module: 'kiosk', flag: 'OEMAPPS_MODULES_KIOSK', confidence: 'documented' },
    }));
    const dj = write(d, 'k.json', JSON.stringify({ name: 'Kiosk', select: ['SYSGEN_OEM_KIOSK'], cesysgenTree: 'RTC' }));
    const r = cli(['generate', '--design', dj, '--catalog', cat, '--out', join(d, 'out'), '--only', 'bib']);
    expect(r.code, r.stderr).toBe(0);
    const text = readFileSync(join(d, 'out', 'project.bib'), 'latin1');
    // cesysgenTree renames Messenger's flags only, not the OEM's.
    expect(parseBib(text)).toEqual({ MODULES: [{ name: 'kiosk.exe', path: '$(_FLATRELEASEDIR)\\kiosk.exe', memory: 'NK', flags: 'S', guards: ['OEMAPPS_MODULES_KIOSK'] }], FILES: [] });
    expect(text).toMatch(/^; msmsgs\.exe \(SYSGEN_MESSENGER\): shipped by the VOIP OS tree's own \.bib/m);
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
    expect(expectUserError(cli(['generate', '--templates', join(d, 'tpl'), '--out', join(d, 'o'), '--only', 'bat']))).toMatch(/design\.bat\.hbs: line 2: the field "desing\.name" does not exist; check its spelling$/);
  });
});
