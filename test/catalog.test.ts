import { describe, expect, test } from 'vitest';
import { cpSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { loadCatalog } from '../src/catalog/load.js';
import { resolve } from '../src/resolve.js';
import { cli, expectUserError, root, tmp, write, MESSENGER_CLOSURE } from './helpers.js';
import type { Component } from '../src/catalog/types.js';

const catalog = await loadCatalog();
const item = (id: string): Component => {
  const c = catalog.items.get(id);
  if (!c) throw new Error(`${id} is not in the catalog`);
  return c;
};

/** ../shared/reference/ce50-sysgen-facts.jsonl, copied into test/reference/ so CI has it. */
interface FactsRow {
  sysgen: string;
  catalogName: string | null;
  area: string | null;
  modules: string[];
  dependencies: Array<{ catalogName: string; sysgen: string | null; mapping: 'documented' | 'inferred' | null; origin: string; note?: string }>;
  hardware: string | null;
  ce50Status: string;
}
const facts: FactsRow[] = readFileSync(join(root, 'test', 'reference', 'ce50-sysgen-facts.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

describe('the whole catalog', () => {
  test('holds every variable of the CE 5.0 facts file (479), and nothing else', () => {
    expect(facts).toHaveLength(479);
    // Environment variable names are case-insensitive; the catalog spells ids in capitals.
    const want = facts.map((f) => f.sysgen.toUpperCase()).sort();
    expect([...catalog.items.keys()].sort()).toEqual(want);
  });

  test('every edge names a known item, and there is no cycle', () => {
    for (const c of catalog.items.values()) {
      for (const r of c.requires) {
        expect(catalog.items.has(r.id), `${c.id} -> ${r.id}`).toBe(true);
        if (r.unless) expect(catalog.items.has(r.unless), `${c.id} unless ${r.unless}`).toBe(true);
      }
    }
    // Kahn's algorithm: every item gets removed only if the graph has no cycle.
    const indeg = new Map([...catalog.items.keys()].map((id) => [id, 0]));
    for (const c of catalog.items.values()) for (const r of c.requires) indeg.set(r.id, indeg.get(r.id)! + 1);
    const ready = [...indeg].filter(([, d]) => d === 0).map(([id]) => id);
    let removed = 0;
    while (ready.length) {
      const id = ready.pop()!;
      removed++;
      for (const r of item(id).requires) {
        indeg.set(r.id, indeg.get(r.id)! - 1);
        if (indeg.get(r.id) === 0) ready.push(r.id);
      }
    }
    expect(removed).toBe(catalog.items.size);
  });

  test('each variable keeps its Catalog name, area, hardware note and documented dependencies with mapping and origin', () => {
    for (const f of facts) {
      const c = item(f.sysgen.toUpperCase());
      if (f.catalogName) expect(c.title, c.id).toBe(f.catalogName);
      else expect(c.titleConfidence, c.id).toBe('inferred');
      expect(c.area, c.id).toBe(f.area ?? 'Unassigned');
      if (f.hardware && !/^none$/i.test(f.hardware) && f.sysgen !== 'SYSGEN_VOIP') expect(c.hardware ?? [], c.id).toContain(f.hardware);
      expect(c.confidence === 'inferred', c.id).toBe(f.ce50Status !== 'documented' && !['SYSGEN_WININET_TWEENER'].includes(f.sysgen));
      for (const d of f.dependencies) {
        if (!d.sysgen) {
          expect((c.notes ?? []).some((n) => n.includes(d.catalogName)), `${c.id}: note for ${d.catalogName}`).toBe(true);
          continue;
        }
        const edges = c.requires.filter((r) => r.id === d.sysgen!.toUpperCase() && r.kind === 'catalog');
        expect(edges.length, `${c.id} -> ${d.sysgen}`).toBeGreaterThan(0);
        // An edge is inferred when its mapping is, or when it comes from a CE 6.0 / CE .NET 4.2 page.
        // ce50-corrections.md §4 wins over the facts file: Passport's variable name is documented (ms905659).
        const corrected = c.id === 'SYSGEN_MESSENGER' && d.sysgen === 'SYSGEN_WININET_TWEENER';
        const mustBeInferred = !corrected && (d.mapping === 'inferred' || d.origin === 'ce60-twin' || d.origin === 'ce42-only');
        if (mustBeInferred) expect(edges.every((e) => e.confidence === 'inferred'), `${c.id} -> ${d.sysgen} inferred`).toBe(true);
      }
    }
  });

  test('the built-in catalog is one file per Catalog area, each item in its area file, in id order', () => {
    const dir = join(root, 'catalog', 'components');
    for (const f of readdirSync(dir)) {
      const v = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { $schema: string; area: string; items: Component[] };
      expect(v.$schema).toBe('../schema/area.schema.json');
      expect(f).toBe(`${v.area.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}.json`);
      expect(v.items.every((c) => c.area === v.area), f).toBe(true);
      const ids = v.items.map((c) => c.id);
      expect(ids, f).toEqual([...ids].sort());
    }
  });

  test('removed and later-version variables are not items', () => {
    for (const id of catalog.removed) expect(catalog.items.has(id), id).toBe(false);
    for (const id of catalog.later.keys()) expect(catalog.items.has(id), id).toBe(false);
  });
});

// Facts copied from ../shared/reference/ce50-corrections.md, not from output.
describe('the Messenger closure, corrected (ce50-corrections.md)', () => {
  test('SYSGEN_VOIP_SIGNALING and SYSGEN_VOIP_MEDIA belong to a later CE version (aa923400), not to removed.json', () => {
    for (const id of ['SYSGEN_VOIP_SIGNALING', 'SYSGEN_VOIP_MEDIA']) {
      expect(catalog.items.has(id)).toBe(false);
      expect(catalog.removed.has(id)).toBe(false);
      expect(catalog.later.get(id)).toMatch(/aa923400/);
    }
    const file = JSON.parse(readFileSync(join(root, 'catalog', 'later-versions.json'), 'utf8'));
    expect(file.source).toMatch(/ms931949.*ms909297.*ms923601.*aa923400/);
  });

  test('Messenger lives in the VOIP tree: VOIP_MODULES_MSMSGS, documented, overridable by cesysgenTree', () => {
    expect(item('SYSGEN_MESSENGER').cesysgenFlag).toMatchObject({ module: 'msmsgs', flag: 'VOIP_MODULES_MSMSGS', confidence: 'documented', overridable: true });
    expect(item('SYSGEN_TCPIP').cesysgenFlag).toMatchObject({ flag: 'CE_MODULES_TCPSTK' });
    expect(item('SYSGEN_TCPIP').cesysgenFlag!.overridable).toBeUndefined();
    expect(item('SYSGEN_MESSENGER').area).toBe('Applications - End User');
    expect(item('SYSGEN_MESSENGER').areaConfidence).toBeUndefined();
  });

  test('the registry facts are the keys, value names, hives and class ids of Microsoft\'s voip.reg', () => {
    const SP = '{83D4679F-B6D7-11D2-BF36-00C04FB90A03}';
    const rows = item('SYSGEN_MESSENGER').registry!.map((r) => [r.module, r.key, r.name, r.type, r.default ?? null, r.confidence]);
    expect(rows).toEqual([
      ['msmsgs', 'HKEY_CLASSES_ROOT\\CLSID\\{F3A614DC-ABE0-11d2-A441-00C04F795683}\\LocalServer32', '', 'REG_SZ', 'msmsgs.exe', 'documented'],
      ['msmsgs', 'HKEY_CLASSES_ROOT\\CLSID\\{FB7199AB-79BF-11d2-8D94-0000F875C541}\\LocalServer32', '', 'REG_SZ', 'msmsgs.exe', 'documented'],
      ['msmsgs', 'HKEY_CURRENT_USER\\Software\\Microsoft\\MessengerService', 'PrimaryService', 'REG_SZ', 'MSN Messenger Service', 'documented'],
      ['msmsgs', 'HKEY_CURRENT_USER\\Software\\Microsoft\\MessengerService', 'IMSBHide', 'REG_DWORD', 1, 'documented'],
      ['msmsgs', 'HKEY_LOCAL_MACHINE\\Software\\Microsoft\\MessengerService', 'InstallationDirectory', 'REG_SZ', '\\Windows', 'documented'],
      ['msmsgs', 'HKEY_LOCAL_MACHINE\\Software\\Microsoft\\MessengerService', 'Help', 'REG_SZ', '\\Windows\\msmsgs.htm', 'documented'],
      ['rtcimsp', `HKEY_CLASSES_ROOT\\CLSID\\${SP}\\InprocServer32`, '', 'REG_SZ', 'rtcimsp.dll', 'documented'],
      ['rtcimsp', `HKEY_LOCAL_MACHINE\\Software\\Microsoft\\MessengerService\\ServiceProviders\\${SP}`, 'Enabled', 'REG_DWORD', 1, 'documented'],
      ['rtcimsp', 'HKEY_CURRENT_USER\\Software\\Microsoft\\RTCIMSP', 'ConfigurationMode', 'REG_DWORD', 1, 'documented'],
      ['rtcimsp', 'HKEY_CURRENT_USER\\Software\\Microsoft\\RTCIMSP', 'Transport', 'REG_DWORD', 4, 'documented'],
      ['rtcimsp', 'HKEY_CURRENT_USER\\Software\\Microsoft\\RTCIMSP', 'ServerAddress', 'REG_SZ', null, 'documented'],
    ]);
    for (const r of item('SYSGEN_MESSENGER').registry!) if (r.default !== undefined) expect(r.defaultFrom).toBe('voip.reg (CE 5.0 VOIP OS tree)');
    expect(item('SYSGEN_MESSENGER').registry!.find((r) => r.name === 'ConfigurationMode')!.note).toMatch(/aa513306 prints "Configuration Mode"/);
    expect(item('SYSGEN_MESSENGER').sources).toContain('ms910344 (CE .NET-era page)');
  });

  test('Messenger\'s modules are shipped by the VOIP tree\'s .bib: no project.bib placement', () => {
    const mods = item('SYSGEN_MESSENGER').modules;
    expect(mods.map((m) => m.file)).toEqual(['msmsgs.exe', 'msgslang.dll', 'rtcimsp.dll']);
    for (const m of mods) {
      expect(m.bib, m.name).toBeUndefined();
      expect(m.shippedBy, m.name).toMatch(/VOIP OS tree's own \.bib/);
    }
  });

  test('the RTC Client API (ms931949) requires TCP/IP, Winsock, Cryptography, Schannel, XML DOM and XQL, and audio', () => {
    const edges = item('SYSGEN_VOIP').requires.map((r) => [r.id, r.kind, r.confidence, r.source]);
    expect(edges).toEqual([
      ['SYSGEN_TCPIP', 'catalog', 'documented', 'ms931949'],
      ['SYSGEN_WINSOCK', 'catalog', 'documented', 'ms931949'],
      ['SYSGEN_CRYPTO', 'catalog', 'inferred', 'ms931949'],
      ['SYSGEN_AUTH_SCHANNEL', 'catalog', 'documented', 'ms931949'],
      ['SYSGEN_MSXML_DOM', 'catalog', 'documented', 'ms931949'],
      ['SYSGEN_MSXML_XQL', 'catalog', 'inferred', 'ms931949'],
      ['SYSGEN_AUDIO', 'catalog', 'inferred', 'ms931949'],
    ]);
    expect(item('SYSGEN_VOIP').modules.map((m) => m.name).sort()).toEqual(['dpnhupnp', 'dxmrtp', 'rtcclient']);
    expect(item('SYSGEN_VOIP').hardware!.join(' ')).toMatch(/PCI audio card.*AC97/);
    expect(item('SYSGEN_MSXML_DOM').modules.map((m) => m.name)).toEqual(['msxml3']);
    expect(item('SYSGEN_MSXML_DOM').requires.find((r) => r.id === 'SYSGEN_WININET')!.confidence).toBe('inferred');
  });

  test('names, titles and values upgraded from inferred to documented', () => {
    expect(item('SYSGEN_WININET').confidence).toBe('documented');
    expect(item('SYSGEN_WININET_TWEENER')).toMatchObject({ confidence: 'documented' });
    expect(item('SYSGEN_WININET_TWEENER').sources).toEqual(expect.arrayContaining(['ms905659', 'ms905658']));
    expect(item('SYSGEN_WININET_TWEENER').modules[0]).toMatchObject({ name: 'passport', source: 'ms905658' });
    expect(item('SYSGEN_NDIS').title).toBe('Network Drivers');
    expect(item('SYSGEN_LOCUSA').title).toBe('English (US) National Language Support only');
    for (const m of item('SYSGEN_CERTS').modules.filter((x) => ['msasn1', 'crypt32'].includes(x.name))) expect(m).toMatchObject({ source: 'ms925772' });
    const ka = item('SYSGEN_TCPIP').registry!.map((r) => [r.key, r.name, r.type, r.unit, r.default, r.min, r.max, r.source, r.confidence]);
    expect(ka).toEqual([
      ['HKEY_LOCAL_MACHINE\\Comm\\Tcpip\\Parms', 'KeepAliveTime', 'REG_DWORD', 'ms', 7200000, 1, 0xffffffff, 'ms884976', 'documented'],
      ['HKEY_LOCAL_MACHINE\\Comm\\Tcpip\\Parms', 'KeepAliveInterval', 'REG_DWORD', 'ms', 1000, 1, 0xffffffff, 'ms884976', 'documented'],
    ]);
  });

  test('the closure of SYSGEN_MESSENGER has its new members and none of the old CE 6.0 ones', () => {
    const r = resolve(catalog, ['SYSGEN_MESSENGER']);
    expect([...r.order].sort()).toEqual(MESSENGER_CLOSURE);
    for (const id of ['SYSGEN_AUTH_SCHANNEL', 'SYSGEN_MSXML_DOM', 'SYSGEN_MSXML_XQL', 'SYSGEN_AUDIO']) expect(r.items.has(id), id).toBe(true);
    expect(r.items.get('SYSGEN_AUDIO')!.requiredBy.map((b) => b.id)).toEqual(['SYSGEN_VOIP']);
  });
});

describe('catalog commands', () => {
  test('list groups items by Catalog area; the confidence column holds confidence only', () => {
    const r = cli(['catalog', 'list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Applications - End User \(\d+\)\n/);
    expect(r.stdout).toMatch(/\nVoice over IP Phone Services \(\d+\)\n/);
    expect(r.stdout).not.toMatch(/\(inferred\)/);
    for (const line of r.stdout.split('\n').filter((l) => /^  SYSGEN_/.test(l))) expect(line).toMatch(/  (documented|build-rule|inferred)$/);
    expect(r.stdout).toMatch(/\n479 items;/);
  });
  test('--area matches case-insensitively, and says so when nothing matches (exit 2)', () => {
    const j = JSON.parse(cli(['catalog', 'list', '--area', 'voice over ip phone services', '--json']).stdout) as Array<{ area: string; id: string }>;
    expect(new Set(j.map((c) => c.area))).toEqual(new Set(['Voice over IP Phone Services']));
    expect(j.map((c) => c.id)).toContain('SYSGEN_VOIP');
    expect(expectUserError(cli(['catalog', 'list', '--area', 'Bluetooth Things']))).toMatch(/--area: no Catalog area matches "Bluetooth Things"; areas: Applications - End User, /);
  });
  test('search finds items by variable, Catalog name, module or area', () => {
    const ids = (text: string) => (JSON.parse(cli(['catalog', 'search', text, '--json']).stdout) as Array<{ id: string }>).map((c) => c.id);
    expect(ids('bluetooth')).toContain('SYSGEN_BTH');
    expect(ids('bluetooth stack')).toEqual(['SYSGEN_BTH']);
    expect(ids('tcpstk')).toEqual(['SYSGEN_TCPIP']);
    expect(ids('SYSGEN_MSXML_X')).toEqual(['SYSGEN_MSXML_XQL', 'SYSGEN_MSXML_XSLT']);
    expect(ids('windows ce error reporting').length).toBeGreaterThan(3);
    const none = cli(['catalog', 'search', 'zzzz-nothing']);
    expect(none.code).toBe(0);
    expect(none.stdout).toMatch(/nothing in the catalog matches "zzzz-nothing"/);
  });
  test('shell completion offers Sysgen ids after catalog show, explain and resolve', () => {
    const complete = (...words: string[]) => cli(['--get-yargs-completions', ...words]).stdout.split('\n').filter(Boolean);
    expect(complete('catalog', 'show', 'SYSGEN_MESS')).toEqual(['SYSGEN_MESSENGER']);
    expect(complete('explain', 'sysgen_auth_k')).toEqual(['SYSGEN_AUTH_KERBEROS']);
    expect(complete('resolve', 'SYSGEN_TCPIP', 'SYSGEN_WINS')).toEqual(['SYSGEN_WINSOCK']);
    expect(complete('catalog', 'show', '')).toHaveLength(479);
    expect(complete('catalog', '')).not.toContain('SYSGEN_MESSENGER');
    expect(complete('generate', '--ou')).not.toContain('SYSGEN_MESSENGER');
  });
  test('an OEM area file loads like the built-in ones, and its mistakes are placed by pointer', () => {
    const d = tmp();
    const area = (items: object[]) => JSON.stringify({ area: 'OEM', items }, null, 2);
    const comp = (id: string, requires: string[]) => ({ id, title: id, description: 'OEM item', area: 'OEM', confidence: 'documented', sources: ['oem'], modules: [], requires: requires.map((r) => ({ id: r, kind: 'catalog', confidence: 'documented', source: 'oem' })) });
    write(d, 'oem.json', area([comp('SYSGEN_OEM_A', ['SYSGEN_MESSENGER']), comp('SYSGEN_OEM_B', ['SYSGEN_OEM_A'])]));
    const r = cli(['resolve', 'SYSGEN_OEM_B', '--catalog', d, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).closure).toHaveLength(MESSENGER_CLOSURE.length + 2);
    write(d, 'oem.json', area([comp('SYSGEN_OEM_A', []), comp('SYSGEN_OEM_B', ['SYSGEN_OEM_NOPE'])]));
    expect(expectUserError(cli(['catalog', 'list', '--catalog', d]))).toMatch(/oem\.json:\d+: \/items\/1\/requires\/0\/id: SYSGEN_OEM_B requires SYSGEN_OEM_NOPE/);
  });
});

describe('the build-time check of the built-in catalog', () => {
  // A copy of the package: the files' times change, so their content hashes decide.
  const copy = () => {
    const d = tmp();
    for (const p of ['dist', 'catalog', 'templates', 'package.json']) cpSync(join(root, p), join(d, p), { recursive: true });
    return d;
  };
  const run = (d: string, args: string[]) => {
    const r = spawnSync(process.execPath, [join(d, 'dist', 'cli.js'), ...args], { cwd: d, encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  test('an unchanged copy (new file times) loads by its content hashes', () => {
    const d = copy();
    const r = run(d, ['resolve', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).closure).toHaveLength(MESSENGER_CLOSURE.length);
  });
  test('a built-in file edited after the build is checked again: schema, then edges', () => {
    const d = copy();
    const f = join(d, 'catalog', 'components', 'security.json');
    const area = JSON.parse(readFileSync(f, 'utf8'));
    area.items[0].confidence = 'probably';
    writeFileSync(f, JSON.stringify(area, null, 2) + '\n');
    expect(run(d, ['catalog', 'list']).stderr).toMatch(/security\.json:\d+: \/items\/0\/confidence: must be equal to one of the allowed values/);
    area.items[0].confidence = 'documented';
    area.items[0].requires.push({ id: 'SYSGEN_NOPE', kind: 'catalog', confidence: 'documented', source: 'test' });
    writeFileSync(f, JSON.stringify(area, null, 2) + '\n');
    const r = run(d, ['catalog', 'list']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/security\.json:\d+: \/items\/0\/requires\/\d+\/id: SYSGEN_AUTH requires SYSGEN_NOPE, which no component defines/);
  });
});
