/**
 * diff of batch designs compares what cesysgen builds from each file (its closure under build rules
 * only), names each incomplete side, and exits like diff(1): 0 same build, 1 different, 2 trouble.
 */
import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { cli, expectUserError, tmp, write } from './helpers.js';

const dir = join(import.meta.dirname, 'fixtures', 'pb', 'trial');
const KIOSK = join(dir, 'KioskPhone.bat');
const FIXED = join(dir, 'KioskPhone.fixed.bat');
const MINIMAL = join(dir, 'Minimal.bat');
const SEVEN = ['SYSGEN_AUTH_KERBEROS', 'SYSGEN_IMAGING_GIF_DECODE', 'SYSGEN_IMAGING_PNG_DECODE', 'SYSGEN_MINWMGR', 'SYSGEN_MSXML_XQL', 'SYSGEN_SHDOCVW', 'SYSGEN_WININET_TWEENER'];
const crlf = (lines: string[]) => lines.map((l) => l + '\r\n').join('');

describe('diff of batch designs compares what cesysgen builds', () => {
  test('a file missing 7 set lines differs from its fixed copy: exit 1, the 7 (and what their build rules bring) added, the unfixed side named incomplete', () => {
    const r = cli(['diff', KIOSK, FIXED]);
    expect(r.code, r.stderr).toBe(1);
    const plus = r.stdout.split('\n').filter((l) => l.startsWith('+')).map((l) => l.slice(1));
    for (const id of SEVEN) expect(plus).toContain(id);
    expect(r.stdout).not.toMatch(/^-/m);
    expect(r.stdout).not.toMatch(/implied -> selected/);
    expect(r.stderr).toContain(`KioskPhone.bat: incomplete: cesysgen will not set 7 items its selections need (${SEVEN.join(', ')})`);
    expect(r.stderr).not.toMatch(/KioskPhone\.fixed\.bat: incomplete/);
    const j = JSON.parse(cli(['diff', KIOSK, FIXED, '--json']).stdout);
    expect(j.sameClosure).toBe(false);
    expect(j.incomplete).toEqual([{ side: 'a', file: KIOSK, missing: SEVEN }]);
    expect(j.changed).toEqual([]);
  });

  test('--merge-style prints the 7 set lines Minimal.bat adds (not the items cesysgen sets by itself from them)', () => {
    const r = cli(['diff', '--merge-style', KIOSK, MINIMAL]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe(SEVEN.map((id) => `set ${id}=1\n`).join(''));
    const back = cli(['diff', '--merge-style', MINIMAL, KIOSK]);
    expect(back.code).toBe(1);
    for (const id of SEVEN) expect(back.stdout).toContain(`set ${id}=\n`);
  });

  test('two complete files that build the same exit 0: selections a build rule sets anyway are only "changed"', () => {
    const r = cli(['diff', FIXED, MINIMAL]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(' SYSGEN_CERTS selected -> implied\n SYSGEN_TCPIP selected -> implied\n SYSGEN_WINSOCK selected -> implied\n');
    expect(r.stderr).not.toContain('incomplete');
  });

  test('a batch file and the JSON design with the same selections differ when the batch file is incomplete, and not once it is fixed', () => {
    const d = tmp();
    const bat = write(d, 'M.bat', crlf(['set SYSGEN_MESSENGER=1']));
    const json = write(d, 'M.json', JSON.stringify({ name: 'M', select: ['SYSGEN_MESSENGER'] }));
    const r = cli(['diff', bat, json]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/M\.bat: incomplete: cesysgen will not set \d+ items? its selections need/);
    expect(cli(['validate', bat, '--fix']).code).toBe(1);
    const fixed = cli(['diff', join(d, 'M.fixed.bat'), json]);
    expect(fixed.code, fixed.stdout + fixed.stderr).toBe(0);
    expect(fixed.stderr).not.toContain('incomplete');
  });

  test('trouble exits 2', () => {
    expect(expectUserError(cli(['diff', KIOSK, join(tmp(), 'nope.bat')]))).toMatch(/nope\.bat/);
  });
});
