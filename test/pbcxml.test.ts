/** CE 6.0 Catalog files (.pbcxml): the pure parser, and the files through --catalog. */
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parsePbcxml } from '../src/catalog/pbcxml.js';
import { cli, root, tmp, write } from './helpers.js';
import { badCatalogFileTests } from './support/bad-catalog.js';

const rel = 'test/fixtures/pb/contoso-ce6.pbcxml';
const text = readFileSync(join(root, rel), 'utf8');

describe('parsePbcxml', () => {
  const r = parsePbcxml(text, rel);
  test('items with a SysgenVariable become items (a comma list: the first is the item, the rest are set with it); a BSP_-only item does not', () => {
    expect(r.problems).toEqual([]);
    expect(r.components.map((c) => c.id)).toEqual(['SYSGEN_CONTOSO_TELEMETRY', 'SYSGEN_CONTOSO_TELEMETRY_UI', 'SYSGEN_CONTOSO_FILE_LOGGER', 'SYSGEN_CONTOSO_NULL_LOGGER', 'SYSGEN_CONTOSO_SDMEM']);
    expect(r.itemIds.get('item:contoso:backlight')).toBe('');
  });
  test('title, description, area from Location, Variable as a note, provenance with the line', () => {
    expect(r.components[0]).toMatchObject({
      title: 'Telemetry agent',
      description: 'Reports kiosk health over TCP/IP',
      area: 'Contoso > Services',
      confidence: 'documented',
      sources: [`${rel}:9`],
      notes: [`sets BSP_TELEMETRY=1 (${rel}:12)`],
    });
  });
  test('Dependency / Requires on a Microsoft item and on an item of the same file', () => {
    expect(r.components[0]!.requires.map((q) => [q.id, q.kind, q.source])).toEqual([
      ['SYSGEN_CONTOSO_TELEMETRY_UI', 'catalog', `${rel}:13`],
      ['SYSGEN_WINSOCK', 'catalog', `${rel}:17`],
      ['SYSGEN_CONTOSO_FILE_LOGGER', 'catalog', `${rel}:18`],
    ]);
  });
  test('Module and File entries: MODULES and FILES rows', () => {
    expect(r.components[0]!.modules.map((m) => [m.file, m.role, m.bib?.section, m.source])).toEqual([
      ['telemetry.dll', 'dll', 'MODULES', `${rel}:14`],
      ['telemetry.ini', 'module', 'FILES', `${rel}:15`],
    ]);
  });
  test('ChooseOneGroup members are noted as alternatives', () => {
    expect(r.components[2]!.notes).toEqual(['choose one of SYSGEN_CONTOSO_FILE_LOGGER, SYSGEN_CONTOSO_NULL_LOGGER (ChooseOneGroup LogSink)']);
  });
  test('<ChooseOneGroup>true</ChooseOneGroup> groups the items of one Catalog folder only', () => {
    const item = (n: string, loc: string) => `  <Item Id="Item:C:${n}"><SysgenVariable>SYSGEN_C_${n}</SysgenVariable><ChooseOneGroup>true</ChooseOneGroup><Location>${loc}</Location></Item>`;
    const x = parsePbcxml(`<CatalogFile>\n${item('A', 'Audio')}\n${item('B', 'Audio')}\n${item('C', 'Display')}\n</CatalogFile>\n`, 'g.pbcxml');
    expect(x.components.map((c) => [c.id, c.notes])).toEqual([
      ['SYSGEN_C_A', ['choose one of SYSGEN_C_A, SYSGEN_C_B (ChooseOneGroup in Audio)']],
      ['SYSGEN_C_B', ['choose one of SYSGEN_C_A, SYSGEN_C_B (ChooseOneGroup in Audio)']],
      ['SYSGEN_C_C', undefined],
    ]);
  });
  test('BspSpecific items: their drivers are the BSP\'s to place (no project.bib rows); several may set one variable; IMG names and X! are notes', () => {
    const sd = r.components.find((c) => c.id === 'SYSGEN_CONTOSO_SDMEM')!;
    expect(sd.modules).toEqual([]);
    expect(sd.title).toBe('SdHost0 (#Contoso:Kiosk:SdHost0:Title)');
    expect(sd.sources).toEqual([`${rel}:37`, `${rel}:45`]);
    expect(sd.notes).toEqual([
      `BSP item Item:Contoso:SdHost0:KioskBoard sets SYSGEN_CONTOSO_SDMEM; its sdhc0.dll placed by the BSP's platform.bib (${rel}:37)`,
      `clears BSP_NOSDHC (${rel}:41)`,
      `also sets IMGSDBUS (${rel}:40)`,
      `BSP item Item:Contoso:SdHost1:KioskBoard sets SYSGEN_CONTOSO_SDMEM; its sdhc1.dll placed by the BSP's platform.bib (${rel}:45)`,
    ]);
    expect(r.itemIds.get('item:contoso:sdhost1:kioskboard')).toBe('SYSGEN_CONTOSO_SDMEM');
  });
  test('an unknown root element is an error on its line', () => {
    expect(parsePbcxml('<?xml version="1.0"?>\n\n<Catalog/>\n', 'x.pbcxml').problems).toEqual([
      { severity: 'error', line: 3, message: 'unknown root element <Catalog>: a Platform Builder catalog starts with <CatalogFile>' },
    ]);
  });
});

describe('.pbcxml through --catalog', () => {
  test('resolve and catalog show', () => {
    const r = cli(['resolve', 'SYSGEN_CONTOSO_TELEMETRY', '--catalog', rel, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).closure.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining(['SYSGEN_CONTOSO_FILE_LOGGER', 'SYSGEN_WINSOCK', 'SYSGEN_CONTOSO_TELEMETRY_UI']));
    const show = cli(['catalog', 'show', 'SYSGEN_CONTOSO_TELEMETRY', '--catalog', rel]);
    expect(show.stdout).toContain(`SYSGEN_WINSOCK  [catalog, documented] ${rel}:17`);
  });
  test('the catalog keeps each item id with the variable it sets, for designs that name the item', async () => {
    const { loadCatalog } = await import('../src/catalog/load.js');
    const cat = await loadCatalog([join(root, rel)]);
    expect(cat.itemIds?.get('item:contoso:telemetry')).toBe('SYSGEN_CONTOSO_TELEMETRY');
    expect(cat.itemIds?.has('item:contoso:backlight')).toBe(false);
  });
  test('with a .cec too: a Dependency on an item of another file is linked', () => {
    const dir = tmp('wcecfg-pbc-');
    const f = write(dir, 'needs.pbcxml', '<CatalogFile>\n  <Item Id="Item:Contoso:Audit">\n    <SysgenVariable>SYSGEN_CONTOSO_AUDIT</SysgenVariable>\n    <Dependency>Item:Contoso:Telemetry</Dependency>\n  </Item>\n</CatalogFile>\n');
    const show = cli(['catalog', 'show', 'SYSGEN_CONTOSO_AUDIT', '--catalog', rel, '--catalog', f]);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('SYSGEN_CONTOSO_TELEMETRY  [catalog, documented]');
  });
  test('a Dependency nothing defines is a warning naming file and line, not a stop', () => {
    const f = write(tmp(), 'dangling.pbcxml', '<CatalogFile>\n  <Item Id="Item:Contoso:Audit">\n    <SysgenVariable>SYSGEN_CONTOSO_AUDIT</SysgenVariable>\n    <Dependency>Item:Fabrikam:Nothing</Dependency>\n  </Item>\n</CatalogFile>\n');
    const r = cli(['catalog', 'show', 'SYSGEN_CONTOSO_AUDIT', '--catalog', f]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^wcecfg: warning: .*dangling\.pbcxml:4: SYSGEN_CONTOSO_AUDIT: link to item:fabrikam:nothing, which no Catalog file read defines; ignored\n$/);
  });
});

describe('bad .pbcxml input through the CLI: one line naming file and line, exit 2, nothing written', () => {
  badCatalogFileTests('pbcxml', [
    ['root.pbcxml', '<?xml version="1.0"?>\n<OSDesign/>\n', /root\.pbcxml:2: unknown root element <OSDesign>: a Platform Builder catalog starts with <CatalogFile>$/],
    ['broken.pbcxml', '<CatalogFile>\n  <Item Id="x">\n</CatalogFile>\n', /broken\.pbcxml:3:\d+: not well-formed XML: /],
    ['xxe.pbcxml', '<?xml version="1.0"?>\n<!DOCTYPE CatalogFile [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<CatalogFile>&x;</CatalogFile>\n', /xxe\.pbcxml:3:\d+: not well-formed XML: undefined entity/],
  ]);
});
