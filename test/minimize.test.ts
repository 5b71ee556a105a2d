/** minimize of a JSON design: only "select" changes; every other field stays, in its place. */
import { describe, expect, test } from 'vitest';
import { cli, tmp, write } from './helpers.js';

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
