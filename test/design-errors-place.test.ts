/**
 * Mistakes that only the closure or the output names reveal (an excluded item something requires,
 * an empty selection, a design name that cannot name a file) name the design file and where in it,
 * in text and as --json fields.
 */
import { describe, expect, test } from 'vitest';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, expectUserError, tmp, write } from './helpers.js';

function jsonError(args: string[]): Record<string, unknown> {
  const r = cli([...args, '--json']);
  expect(r.code, r.stderr).toBe(2);
  return (JSON.parse(r.stdout) as { error: Record<string, unknown> }).error;
}

describe('closure mistakes name the design file and place', () => {
  const d = tmp();
  const excl = write(d, 'excl.json', JSON.stringify({ name: 'Excl', select: ['SYSGEN_MESSENGER'], exclude: ['SYSGEN_TCPIP'] }, null, 2));
  const both = write(d, 'both.json', JSON.stringify({ name: 'Both', select: ['SYSGEN_MESSENGER'], exclude: ['SYSGEN_MESSENGER'] }, null, 2));
  const empty = write(d, 'empty.json', JSON.stringify({ name: 'Empty', select: [] }, null, 2));
  const emptyBat = write(d, 'Empty.bat', '@echo off\r\nrem nothing selected\r\n');

  test('an excluded item that the closure requires: file, line and /exclude/N', () => {
    expect(expectUserError(cli(['resolve', '--design', excl]))).toMatch(new RegExp(`^wcecfg: ${excl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:7: /exclude/0: SYSGEN_TCPIP is excluded, but .* require`));
    expect(jsonError(['resolve', '--design', excl])).toMatchObject({ file: excl, line: 7, pointer: '/exclude/0' });
    expect(jsonError(['generate', '--design', excl, '--out', join(d, 'o1')])).toMatchObject({ file: excl, pointer: '/exclude/0' });
    expect(jsonError(['firewall', '--design', excl])).toMatchObject({ file: excl, pointer: '/exclude/0' });
  });
  test('an item both selected and excluded', () => {
    expect(jsonError(['resolve', '--design', both])).toMatchObject({ file: both, line: 7, pointer: '/exclude/0' });
  });
  test('an empty selection: JSON /select, and a batch file by name', () => {
    expect(jsonError(['resolve', '--design', empty])).toMatchObject({ file: empty, line: 3, pointer: '/select' });
    const e = jsonError(['resolve', '--design', emptyBat]);
    expect(e).toMatchObject({ file: emptyBat });
    expect(String(e.message)).toMatch(/Empty\.bat: the selection is empty/);
  });
});

describe('a design name that cannot name the batch file', () => {
  test('a batch file "My Kiosk.bat": the file is named, and why, and nothing is written', () => {
    const d = tmp();
    const bat = write(d, 'My Kiosk.bat', '@echo off\r\nset SYSGEN_MESSENGER=1\r\n');
    const out = join(d, 'out');
    const msg = expectUserError(cli(['generate', '--design', bat, '--out', out]));
    expect(msg).toContain(`${bat}: the design name "My Kiosk" cannot name its batch file "My Kiosk.bat": file names are letters, digits, _ . -`);
    expect(msg).toMatch(/it is the name of the batch file; generate writes <name>\.bat/);
    expect(jsonError(['generate', '--design', bat, '--out', out])).toMatchObject({ file: bat });
    expect(() => readdirSync(out)).toThrow();
  });
  test('a JSON design named CON: /name with its line', () => {
    const d = tmp();
    const con = write(d, 'con.json', JSON.stringify({ name: 'CON', select: ['SYSGEN_MESSENGER'] }, null, 2));
    const e = jsonError(['generate', '--design', con, '--out', join(d, 'out')]);
    expect(e).toMatchObject({ file: con, line: 2, pointer: '/name' });
    expect(String(e.message)).toMatch(/CON is a reserved device name on Windows/);
  });
});
