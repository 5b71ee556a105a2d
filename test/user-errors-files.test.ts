/**
 * User errors that had no test: an empty .pbxml, a catalog entry that is a symbolic-link loop, and
 * client key names the registry would store differently from what was typed. Each is one line on
 * stderr naming the file or option, exit 2, and JSON on stdout with --json.
 */
import { describe, expect, test } from 'vitest';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { cli, expectUserError, tmp, write } from './helpers.js';

describe('more user errors', () => {
  test('an empty .pbxml: "document must contain a root element", at line 1, in text and JSON', () => {
    const d = tmp();
    const f = write(d, 'Empty.pbxml', '');
    expect(expectUserError(cli(['validate', f]))).toBe(`wcecfg: ${f}:1:0: not well-formed XML: document must contain a root element`);
    const r = cli(['resolve', '--design', f, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ error: { message: `${f}:1:0: not well-formed XML: document must contain a root element`, file: f, line: 1, column: 0 } });
  });

  test('a catalog file that is a symbolic-link loop is named, not followed forever', () => {
    const d = tmp();
    const cat = join(d, 'cat');
    write(cat, 'keep.txt', '');
    symlinkSync('b.json', join(cat, 'a.json'));
    symlinkSync('a.json', join(cat, 'b.json'));
    expect(expectUserError(cli(['resolve', '--catalog', cat]))).toBe(`wcecfg: ${join(cat, 'a.json')}: too many levels of symbolic links`);
  });

  test('register-client --name: leading or trailing spaces, and more than 255 characters, are refused', () => {
    expect(expectUserError(cli(['register-client', '--name', ' Lead']))).toBe('wcecfg: --name: " Lead" has leading or trailing spaces, which would become part of the key name');
    expect(expectUserError(cli(['register-client', '--name', 'Trail ']))).toMatch(/^wcecfg: --name: "Trail " has leading or trailing spaces/);
    expect(expectUserError(cli(['register-client', '--name', 'x'.repeat(256)]))).toBe('wcecfg: --name: a key name is at most 255 characters');
    const ok = cli(['register-client', '--name', 'x'.repeat(255), '--format', 'reg4']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`\\${'x'.repeat(255)}]`);
  });
});

describe('--catalog folders named twice, and empty ones', () => {
  const comp = { id: 'SYSGEN_OEM_TWICE', title: 'Twice', description: 'OEM item', area: 'OEM', confidence: 'documented', sources: ['oem'], modules: [], requires: [] };
  test('the same folder twice (however spelt) is read once, with a warning; it used to clash with itself', () => {
    const d = tmp();
    write(d, 'oem/SYSGEN_OEM_TWICE.json', JSON.stringify(comp));
    const r = cli(['resolve', 'SYSGEN_OEM_TWICE', '--catalog', join(d, 'oem'), '--catalog', `${join(d, 'oem')}/`, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).closure.map((c: { id: string }) => c.id)).toEqual(['SYSGEN_OEM_TWICE']);
    expect(r.stderr).toMatch(/warning: .*oem\/: named twice with --catalog; read once/);
  });
  test('a folder with no catalog files says so (exit 0: the built-in catalog still answers)', () => {
    const d = tmp();
    write(d, 'empty/readme.txt', 'nothing here');
    const r = cli(['catalog', 'list', '--catalog', join(d, 'empty')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: .*empty: no catalog files here \(\.json components or area files, \.cec, \.pbcxml\); nothing was read from it/);
  });
});
