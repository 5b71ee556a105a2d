/**
 * Hostile input against the real consumers in Wine: batch files run by cmd (no canary file may
 * appear), and .reg files imported by regedit into a throw-away prefix that holds sentinel keys
 * beside the application's (uninstall must leave every sentinel in place).
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, expectUserError, tmp, write } from '../helpers.js';
import { hasWine, WinePrefix, fromCp437, useWinePrefix } from '../wine.js';
import { parseDesktopReg } from '../support/desktopreg.js';
import { batSet, batText, encodeBat } from '../../src/format/bat.js';
import { buildRegistration, type Manifest, type Registration } from '../../src/registration/appreg.js';
import { desktopRegFile } from '../../src/registration/write.js';
import { UserError } from '../../src/errors.js';

const WINE_TIMEOUT = 180_000;
const CANARY = 'canary.txt';

/** Text an attacker would type, mixed with what fast-check makes up. */
const hostile = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 30 }),
  fc.constantFrom(
    `x\r\necho pwned>${CANARY}`, `x\necho pwned>${CANARY}`, `x\recho pwned>${CANARY}`, `a & echo pwned>${CANARY}`, `a | echo pwned>${CANARY}`,
    `a ^\r\necho pwned>${CANARY}`, `%COMSPEC% /c echo pwned>${CANARY}`, `a > ${CANARY}`, `"a" & echo>${CANARY}`, `a\u2028echo>${CANARY}`,
    'Design (v2) [beta] 1.0', 'a!b!c', '(echo x)', 'C:\\path\\to\\x', ' leading', '',
  ),
);

const attempt = <T>(f: () => T): T | undefined => {
  try {
    return f();
  } catch (e) {
    // A refusal is a UserError; anything else is a crash and fails the test.
    if (!(e instanceof UserError)) throw e;
    return undefined;
  }
};

/**
 * Keys that belong to someone else, beside and above the application's. The Wine tests register
 * for the machine (HKLM): the run's shared prefix is also used by test/appreg.test.ts, which takes
 * snapshots of HKCU while it runs.
 */
const SENTINELS = [
  'HKEY_LOCAL_MACHINE\\Software\\WcecfgSentinel',
  'HKEY_LOCAL_MACHINE\\Software\\Fabrikam\\OtherProduct',
  'HKEY_LOCAL_MACHINE\\Software\\Clients\\IM\\Other Messenger',
  'HKEY_LOCAL_MACHINE\\Software\\Classes\\CLSID\\{00000000-0000-0000-0000-0000000000AA}',
  'HKEY_LOCAL_MACHINE\\Software\\Classes\\Applications\\Other.exe',
  'HKEY_LOCAL_MACHINE\\Software\\Microsoft\\Windows\\CurrentVersion\\App Paths\\Other.exe',
];
/** The sentinels as one REGEDIT4 file (written by hand, not by wcecfg). */
const SENTINEL_REG = ['REGEDIT4', ...SENTINELS.flatMap((k) => ['', `[${k}]`, '"Sentinel"="keep me"']), ''].join('\r\n');

const EXE = 'C:\\Program Files\\Fabrikam\\FabrikamTalk.exe';
const base = {
  application: { name: 'Fabrikam Talk', exe: 'FabrikamTalk.exe', path: EXE, company: 'Fabrikam' },
  scope: 'user',
  progIds: [{ id: 'Fabrikam.Talk.Log', verbs: [{ name: 'open', command: `"${EXE}" "%1"` }] }],
  applications: { supportedTypes: ['.ftalk'] },
  client: { type: 'IM', verbs: [{ name: 'open', command: `"${EXE}"` }] },
  capabilities: { fileAssociations: { '.ftalk': 'Fabrikam.Talk.Log' } },
};

/** Refused before anything is written (no Wine needed). */
describe('appreg: hostile manifests', () => {
  test('a Capabilities key of "Software" or above a shared key, a name with a backslash, a shared ProgID, names that differ only in case: exit 2, no files', () => {
    const d = tmp();
    const run = (m: object) => cli(['appreg', write(d, 'app.json', JSON.stringify(m)), '--out', join(d, 'reg'), '--force']);
    const cases: Array<[object, RegExp]> = [
      [{ ...base, client: undefined, capabilities: { key: 'Software', fileAssociations: { '.ftalk': 'Fabrikam.Talk.Log' } } }, /\/capabilities\/key: "Software" cannot hold the application's Capabilities: it is a key other programs share/],
      [{ ...base, client: undefined, capabilities: { key: 'Software\\Fabrikam' } }, /\/capabilities\/key: .* shallower than an application's own keys/],
      [{ ...base, client: undefined, capabilities: { key: 'HKEY_CURRENT_USER\\Software\\Clients\\IM' } }, /\/capabilities\/key: "Software\\Clients\\IM" .* a key other programs share/],
      [{ ...base, client: undefined, capabilities: { key: 'Software\\Microsoft\\Windows' } }, /a key other programs share/],
      [{ ...base, client: undefined, capabilities: { key: 'Software\\Classes' } }, /a key other programs share/],
      [{ ...base, application: { ...base.application, name: '..\\..\\Fabrikam' } }, /\/application\/name: "\.\.\\\.\.\\Fabrikam" becomes a registry key name, which cannot hold "\\"/],
      [{ ...base, client: { ...base.client, name: 'Fabrikam\\Talk' } }, /\/client\/name: .* cannot hold "\\" \(it would make nested subkeys\)/],
      [{ ...base, client: undefined, application: { ...base.application, company: 'Fab\\rikam' } }, /\/application\/company: .* cannot hold "\\"/],
      [{ ...base, progIds: [{ id: 'CLSID', verbs: [{ name: 'open', command: `"${EXE}" "%1"` }] }] }, /\/progIds\/0\/id: "CLSID" cannot be a ProgID: Software\\Classes\\CLSID is a key other programs share/],
      [{ ...base, progIds: [{ id: 'Applications' }] }, /"Applications" cannot be a ProgID/],
      // Names that differ only in case are one registry key (or value): the second would overwrite the first.
      [{ ...base, progIds: [{ id: 'Fabrikam.Talk.Log' }, { id: 'FABRIKAM.talk.log' }] }, /\/progIds\/1\/id: \[.*FABRIKAM\.talk\.log\] is written twice \(also as \[.*Fabrikam\.Talk\.Log\], from \/progIds\/0\/id\); registry key names are not case-sensitive/],
      [{ ...base, progIds: [{ id: 'ftalk' }], protocols: [{ scheme: 'ftalk', description: 'URL:Fabrikam' }] }, /\/progIds\/0\/id: .* is written twice .* from \/protocols\/0\/scheme/],
      [{ ...base, capabilities: { fileAssociations: { '.ftalk': 'Fabrikam.Talk.Log', '.FTALK': 'Fabrikam.Talk.Log' } } }, /value "\.FTALK" of .* is written twice \(also from \/capabilities\/fileAssociations\/\.ftalk\); value names are not case-sensitive/],
      [{ ...base, progIds: [{ id: 'Fabrikam.Talk.Log', verbs: [{ name: 'open', command: `"${EXE}" "%1"` }, { name: 'Open', command: `"${EXE}" /x "%1"` }] }] }, /\/progIds\/0\/verbs\/1\/command: .*shell\\Open\\command\] is written twice/],
    ];
    for (const [evil, message] of cases) {
      expect(expectUserError(run(evil)), JSON.stringify(evil)).toMatch(message);
      expect(existsSync(join(d, 'reg'))).toBe(false);
    }
  }, 60_000);
});

describe.skipIf(!hasWine)('hostile input, real consumers in Wine', () => {
  const prefix = useWinePrefix();
  /** One regedit import (not a process per key). */
  const importReg = (file: string) => expect(prefix().run(['regedit', '/s', WinePrefix.win(file)]).code).toBe(0);
  /** HKLM\Software as regedit exports it, read with the test's own reader: key names and values. */
  const exportHklm = () => {
    const f = join(tmp(), 'hklm.reg');
    expect(prefix().run(['regedit', '/e', WinePrefix.win(f), 'HKEY_LOCAL_MACHINE\\Software']).code).toBe(0);
    const r = parseDesktopReg(readFileSync(f));
    return { keys: new Set(r.keys.map((k) => k.toLowerCase())), values: r.values };
  };
  // The sentinels go in once, before the tests; each test checks they survive its uninstall.
  beforeAll(() => importReg(write(tmp(), 'sentinels.reg', SENTINEL_REG)), WINE_TIMEOUT);
  // The shared prefix is left as found.
  afterAll(() => prefix().deleteKeys([...SENTINELS, 'HKLM\\Software\\Fabrikam']), WINE_TIMEOUT);
  const sentinelsIntact = () => {
    const now = exportHklm();
    for (const k of SENTINELS) {
      expect(now.values.find((v) => v.key.toLowerCase() === k.toLowerCase() && v.name === 'Sentinel')?.text, k).toBe('keep me');
    }
    return now;
  };

  test('batch files: every text and value that bat.ts accepts runs under cmd without starting a command, and reads back exactly (fast-check, one cmd run)', () => {
    const samples = fc.sample(fc.tuple(hostile, hostile), { numRuns: 400, seed: 13 });
    const lines = ['@echo off'];
    const expected = new Map<string, string>();
    let refused = 0;
    samples.forEach(([text, value], i) => {
      const rem = attempt(() => batText(text, 'text'));
      if (rem === undefined) refused++;
      else lines.push(`rem ${rem}`);
      const set = attempt(() => batSet(`WCECFG_P${i}`, value, 'value'));
      if (set === undefined) refused++;
      else {
        lines.push(set);
        if (value !== '') expected.set(`WCECFG_P${i}`, value);
      }
    });
    expect(refused).toBeGreaterThan(0); // the hostile half was refused, not silently rewritten
    expect(expected.size).toBeGreaterThan(50);
    lines.push('set WCECFG_P');
    const d = tmp();
    const bat = write(d, 'props.bat', encodeBat(lines.join('\n') + '\n'));
    const r = prefix().run(['cmd', '/c', WinePrefix.win(bat)], { cwd: d });
    expect(existsSync(join(d, CANARY))).toBe(false);
    const got = new Map<string, string>();
    for (const l of fromCp437(r.stdout).split(/\r?\n/)) {
      const m = /^(WCECFG_P\d+)=(.*)$/.exec(l);
      if (m) got.set(m[1]!, m[2]!);
    }
    expect(got).toEqual(expected);
  }, WINE_TIMEOUT);

  test('minimize --format bat: a design file whose name holds a line break and a command is refused; a plain name runs under cmd', () => {
    const d = tmp();
    const design = 'set SYSGEN_MESSENGER=1\r\n';
    // A batch design's minimize is the file's own lines with only Sysgen lines changed (issue 12):
    // nothing of its name reaches the output, and what it prints runs under cmd without the canary.
    for (const name of [`x\r\necho pwned>${CANARY}\r\nrem .bat`, `x & echo pwned>${CANARY}.bat`, 'x%PATH%.bat']) {
      const f = write(d, name, design);
      const r = cli(['minimize', f, '--format', 'bat'], { cwd: d });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).not.toMatch(/pwned|%PATH%/);
      expect(r.stdout.startsWith(design)).toBe(true);
      const out = write(d, 'hostile-min.bat', r.stdout);
      prefix().run(['cmd', '/c', `call ${WinePrefix.win(out)}`], { cwd: d });
      expect(readdirSync(d)).not.toContain(CANARY);
    }
    const ok = cli(['minimize', write(d, 'Plain Design (v2).bat', design), '--format', 'bat'], { cwd: d });
    expect(ok.code, ok.stderr).toBe(0);
    const bat = write(d, 'min.bat', ok.stdout);
    const r = prefix().run(['cmd', '/c', `call ${WinePrefix.win(bat)} && set SYSGEN_MESSENGER`], { cwd: d });
    expect(fromCp437(r.stdout)).toMatch(/^SYSGEN_MESSENGER=1\r?$/m);
    expect(readdirSync(d)).not.toContain(CANARY);
  }, WINE_TIMEOUT);

  test('generate: an OEM catalog title or a batch design name that would start a command is refused; the batch file of a plain design runs under cmd', () => {
    const d = tmp();
    const cat = join(d, 'oem');
    const component = (title: string) =>
      JSON.stringify({ id: 'SYSGEN_OEM_TOOL', title, area: 'OEM', confidence: 'documented', description: 'x', requires: [{ id: 'SYSGEN_MESSENGER', kind: 'catalog', confidence: 'documented', source: 'oem' }], modules: [], sources: ['oem'] });
    write(cat, 'SYSGEN_OEM_TOOL.json', component(`Tool\r\necho pwned>${CANARY}`));
    const design = write(d, 'oem.json', JSON.stringify({ name: 'Oem', select: ['SYSGEN_OEM_TOOL'] }));
    const bad = cli(['generate', '--catalog', cat, '--design', design, '--out', join(d, 'out'), '--only', 'bat'], { cwd: d });
    expect(bad.code, bad.stderr).toBe(2);
    expect(bad.stderr).toMatch(/catalog title: a carriage return cannot be written safely in a batch file/);
    expect(existsSync(join(d, 'out'))).toBe(false);
    write(cat, 'SYSGEN_OEM_TOOL.json', component('Tool (OEM) [1.0]'));
    const good = cli(['generate', '--catalog', cat, '--design', design, '--out', join(d, 'out'), '--only', 'bat'], { cwd: d });
    expect(good.code, good.stderr).toBe(0);
    const r = prefix().run(['cmd', '/c', `call ${WinePrefix.win(join(d, 'out', 'Oem.bat'))} && set SYSGEN_OEM`], { cwd: d });
    expect(fromCp437(r.stdout)).toMatch(/^SYSGEN_OEM_TOOL=1\r?$/m);
    expect(readdirSync(d)).not.toContain(CANARY);
  }, WINE_TIMEOUT);


  test('appreg: install.reg then uninstall.reg in the run\'s throw-away prefix leave every sentinel key beside the application\'s', () => {
    const d = tmp();
    const run = (m: object) => cli(['appreg', write(d, 'app.json', JSON.stringify(m)), '--out', join(d, 'reg'), '--force']);
    const r = run({ ...base, scope: 'machine', client: undefined, capabilities: { key: 'Software\\Fabrikam\\Talk\\Capabilities', fileAssociations: { '.ftalk': 'Fabrikam.Talk.Log' } } });
    expect(r.code, r.stderr).toBe(0);
    // Every [-key] line deletes a key that install.reg adds.
    const inst = parseDesktopReg(readFileSync(join(d, 'reg', 'install.reg')));
    const un = parseDesktopReg(readFileSync(join(d, 'reg', 'uninstall.reg')));
    for (const k of un.deletedKeys) expect(inst.keys.map((x) => x.toLowerCase())).toContain(k.toLowerCase());
    importReg(join(d, 'reg', 'install.reg'));
    expect(exportHklm().keys).toContain('hkey_local_machine\\software\\fabrikam\\talk\\capabilities');
    importReg(join(d, 'reg', 'uninstall.reg'));
    const after = sentinelsIntact();
    expect(after.keys).not.toContain('hkey_local_machine\\software\\fabrikam\\talk\\capabilities');
    expect(after.keys).not.toContain('hkey_local_machine\\software\\classes\\fabrikam.talk.log');
    expect(after.keys).toContain('hkey_local_machine\\software\\fabrikam');
  }, WINE_TIMEOUT);

  test('appreg (fast-check): for any client, company, application and Capabilities key names, what is accepted deletes only keys install.reg adds and at least three names below the root; one accepted sample round-trips in Wine with the sentinels intact', () => {
    const seg = fc.oneof(fc.constantFrom('Software', 'Classes', 'Clients', 'IM', 'Microsoft', 'Fabrikam', 'Talk', 'Capabilities', '..', '', ' ', 'CLSID', 'Applications'), fc.string({ maxLength: 8 }));
    const key = fc.array(seg, { minLength: 1, maxLength: 5 }).map((p) => p.join('\\'));
    const manifests = fc.record({
      name: fc.oneof(seg, key), company: fc.option(fc.oneof(seg, key), { nil: undefined }), clientName: fc.option(fc.oneof(seg, key), { nil: undefined }),
      capKey: fc.option(key, { nil: undefined }), withClient: fc.boolean(),
    });
    const d = tmp();
    let accepted: Registration | undefined;
    let acceptedCount = 0;
    for (const s of fc.sample(manifests, { numRuns: 400, seed: 11 })) {
      const m = {
        ...base,
        scope: 'machine' as const,
        application: { ...base.application, name: s.name, ...(s.company !== undefined ? { company: s.company } : {}) },
        ...(s.withClient ? { client: { ...base.client, ...(s.clientName !== undefined ? { name: s.clientName } : {}) } } : { client: undefined }),
        capabilities: { ...(s.capKey !== undefined ? { key: s.capKey } : {}), fileAssociations: { '.ftalk': 'Fabrikam.Talk.Log' } },
      };
      const reg = buildRegistration(m as Manifest);
      if (reg.problems.some((p) => p.severity === 'error')) continue;
      let files: Buffer[];
      try {
        files = [desktopRegFile(reg.install, 5), desktopRegFile(reg.uninstall, 5)];
      } catch (e) {
        expect(e).toBeInstanceOf(UserError); // refused by the .reg format itself (an empty key name part)
        continue;
      }
      acceptedCount++;
      const inst = parseDesktopReg(files[0]!);
      const un = parseDesktopReg(files[1]!);
      const created = new Set(inst.keys.map((k) => k.toLowerCase()));
      for (const k of un.deletedKeys) {
        expect(created.has(k.toLowerCase()), k).toBe(true);
        expect(k.split('\\').length, k).toBeGreaterThanOrEqual(4);
        for (const s2 of SENTINELS) expect(s2.toLowerCase().startsWith(`${k.toLowerCase()}\\`), `${k} is above ${s2}`).toBe(false);
      }
      if (!accepted || (s.capKey !== undefined && s.capKey.includes('\\'))) accepted = reg;
    }
    expect(acceptedCount).toBeGreaterThan(0);
    importReg(write(d, 'install.reg', desktopRegFile(accepted!.install, 5)));
    importReg(write(d, 'uninstall.reg', desktopRegFile(accepted!.uninstall, 5)));
    sentinelsIntact();
  }, WINE_TIMEOUT);
});
