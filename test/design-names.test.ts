/** One classification of names for every command: known, removed in CE 5.0, a later CE version's, unknown. */
import { describe, expect, test } from 'vitest';
import { classifyName, describeName } from '../src/catalog/names.js';
import { resolve } from '../src/resolve.js';
import type { Catalog, Component } from '../src/catalog/types.js';
import { cli, tmp, write } from './helpers.js';
import { crlf } from './design-fixtures.js';

const item = (id: string, requires: string[] = []): Component => ({
  id, title: id, description: '', area: 'Test', confidence: 'documented', modules: [], sources: [],
  requires: requires.map((r) => ({ id: r, kind: 'catalog', confidence: 'documented', source: 'test' })),
});
const catalog: Catalog = {
  items: new Map([['SYSGEN_WINSOCK', item('SYSGEN_WINSOCK')], ['SYSGEN_TCPIP', item('SYSGEN_TCPIP', ['SYSGEN_WINSOCK'])]]),
  files: new Map(),
  removed: new Set(['SYSGEN_DSOUND']),
  later: new Map([['SYSGEN_VOIP_MEDIA', 'not a Windows CE 5.0 variable: a CE 6.0 R2 VoIP item']]),
};

describe('classifyName', () => {
  test('the four kinds, case-insensitively', () => {
    expect(classifyName(catalog, 'sysgen_tcpip')).toEqual({ kind: 'known', id: 'SYSGEN_TCPIP' });
    expect(classifyName(catalog, 'SYSGEN_DSOUND').kind).toBe('removed');
    expect(classifyName(catalog, 'SYSGEN_VOIP_MEDIA')).toEqual({ kind: 'later', id: 'SYSGEN_VOIP_MEDIA', note: 'not a Windows CE 5.0 variable: a CE 6.0 R2 VoIP item' });
    expect(classifyName(catalog, 'SYSGEN_WINSOK')).toEqual({ kind: 'unknown', id: 'SYSGEN_WINSOK', suggestions: ['SYSGEN_WINSOCK'] });
  });
  test('the words each kind gets', () => {
    const say = (n: string) => {
      const c = classifyName(catalog, n);
      if (c.kind === 'known') throw new Error('known');
      return describeName(c);
    };
    expect(say('SYSGEN_DSOUND')).toBe('SYSGEN_DSOUND was removed in Windows CE 5.0 (ms923645)');
    expect(say('SYSGEN_VOIP_MEDIA')).toBe('SYSGEN_VOIP_MEDIA belongs to a later Windows CE version, not CE 5.0: a CE 6.0 R2 VoIP item');
    expect(say('SYSGEN_WINSOK')).toBe('unknown Sysgen variable SYSGEN_WINSOK (did you mean SYSGEN_WINSOCK?)');
  });
  test('the resolver keeps outside variables as selected leaves, and still stops on them by default', () => {
    const r = resolve(catalog, ['SYSGEN_TCPIP', 'SYSGEN_VOIP_MEDIA', 'SYSGEN_OEM_X'], { outsiders: 'leaf' });
    expect(r.order).toEqual(['SYSGEN_OEM_X', 'SYSGEN_VOIP_MEDIA', 'SYSGEN_WINSOCK', 'SYSGEN_TCPIP']);
    expect(r.items.get('SYSGEN_VOIP_MEDIA')).toMatchObject({ root: true, outside: 'later', requiredBy: [], chain: ['SYSGEN_VOIP_MEDIA'] });
    expect(() => resolve(catalog, ['SYSGEN_VOIP_MEDIA'])).toThrow(/belongs to a later Windows CE version/);
  });
  test('the resolver stays linear with many outside variables', () => {
    const many = Array.from({ length: 100_000 }, (_, i) => `SYSGEN_OEM_${i}`);
    const t = performance.now();
    const r = resolve(catalog, [...many, 'SYSGEN_TCPIP'], { outsiders: 'leaf' });
    expect(r.order.length).toBe(100_002);
    expect(performance.now() - t).toBeLessThan(5_000);
  });
});

describe('every command says the same of a removed variable', () => {
  test('catalog show, explain, resolve', () => {
    expect(cli(['catalog', 'show', 'SYSGEN_DSOUND']).stderr).toMatch(/SYSGEN_DSOUND was removed in Windows CE 5\.0 \(ms923645\)/);
    expect(cli(['explain', 'SYSGEN_DSOUND']).stderr).toMatch(/SYSGEN_DSOUND was removed in Windows CE 5\.0 \(ms923645\)/);
    const r = cli(['resolve', 'SYSGEN_DSOUND', 'SYSGEN_TCPIP', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: SYSGEN_DSOUND was removed in Windows CE 5\.0 \(ms923645\); kept as a selected item with no requirements/);
    expect(JSON.parse(r.stdout).closure.find((c: { id: string }) => c.id === 'SYSGEN_DSOUND')).toMatchObject({ outside: 'removed', requiredBy: [] });
  });
  test('a later CE version\'s variable: catalog show and explain refuse it in the same words; validate warns with its line', () => {
    for (const args of [['catalog', 'show', 'SYSGEN_VOIP_MEDIA'], ['explain', 'SYSGEN_VOIP_MEDIA']]) {
      expect(cli(args).stderr).toMatch(/SYSGEN_VOIP_MEDIA belongs to a later Windows CE version, not CE 5\.0: /);
    }
    const f = write(tmp(), 'L.bat', crlf(['set SYSGEN_MESSENGER=1', 'set SYSGEN_VOIP_SIGNALING=1']));
    const [rep] = JSON.parse(cli(['validate', f, '--json']).stdout);
    expect(rep.findings.find((x: { id?: string }) => x.id === 'SYSGEN_VOIP_SIGNALING')).toMatchObject({ severity: 'warning', code: 'later-version', line: 2 });
  });
  test('explain of an outside variable the design selects, and diff with one', () => {
    const d = tmp();
    const f = write(d, 'D.bat', crlf(['set SYSGEN_MESSENGER=1', 'set SYSGEN_OEM_PANEL=1']));
    const e = cli(['explain', 'SYSGEN_OEM_PANEL', '--design', f]);
    expect(e.code, e.stderr).toBe(0);
    expect(e.stdout).toMatch(/unknown Sysgen variable SYSGEN_OEM_PANEL[\s\S]*selected explicitly/);
    const g = write(d, 'E.bat', crlf(['set SYSGEN_MESSENGER=1']));
    const df = cli(['diff', f, g]);
    expect(df.stdout).toBe('-SYSGEN_OEM_PANEL\n');
    expect(df.stderr).toMatch(/D\.bat:2: warning: unknown Sysgen variable SYSGEN_OEM_PANEL/);
  });
  test('generate names the added items and outside variables in the terminal and report.md; --strict refuses', () => {
    const d = tmp();
    const f = write(d, 'G.json', JSON.stringify({ name: 'G', select: ['SYSGEN_MESSENGER', 'SYSGEN_OEM_PANEL'] }));
    const r = cli(['generate', '--design', f, '--out', `${d}/out`]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/2 selected; the closure adds \d+: SYSGEN_/);
    const { readFileSync } = require('node:fs') as typeof import('node:fs');
    const report = readFileSync(`${d}/out/report.md`, 'utf8');
    expect(report).toMatch(/## Variables outside the catalog[\s\S]*`SYSGEN_OEM_PANEL` \(unknown\): unknown Sysgen variable SYSGEN\\_OEM\\_PANEL/);
    expect(readFileSync(`${d}/out/G.bat`, 'latin1')).toMatch(/\r\nset SYSGEN_OEM_PANEL=1\r\n/);
    expect(cli(['generate', '--design', f, '--out', `${d}/out2`, '--strict']).code).toBe(2);
  });
  test('generate --only bat does not point at a report it did not write', () => {
    const r = cli(['generate', '--only', 'bat', '--out', `${tmp()}/o`]);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/report\.md/);
  });
});
