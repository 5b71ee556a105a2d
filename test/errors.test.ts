/** User-facing error paths not covered elsewhere: each is one line, names the thing, and exits 2. */
import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { cli, expectUserError, tmp, write } from './helpers.js';

describe('files and directories that are not what they should be', () => {
  test('--catalog: a missing folder, and a file that is no catalog', () => {
    expect(expectUserError(cli(['catalog', 'list', '--catalog', 'no-such-dir']))).toBe('wcecfg: no-such-dir: no such catalog directory or file');
    const f = write(tmp(), 'file.txt', '{}');
    expect(expectUserError(cli(['catalog', 'list', '--catalog', f]))).toMatch(/file\.txt: not a catalog \(--catalog takes a folder, a component or area \.json file, a \.cec or a \.pbcxml file\)/);
  });
  test('a design that is a directory', () => {
    expect(expectUserError(cli(['resolve', '--design', tmp()]))).toMatch(/: is a directory, not a design file$/);
  });
  test('--out that is a file', () => {
    const f = write(tmp(), 'out', 'not a folder');
    expect(expectUserError(cli(['generate', '--out', f]))).toMatch(/out: exists and is not a directory/);
  });
  test('--templates that does not exist', () => {
    expect(expectUserError(cli(['generate', '--templates', 'no-such-templates', '--out', join(tmp(), 'o')]))).toBe('wcecfg: no-such-templates: no such template directory');
  });
  test('an appreg manifest that does not exist', () => {
    expect(expectUserError(cli(['appreg', 'no-such.json', '--out', join(tmp(), 'o')]))).toBe('wcecfg: no-such.json: no such manifest');
  });
});

describe('commands refusing what they cannot express', () => {
  test('explain: an unknown id gets a suggestion', () => {
    expect(expectUserError(cli(['explain', 'SYSGEN_CREDMANN']))).toMatch(/unknown Sysgen variable SYSGEN_CREDMANN \(did you mean SYSGEN_CREDMAN\?\)/);
  });
  test('minimize: a batch file cannot express exclude', () => {
    const f = write(tmp(), 'x.json', JSON.stringify({ name: 'X', select: ['SYSGEN_TCPIP'], exclude: ['SYSGEN_MESSENGER'] }));
    expect(expectUserError(cli(['minimize', f, '--format', 'bat']))).toMatch(/a batch file cannot express "exclude"; use --format json/);
  });
  test('register-client: --uninstall has no CE form', () => {
    expect(expectUserError(cli(['register-client', '--name', 'X', '--uninstall', '--format', 'ce']))).toMatch(/--uninstall: a CE project\.reg is built into the image/);
  });
  test('generate: clients need Messenger in the design, and nothing is written', () => {
    const d = tmp();
    const f = write(d, 'c.json', JSON.stringify({ name: 'C', select: ['SYSGEN_TCPIP'], clients: [{ name: 'A', messengerGuid: '11111111-2222-3333-4444-555555555551', privateGuid: '11111111-2222-3333-4444-555555555552', sessionManagerGuid: '11111111-2222-3333-4444-555555555553' }] }));
    expect(expectUserError(cli(['generate', '--design', f, '--out', join(d, 'out'), '--only', 'reg']))).toMatch(/c\.json: \/clients: messenger clients need SYSGEN_MESSENGER in the design/);
    expect(existsSync(join(d, 'out'))).toBe(false);
  });
  test('firewall: netsh-xp will not write thousands of single-port exceptions; a proxy port out of range; a proxy without a type', () => {
    expect(expectUserError(cli(['firewall', '--format', 'netsh-xp', '--udp-range', '1000-3000']))).toMatch(/netsh-xp: UDP 1000-3000 would need 2001 single-port exceptions; use --format advfirewall/);
    expect(expectUserError(cli(['firewall', '--proxy-type', 'HTTP', '--proxy-host', 'p', '--proxy-port', '70000']))).toMatch(/--proxy-port: 70000 is not a TCP port \(1 to 65535\)/);
    expect(expectUserError(cli(['firewall', '--proxy-host', 'p', '--proxy-port', '8080']))).toMatch(/--proxy-type: say which kind of proxy this is/);
  });
});

test('validate: a file that cannot be read exits 2, and the other files are still reported', () => {
  const d = tmp();
  const ok = write(d, 'ok.json', JSON.stringify({ name: 'OK', select: ['SYSGEN_MESSENGER'] }));
  const r = cli(['validate', join(d, 'missing.bat'), ok]);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/missing\.bat: no such design file/);
  expect(r.stdout).toMatch(/ok\.json: complete: 39 items/);
});

describe('arguments that name nothing to do', () => {
  test('generate --only with no output named, catalog search with no text: one line, exit 2, nothing written', () => {
    const d = tmp();
    expect(expectUserError(cli(['generate', '--only', ',', '--out', join(d, 'out')]))).toBe('wcecfg: --only: name at least one output');
    expect(existsSync(join(d, 'out'))).toBe(false);
    expect(expectUserError(cli(['catalog', 'search', '   ']))).toBe('wcecfg: catalog search needs some text, e.g. wcecfg catalog search bluetooth');
  });
  test('a design that selects and excludes one item: resolve refuses, validate reports it', () => {
    const f = write(tmp(), 'both.json', JSON.stringify({ name: 'Both', select: ['SYSGEN_MESSENGER', 'SYSGEN_TCPIP'], exclude: ['SYSGEN_TCPIP'] }));
    expect(expectUserError(cli(['resolve', '--design', f]))).toBe(`wcecfg: ${f}:1: /exclude/0: SYSGEN_TCPIP is both selected and excluded`);
    const v = cli(['validate', f, '--json']);
    expect(v.code).toBe(1);
    expect(JSON.parse(v.stdout)[0].findings.filter((x: { code: string }) => x.code === 'excluded-selected').map((x: { message: string }) => x.message)).toEqual(['SYSGEN_TCPIP is both selected and excluded']);
  });
});
