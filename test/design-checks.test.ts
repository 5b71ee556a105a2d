/**
 * The design checks validate runs (src/checks.ts): they return every problem, each with its place
 * (file, JSON pointer, line) as fields of the finding; generate and the other commands stop at the
 * first, with the same message. A problem from the design file names the file and pointer; one from
 * the command line names the flag.
 */
import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { cli, expectUserError, tmp, write } from './helpers.js';

interface Finding { severity: string; code: string; message: string; line?: number; pointer?: string; file?: string }

/** A JSON design written with two-space indentation, and the 1-based line of the first line holding `needle`. */
function design(dir: string, name: string, body: Record<string, unknown>): { file: string; lineOf: (needle: string) => number } {
  const text = JSON.stringify({ name: 'T', select: ['SYSGEN_MESSENGER'], ...body }, null, 2);
  const file = write(dir, name, text);
  const lines = text.split('\n');
  return {
    file,
    lineOf: (needle) => {
      const i = lines.findIndex((l) => l.includes(needle));
      if (i < 0) throw new Error(`${needle} is not in the fixture`);
      return i + 1;
    },
  };
}

const findingsOf = (stdout: string): Finding[] => (JSON.parse(stdout) as Array<{ findings: Finding[] }>)[0]!.findings;
const GUID_HINT = 'write it as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (32 hex digits)';

describe('clients: every bad field is a finding of its own', () => {
  const d = tmp();
  const { file, lineOf } = design(d, 'cl.json', {
    clients: [
      { name: 'A', messengerGuid: 'zz', privateGuid: 'yy', sessionManagerGuid: 'xx' },
      { name: 'B', messengerGuid: 'ww', privateGuid: 'vv', sessionManagerGuid: 'uu' },
    ],
  });
  const bad = [
    ['/clients/0/messengerGuid', 'zz'], ['/clients/0/privateGuid', 'yy'], ['/clients/0/sessionManagerGuid', 'xx'],
    ['/clients/1/messengerGuid', 'ww'], ['/clients/1/privateGuid', 'vv'], ['/clients/1/sessionManagerGuid', 'uu'],
  ] as const;

  test('validate lists all six, each with its pointer and line, in text and in --json', () => {
    const t = cli(['validate', file]);
    expect(t.code, t.stderr).toBe(1);
    for (const [pointer, value] of bad) {
      const key = pointer.split('/').pop()!;
      expect(t.stdout).toContain(`cl.json:${lineOf(`"${key}": "${value}"`)}: error: ${pointer}: "${value}" is not a GUID; ${GUID_HINT}\n`);
    }
    expect(t.stdout).toMatch(/cl\.json: incomplete: \d+ items, 6 errors, 0 warnings/);

    const j = cli(['validate', file, '--json']);
    expect(j.code).toBe(1);
    const found = findingsOf(j.stdout).filter((f) => f.code === 'clients');
    expect(found.map((f) => f.pointer)).toEqual(bad.map(([p]) => p));
    for (const [i, [pointer, value]] of bad.entries()) {
      expect(found[i]!.severity).toBe('error');
      expect(found[i]!.line).toBe(lineOf(`"${pointer.split('/').pop()}": "${value}"`));
      expect(found[i]!.message).toBe(`${file}: ${pointer}: "${value}" is not a GUID; ${GUID_HINT}`);
      expect(found[i]!.file).toBeUndefined(); // the design's own file: the report names it
    }
  });

  test('generate stops at the first, with the same message as before', () => {
    const msg = expectUserError(cli(['generate', '--design', file, '--out', join(d, 'out')]));
    expect(msg).toBe(`wcecfg: ${file}: /clients/0/messengerGuid: "zz" is not a GUID; ${GUID_HINT}`);
    const j = cli(['generate', '--design', file, '--out', join(d, 'out2'), '--json']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout).error).toMatchObject({ file, pointer: '/clients/0/messengerGuid', line: lineOf('"messengerGuid": "zz"') });
  });

  test('register-client stops at the first bad flag, as before', () => {
    const msg = expectUserError(cli(['register-client', '--name', 'X', '--messenger-guid', 'zz', '--private-guid', 'yy']));
    expect(msg).toBe(`wcecfg: --messenger-guid: "zz" is not a GUID; ${GUID_HINT}`);
  });

  test('a bad name and a bad GUID of one client are both listed; a case-only name clash still is', () => {
    const x = design(tmp(), 'names.json', {
      clients: [
        { name: ' A', messengerGuid: 'q', privateGuid: '6B0F4C41-1111-2222-3333-444455556666', sessionManagerGuid: '6B0F4C41-1111-2222-3333-444455556667' },
        { name: 'Same', messengerGuid: '6B0F4C41-1111-2222-3333-444455556668', privateGuid: '6B0F4C41-1111-2222-3333-444455556669', sessionManagerGuid: '6B0F4C41-1111-2222-3333-44445555666A' },
        { name: 'SAME', messengerGuid: '6B0F4C41-1111-2222-3333-44445555666B', privateGuid: '6B0F4C41-1111-2222-3333-44445555666C', sessionManagerGuid: '6B0F4C41-1111-2222-3333-44445555666D' },
      ],
    });
    const found = findingsOf(cli(['validate', x.file, '--json']).stdout).filter((f) => f.code === 'clients' && f.severity === 'error');
    expect(found.map((f) => f.pointer)).toEqual(['/clients/0/name', '/clients/0/messengerGuid', '/clients/2/name']);
    expect(found[0]!.message).toMatch(/\/clients\/0\/name: " A" has leading or trailing spaces/);
    expect(found[2]!.message).toMatch(/same registry key/);
  });
});

describe('firewall options: a design problem names the file and pointer, a flag problem the flag', () => {
  const d = tmp();
  const r2 = design(d, 'r2.json', { firewall: { proxyType: 'HTTP', proxyPort: 8080, wanIp: '198.51.100.1' } });
  const hostWhy = 'a proxy needs its host (server name) as well as its type and port';

  test('validate: a missing proxyHost and wanIf are blamed on the design, never on --proxy-host or --wan-if', () => {
    const t = cli(['validate', r2.file]);
    expect(t.code).toBe(1);
    expect(t.stdout).not.toMatch(/--proxy-host|--wan-if/);
    expect(t.stdout).toContain(`r2.json:${r2.lineOf('"firewall"')}: error: /firewall/proxyHost: ${hostWhy}\n`);
    expect(t.stdout).toContain(`r2.json:${r2.lineOf('"wanIp"')}: error: /firewall/wanIp: the public address is used only with the WAN interface; give /firewall/wanIf too\n`);
    const found = findingsOf(cli(['validate', r2.file, '--json']).stdout).filter((f) => f.code === 'firewall-option');
    expect(found).toEqual([
      { severity: 'error', code: 'firewall-option', pointer: '/firewall/proxyHost', line: r2.lineOf('"firewall"'), message: `${r2.file}: /firewall/proxyHost: ${hostWhy}` },
      { severity: 'error', code: 'firewall-option', pointer: '/firewall/wanIp', line: r2.lineOf('"wanIp"'), message: `${r2.file}: /firewall/wanIp: the public address is used only with the WAN interface; give /firewall/wanIf too` },
    ]);
  });

  test('generate and firewall stop at the first, naming the design; the same gap on the command line names the flag', () => {
    expect(expectUserError(cli(['generate', '--design', r2.file, '--out', join(d, 'o')]))).toBe(`wcecfg: ${r2.file}: /firewall/proxyHost: ${hostWhy}`);
    const j = cli(['firewall', '--design', r2.file, '--json']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout).error).toEqual({ message: `${r2.file}: /firewall/proxyHost: ${hostWhy}`, file: r2.file, pointer: '/firewall/proxyHost', line: r2.lineOf('"firewall"') });
    // The flag fills the gap the design left: the next problem is the design's wanIp.
    expect(expectUserError(cli(['firewall', '--design', r2.file, '--proxy-host', 'proxy.example.com']))).toMatch(/r2\.json: \/firewall\/wanIp: .*give \/firewall\/wanIf too$/);
    expect(cli(['firewall', '--design', r2.file, '--proxy-host', 'proxy.example.com', '--wan-if', 'eth0']).code).toBe(0);
    // Typed on the command line: the flags are named, as before.
    expect(expectUserError(cli(['firewall', '--proxy-type', 'HTTP', '--proxy-port', '8080']))).toMatch(/firewall: --proxy-host: a proxy needs its host/);
    expect(expectUserError(cli(['firewall', '--wan-ip', '198.51.100.1']))).toMatch(/--wan-ip: .*give --wan-if too/);
  });

  test('a bad value in the design: pointer and line of the value', () => {
    const x = design(tmp(), 'v.json', { firewall: { transfers: 12, deviceIp: '1.2.3' } });
    const found = findingsOf(cli(['validate', x.file, '--json']).stdout).filter((f) => f.code === 'firewall-option');
    expect(found.map((f) => [f.pointer, f.line])).toEqual([['/firewall/transfers', x.lineOf('"transfers"')], ['/firewall/deviceIp', x.lineOf('"deviceIp"')]]);
  });
});

describe('registry options: pointer and line as fields', () => {
  test('an unknown option of the design', () => {
    const x = design(tmp(), 'reg.json', { registry: { noSuchOption: 1 } });
    const t = cli(['validate', x.file]);
    expect(t.stdout).toContain(`reg.json:${x.lineOf('"noSuchOption"')}: error: /registry/noSuchOption: no component defines a registry option "noSuchOption"`);
    const [f] = findingsOf(cli(['validate', x.file, '--json']).stdout).filter((f) => f.code === 'registry-option');
    expect(f).toMatchObject({ pointer: '/registry/noSuchOption', line: x.lineOf('"noSuchOption"') });
    expect(f!.file).toBeUndefined();
  });
  test('an option name holding "/" and ": /" is one pointer token (RFC 6901), on its own line', () => {
    const x = design(tmp(), 'odd.json', { registry: { 'a: /b~c': 1 } });
    const [f] = findingsOf(cli(['validate', x.file, '--json']).stdout).filter((f) => f.code === 'registry-option');
    expect(f).toMatchObject({ pointer: '/registry/a: ~1b~0c', line: x.lineOf('"a: /b~c"') });
  });
});

describe('pointerLocator: one scan of a JSON text, many pointers', () => {
  test('lines and columns of values; a missing member is placed on its object; a byte-order mark changes nothing', async () => {
    const { pointerLocator, locatePointer } = await import('../src/jsonfile.js');
    const text = '{\r\n  "a": {\r\n    "b": [1, 2]\r\n  },\r\n  "c": "x"\r\n}\r\n';
    for (const t of [text, `\uFEFF${text}`]) {
      const at = pointerLocator(t);
      expect(at('/a/b/1')).toEqual({ line: 3, column: 14 });
      expect(at('/c')).toEqual({ line: 5, column: 8 });
      expect(at('/a/missing')).toEqual({ line: 2, column: 8 });
      expect(at('')).toEqual({ line: 1, column: 1 });
      expect(locatePointer(t, '/a/b/1')).toEqual({ line: 3, column: 14 });
    }
  });
});

describe('firewall formats of a design', () => {
  test('an unknown format names its element of /firewall/formats', () => {
    const x = design(tmp(), 'fmt.json', { firewall: { formats: ['nftables', 'pdf'] } });
    const found = findingsOf(cli(['validate', x.file, '--json']).stdout).filter((f) => f.code === 'firewall-option');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ pointer: '/firewall/formats/1', line: x.lineOf('"pdf"') });
    expect(found[0]!.message).toMatch(/^.*fmt\.json: \/firewall\/formats\/1: unknown format "pdf"; choose from /);
    expect(expectUserError(cli(['generate', '--design', x.file, '--out', join(tmp(), 'o')]))).toMatch(/fmt\.json: \/firewall\/formats\/1: unknown format "pdf"/);
  });
});
