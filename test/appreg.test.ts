import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, expectUserError, tmp, write } from './helpers.js';
import { parseDesktopReg } from './support/desktopreg.js';
import { hasWine, useWinePrefix } from './wine.js';

const EXE = 'C:\\Program Files\\Contoso\\ContosoChat.exe';
const manifest = (over: object = {}) => ({
  application: { name: 'Contoso Chat', exe: 'ContosoChat.exe', path: EXE, company: 'Contoso', description: 'Chat for "everyone" 100% é', icon: `${EXE},0` },
  scope: 'user',
  extensions: [{ ext: '.cchat', progId: 'Contoso.Chat.Log', contentType: 'text/x-cchat', openWith: ['Contoso.Chat.Log'] }],
  protocols: [{ scheme: 'cchat', description: 'URL:Contoso Chat Protocol', verbs: [{ name: 'open', command: `"${EXE}" "%1"` }] }],
  progIds: [{ id: 'Contoso.Chat.Log', description: 'Contoso chat log', friendlyTypeName: 'Chat log', editFlags: 65536, verbs: [{ name: 'open', command: `"${EXE}" "%1"` }, { name: 'print', command: '"%SYSTEMROOT%\\notepad.exe" /p "%1"' }] }],
  appPaths: { pathEnv: 'C:\\Program Files\\Contoso', useUrl: true, supportedProtocols: ['cchat', 'file'] },
  applications: { supportedTypes: ['.cchat'], noOpenWith: true },
  client: { type: 'IM', verbs: [{ name: 'open', command: `"${EXE}"` }] },
  capabilities: { fileAssociations: { '.cchat': 'Contoso.Chat.Log' }, urlAssociations: { cchat: 'Contoso.Chat.Log' } },
  ...over,
});
const run = (m: object, ...args: string[]) => {
  const d = tmp();
  const f = write(d, 'app.json', JSON.stringify(m, null, 2));
  return { d, r: cli(['appreg', f, '--out', join(d, 'reg'), ...args]) };
};

describe('appreg', () => {
  test('install.reg registers everything; uninstall.reg removes ProgIDs, App Paths, Applications, the client and the RegisteredApplications value, and keeps extensions and protocols', () => {
    const { d, r } = run(manifest());
    expect(r.code, r.stderr).toBe(0);
    const inst = parseDesktopReg(readFileSync(join(d, 'reg', 'install.reg')));
    const C = 'HKEY_CURRENT_USER\\Software\\Classes';
    expect(inst.keys).toEqual(expect.arrayContaining([`${C}\\.cchat`, `${C}\\.cchat\\OpenWithProgids`, `${C}\\cchat`, `${C}\\Contoso.Chat.Log`, `${C}\\Contoso.Chat.Log\\shell\\open\\command`, 'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\App Paths\\ContosoChat.exe', `${C}\\Applications\\ContosoChat.exe\\SupportedTypes`, 'HKEY_CURRENT_USER\\Software\\Clients\\IM\\Contoso Chat\\Capabilities\\FileAssociations', 'HKEY_CURRENT_USER\\Software\\RegisteredApplications']));
    const v = (key: string, name: string | null) => inst.values.find((x) => x.key === key && x.name === name);
    expect(v(`${C}\\cchat`, null)!.text).toBe('URL:Contoso Chat Protocol');
    expect(v(`${C}\\cchat`, 'URL Protocol')!.text).toBe('');
    expect(v('HKEY_CURRENT_USER\\Software\\RegisteredApplications', 'Contoso Chat')!.text).toBe('Software\\Clients\\IM\\Contoso Chat\\Capabilities');
    // %SYSTEMROOT% is written as REG_EXPAND_SZ.
    expect(v(`${C}\\Contoso.Chat.Log\\shell\\print\\command`, null)).toMatchObject({ type: 2, text: '"%SYSTEMROOT%\\notepad.exe" /p "%1"\0' });
    const un = parseDesktopReg(readFileSync(join(d, 'reg', 'uninstall.reg')));
    expect(un.deletedKeys.sort()).toEqual([`${C}\\Applications\\ContosoChat.exe`, `${C}\\Contoso.Chat.Log`, 'HKEY_CURRENT_USER\\Software\\Clients\\IM\\Contoso Chat', 'HKEY_CURRENT_USER\\Software\\Microsoft\\Windows\\CurrentVersion\\App Paths\\ContosoChat.exe'].sort());
    expect(un.values).toEqual([{ key: 'HKEY_CURRENT_USER\\Software\\RegisteredApplications', name: 'Contoso Chat', type: -1, remove: true }]);
  });
  test('machine scope writes under HKEY_LOCAL_MACHINE; Capabilities elsewhere stays in the same root', () => {
    const { d, r } = run(manifest({ scope: 'machine', client: undefined, capabilities: { key: 'Software\\Contoso\\Chat\\Capabilities', fileAssociations: { '.cchat': 'Contoso.Chat.Log' } } }));
    expect(r.code, r.stderr).toBe(0);
    const inst = parseDesktopReg(readFileSync(join(d, 'reg', 'install.reg')));
    expect(inst.keys.every((k) => k.startsWith('HKEY_LOCAL_MACHINE\\'))).toBe(true);
    expect(parseDesktopReg(readFileSync(join(d, 'reg', 'uninstall.reg'))).deletedKeys).toContain('HKEY_LOCAL_MACHINE\\Software\\Contoso\\Chat\\Capabilities');
  });
  test('validation: URL: prefix, the URL Protocol marker, verbs without commands, unquoted paths, unquoted %1, C:\\Windows, extensions, roots', () => {
    expect(expectUserError(run(manifest({ protocols: [{ scheme: 'cchat', description: 'Contoso Chat Protocol' }] })).r)).toMatch(/app\.json: \/protocols\/0\/description: a protocol description must start with "URL:"/);
    expect(expectUserError(run(manifest({ protocols: [{ scheme: 'cchat', description: 'URL:x', urlProtocol: false }] })).r)).toMatch(/\/protocols\/0\/urlProtocol: the "URL Protocol" marker is required/);
    expect(expectUserError(run(manifest({ progIds: [{ id: 'A.B', verbs: [{ name: 'open' }] }] })).r)).toMatch(/\/progIds\/0\/verbs\/0\/command: verb "open" has no command line/);
    expect(expectUserError(run(manifest({ progIds: [{ id: 'A.B', verbs: [{ name: 'open', command: 'C:\\Program Files\\Contoso\\ContosoChat.exe "%1"' }] }] })).r)).toMatch(/the program path "C:\\Program Files\\Contoso\\ContosoChat\.exe" has spaces but is not quoted/);
    const w = run(manifest({ progIds: [{ id: 'Contoso.Chat.Log', verbs: [{ name: 'open', command: `"C:\\Windows\\notepad.exe" %1` }] }] })).r;
    expect(w.code).toBe(0);
    expect(w.stderr).toMatch(/\/progIds\/0\/verbs\/0\/command: warning: %1 is not quoted/);
    expect(w.stderr).toMatch(/warning: a hard-coded C:\\Windows path: use %SYSTEMROOT%/);
    expect(expectUserError(run(manifest({ extensions: [{ ext: 'cchat', progId: 'Contoso.Chat.Log' }] })).r)).toMatch(/\/extensions\/0\/ext: "cchat" is not an extension: it starts with a dot/);
    expect(expectUserError(run(manifest({ client: undefined, capabilities: { key: 'HKEY_LOCAL_MACHINE\\Software\\Contoso\\Capabilities' } })).r)).toMatch(/\/capabilities\/key: Capabilities must live under the same root as RegisteredApplications \(HKEY_CURRENT_USER/);
    expect(expectUserError(run(manifest({ client: { type: 'IM', verbs: [{ name: 'edit', command: `"${EXE}"` }] } })).r)).toMatch(/\/client\/verbs: a client needs at least an "open" verb/);
    expect(expectUserError(run(manifest({ scope: 'everyone' })).r)).toMatch(/app\.json:\d+: \/scope: must be equal to one of the allowed values: "user", "machine"/);
  });
  test('"quote the program path" only for a path with a space (issue 11): a plain path parses the same quoted or not', () => {
    const plain = run(manifest({ progIds: [{ id: 'Contoso.Chat.Log', verbs: [{ name: 'open', command: 'C:\\Apps\\Chat.exe "%1"' }] }] })).r;
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stderr).not.toMatch(/quote the program path/);
    expect(plain.stderr).toBe('');
    const spaced = run(manifest({ progIds: [{ id: 'Contoso.Chat.Log', verbs: [{ name: 'open', command: 'C:\\My Apps\\Chat.exe "%1"' }] }] })).r;
    expect(expectUserError(spaced)).toMatch(/the program path "C:\\My Apps\\Chat\.exe" has spaces but is not quoted/);
  });
  test('names with ] and newlines: ] reads back, a newline is refused before anything is written', () => {
    const { d, r } = run(manifest({ application: { name: 'Contoso [Beta]', exe: 'ContosoChat.exe', path: EXE } }));
    expect(r.code, r.stderr).toBe(0);
    expect(parseDesktopReg(readFileSync(join(d, 'reg', 'install.reg'))).keys).toContain('HKEY_CURRENT_USER\\Software\\Clients\\IM\\Contoso [Beta]');
    const bad = run(manifest({ application: { name: 'Contoso\nChat', exe: 'ContosoChat.exe', path: EXE } }));
    expect(expectUserError(bad.r)).toMatch(/a newline cannot be written safely/);
    expect(() => readFileSync(join(bad.d, 'reg', 'install.reg'))).toThrow();
  });
});

describe.skipIf(!hasWine)('appreg in Wine: install, read back, uninstall', () => {
  const prefix = useWinePrefix();
  for (const version of ['5', '4']) {
    test(`REGEDIT ${version}: values and types read back; uninstall keeps extensions and protocols and removes the rest`, () => {
      const m = manifest();
      if (version === '4') m.application.description = 'Chat for "everyone" 100% e';
      const { d, r } = run(m, '--reg-version', version);
      expect(r.code, r.stderr).toBe(0);
      const C = 'HKCU\\Software\\Classes';
      const CLIENT = 'HKCU\\Software\\Clients\\IM\\Contoso Chat';
      const APPS = 'HKCU\\Software\\RegisteredApplications';
      const APP_PATH = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\App Paths\\ContosoChat.exe';
      // Per imported file: regedit imports it, then one export of HKCU\Software, which holds every key it touches.
      const roots = ['HKCU\\Software'];
      const inst = prefix().importAndExport([join(d, 'reg', 'install.reg')], roots);
      expect(inst.code, inst.stderr).toBe(0);
      const sw = inst.trees[0]!;
      expect(sw.values(`${C}\\cchat`)).toEqual(expect.arrayContaining([{ name: '(Default)', type: 'REG_SZ', data: 'URL:Contoso Chat Protocol' }, { name: 'URL Protocol', type: 'REG_SZ', data: '' }]));
      expect(sw.values(`${C}\\Contoso.Chat.Log\\shell\\print\\command`)).toEqual([{ name: '(Default)', type: 'REG_EXPAND_SZ', data: '"%SYSTEMROOT%\\notepad.exe" /p "%1"' }]);
      expect(sw.values(`${C}\\Contoso.Chat.Log`)).toEqual(expect.arrayContaining([{ name: 'EditFlags', type: 'REG_DWORD', data: '0x10000' }]));
      expect(sw.values(`${CLIENT}\\Capabilities`)).toEqual(expect.arrayContaining([{ name: 'ApplicationDescription', type: 'REG_SZ', data: m.application.description }]));
      expect(sw.values(APPS)).toEqual([{ name: 'Contoso Chat', type: 'REG_SZ', data: 'Software\\Clients\\IM\\Contoso Chat\\Capabilities' }]);
      expect(sw.has(APP_PATH)).toBe(true);
      const un = prefix().importAndExport([join(d, 'reg', 'uninstall.reg')], roots);
      expect(un.code, un.stderr).toBe(0);
      const sw2 = un.trees[0]!;
      expect(sw2.values(`${C}\\.cchat`)).toEqual(expect.arrayContaining([{ name: '(Default)', type: 'REG_SZ', data: 'Contoso.Chat.Log' }]));
      expect(sw2.values(`${C}\\cchat`)).toBeDefined();
      for (const gone of [`${C}\\Contoso.Chat.Log`, APP_PATH, `${C}\\Applications\\ContosoChat.exe`, CLIENT]) {
        expect(sw2.has(gone), gone).toBe(false);
      }
      expect(sw2.values(APPS)).toEqual([]);
      // Uninstall removed those keys and nothing else.
      expect(sw2.snapshot(C)).toEqual(sw.snapshot(C, `${C}\\Contoso.Chat.Log`, `${C}\\Applications\\ContosoChat.exe`));
      expect(sw2.snapshot('HKCU\\Software\\Clients')).toEqual(sw.snapshot('HKCU\\Software\\Clients', CLIENT));
      const PATHS = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\App Paths';
      expect(sw2.snapshot(PATHS)).toEqual(sw.snapshot(PATHS, APP_PATH));
      prefix().deleteKeys([`${C}\\.cchat`, `${C}\\cchat`]);
    }, 180_000);
  }
});
