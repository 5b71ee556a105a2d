/** Platform Builder OS designs (.pbxml) and the XML reader under them (src/xml.ts). */
import { describe, expect, test } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bindCatalogItems, parsePbxml } from '../src/design/pbxml.js';
import { parseXml } from '../src/xml.js';
import { UserError } from '../src/errors.js';
import { cli, expectUserError, root, tmp, write } from './helpers.js';
import { staticImportClosure } from './support/imports.js';

const fixture = join(root, 'test', 'fixtures', 'pb', 'KioskPhone.pbxml');
const rel = 'test/fixtures/pb/KioskPhone.pbxml';

describe('parsePbxml', () => {
  const d = parsePbxml(readFileSync(fixture), rel);
  test('selected Catalog items, case-insensitive ids, in file order, once each, with their lines', () => {
    expect(d.kind).toBe('pbxml');
    expect(d.select).toEqual(['SYSGEN_MESSENGER', 'SYSGEN_AUTH_NTLM', 'SYSGEN_TCPIP']);
    expect(Object.fromEntries(d.lines)).toEqual({ SYSGEN_MESSENGER: 7, SYSGEN_AUTH_NTLM: 8, SYSGEN_TCPIP: 12, SYSGEN_PM: 16 });
  });
  test('a RemovedFeatures collection becomes exclusions', () => {
    expect(d.exclude).toEqual(['SYSGEN_PM']);
  });
  test('platform name and BSP', () => {
    expect(d.platform).toBe('KioskPhone');
    expect(d.name).toBe('KioskPhone');
    expect(d.bsp).toBe('CEPC: x86');
  });
  test('third-party items are reported as such, with their line', () => {
    expect(d.thirdParty).toEqual([{ id: 'Item:Contoso:KioskShell', vendor: 'Contoso', name: 'KioskShell', line: 9 }]);
    expect(d.warnings).toEqual([{ line: 9, message: expect.stringMatching(/^third-party Catalog item Item:Contoso:KioskShell \(vendor Contoso\)/) }]);
    // The advice names what wcecfg can match it to: a .pbcxml item, not a .cec (which has no Item ids).
    expect(d.warnings[0]!.message).toContain('pass the .pbcxml that defines it (an <Item Id="Item:Contoso:KioskShell">) with --catalog');
  });
  test('UTF-16 with a BOM (as Visual Studio saves) reads the same', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(fixture, 'utf8'), 'utf16le')]);
    const u = parsePbxml(utf16, rel);
    expect(u.select).toEqual(d.select);
    expect(u.lines).toEqual(d.lines);
  });
  test('CE 6.0 style <ItemId> selections and a Bsp: id', () => {
    const x = parsePbxml(Buffer.from(`<?xml version="1.0"?>\n<OSDesign>\n  <Name>Six</Name>\n  <Settings>\n    <ItemId>Item:MS:sysgen_auth</ItemId>\n    <ItemId>Bsp:Contoso:Board:X86</ItemId>\n    <ItemId>Item:MS:bsp_nokeybd</ItemId>\n  </Settings>\n</OSDesign>\n`), 'six.pbxml');
    expect(x.select).toEqual(['SYSGEN_AUTH']);
    expect(x.lines.get('SYSGEN_AUTH')).toBe(5);
    expect(x.platform).toBe('Six');
    expect(x.bsp).toBe('Bsp:Contoso:Board:X86');
    expect(x.warnings).toEqual([{ line: 7, message: 'Item:MS:bsp_nokeybd is a Microsoft Catalog item without a Sysgen variable; ignored' }]);
  });
  test('a vendor item id without the Item: prefix is a third-party item; a malformed id is a warning', () => {
    const x = parsePbxml(Buffer.from('<PBWorkspace>\n<Feature CatalogItemId="EVM_Board:fabrikam:gpio_driver"/>\n<Feature CatalogItemId="sysgen_auth"/>\n</PBWorkspace>\n'), 'v.pbxml');
    expect(x.thirdParty).toEqual([{ id: 'EVM_Board:fabrikam:gpio_driver', vendor: 'fabrikam', name: 'gpio_driver', line: 2 }]);
    expect(x.warnings[1]).toEqual({ line: 3, message: 'Catalog item id "sysgen_auth" is not of the form Item:<Vendor>:<Id>; ignored' });
  });
});

describe('bindCatalogItems', () => {
  const d = parsePbxml(readFileSync(fixture), rel);
  test('a third-party item a loaded .pbcxml defines becomes a selection of its variable, on its line', () => {
    const b = bindCatalogItems(d, new Map([['item:contoso:kioskshell', 'SYSGEN_CONTOSO_KIOSK']]));
    expect(b.select).toEqual(['SYSGEN_MESSENGER', 'SYSGEN_AUTH_NTLM', 'SYSGEN_TCPIP', 'SYSGEN_CONTOSO_KIOSK']);
    expect(b.lines.get('SYSGEN_CONTOSO_KIOSK')).toBe(9);
    expect(b.thirdParty).toEqual([]);
    expect(b.warnings).toEqual([]);
    expect(d.select).toHaveLength(3); // the input is not changed
  });
  test('no catalog ids, or none that match: the design as it was', () => {
    expect(bindCatalogItems(d, undefined)).toBe(d);
    expect(bindCatalogItems(d, new Map([['item:fabrikam:other', 'SYSGEN_X']]))).toBe(d);
  });
});

describe('the XML reader refuses entities it would have to expand', () => {
  const secretDir = tmp('wcecfg-xxe-');
  const secret = write(secretDir, 'secret.txt', 'TOP-SECRET-VALUE');
  test('an external entity (XXE) is neither read nor expanded: file:line:column error', () => {
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE PBWorkspace [<!ENTITY x SYSTEM "file://${secret}">]>\n<PBWorkspace Name="&x;"/>\n`;
    let err: unknown;
    try {
      parseXml(xml, 'xxe.pbxml');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    expect((err as Error).message).toMatch(/^xxe\.pbxml:3:\d+: not well-formed XML: undefined entity/);
    expect((err as Error).message).not.toContain('TOP-SECRET');
  });
  test('billion laughs: refused at once, not expanded', () => {
    const defs = ['<!ENTITY a "aaaaaaaaaa">', ...'bcdefghij'.split('').map((c, i) => `<!ENTITY ${c} "${`&${'abcdefghij'[i]};`.repeat(10)}">`)];
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE r [${defs.join('')}]>\n<PBWorkspace>&j;</PBWorkspace>\n`;
    const t = performance.now();
    expect(() => parseXml(xml, 'lol.pbxml')).toThrow(/^lol\.pbxml:3:\d+: not well-formed XML: undefined entity/);
    expect(performance.now() - t).toBeLessThan(1000);
  });
  test('nesting deeper than 512 levels is refused on the line where it happens', () => {
    const xml = `<PBWorkspace>\n${'<a>\n'.repeat(600)}${'</a>'.repeat(600)}</PBWorkspace>\n`;
    expect(() => parseXml(xml, 'deep.pbxml')).toThrow(/^deep\.pbxml:513: not well-formed XML: elements nested deeper than 512 levels$/);
  });
  test('a DOCTYPE naming an external DTD is not fetched; the document still reads', () => {
    const el = parseXml(`<?xml version="1.0"?>\n<!DOCTYPE PBWorkspace SYSTEM "http://192.0.2.1/x.dtd">\n<PBWorkspace Name="a &amp; b"/>\n`, 'dtd.pbxml');
    expect(el.attrs.Name).toBe('a & b');
    expect(el.line).toBe(3);
  });
});

describe('.pbxml through the CLI', () => {
  test('validate: complete, the third-party item a warning on its line, exit 0', () => {
    const r = cli(['validate', rel]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`${rel}:9: warning: third-party Catalog item Item:Contoso:KioskShell`);
    expect(r.stdout).toContain(`${rel}: complete:`);
  });
  test('validate --json names the kind and places findings on lines', () => {
    const r = cli(['validate', rel, '--json']);
    const [rep] = JSON.parse(r.stdout);
    expect(rep.kind).toBe('pbxml');
    expect(rep.findings.find((f: { id?: string }) => f.id === 'SYSGEN_TCPIP').line).toBe(12);
  });
  test('resolve, minimize, diff and generate accept it', () => {
    const res = JSON.parse(cli(['resolve', '--design', rel, '--json']).stdout);
    expect([...res.roots].sort()).toEqual(['SYSGEN_AUTH_NTLM', 'SYSGEN_MESSENGER', 'SYSGEN_TCPIP']);
    const min = JSON.parse(cli(['minimize', rel, '--json']).stdout);
    expect(min.dropped).toEqual(['SYSGEN_TCPIP']);
    const diff = cli(['diff', rel, 'catalog/designs/messenger.json']);
    expect(diff.code).toBe(1); // the closures differ (exits like diff(1))
    expect(diff.stdout).toContain('-SYSGEN_AUTH_NTLM');
    const out = join(tmp(), 'o');
    const gen = cli(['generate', '--design', rel, '--out', out, '--only', 'bat']);
    expect(gen.code, gen.stderr).toBe(0);
    const bat = readFileSync(join(out, 'KioskPhone.bat'), 'latin1');
    expect(bat).toMatch(/^set SYSGEN_AUTH_NTLM=1\r$/m);
  });
});

describe('bad .pbxml input: one line naming file and line, exit 2, nothing written', () => {
  const dir = tmp('wcecfg-badpbxml-');
  const cases: Array<[string, string | Buffer, RegExp]> = [
    ['not-xml.pbxml', '<PBWorkspace>\n  <AnchoredFeatures>\n    <Feature CatalogItemId="Item:MS:sysgen_auth">\n</PBWorkspace>\n', /^wcecfg: .*not-xml\.pbxml:4:\d+: not well-formed XML: /],
    ['html.pbxml', '<html>\n<body/>\n</html>\n', /^wcecfg: .*html\.pbxml:1: not a Platform Builder workspace: root element <html>/],
    ['catalog.pbxml', '<?xml version="1.0"?>\n<CatalogFile/>\n', /^wcecfg: .*catalog\.pbxml:2: a Platform Builder catalog \(<CatalogFile>\), not an OS design; load it with --catalog/],
    ['xxe.pbxml', `<?xml version="1.0"?>\n<!DOCTYPE PBWorkspace [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<PBWorkspace Name="&x;"/>\n`, /^wcecfg: .*xxe\.pbxml:3:\d+: not well-formed XML: undefined entity/],
  ];
  for (const [name, content, re] of cases) {
    test(name, () => {
      const f = write(dir, name, content);
      const out = join(dir, `out-${name}`);
      expect(expectUserError(cli(['generate', '--design', f, '--out', out]))).toMatch(re);
      expect(existsSync(out)).toBe(false);
      expect(expectUserError(cli(['validate', f]))).toMatch(re);
    });
  }
  test('a 50 MB file', () => {
    const f = join(dir, 'huge.pbxml');
    writeFileSync(f, Buffer.alloc(50 * 1024 * 1024, 0x20));
    const out = join(dir, 'out-huge');
    expect(expectUserError(cli(['generate', '--design', f, '--out', out]))).toMatch(/huge\.pbxml: 50 MiB is larger than wcecfg's limit for a design file \(16 MiB\)$/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('the XML parser and the Platform Builder readers load only when such a file is read', () => {
  test('nothing the CLI imports at start-up contains saxes, the .cec or the cesysgen.bat parser', () => {
    const dist = join(root, 'dist');
    const seen = staticImportClosure(join(dist, 'cli.js'));
    expect(seen.size).toBeGreaterThan(1);
    for (const file of seen) {
      const text = readFileSync(file, 'utf8');
      for (const marker of ['SaxesParser', 'function parseCecTree', 'function parseCesysgen']) expect(text.includes(marker), `${marker} in ${file}`).toBe(false);
    }
    expect(readdirSync(join(dist, 'chunks')).some((f) => readFileSync(join(dist, 'chunks', f), 'utf8').includes('SaxesParser'))).toBe(true);
  });
});

describe('a workspace with a catalog that defines its third-party item', () => {
  test('every command binds the item to the variable it sets: resolve, validate', () => {
    const dir = tmp();
    const cat = write(dir, 'kiosk.pbcxml', `<?xml version="1.0" encoding="utf-8"?>
<CatalogFile RequiredVersion="6.00" xmlns="urn:Microsoft.PlatformBuilder/Catalog">
  <FileInformation Id="FileInformation:Contoso:Kiosk"><Title>Kiosk</Title></FileInformation>
  <Item Id="Item:Contoso:KioskShell">
    <Title>Kiosk shell</Title>
    <SysgenVariable>SYSGEN_CONTOSO_KIOSK</SysgenVariable>
  </Item>
</CatalogFile>
`);
    const r = cli(['resolve', '--design', rel, '--catalog', cat, '--json'], { cwd: root });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).roots).toEqual(['SYSGEN_AUTH_NTLM', 'SYSGEN_CONTOSO_KIOSK', 'SYSGEN_MESSENGER', 'SYSGEN_TCPIP']);
    expect(r.stderr).not.toMatch(/third-party Catalog item/);
    // Without that catalog the item stays a third-party item, with its warning.
    const plain = cli(['validate', rel, '--json'], { cwd: root });
    expect(JSON.stringify(JSON.parse(plain.stdout))).toMatch(/third-party Catalog item Item:Contoso:KioskShell/);
    const bound = cli(['validate', rel, '--catalog', cat, '--json'], { cwd: root });
    expect(JSON.parse(plain.stdout)[0]).toMatchObject({ platform: 'KioskPhone', bsp: 'CEPC: x86', thirdParty: [{ id: 'Item:Contoso:KioskShell', line: 9 }] });
    const rep = JSON.parse(bound.stdout)[0];
    expect(rep.thirdParty).toEqual([]);
    expect(rep.selected).toContain('SYSGEN_CONTOSO_KIOSK');
    expect(JSON.stringify(rep.findings)).not.toMatch(/third-party Catalog item/);
  });
});
