import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, cliBytes, expectUserError, tmp, write } from './helpers.js';
import { parseDesktopReg } from './support/desktopreg.js';
import { parseCeReg } from './support/cereg.js';
import { hasWine, useWinePrefix } from './wine.js';

const G1 = '6B0F4C41-1111-2222-3333-444455556666';
const G2 = '6B0F4C41-1111-2222-3333-444455556667';
const G3 = '6B0F4C41-1111-2222-3333-444455556668';

describe('appsettings', () => {
  test("reproduces the document's example: 62 03 00 80 with auto-sign-in disabled becomes 62 07 00 80", () => {
    const r = cli(['appsettings', '--current', '62 03 00 80', '--disable-autosignin']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('62 07 00 80\n');
    expect(cli(['appsettings', '--current', '62,07,00,80', '--enable-autosignin']).stdout).toBe('62 03 00 80\n');
    expect(cli(['appsettings', '--current', '62070080', '--disable-autosignin']).stdout).toBe('62 07 00 80\n');
    expect(JSON.parse(cli(['appsettings', '--current', '62030080', '--json']).stdout)).toMatchObject({ before: '62 03 00 80', after: '62 03 00 80', autoSignin: true });
  });
  test('anything but exactly four bytes is an error; contradictory flags too', () => {
    for (const bad of ['62 03 00', '62 03 00 80 00', '6203008', '']) {
      expect(expectUserError(cli(['appsettings', '--current', bad]))).toMatch(/is not exactly four bytes/);
    }
    expect(expectUserError(cli(['appsettings', '--current', 'zz 03 00 80']))).toMatch(/is not hex: "zz" is not a hex byte/);
    expect(expectUserError(cli(['appsettings', '--current', '62030080', '--disable-autosignin', '--enable-autosignin']))).toMatch(/^wcecfg: --disable-autosignin and --enable-autosignin contradict each other; give one$/);
  });
  test('options that shape the --reg file are refused without --reg (--format ce printed the plain value, exit 0)', () => {
    for (const [flag, ...rest] of [['--format', 'ce'], ['--out', 'x.reg'], ['--force']]) {
      expect(expectUserError(cli(['appsettings', '--current', '62030080', flag!, ...rest]))).toMatch(new RegExp(`^wcecfg: ${flag} applies to the --reg file only; add --reg`));
    }
    const j = cli(['appsettings', '--current', '62030080', '--format', 'ce', '--json']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout).error.message).toMatch(/--format applies to the --reg file only/);
  });
  test('--help says how the mask maps onto the byte order', () => {
    expect(cli(['appsettings', '--help']).stdout).toMatch(/bit 0x04 of the second byte/);
  });
  test('--reg writes the REG_BINARY value', () => {
    const r = cliBytes(['appsettings', '--current', '62 03 00 80', '--disable-autosignin', '--reg']);
    const parsed = parseDesktopReg(r.stdout);
    expect(parsed.values).toEqual([{ key: 'HKEY_CURRENT_USER\\Software\\Microsoft\\MessengerService', name: 'AppSettings', type: 3, bytes: [0x62, 0x07, 0x00, 0x80] }]);
  });
});

describe('register-client', () => {
  test('writes the Clients key with the GUIDs in the document form and isDotNetProvider as a DWORD', () => {
    const d = tmp();
    const out = join(d, 'client.reg');
    const r = cli(['register-client', '--name', 'My Messenger', '--messenger-guid', `{${G1.toLowerCase()}}`, '--private-guid', G2.replace(/-/g, ''), '--session-manager-guid', G3, '--dotnet-provider', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const parsed = parseDesktopReg(readFileSync(out));
    expect(parsed.keys).toEqual(['HKEY_LOCAL_MACHINE\\Software\\Microsoft\\MessengerService\\Clients\\My Messenger']);
    expect(parsed.values.map((v) => [v.name, v.text ?? v.dword])).toEqual([['MessengerGuid', G1], ['MessengerPrivateGuid', G2], ['MsgrSessionManagerGuid', G3], ['isDotNetProvider', 1]]);
  });
  test('generates missing GUIDs and prints them so they can be kept', () => {
    const r = cli(['register-client', '--name', 'X', '--json']);
    const j = JSON.parse(r.stdout);
    expect(j.generated).toEqual(['--messenger-guid', '--private-guid', '--session-manager-guid']);
    for (const g of [j.client.messengerGuid, j.client.privateGuid, j.client.sessionManagerGuid]) expect(g).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(new Set([j.client.messengerGuid, j.client.privateGuid, j.client.sessionManagerGuid]).size).toBe(3);
    const d = tmp();
    const t = cli(['register-client', '--name', 'X', '--out', join(d, 'x.reg')]);
    expect(t.stdout).toMatch(/generated --messenger-guid [0-9A-F-]{36} \(keep it/);
  });
  test('a CE project.reg fragment', () => {
    const r = cli(['register-client', '--name', 'My Messenger', '--messenger-guid', G1, '--private-guid', G2, '--session-manager-guid', G3, '--format', 'ce']);
    expect(r.code).toBe(0);
    expect(parseCeReg(r.stdout).values.map((v) => [v.name, v.type, v.data])).toEqual([
      ['MessengerGuid', 'REG_SZ', G1], ['MessengerPrivateGuid', 'REG_SZ', G2], ['MsgrSessionManagerGuid', 'REG_SZ', G3], ['isDotNetProvider', 'REG_DWORD', 0],
    ]);
  });
  test('bad GUIDs and names are refused with the option named', () => {
    expect(expectUserError(cli(['register-client', '--name', 'X', '--messenger-guid', '1234']))).toMatch(/--messenger-guid: "1234" is not a GUID/);
    expect(expectUserError(cli(['register-client', '--name', 'X', '--private-guid', '{6B0F4C41-1111-2222-3333-444455556666']))).toMatch(/--private-guid: .* is not a GUID/);
    expect(expectUserError(cli(['register-client', '--name', 'a\\b']))).toMatch(/--name: "\\" cannot be written safely .*subkey/);
    expect(expectUserError(cli(['register-client', '--name', 'a\nb']))).toMatch(/--name: a newline cannot be written safely/);
    expect(expectUserError(cli(['register-client']))).toMatch(/register-client needs --name/);
  });
  test('--uninstall removes the client key and nothing else', () => {
    const r = cli(['register-client', '--name', 'My Messenger', '--uninstall', '--format', 'reg4']);
    const parsed = parseDesktopReg(Buffer.from(r.stdout, 'latin1'));
    expect(parsed.deletedKeys).toEqual(['HKEY_LOCAL_MACHINE\\Software\\Microsoft\\MessengerService\\Clients\\My Messenger']);
    expect(parsed.values).toEqual([]);
    expect(parsed.keys).toEqual([]);
  });
});

describe('design clients', () => {
  const client = (name: string, g: string, provider = false) => ({ name, messengerGuid: `${g}1`, privateGuid: `${g}2`, sessionManagerGuid: `${g}3`, dotNetProvider: provider });
  test('generate writes them into project.reg and desktop.reg; validate warns about two .NET providers and shared GUIDs', () => {
    const d = tmp();
    const f = write(d, 'c.json', JSON.stringify({ name: 'C', select: ['SYSGEN_MESSENGER'], clients: [client('Alpha', '11111111-2222-3333-4444-55555555555', true), client('Beta', '11111111-2222-3333-4444-55555555555', true)] }));
    const v = cli(['validate', f]);
    expect(v.stdout).toMatch(/warning: 2 clients claim to be the \.NET provider \(Alpha, Beta\); only one can be: .*disables its own \.NET Messenger Service/);
    expect(v.stdout).toMatch(/warning: Beta MessengerGuid 11111111-2222-3333-4444-555555555551 is also Alpha MessengerGuid/);
    const ok = write(d, 'ok.json', JSON.stringify({ name: 'OK', select: ['SYSGEN_MESSENGER'], clients: [client('Alpha', '11111111-2222-3333-4444-55555555555', true)] }));
    expect(cli(['validate', ok]).stdout).toMatch(/note: Alpha is the \.NET provider/);
    const out = join(d, 'out');
    expect(cli(['generate', '--design', ok, '--out', out, '--only', 'reg,desktop-reg']).code).toBe(0);
    const ce = parseCeReg(readFileSync(join(out, 'project.reg'), 'latin1')).values.filter((x) => x.key.endsWith('\\Clients\\Alpha'));
    expect(ce.map((x) => x.name)).toEqual(['MessengerGuid', 'MessengerPrivateGuid', 'MsgrSessionManagerGuid', 'isDotNetProvider']);
    expect(parseDesktopReg(readFileSync(join(out, 'desktop.reg'))).keys).toContain('HKEY_LOCAL_MACHINE\\Software\\Microsoft\\MessengerService\\Clients\\Alpha');
    const bad = write(d, 'b.json', JSON.stringify({ name: 'B', select: ['SYSGEN_MESSENGER'], clients: [{ ...client('Alpha', '1'), messengerGuid: 'nope' }] }));
    expect(expectUserError(cli(['generate', '--design', bad, '--out', join(d, 'o2')]))).toMatch(/b\.json: \/clients\/0\/messengerGuid: "nope" is not a GUID/);
  });
});

describe.skipIf(!hasWine)('client registration in Wine: install, read back, uninstall', () => {
  const prefix = useWinePrefix();
  for (const format of ['reg5', 'reg4']) {
    test(`${format}: values read back exactly, and uninstall removes the key and nothing else`, () => {
      const d = tmp();
      const name = format === 'reg5' ? 'Mëssenger "Pro" [x] 100%' : 'Messenger "Pro" [x] 100%';
      const inst = join(d, 'install.reg');
      const rem = join(d, 'remove.reg');
      expect(cli(['register-client', '--name', name, '--messenger-guid', G1, '--private-guid', G2, '--session-manager-guid', G3, '--dotnet-provider', '--format', format, '--out', inst]).code).toBe(0);
      expect(cli(['register-client', '--name', 'Other', '--messenger-guid', G2, '--private-guid', G3, '--session-manager-guid', G1, '--format', format, '--out', join(d, 'other.reg')]).code).toBe(0);
      expect(cli(['register-client', '--name', name, '--uninstall', '--format', format, '--out', rem]).code).toBe(0);
      const CLIENTS = 'HKLM\\Software\\Microsoft\\MessengerService\\Clients';
      const key = `${CLIENTS}\\${name}`;
      const other = `${CLIENTS}\\Other`;
      const installed = prefix().importAndExport([inst, join(d, 'other.reg')], [CLIENTS]);
      expect(installed.code, installed.stderr).toBe(0);
      const before = installed.trees[0]!;
      const byName = (a: { name: string }, b: { name: string }) => (a.name.toLowerCase() < b.name.toLowerCase() ? -1 : 1);
      expect(before.values(key)!.sort(byName)).toEqual([
        { name: 'MessengerGuid', type: 'REG_SZ', data: G1 },
        { name: 'MessengerPrivateGuid', type: 'REG_SZ', data: G2 },
        { name: 'MsgrSessionManagerGuid', type: 'REG_SZ', data: G3 },
        { name: 'isDotNetProvider', type: 'REG_DWORD', data: '0x1' },
      ].sort(byName));
      expect(before.values(other)).toHaveLength(4);
      const removed = prefix().importAndExport([rem], [CLIENTS]);
      expect(removed.code, removed.stderr).toBe(0);
      const after = removed.trees[0]!;
      expect(after.has(key)).toBe(false);
      // Nothing else changed: every other key and value under Clients is as it was.
      expect(after.snapshot(CLIENTS)).toEqual(before.snapshot(CLIENTS, key));
      expect(after.values(other)).toHaveLength(4);
      prefix().deleteKeys([CLIENTS]);
    }, 180_000);
  }
  test('the AppSettings .reg imports as REG_BINARY 62 07 00 80', () => {
    const d = tmp();
    const r = cliBytes(['appsettings', '--current', '62 03 00 80', '--disable-autosignin', '--reg']);
    const f = write(d, 'a.reg', r.stdout);
    const KEY = 'HKCU\\Software\\Microsoft\\MessengerService';
    const imp = prefix().importAndExport([f], [KEY]);
    expect(imp.code, imp.stderr).toBe(0);
    expect(imp.trees[0]!.values(KEY)).toEqual(expect.arrayContaining([{ name: 'AppSettings', type: 'REG_BINARY', data: '62070080' }]));
    prefix().deleteKeys([], { [KEY]: ['AppSettings'] });
  }, 180_000);
});
