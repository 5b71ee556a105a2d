/** validate on real-sized designs: unknown and removed variables are warnings with their lines, never exit 2. */
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadCatalog } from '../src/catalog/load.js';
import { cli, tmp, write, MESSENGER_CLOSURE, root } from './helpers.js';
import { crlf } from './design-fixtures.js';

const catalogIds = [...(await loadCatalog()).items.keys()];
const removed: string[] = JSON.parse(readFileSync(join(root, 'catalog', 'removed.json'), 'utf8')).removed;
const oem = Array.from({ length: 50 }, (_, i) => `SYSGEN_OEM_WIDGET_${i}`);

interface Finding { severity: string; code: string; id?: string; line?: number; message: string }

describe('a design of 100+ variables mixing known, unknown and removed ones', () => {
  const lines = ['@echo off', 'rem OEM design', ...catalogIds.map((id) => `set ${id}=1`), ...oem.map((id) => `set ${id}=1`), ...removed.map((id) => `set ${id}=1`)];
  const lineOf = (id: string) => lines.indexOf(`set ${id}=1`) + 1;

  test('complete: exit 0; every unknown and removed variable reported once, as a warning with its line', () => {
    expect(catalogIds.length + oem.length + removed.length).toBeGreaterThan(100);
    const f = write(tmp(), 'Big.bat', crlf(lines));
    const r = cli(['validate', f, '--json']);
    expect(r.code, r.stdout).toBe(0);
    const [rep] = JSON.parse(r.stdout);
    const outside = rep.findings.filter((x: Finding) => x.code === 'unknown' || x.code === 'removed');
    expect(outside.map((x: Finding) => x.id).sort()).toEqual([...oem, ...removed].sort());
    for (const x of outside as Finding[]) {
      expect(x.severity).toBe('warning');
      expect(x.line, x.id).toBe(lineOf(x.id!));
    }
    expect(outside.filter((x: Finding) => x.code === 'removed').every((x: Finding) => /removed in Windows CE 5\.0/.test(x.message))).toBe(true);
    expect(rep.selected.length).toBe(catalogIds.length + oem.length + removed.length);
    expect(rep.closure).toEqual(expect.arrayContaining([...oem, ...removed]));
    const text = cli(['validate', f]);
    expect(text.code).toBe(0);
    for (const id of oem) expect(text.stdout.split('\n').filter((l) => new RegExp(`variable ${id}(;| \\()`).test(l)).length, id).toBe(1);
    expect(text.stdout).toMatch(new RegExp(`Big\\.bat:${lineOf('SYSGEN_OEM_WIDGET_7')}: warning: unknown Sysgen variable SYSGEN_OEM_WIDGET_7`));
  });

  test('--strict: the same variables are errors, exit 1 (not 2)', () => {
    const f = write(tmp(), 'Big.bat', crlf(lines));
    const r = cli(['validate', f, '--strict', '--json']);
    expect(r.code).toBe(1);
    const [rep] = JSON.parse(r.stdout);
    expect(rep.findings.filter((x: Finding) => x.code === 'unknown').every((x: Finding) => x.severity === 'error')).toBe(true);
  });

  test('incomplete: exit 1 for the missing items, unknowns still warnings', () => {
    const partial = lines.filter((l) => l !== 'set SYSGEN_SHDOCVW=1');
    const r = cli(['validate', write(tmp(), 'Part.bat', crlf(partial))]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error: missing SYSGEN_SHDOCVW/);
    expect(r.stdout).toMatch(/warning: unknown Sysgen variable SYSGEN_OEM_WIDGET_0/);
  });

  test('the same design as JSON: each unknown on the line of its "select" entry', () => {
    const select = [...catalogIds, ...oem, ...removed];
    const text = `{\n  "name": "Big",\n  "select": [\n${select.map((s) => `    "${s}"`).join(',\n')}\n  ]\n}\n`;
    const r = cli(['validate', write(tmp(), 'Big.json', text), '--json']);
    expect(r.code, r.stdout).toBe(0);
    const [rep] = JSON.parse(r.stdout);
    const w = rep.findings.find((x: Finding) => x.id === 'SYSGEN_OEM_WIDGET_3');
    expect(w.line).toBe(4 + select.indexOf('SYSGEN_OEM_WIDGET_3'));
  });
});

describe('validate findings', () => {
  test('of one variable, never both "the build sets it again" and "the file must set it"', () => {
    const ls = ['@echo off', ...MESSENGER_CLOSURE.map((id) => `set ${id}=1`), 'set SYSGEN_SHDOCVW=', 'set SYSGEN_TCPIP='];
    const r = cli(['validate', write(tmp(), 'C.bat', crlf(ls)), '--json']);
    const [rep] = JSON.parse(r.stdout);
    const about = (id: string) => rep.findings.filter((x: Finding) => x.id === id && x.severity === 'error');
    // SHDOCVW: only a Catalog dependency needs it, so cesysgen will not set it again.
    expect(about('SYSGEN_SHDOCVW').map((x: Finding) => x.code)).toEqual(['missing']);
    expect(about('SYSGEN_SHDOCVW')[0].message).toMatch(/the file must set it \(it clears it on line \d+\)/);
    // TCPIP: a cesysgen build rule sets it again.
    expect(about('SYSGEN_TCPIP').map((x: Finding) => x.code)).toEqual(['cleared-needed']);
    expect(about('SYSGEN_TCPIP')[0].message).toMatch(/so the build sets it again/);
  });

  test('two files of one design (same stem): a variable one selects and the other does not build is a finding, with its line', () => {
    const d = tmp();
    const j = write(d, 'Phone.json', JSON.stringify({ name: 'Phone', select: ['SYSGEN_MESSENGER', 'SYSGEN_AUTH_NTLM'] }, null, 2));
    const b = write(d, 'Phone.bat', crlf(['@echo off', ...MESSENGER_CLOSURE.map((id) => `set ${id}=1`)]));
    const r = cli(['validate', j, b, '--json']);
    expect(r.code).toBe(1);
    const [rj, rb] = JSON.parse(r.stdout);
    expect(rj.findings.filter((x: Finding) => x.code === 'drift').map((x: Finding) => [x.id, x.line])).toEqual([['SYSGEN_AUTH_NTLM', 5]]);
    expect(rj.findings.find((x: Finding) => x.code === 'drift').message).toMatch(/SYSGEN_AUTH_NTLM is selected here but .*Phone\.bat does not build it/);
    // The batch file sets the whole closure of SYSGEN_MESSENGER: every one of those the JSON design builds.
    expect(rb.findings.filter((x: Finding) => x.code === 'drift')).toEqual([]);
    // A batch file that leaves out what the JSON design builds has drifted.
    const short = write(d, 'Phone.bat', crlf(['@echo off', 'set SYSGEN_AUTH_NTLM=1', 'set SYSGEN_TCPIP=1']));
    const [sj] = JSON.parse(cli(['validate', j, short, '--json']).stdout);
    expect(sj.findings.filter((x: Finding) => x.code === 'drift').map((x: Finding) => x.id)).toEqual(['SYSGEN_MESSENGER']);
    // Different stems are separate designs.
    const other = write(d, 'Other.bat', crlf(['set SYSGEN_MESSENGER=1']));
    expect(JSON.parse(cli(['validate', j, other, '--json']).stdout)[0].findings.some((x: Finding) => x.code === 'drift')).toBe(false);
  });

  test('a file that cannot be read is an error entry in JSON; the others are still validated (exit 2)', () => {
    const d = tmp();
    const ok = write(d, 'ok.bat', crlf(MESSENGER_CLOSURE.map((id) => `set ${id}=1`)));
    const r = cli(['validate', join(d, 'nope.bat'), ok, '--json']);
    expect(r.code).toBe(2);
    const [bad, good] = JSON.parse(r.stdout);
    expect(bad.error.message).toMatch(/nope\.bat: no such design file/);
    expect(good.complete).toBe(true);
  });
});

describe('a .pbxml workspace and its batch file', () => {
  test('validate Phone.pbxml Phone.bat: a variable one selects and the other does not build is a finding of that file, with its line', () => {
    const d = tmp();
    const x = write(d, 'Phone.pbxml', [
      '<PBWorkspace>',
      '  <AnchoredFeatures>',
      '    <Feature CatalogItemId="Item:MS:sysgen_messenger"/>',
      '    <Feature CatalogItemId="Item:MS:SYSGEN_AUTH_NTLM"/>',
      '  </AnchoredFeatures>',
      '</PBWorkspace>',
      '',
    ].join('\n'));
    const b = write(d, 'Phone.bat', crlf(['@echo off', 'set BSP_NOSERIAL=1', 'set SYSGEN_MESSENGER=1', 'set SYSGEN_TCPIP=1']));
    const r = cli(['validate', x, b, '--json']);
    expect(r.code).toBe(1);
    const [rx, rb] = JSON.parse(r.stdout);
    expect(rx.kind).toBe('pbxml');
    expect(rx.findings.filter((f: Finding) => f.code === 'drift').map((f: Finding) => [f.id, f.line])).toEqual([['SYSGEN_AUTH_NTLM', 4]]);
    // TCP/IP is written in the batch file and built by the workspace (SYSGEN_MESSENGER needs it): no drift.
    expect(rb.findings.filter((f: Finding) => f.code === 'drift')).toEqual([]);
    const b2 = write(d, 'Phone.bat', crlf(['@echo off', 'set SYSGEN_MESSENGER=1', 'set SYSGEN_AUTH_NTLM=1', 'set SYSGEN_BTH=1']));
    const [, rb2] = JSON.parse(cli(['validate', x, b2, '--json']).stdout);
    expect(rb2.findings.filter((f: Finding) => f.code === 'drift').map((f: Finding) => [f.id, f.line])).toEqual([['SYSGEN_BTH', 4]]);
    expect(rb.settings).toEqual([{ name: 'BSP_NOSERIAL', value: '1', line: 2 }]);
  });
});
