/**
 * Commands that write beside the user's own files never silently replace one: validate --fix's
 * NAME.fixed.bat, and register-client's --out (whose GUIDs the same client must keep).
 */
import { describe, expect, test } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, expectUserError, tmp, write } from './helpers.js';
import { PB_FILE } from './design-fixtures.js';

describe('validate --fix never replaces an existing NAME.fixed.bat that holds other lines without --force', () => {
  const setup = () => {
    const d = tmp();
    const f = write(d, 'PB.bat', PB_FILE);
    const fixed = join(d, 'PB.fixed.bat');
    const first = cli(['validate', f, '--fix']);
    expect(first.code, first.stderr).toBe(1);
    expect(first.stdout).toMatch(/--fix: wrote .*PB\.fixed\.bat with \d+ added lines:/);
    return { d, f, fixed, bytes: readFileSync(fixed) };
  };

  test('a second run over an identical copy says it is unchanged and writes nothing (same inode, same bytes)', () => {
    const { f, fixed, bytes } = setup();
    const ino = statSync(fixed).ino;
    const r = cli(['validate', f, '--fix']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/PB\.bat: --fix: .*PB\.fixed\.bat is unchanged: it already holds the \d+ added lines; nothing written/);
    expect(r.stdout).not.toMatch(/--fix: wrote/);
    expect(statSync(fixed).ino).toBe(ino);
    expect(readFileSync(fixed)).toEqual(bytes);
    const j = JSON.parse(cli(['validate', f, '--fix', '--json']).stdout);
    expect(j[0].fixed.status).toBe('unchanged');
    expect(j[0].fixed.file).toBe(fixed);
  });

  test('a line the user added to the copy survives: one-line error naming the file, exit 2, file untouched; --json too', () => {
    const { d, f, fixed, bytes } = setup();
    const edited = Buffer.concat([bytes, Buffer.from('set BSP_MY_OWN_LINE=1\r\n', 'latin1')]);
    writeFileSync(fixed, edited);
    const r = cli(['validate', f, '--fix']);
    const line = expectUserError(r);
    expect(line).toBe(`wcecfg: ${fixed}: exists and differs from the fixed copy --fix would write (edited by hand?); nothing was written. Remove it or save it elsewhere and run again, or add --force to replace it`);
    expect(readFileSync(fixed)).toEqual(edited);
    const j = cli(['validate', f, '--fix', '--json']);
    expect(j.code).toBe(2);
    const entries = JSON.parse(j.stdout);
    expect(entries).toEqual([{ file: f, error: { message: expect.stringMatching(/PB\.fixed\.bat: exists and differs .* add --force to replace it$/), file: fixed } }]);
    expect(readFileSync(fixed)).toEqual(edited);
    // No temporary file and no manifest beside the user's design.
    expect(readdirSync(d).sort()).toEqual(['PB.bat', 'PB.fixed.bat']);
  });

  test('--force replaces it with the fixed copy (atomically: a new file renamed in), and says it wrote it', () => {
    const { d, f, fixed, bytes } = setup();
    writeFileSync(fixed, Buffer.concat([bytes, Buffer.from('set BSP_MY_OWN_LINE=1\r\n', 'latin1')]));
    const ino = statSync(fixed).ino;
    const r = cli(['validate', f, '--fix', '--force']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/--fix: wrote .*PB\.fixed\.bat with \d+ added lines:/);
    expect(readFileSync(fixed)).toEqual(bytes);
    expect(statSync(fixed).ino).not.toBe(ino);
    expect(readdirSync(d).sort()).toEqual(['PB.bat', 'PB.fixed.bat']);
    writeFileSync(fixed, 'other\r\n');
    const j = JSON.parse(cli(['validate', f, '--fix', '--force', '--json']).stdout);
    expect(j[0].fixed.status).toBe('written');
    expect(readFileSync(fixed)).toEqual(bytes);
  });

  test('a symbolic link where the copy goes is refused, even with --force, and its target is untouched', () => {
    const d = tmp();
    const f = write(d, 'PB.bat', PB_FILE);
    const victim = write(d, 'victim.txt', 'keep me\n');
    symlinkSync(victim, join(d, 'PB.fixed.bat'));
    for (const extra of [[], ['--force']]) {
      const line = expectUserError(cli(['validate', f, '--fix', ...extra]));
      expect(line).toMatch(/PB\.fixed\.bat: is a symbolic link; --fix writes the fixed copy only as a regular file: move it away$/);
      expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
    }
  });

  test('--dry-run writes nothing and does not mind an existing copy', () => {
    const { f, fixed } = setup();
    writeFileSync(fixed, 'mine\r\n');
    const r = cli(['validate', f, '--fix', '--dry-run']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/--dry-run: the fix would add \d+ lines:/);
    expect(readFileSync(fixed, 'utf8')).toBe('mine\r\n');
    expect(existsSync(fixed)).toBe(true);
  });
});

describe('register-client --out keeps the GUIDs a client already has in that file', () => {
  const G = ['6B0F4C41-1111-2222-3333-444455556666', '6B0F4C41-1111-2222-3333-444455556667', '6B0F4C41-1111-2222-3333-444455556668'];
  /** The three GUID values of the client key, read from the .reg text (UTF-16LE with a BOM, or single-byte). */
  const guidsIn = (file: string) => {
    const buf = readFileSync(file);
    const text = buf[0] === 0xff && buf[1] === 0xfe ? buf.subarray(2).toString('utf16le') : buf.toString('latin1');
    return ['MessengerGuid', 'MessengerPrivateGuid', 'MsgrSessionManagerGuid'].map((v) => new RegExp(`^\\s*"${v}"="([0-9A-F-]{36})"\\r?$`, 'm').exec(text)?.[1]);
  };
  const generatedIn = (stdout: string) => [...stdout.matchAll(/^generated (--[a-z-]+) ([0-9A-F-]{36}) \(keep it: pass it next time\)$/gm)].map((m) => m[2]);
  const first = (format: string[] = []) => {
    const d = tmp();
    const file = join(d, 'mymsgr.reg');
    const r = cli(['register-client', '--name', 'My Messenger', '--dotnet-provider', '--out', file, ...format]);
    expect(r.code, r.stderr).toBe(0);
    const guids = guidsIn(file);
    expect(generatedIn(r.stdout)).toEqual(guids);
    expect(guids.every((g) => g !== undefined)).toBe(true);
    return { d, file, guids, bytes: readFileSync(file) };
  };

  for (const format of [[], ['--format', 'reg4'], ['--format', 'ce']]) {
    test(`the README's command run twice gives the same GUIDs and the same bytes${format.length ? ` (${format.join(' ')})` : ''}; nothing is generated the second time`, () => {
      const { file, guids, bytes } = first(format);
      const ino = statSync(file).ino;
      const r = cli(['register-client', '--name', 'My Messenger', '--dotnet-provider', '--out', file, ...format]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain(`${file} is unchanged\n`);
      expect(r.stdout).not.toMatch(/^generated /m);
      expect(r.stdout).toContain(`kept --messenger-guid ${guids[0]} (the GUID ${file} already gives "My Messenger")\n`);
      expect(r.stdout).toContain(`kept --session-manager-guid ${guids[2]} `);
      expect(readFileSync(file)).toEqual(bytes);
      expect(statSync(file).ino).toBe(ino);
      // A CE fragment keeps its "placeholder" comments, so the note is said again.
      if (format.includes('ce')) expect(r.stdout).toMatch(/^note: generated GUIDs are placeholders/m);
    });
  }

  test('a changed option (no longer the .NET provider) rewrites the file with the same GUIDs; --json says which were kept', () => {
    const { file, guids } = first();
    const r = cli(['register-client', '--name', 'My Messenger', '--out', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ generated: [], kept: ['--messenger-guid', '--private-guid', '--session-manager-guid'], keptFrom: file, out: file, status: 'written' });
    expect([j.client.messengerGuid, j.client.privateGuid, j.client.sessionManagerGuid]).toEqual(guids);
    expect(j.client.dotNetProvider).toBe(false);
    expect(guidsIn(file)).toEqual(guids);
    expect(j.replaced).toBeUndefined();
  });

  test('a GUID option equal to the one in the file is fine; one that differs is refused (one line naming the file, how to keep it, --force), file untouched', () => {
    const { file, guids, bytes } = first();
    const same = cli(['register-client', '--name', 'My Messenger', '--dotnet-provider', '--out', file, '--messenger-guid', `{${guids[0]!.toLowerCase()}}`]);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toContain(`${file} is unchanged`);
    const r = cli(['register-client', '--name', 'My Messenger', '--dotnet-provider', '--out', file, '--messenger-guid', G[0]!]);
    expect(expectUserError(r)).toBe(`wcecfg: ${file}: already registers "My Messenger" with MessengerGuid ${guids[0]}; --messenger-guid ${G[0]} would replace it: pass --messenger-guid ${guids[0]} to keep it; or add --force to replace it`);
    expect(readFileSync(file)).toEqual(bytes);
    const j = cli(['register-client', '--name', 'My Messenger', '--out', file, '--messenger-guid', G[0]!, '--private-guid', G[1]!, '--json']);
    expect(j.code).toBe(2);
    const err = JSON.parse(j.stdout).error;
    expect(err.file).toBe(file);
    expect(err.message).toMatch(/already registers "My Messenger" with MessengerGuid .* \(and 1 more GUID like it\); or add --force to replace them$/);
    expect(readFileSync(file)).toEqual(bytes);
  });

  test('--force replaces a GUID with the one given, says so (text and --json), and keeps those not given', () => {
    const { file, guids } = first();
    const r = cli(['register-client', '--name', 'My Messenger', '--dotnet-provider', '--out', file, '--messenger-guid', G[0]!, '--force']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`wrote ${file}\n`);
    expect(r.stdout).toContain(`replaced MessengerGuid ${guids[0]} with ${G[0]} (--force)\n`);
    expect(r.stdout).toContain(`kept --private-guid ${guids[1]} `);
    expect(guidsIn(file)).toEqual([G[0], guids[1], guids[2]]);
    const j = JSON.parse(cli(['register-client', '--name', 'My Messenger', '--out', file, '--private-guid', G[1]!, '--force', '--json']).stdout);
    expect(j).toMatchObject({ generated: [], kept: ['--messenger-guid', '--session-manager-guid'], replaced: [{ option: '--private-guid', was: guids[1] }], status: 'written' });
    expect(guidsIn(file)).toEqual([G[0], G[1], guids[2]]);
    // --force never makes up new GUIDs for a client the file already registers.
    const again = cli(['register-client', '--name', 'My Messenger', '--out', file, '--force']);
    expect(again.stdout).not.toMatch(/^generated /m);
    expect(guidsIn(file)).toEqual([G[0], G[1], guids[2]]);
  });

  test('another client in --out, or --uninstall over a registration, is refused without --force (text and --json); --force replaces the file', () => {
    const { file, bytes } = first();
    const other = cli(['register-client', '--name', 'Other Client', '--out', file]);
    expect(expectUserError(other)).toBe(`wcecfg: ${file}: registers "My Messenger"; writing a file registering "Other Client" there would lose its GUIDs: choose another --out, or add --force to replace it`);
    const un = cli(['register-client', '--name', 'My Messenger', '--uninstall', '--out', file, '--json']);
    expect(un.code).toBe(2);
    expect(JSON.parse(un.stdout).error).toEqual({ message: `${file}: registers "My Messenger"; writing the uninstall file there would lose its GUIDs: choose another --out, or add --force to replace it`, file });
    expect(readFileSync(file)).toEqual(bytes);
    const forced = cli(['register-client', '--name', 'Other Client', '--out', file, '--force', '--json']);
    expect(forced.code, forced.stderr).toBe(0);
    const j = JSON.parse(forced.stdout);
    expect(j.generated).toHaveLength(3);
    expect(guidsIn(file)).toEqual([j.client.messengerGuid, j.client.privateGuid, j.client.sessionManagerGuid]);
    expect(cli(['register-client', '--name', 'Other Client', '--uninstall', '--out', file, '--force']).code).toBe(0);
    expect(guidsIn(file)).toEqual([undefined, undefined, undefined]);
  });

  test('a hand-edited file keeps its client GUIDs (read back from the file, case of the name aside) but is replaced only with --force', () => {
    const d = tmp();
    const file = join(d, 'mymsgr.reg');
    // REGEDIT4 written by hand: wcecfg never wrote it, GUIDs with lower-case letters.
    writeFileSync(file, ['REGEDIT4', '', '[HKEY_LOCAL_MACHINE\\Software\\Microsoft\\MessengerService\\Clients\\my messenger]', `"MessengerGuid"="${G[0]!.toLowerCase()}"`, `"MessengerPrivateGuid"="${G[1]}"`, `"MsgrSessionManagerGuid"="${G[2]}"`, '"isDotNetProvider"=dword:00000001', ''].join('\r\n'));
    const r = cli(['register-client', '--name', 'My Messenger', '--dotnet-provider', '--out', file]);
    expect(expectUserError(r)).toMatch(/mymsgr\.reg was not written by wcecfg; nothing was written\. .*add --force to overwrite$/);
    const f = cli(['register-client', '--name', 'My Messenger', '--dotnet-provider', '--out', file, '--force', '--json']);
    expect(f.code, f.stderr).toBe(0);
    expect(JSON.parse(f.stdout)).toMatchObject({ generated: [], kept: ['--messenger-guid', '--private-guid', '--session-manager-guid'] });
    expect(guidsIn(file)).toEqual(G);
  });

  test('a client key without one of its GUIDs is not silently completed: pass the option, or --force generates it', () => {
    const d = tmp();
    const file = join(d, 'mymsgr.reg');
    writeFileSync(file, ['REGEDIT4', '', '[HKEY_LOCAL_MACHINE\\Software\\Microsoft\\MessengerService\\Clients\\My Messenger]', `"MessengerGuid"="${G[0]}"`, `"MessengerPrivateGuid"="not-a-guid"`, ''].join('\r\n'));
    const r = cli(['register-client', '--name', 'My Messenger', '--out', file]);
    expect(expectUserError(r)).toBe(`wcecfg: ${file}: already registers "My Messenger" with MessengerPrivateGuid "not-a-guid", which is not a GUID: pass --private-guid to set it (and 1 more GUID like it); or add --force to replace them`);
    const ok = cli(['register-client', '--name', 'My Messenger', '--out', file, '--private-guid', G[1]!, '--session-manager-guid', G[2]!, '--force']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(guidsIn(file)).toEqual(G);
  });

  test('a name with quotes, "]", "%" and non-ASCII letters is found again in a version 5 file (UTF-16): same GUIDs, same bytes', () => {
    const d = tmp();
    const file = join(d, 'q.reg');
    const name = 'Mein "Bote" ]100% \u00e9\u4e2d';
    const a = JSON.parse(cli(['register-client', '--name', name, '--out', file, '--json']).stdout);
    const bytes = readFileSync(file);
    const b = JSON.parse(cli(['register-client', '--name', name, '--out', file, '--json']).stdout);
    expect(b.client).toEqual(a.client);
    expect(b).toMatchObject({ generated: [], status: 'unchanged' });
    expect(readFileSync(file)).toEqual(bytes);
  });

  test('without --out nothing is read and GUIDs are generated as before', () => {
    const r = cli(['register-client', '--name', 'My Messenger', '--json']);
    expect(JSON.parse(r.stdout).generated).toHaveLength(3);
  });
});
