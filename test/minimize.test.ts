/** minimize of a JSON design: only "select" changes; every other field stays, in its place. */
import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { cli, cliBytes, tmp, write } from './helpers.js';

describe('minimize a JSON design', () => {
  test('registry, firewall, clients, cesysgenTree and $schema are kept; redundant selections dropped; unknowns kept as leaves', () => {
    const design = {
      $schema: '../schema/design.schema.json',
      name: 'Kiosk',
      description: 'kiosk with Messenger',
      select: ['SYSGEN_MESSENGER', 'SYSGEN_TCPIP', 'SYSGEN_OEM_KIOSK'],
      cesysgenTree: 'VOIP',
      registry: { transport: 'tcp' },
      firewall: { transfers: 2, formats: ['nftables'] },
      clients: [{ name: 'Acme', messengerGuid: '{11111111-1111-1111-1111-111111111111}', privateGuid: '{22222222-2222-2222-2222-222222222222}', sessionManagerGuid: '{33333333-3333-3333-3333-333333333333}' }],
    };
    const r = cli(['minimize', write(tmp(), 'Kiosk.json', JSON.stringify(design, null, 2))]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/Kiosk\.json:8: warning: unknown Sysgen variable SYSGEN_OEM_KIOSK/);
    const out = JSON.parse(r.stdout);
    expect(Object.keys(out)).toEqual(Object.keys(design));
    expect(out).toEqual({ ...design, select: ['SYSGEN_MESSENGER', 'SYSGEN_OEM_KIOSK'] });
  });

  test('--strict refuses a design naming a variable outside the catalog (exit 2, one line listing them all)', () => {
    const f = write(tmp(), 'S.json', JSON.stringify({ name: 'S', select: ['SYSGEN_MESSENGER', 'SYSGEN_OEM_A', 'SYSGEN_DSOUND'] }));
    const r = cli(['minimize', f, '--strict']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toMatch(/^wcecfg: .*S\.json: --strict: 2 variables the CE 5\.0 catalog does not hold: SYSGEN_OEM_A \(line 1\), SYSGEN_DSOUND \(line 1\)$/);
  });
});

describe('minimize of a batch design says what it removed and what it added (trial KioskPhone.bat)', () => {
  const dir = join(import.meta.dirname, 'fixtures', 'pb', 'trial');

  test('the unfixed file: 3 redundant lines removed, and the 7 missing lines added, said as such; the result validates', () => {
    const r = cliBytes(['minimize', join(dir, 'KioskPhone.bat')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('KioskPhone.bat: 3 redundant set lines removed (a build rule sets them); added 7 missing set lines that cesysgen would not set (`wcecfg validate` reports them); every other line kept as it was');
    const d = tmp();
    const v = cli(['validate', write(d, 'Min.bat', r.stdout)]);
    expect(v.code, v.stdout).toBe(0);
    const j = JSON.parse(cli(['minimize', join(dir, 'KioskPhone.bat'), '--json']).stdout);
    expect([...j.missing].sort()).toEqual(['SYSGEN_AUTH_KERBEROS', 'SYSGEN_IMAGING_GIF_DECODE', 'SYSGEN_IMAGING_PNG_DECODE', 'SYSGEN_MINWMGR', 'SYSGEN_MSXML_XQL', 'SYSGEN_SHDOCVW', 'SYSGEN_WININET_TWEENER'].sort());
    expect([...j.added].sort()).toEqual([...j.missing].sort());
  });

  test('the fixed file: only removals, and no word of adding', () => {
    const r = cli(['minimize', join(dir, 'KioskPhone.fixed.bat')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('KioskPhone.fixed.bat: 3 redundant set lines removed (a build rule sets them); every other line kept as it was');
    expect(r.stderr).not.toContain('added');
  });
});

describe('minimize is minimal for the format it writes, whatever it read', () => {
  const bat = join(import.meta.dirname, 'fixtures', 'pb', 'trial', 'KioskPhone.bat');
  const closureOf = (design: string) => JSON.parse(cli(['resolve', '--design', design, '--json']).stdout).closure.map((c: { id: string }) => c.id).sort();

  test('a batch design written as JSON: no selection another requires (validate finds none redundant), the same closure', () => {
    const r = cli(['minimize', bat, '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const out = write(tmp(), 'Kiosk.json', r.stdout);
    // Read as cesysgen reads a batch file, 25 selections were kept, 13 of them implied by catalog dependencies.
    expect(JSON.parse(r.stdout).select.length).toBeLessThan(15);
    const v = JSON.parse(cli(['validate', out, '--json']).stdout)[0];
    expect(v.findings.filter((f: { code: string }) => f.code === 'redundant')).toEqual([]);
    expect(closureOf(out)).toEqual(closureOf(bat));
  });

  test('a JSON design written as a batch file: complete under build rules alone (validate finds nothing missing)', () => {
    const r = cli(['minimize', join(import.meta.dirname, '..', 'catalog', 'designs', 'messenger.json'), '--format', 'bat']);
    expect(r.code, r.stderr).toBe(0);
    const out = write(tmp(), 'Messenger.bat', r.stdout);
    const v = JSON.parse(cli(['validate', out, '--json']).stdout)[0];
    expect(v.findings.filter((f: { code: string }) => f.code === 'missing')).toEqual([]);
    expect(v.complete).toBe(true);
    expect(closureOf(out)).toEqual(closureOf(join(import.meta.dirname, '..', 'catalog', 'designs', 'messenger.json')));
  });
});
