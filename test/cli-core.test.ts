import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, expectUserError, tmp, write, MESSENGER_CLOSURE, root } from './helpers.js';

const bat = (lines: string[]) => lines.join('\r\n') + '\r\n';
/** A batch file that sets every item of the documented closure. */
const completeBatch = bat(['@echo off', 'rem full Messenger design', ...MESSENGER_CLOSURE.map((id) => `set ${id}=1`)]);

describe('resolve', () => {
  test('the default design prints the closure as JSON in the documented shape', () => {
    const r = cli(['resolve', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.roots).toEqual(['SYSGEN_MESSENGER']);
    expect(j.closure.map((c: { id: string }) => c.id).sort()).toEqual(MESSENGER_CLOSURE);
    const m = j.closure.find((c: { id: string }) => c.id === 'SYSGEN_MESSENGER');
    expect(m).toMatchObject({ title: 'Windows Messenger', requiredBy: [], parent: null, modules: ['msmsgs', 'msgslang', 'rtcimsp'], inferred: false });
    // Each item names the requirer on one shortest chain; following them leads back to the root.
    const byId = new Map(j.closure.map((c: { id: string; parent: string | null }) => [c.id, c.parent]));
    expect(byId.get('SYSGEN_CREDMAN')).toBe('SYSGEN_AUTH_KERBEROS');
    expect(byId.get('SYSGEN_AUTH_KERBEROS')).toBe('SYSGEN_MESSENGER');
    expect(j.closure[j.closure.length - 1].id).toBe('SYSGEN_MESSENGER');
  });
  test('the table marks inferred items and counts them', () => {
    const r = cli(['resolve']);
    expect(r.stdout).toMatch(/SYSGEN_IMAGING \*/);
    expect(r.stdout).not.toMatch(/SYSGEN_WININET \*/);
    expect(r.stdout).toMatch(/39 items from SYSGEN_MESSENGER; 3 inferred/);
  });
  test('--tree draws every item once', () => {
    const r = cli(['resolve', '--tree']);
    const treePart = r.stdout.split('\n\n')[0]!;
    for (const id of MESSENGER_CLOSURE) expect(treePart.split(new RegExp(`\\b${id}\\b`)).length - 1, id).toBe(1);
  });
  test('roots can be named on the command line, case-insensitively', () => {
    const r = cli(['resolve', 'sysgen_tcpip', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).roots).toEqual(['SYSGEN_TCPIP']);
  });
});

describe('explain', () => {
  test('gives the chain, every requirer with provenance, and what the item pulls in', () => {
    const r = cli(['explain', 'SYSGEN_CREDMAN', '--json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.chain).toEqual(['SYSGEN_MESSENGER', 'SYSGEN_AUTH_KERBEROS', 'SYSGEN_CREDMAN']);
    expect(j.requiredBy.map((b: { id: string }) => b.id)).toEqual(['SYSGEN_AUTH', 'SYSGEN_AUTH_KERBEROS']);
    expect(j.requiredBy[1].edges[0]).toMatchObject({ kind: 'catalog', confidence: 'documented', source: 'ms926461' });
    expect(j.requires.map((q: { id: string }) => q.id).sort()).toEqual(['SYSGEN_FULL_CRT', 'SYSGEN_NKCOMPR', 'SYSGEN_NKMAPFILE', 'SYSGEN_STRSAFE']);
    expect(j.requires[0].edges[0].via).toEqual(['__SYSGEN_FILESYS']);
  });
  test('an item outside the design says so', () => {
    const r = cli(['explain', 'SYSGEN_AUTH_NTLM']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/not in the design/);
  });
});

describe('catalog', () => {
  test('list and show', () => {
    const l = JSON.parse(cli(['catalog', 'list', '--json']).stdout);
    expect(l.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(MESSENGER_CLOSURE));
    const s = cli(['catalog', 'show', 'SYSGEN_MESSENGER']);
    expect(s.code).toBe(0);
    expect(s.stdout).toMatch(/SYSGEN_WININET +\[catalog, documented\] ms879796/);
    expect(s.stdout).toMatch(/Transport/);
  });
  test('show with a typo suggests the right id', () => {
    expect(expectUserError(cli(['catalog', 'show', 'SYSGEN_CRDMAN']))).toMatch(/did you mean SYSGEN_CREDMAN\?/);
  });
});

describe('validate', () => {
  test('a batch design that sets the whole closure is complete (exit 0)', () => {
    const d = tmp();
    const f = write(d, 'Full.bat', completeBatch);
    const r = cli(['validate', f]);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/complete: 39 items, 0 errors/);
  });
  test('the built-in design is complete', () => {
    const r = cli(['validate', join(root, 'catalog/designs/messenger.json')]);
    expect(r.code).toBe(0);
  });
  test('a batch design missing Catalog dependencies fails with who needs them (exit 1)', () => {
    const d = tmp();
    const f = write(d, 'Partial.bat', bat(['@echo off', ...MESSENGER_CLOSURE.filter((x) => x !== 'SYSGEN_SHDOCVW' && x !== 'SYSGEN_IMAGING').map((id) => `set ${id}=1`)]));
    const r = cli(['validate', f, '--json']);
    expect(r.code).toBe(1);
    const [rep] = JSON.parse(r.stdout);
    const missing = rep.findings.filter((x: { code: string }) => x.code === 'missing');
    expect(missing.map((x: { id: string }) => x.id).sort()).toEqual(['SYSGEN_IMAGING', 'SYSGEN_SHDOCVW']);
    expect(missing.find((x: { id: string }) => x.id === 'SYSGEN_SHDOCVW').requiredBy).toEqual(['SYSGEN_MESSENGER']);
  });
  test('build-rule implications need not be written in a batch design', () => {
    const d = tmp();
    // Everything but the items that only build rules bring in.
    const onlyBuildRule = ['SYSGEN_CRYPTO', 'SYSGEN_TCPIP', 'SYSGEN_NDIS', 'SYSGEN_DEVICE', 'SYSGEN_FSPASSWORD', 'SYSGEN_PMSTUBS', 'SYSGEN_LOCUSA'];
    const f = write(d, 'Lean.bat', bat(MESSENGER_CLOSURE.filter((x) => !onlyBuildRule.includes(x)).map((id) => `set ${id}=1`)));
    expect(cli(['validate', f]).code).toBe(0);
  });
  test('unknown variables are warnings with did-you-mean; removed ones are named; cleared-but-needed is an error', () => {
    const d = tmp();
    const f = write(d, 'Typos.bat', bat([...MESSENGER_CLOSURE.map((id) => `set ${id}=1`), 'set SYSGEN_WINSOK=1', 'set SYSGEN_DSOUND=1', 'set SYSGEN_TCPIP=']));
    const r = cli(['validate', f]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/Typos\.bat:40: warning: unknown Sysgen variable SYSGEN_WINSOK \(did you mean SYSGEN_WINSOCK\b.*; selected: kept as a selected item with no requirements/);
    expect(r.stdout).toMatch(/SYSGEN_DSOUND .*removed in Windows CE 5\.0/);
    expect(r.stdout).toMatch(/Typos\.bat:42: error: SYSGEN_TCPIP is cleared, but SYSGEN_AUTH_KERBEROS, SYSGEN_AUTH_SCHANNEL, SYSGEN_VOIP require it/);
  });
  test('redundant explicit selections in a JSON design are warnings; --strict fails on them', () => {
    const d = tmp();
    const f = write(d, 'r.json', JSON.stringify({ name: 'R', select: ['SYSGEN_MESSENGER', 'SYSGEN_TCPIP'] }));
    const r = cli(['validate', f]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/warning: SYSGEN_TCPIP is selected explicitly but SYSGEN_AUTH_KERBEROS, SYSGEN_AUTH_SCHANNEL, SYSGEN_VOIP already require it/);
    expect(cli(['validate', f, '--strict']).code).toBe(1);
  });
  test('excluding a needed item is a finding', () => {
    const d = tmp();
    const f = write(d, 'x.json', JSON.stringify({ name: 'X', select: ['SYSGEN_MESSENGER'], exclude: ['SYSGEN_CERTS'] }));
    const r = cli(['validate', f]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/SYSGEN_CERTS is excluded, but SYSGEN_AUTH_SCHANNEL, SYSGEN_MESSENGER require it/);
  });
});

describe('minimize', () => {
  test('a JSON design shrinks to its root', () => {
    const d = tmp();
    const f = write(d, 'big.json', JSON.stringify({ name: 'Big', select: ['SYSGEN_MESSENGER', 'SYSGEN_TCPIP', 'SYSGEN_CREDMAN'] }));
    const r = cli(['minimize', f]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ name: 'Big', select: ['SYSGEN_MESSENGER'] });
  });
  test('a full batch design keeps exactly the items no build rule sets, and the result validates', () => {
    const d = tmp();
    const f = write(d, 'Full.bat', completeBatch);
    const r = cli(['minimize', f]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\r\n')[0]).toBe('@echo off');
    const sets = r.stdout.split('\r\n').filter((l) => l.startsWith('set ')).map((l) => l.slice(4, -2)).sort();
    // Items of the reference closure that no cesysgen rule sets (section A minus what section B reaches from other items).
    expect(sets).toEqual([
      // SYSGEN_CERTS is set by Schannel's build rule (build-files.md §2.3), so it is not kept.
      'SYSGEN_AUDIO', 'SYSGEN_AUTH_KERBEROS', 'SYSGEN_AUTH_SCHANNEL', 'SYSGEN_IMAGING', 'SYSGEN_IMAGING_GIF_DECODE', 'SYSGEN_IMAGING_PNG_DECODE',
      'SYSGEN_MESSENGER', 'SYSGEN_MINWMGR', 'SYSGEN_MSXML_DOM', 'SYSGEN_MSXML_XQL', 'SYSGEN_SHDOCVW', 'SYSGEN_VOIP', 'SYSGEN_WININET',
      'SYSGEN_WININET_TWEENER',
    ]);
    const g = write(d, 'Min.bat', r.stdout);
    expect(cli(['validate', g]).code).toBe(0);
    expect(JSON.parse(cli(['resolve', '--design', g, '--json']).stdout).closure.length).toBe(39);
  });
});

describe('diff', () => {
  test('groups removed, changed and added like diffconfig', () => {
    const d = tmp();
    const a = write(d, 'a.json', JSON.stringify({ name: 'A', select: ['SYSGEN_MESSENGER'] }));
    const b = write(d, 'b.json', JSON.stringify({ name: 'B', select: ['SYSGEN_MESSENGER', 'SYSGEN_PM', 'SYSGEN_TCPIP'] }));
    const r = cli(['diff', a, b]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('-SYSGEN_PMSTUBS\n SYSGEN_TCPIP implied -> selected\n+SYSGEN_PM\n');
    expect(cli(['diff', a, b, '--merge-style']).stdout).toBe('set SYSGEN_PMSTUBS=\nset SYSGEN_PM=1\n');
  });
  test('exits like diff(1): 0 same closure, 1 different, 2 trouble', () => {
    const d = tmp();
    const a = write(d, 'a.json', JSON.stringify({ name: 'A', select: ['SYSGEN_MESSENGER'] }));
    const a2 = write(d, 'a2.json', JSON.stringify({ name: 'A2', select: ['SYSGEN_MESSENGER', 'SYSGEN_TCPIP'] }));
    const b = write(d, 'b.json', JSON.stringify({ name: 'B', select: ['SYSGEN_TCPIP'] }));
    const same = cli(['diff', a, a2]);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toBe(' SYSGEN_TCPIP implied -> selected\n');
    expect(cli(['diff', a, a]).stdout).toBe('');
    expect(cli(['diff', a, a]).code).toBe(0);
    const differ = cli(['diff', a, b, '--json']);
    expect(differ.code).toBe(1);
    expect(JSON.parse(differ.stdout)).toMatchObject({ sameClosure: false, added: [], removed: expect.arrayContaining(['SYSGEN_MESSENGER']) });
    expect(expectUserError(cli(['diff', a, join(d, 'missing.json')]))).toMatch(/missing\.json: no such design file/);
  });
});

describe('bad input: one line, the file and place named, exit 2', () => {
  test('malformed JSON gives line and column', () => {
    const d = tmp();
    const f = write(d, 'bad.json', '{\n  "name": "X",\n  "select": ["SYSGEN_MESSENGER",]\n}\n');
    expect(expectUserError(cli(['resolve', '--design', f]))).toMatch(/bad\.json:3:33: malformed JSON: unexpected "\]"/);
  });
  test('a schema violation gives the line and JSON pointer', () => {
    const d = tmp();
    const f = write(d, 'bad.json', '{\n  "name": "X",\n  "select": ["SYSGEN_MESSENGER", "messenger"]\n}\n');
    expect(expectUserError(cli(['resolve', '--design', f]))).toMatch(/bad\.json:3: \/select\/1: must match pattern/);
  });
  test('an unknown property is named', () => {
    const d = tmp();
    const f = write(d, 'bad.json', '{"name": "X", "select": ["SYSGEN_MESSENGER"], "selct": []}');
    expect(expectUserError(cli(['resolve', '--design', f]))).toMatch(/\/selct: unknown property "selct"/);
  });
  test('an unknown Sysgen variable is a warning; with --strict an error', () => {
    const r = cli(['resolve', 'SYSGEN_TCPIPP', 'SYSGEN_TCPIP']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: unknown Sysgen variable SYSGEN_TCPIPP \(did you mean SYSGEN_TCPIP\b/);
    expect(expectUserError(cli(['resolve', 'SYSGEN_TCPIPP', '--strict']))).toMatch(/--strict: unknown Sysgen variable SYSGEN_TCPIPP \(did you mean SYSGEN_TCPIP\b/);
  });
  test('a design naming a missing file', () => {
    expect(expectUserError(cli(['resolve', '--design', 'nope.json']))).toBe('wcecfg: nope.json: no such design file');
  });
  test('a batch file with binary garbage', () => {
    const d = tmp();
    const f = write(d, 'junk.bat', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0xff, 0xfe]));
    expect(expectUserError(cli(['validate', f]))).toMatch(/junk\.bat: not a text batch file/);
  });
  test('a batch line wcecfg cannot evaluate is a warning naming its line, not a stop', () => {
    const d = tmp();
    const f = write(d, 'if.bat', bat(['@echo off', 'set SYSGEN_MESSENGER=1', 'if "%X%"=="1" set SYSGEN_TCPIP=1', 'call other.bat']));
    const r = cli(['validate', f]);
    expect(r.code).toBe(1); // the Messenger closure is missing; the lines themselves are warnings
    expect(r.stdout).toMatch(/if\.bat:3: warning: condition not evaluated \(it reads X, which this file does not set\)/);
    expect(r.stdout).toMatch(/if\.bat:4: warning: "call other\.bat": wcecfg does not follow call/);
  });
  test('a value other than 1, and a trailing space, are explained', () => {
    const d = tmp();
    expect(cli(['validate', write(d, 'v.bat', bat(['set SYSGEN_MESSENGER=yes']))]).stdout).toMatch(/v\.bat:1: warning: .*exactly "1"/);
    expect(cli(['validate', write(d, 's.bat', bat(['set SYSGEN_MESSENGER=1 ']))]).stdout).toMatch(/s\.bat:1: warning: .*spaces become part of the value/);
  });
  test('an empty selection', () => {
    const d = tmp();
    expect(expectUserError(cli(['resolve', '--design', write(d, 'e.json', '{"name":"E","select":[]}')]))).toMatch(/selection is empty/);
    // A batch file that selects nothing is a finding of validate (exit 1), not bad input.
    const r = cli(['validate', write(d, 'e.bat', bat(['@echo off', 'rem nothing']))]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/e\.bat: error: the design selects nothing/);
  });
  test('unknown commands and flags get did-you-mean', () => {
    expect(expectUserError(cli(['resolv']))).toBe('wcecfg: unknown command "resolv" (did you mean resolve?)');
    expect(expectUserError(cli(['resolve', '--jsn']))).toBe('wcecfg: resolve: unknown option --jsn (did you mean --json?)');
  });
});

describe('OEM catalogs (--catalog)', () => {
  const comp = (id: string, requires: string[] = [], extra: object = {}) =>
    JSON.stringify({ id, title: id, description: 'OEM item', area: 'OEM', confidence: 'documented', sources: ['oem'], modules: [],
      requires: requires.map((r) => ({ id: r, kind: 'catalog', confidence: 'documented', source: 'oem' })), ...extra }, null, 2);
  test('adds components on top of the built-in catalog', () => {
    const d = tmp();
    write(d, 'SYSGEN_OEM_APP.json', comp('SYSGEN_OEM_APP', ['SYSGEN_MESSENGER']));
    const r = cli(['resolve', 'SYSGEN_OEM_APP', '--catalog', d, '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).closure).toHaveLength(MESSENGER_CLOSURE.length + 1);
  });
  test('a dangling requirement is named with its JSON pointer', () => {
    const d = tmp();
    write(d, 'a.json', comp('SYSGEN_OEM_A', ['SYSGEN_TCPIP', 'SYSGEN_OEM_NOPE']));
    expect(expectUserError(cli(['catalog', 'list', '--catalog', d]))).toMatch(/a\.json:\d+: \/requires\/1\/id: SYSGEN_OEM_A requires SYSGEN_OEM_NOPE, which no component defines/);
  });
  test('a requirement cycle is reported with its members', () => {
    const d = tmp();
    write(d, 'a.json', comp('SYSGEN_OEM_A', ['SYSGEN_OEM_B']));
    write(d, 'b.json', comp('SYSGEN_OEM_B', ['SYSGEN_OEM_C']));
    write(d, 'c.json', comp('SYSGEN_OEM_C', ['SYSGEN_OEM_A']));
    expect(expectUserError(cli(['catalog', 'list', '--catalog', d]))).toMatch(/requirement cycle: SYSGEN_OEM_A -> SYSGEN_OEM_B -> SYSGEN_OEM_C -> SYSGEN_OEM_A/);
  });
  test('redefining a built-in id needs "overrides": true', () => {
    const d = tmp();
    write(d, 'x.json', comp('SYSGEN_SHDOCVW'));
    expect(expectUserError(cli(['catalog', 'list', '--catalog', d]))).toMatch(/SYSGEN_SHDOCVW is already defined in .*internet-client-services\.json; set "overrides": true/);
    write(d, 'x.json', comp('SYSGEN_SHDOCVW', [], { overrides: true, title: 'OEM browser host' }));
    expect(cli(['catalog', 'show', 'SYSGEN_SHDOCVW', '--catalog', d, '--json']).stdout).toMatch(/OEM browser host/);
  });
  test('a duplicate id inside one catalog, and a schema violation, are named', () => {
    const d = tmp();
    write(d, 'a.json', comp('SYSGEN_OEM_A'));
    write(d, 'b.json', comp('SYSGEN_OEM_A'));
    expect(expectUserError(cli(['catalog', 'list', '--catalog', d]))).toMatch(/b\.json:\d+: \/id: duplicate id SYSGEN_OEM_A, also defined in .*a\.json/);
    const e = tmp();
    write(e, 'a.json', comp('SYSGEN_OEM_A', [], { confidence: 'maybe' }));
    expect(expectUserError(cli(['catalog', 'list', '--catalog', e]))).toMatch(/a\.json:\d+: \/confidence: must be equal to one of the allowed values/);
  });
});

test('every built-in catalog file names its schema', () => {
  const f = JSON.parse(readFileSync(join(root, 'catalog/components/applications-end-user.json'), 'utf8'));
  expect(f.$schema).toBe('../schema/area.schema.json');
});
