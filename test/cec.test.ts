/** CE 5.0 Catalog files (.cec): the pure parser, and the files through --catalog. */
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseCec, parseCecTree } from '../src/catalog/cec.js';
import { cli, root, tmp, write } from './helpers.js';
import { badCatalogFileTests } from './support/bad-catalog.js';

const rel = 'test/fixtures/pb/contoso.cec';
const text = readFileSync(join(root, rel), 'latin1');

describe('parseCec', () => {
  const r = parseCec(text, rel);
  test('no problems; CECInfo read', () => {
    expect(r.problems).toEqual([]);
    expect(r.info).toEqual({ name: 'contoso.cec', vendor: 'Contoso Kiosks', version: '5.00' });
  });
  test('implementations that set a SYSGEN_ variable (FeatureVariable or an #ENV action) become items; a driver that sets only BSP_ does not', () => {
    expect(r.components.map((c) => c.id)).toEqual(['SYSGEN_CONTOSO_KIOSK', 'SYSGEN_CONTOSO_UPDATER', 'SYSGEN_WINSOCK']);
    const k = r.components[0]!;
    expect(k).toMatchObject({ title: 'Kiosk Shell', description: 'Full-screen shell for kiosk phones', area: 'Contoso > Shell', confidence: 'documented', sources: [`${rel}:20`] });
    expect(k.notes).toEqual([`sets BSP_KIOSK_LOCKDOWN=1 (${rel}:38)`]);
  });
  test('Children links become requirements naming file and line; a link to a non-Sysgen item is dropped', () => {
    expect(r.components[0]!.requires).toEqual([
      { id: 'SYSGEN_CONTOSO_UPDATER', kind: 'catalog', confidence: 'documented', source: `${rel}:29`, note: 'Children link in the Catalog file' },
    ]);
    expect(r.pending).toEqual([]);
  });
  test('a second SYSGEN_ variable of one implementation is a requirement (and an item of its own)', () => {
    expect(r.components[1]!.requires.map((q) => [q.id, q.source])).toEqual([['SYSGEN_WINSOCK', `${rel}:77`]]);
  });
  test('BibRecord #MODULES/#FILES rows become modules placed in project.bib', () => {
    expect(r.components[0]!.modules).toEqual([
      { name: 'kioskshell', role: 'exe', file: 'kioskshell.exe', source: `${rel}:50`, note: 'BibRecord path $(_FLATRELEASEDIR)\\kioskshell.exe', bib: { section: 'MODULES', memory: 'NK', flags: 'S' } },
      { name: 'kiosk', role: 'module', file: 'kiosk.cfg', source: `${rel}:51`, note: 'BibRecord path $(_FLATRELEASEDIR)\\kiosk.cfg', bib: { section: 'FILES', memory: 'NK', flags: 'SH' } },
    ]);
  });
  test('Variable(...) is read like FeatureVariable(...)', () => {
    const x = parseCec('CECInfo ( Name("v.cec") )\nComponentType ( Name("V") Implementations ( Implementation ( Name("V")\n  Variable ( "SYSGEN_V", "1" ) Variable ( "BSP_V_FAST", "1" ) ) ) )\n', 'v.cec');
    expect(x.components.map((c) => [c.id, c.notes])).toEqual([['SYSGEN_V', ['sets BSP_V_FAST=1 (v.cec:3)']]]);
  });
  test('Children GUIDs defined in another file are left for the loader', () => {
    const x = parseCec('CECInfo ( Name("a.cec") CECVersion(5.00) )\nComponentType ( Name("A") Implementations ( Implementation ( Name("A") Variable("SYSGEN_A", "1")\n Children("{11111111-2222-3333-4444-555555555555}") ) ) )\n', 'a.cec');
    expect(x.pending).toEqual([{ from: 'SYSGEN_A', guid: '{11111111-2222-3333-4444-555555555555}', line: 3 }]);
  });
  test('comments, bare words and single-quoted strings that span lines', () => {
    const t = parseCecTree("// c\nCECInfo ( Name(x.cec) // trailing\n CECVersion ( 5.00 ) )\nComponentType ( Action('#BUILD(SOURCES,\n \"a\")') )\n");
    expect(t.map((n) => [n.name, n.line])).toEqual([['CECInfo', 2], ['ComponentType', 4]]);
    expect((t[1]!.args[0] as { args: string[] }).args[0]).toBe('#BUILD(SOURCES,\n "a")');
  });
});

describe('syntax errors name their line', () => {
  const cases: Array<[string, string, number, RegExp]> = [
    ['unclosed', 'CECInfo (\n  Name ( "x" )\nComponentType (\n  Name ( "A" )\n', 3, /unbalanced parentheses: ComponentType \( opened here is never closed/],
    ['stray close', 'CECInfo ( Name ( "x" ) )\n)\n', 2, /unbalanced parentheses: '\)' without a matching '\('/],
    ['unterminated "', 'CECInfo (\n  Name ( "x )\n)\n', 2, /unterminated string/],
    ["unterminated '", "CECInfo (\n  Name ( 'x )\n)\n", 2, /unterminated string: the '\.\.\.' string opened here never closes/],
    ['not a catalog', 'Foo ( Bar ( 1 ) )\n', 1, /not a Catalog file: no CECInfo or ComponentType block/],
  ];
  for (const [name, src, line, re] of cases) {
    test(name, () => {
      const r = parseCec(src, 'x.cec');
      expect(r.components).toEqual([]);
      expect(r.problems).toHaveLength(1);
      expect(r.problems[0]).toMatchObject({ severity: 'error', line });
      expect(r.problems[0]!.message).toMatch(re);
    });
  }
});

describe('.cec through --catalog', () => {
  test('its items resolve and explain like built-in ones, with provenance naming the file and line', () => {
    const r = cli(['resolve', 'SYSGEN_CONTOSO_KIOSK', '--catalog', rel, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const ids = JSON.parse(r.stdout).closure.map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['SYSGEN_CONTOSO_KIOSK', 'SYSGEN_CONTOSO_UPDATER', 'SYSGEN_WINSOCK', 'SYSGEN_DEVICE']));
    const show = cli(['catalog', 'show', 'SYSGEN_CONTOSO_KIOSK', '--catalog', rel]);
    expect(show.stdout).toContain(`SYSGEN_CONTOSO_UPDATER  [catalog, documented] ${rel}:29`);
    const ex = cli(['explain', 'SYSGEN_WINSOCK', '--catalog', rel, '--design', write(tmp(), 'k.json', '{"name":"K","select":["SYSGEN_CONTOSO_KIOSK"]}')]);
    expect(ex.code, ex.stderr).toBe(0);
    expect(ex.stdout).toContain('SYSGEN_CONTOSO_UPDATER');
  });
  test('UTF-8 with a BOM, and ANSI (Latin-1) text, both read', () => {
    const dir = tmp('wcecfg-cecenc-');
    const src = (title: string) => `CECInfo ( Name("e.cec") )\r\nComponentType ( Name("${title}") Implementations ( Implementation ( Name("${title}") FeatureVariable(SYSGEN_CONTOSO_ENC, "1") ) ) )\r\n`;
    const bom = write(dir, 'bom.cec', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(src('Kiosk \u00e9cran'), 'utf8')]));
    const ansi = write(dir, 'ansi.cec', Buffer.from(src('Kiosk \u00e9cran'), 'latin1'));
    for (const f of [bom, ansi]) {
      const r = cli(['catalog', 'show', 'SYSGEN_CONTOSO_ENC', '--catalog', f]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('SYSGEN_CONTOSO_ENC: Kiosk \u00e9cran');
    }
  });
  test("a BibRecord added to a built-in item is still the OEM's row: not under the item's @CESYSGEN flag", () => {
    const dir = tmp('wcecfg-cecplug-');
    const cec = write(dir, 'plugin.cec', 'CECInfo ( Name("p.cec") )\r\nComponentType ( Name("Messenger plug-in") Implementations ( Implementation ( Name("Messenger plug-in")\r\n  FeatureVariable(SYSGEN_MESSENGER, "1")\r\n  BibInfo ( Files ( File ( BibRecord(\'#MODULES("msgplug.dll", "$(_FLATRELEASEDIR)\\msgplug.dll", "NK", "SH")\') ) ) ) ) ) )\r\n');
    const r = cli(['generate', '--catalog', cec, '--out', join(dir, 'out'), '--only', 'bib']);
    expect(r.code, r.stderr).toBe(0);
    const bib = readFileSync(join(dir, 'out', 'project.bib'), 'latin1').split('\r\n');
    const row = bib.findIndex((l) => l.includes('msgplug.dll'));
    expect(row).toBeGreaterThan(bib.indexOf('MODULES'));
    // Not inside an IF ... ENDIF block: the nearest @CESYSGEN line above it, if any, is an ENDIF.
    const above = bib.slice(0, row).filter((l) => l.includes('@CESYSGEN')).pop();
    expect(above === undefined || above.includes('ENDIF')).toBe(true);
  });
  test('a folder holding .cec files is read too', () => {
    const dir = tmp('wcecfg-cecdir-');
    write(dir, 'contoso.CEC', text);
    expect(cli(['catalog', 'show', 'SYSGEN_CONTOSO_UPDATER', '--catalog', dir]).code).toBe(0);
  });
  test('generate: its BibRecord rows go into project.bib, unguarded (they are the OEM\'s to place)', () => {
    const dir = tmp('wcecfg-cecgen-');
    const design = write(dir, 'k.json', '{"name":"K","select":["SYSGEN_CONTOSO_KIOSK"]}');
    const r = cli(['generate', '--design', design, '--catalog', rel, '--out', join(dir, 'out'), '--only', 'bib']);
    expect(r.code, r.stderr).toBe(0);
    const bib = readFileSync(join(dir, 'out', 'project.bib'), 'latin1').split('\r\n');
    const m = bib.indexOf('MODULES');
    const f = bib.indexOf('FILES');
    expect(bib.slice(m + 1, f)).toContain('    kioskshell.exe  $(_FLATRELEASEDIR)\\kioskshell.exe       NK      S');
    expect(bib.slice(f + 1)).toContain('    kiosk.cfg       $(_FLATRELEASEDIR)\\kiosk.cfg            NK      SH');
    expect(bib.filter((l) => l.includes('@CESYSGEN'))).toEqual([]);
  });
});

describe('bad .cec input through the CLI: one line naming file and line, exit 2, nothing written', () => {
  badCatalogFileTests('cec', [
    ['unbalanced.cec', 'CECInfo (\n  Name ( "x" )\nComponentType (\n  Name ( "A" )\n', /unbalanced\.cec:3: unbalanced parentheses/],
    ['unterminated.cec', 'CECInfo (\n  Name ( "x )\n)\n', /unterminated\.cec:2: unterminated string/],
    ['binary.cec', Buffer.concat([Buffer.from('CECInfo (\n Name("x")\n'), Buffer.from([0, 1, 2, 0xff, 0xfe, 0])]), /binary\.cec:3: not a text \.cec file \(binary content\)/],
  ]);
});
