/**
 * Hostile input against the firewall outputs (issue 13), with the real consumers in the loop:
 * firewalld's own service reader, nft -c, iptables-restore --test, Python's csv reader. Values a user
 * or an OEM catalog can type are generated with fast-check; each one is either refused with one line
 * naming the option, or written so the consumer accepts the file and reads the value back.
 */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { cli, expectUserError, tmp, write } from '../helpers.js';
import { tools } from '../tools.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { resolve } from '../../src/resolve.js';
import { buildFirewallPlan } from '../../src/firewall/plan.js';
import { checkOptions, type FirewallOptions } from '../../src/firewall/options.js';
import { firewallHelpers, renderFirewall } from '../../src/firewall/render.js';
import { createRenderer } from '../../src/render.js';
import type { Format } from '../../src/firewall/formats.js';
import { csvField } from '../../src/format/fw.js';

const catalog = await loadCatalog();
const resolution = resolve(catalog, ['SYSGEN_MESSENGER']);
const renderer = createRenderer(firewallHelpers);

/** Check options as the CLI does (flags as text), then render one format in-process; or the problems. */
function render(values: FirewallOptions | Record<string, unknown>, format: Format, design = 'Hostile'): { text?: string; problems: string[] } {
  const r = checkOptions({ values, where: {} });
  if (!r.options) return { problems: r.found.map((p) => p.message) };
  return { text: renderFirewall(buildFirewallPlan(catalog, resolution, design, r.options), format, renderer).text, problems: [] };
}

const nftCheck = (text: string) => {
  const f = write(tmp(), 'h.nft', text);
  return spawnSync('nft', ['-c', '-f', f], { encoding: 'utf8' });
};
const iptablesCheck = (text: string) => {
  const f = write(tmp(), 'h.rules', text);
  return spawnSync('iptables-restore', ['--test', '--noflush', f], { encoding: 'utf8' });
};
/** firewalld's own reader over every .xml file in a directory: {file: [short, ports]} or {file: error}. */
const firewalldRead = (dir: string) => {
  const py = [
    'import json, os, sys',
    'from firewall.core.io.service import service_reader',
    'out = {}',
    'for f in sorted(os.listdir(sys.argv[1])):',
    '    try:',
    '        s = service_reader(f, sys.argv[1]); out[f] = [s.short, s.ports]',
    '    except Exception as e:',
    '        out[f] = "ERROR " + str(e)',
    'print(json.dumps(out))',
  ].join('\n');
  const r = spawnSync('/usr/bin/python3', ['-c', py, dir], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, [string, string[][]] | string>;
};

/** Text with what breaks formats: quotes, dashes, comment ends, control characters, non-ASCII. */
const nasty = fc.string({
  unit: fc.oneof(fc.constantFrom('-', '--', '-->', '"', "'", '\\', '<', '>', '&', ';', '#', '{', '}', '\n', '\r', '\t', '\0', ' ', '%', '$', '`', 'é', '\u2028', '\ufffe'), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })),
  maxLength: 24,
});

describe.skipIf(!tools.firewalld)('firewalld: a design name never makes the service XML invalid', () => {
  test('a name with -- (valid in a design) gives a file firewalld reads', () => {
    const d = tmp();
    const f = write(d, 'dash.json', JSON.stringify({ name: 'a--b--', select: ['SYSGEN_MESSENGER'] }));
    const r = cli(['firewall', '--format', 'firewalld', '--design', f]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toMatch(/<!--(?:(?!-->)[\s\S])*--(?!>)/);
    const x = tmp();
    write(x, 'wcecfg-messenger.xml', r.stdout);
    expect(firewalldRead(x)['wcecfg-messenger.xml']).toEqual(['Windows Messenger (CE 5.0)', [['6891-6900', 'tcp'], ['6901', 'tcp']]]);
  });
  test('property: any design name is refused with a reason or read back by firewalld', () => {
    const dir = tmp();
    const names = fc.sample(nasty, { numRuns: 150, seed: 913 });
    const written: string[] = [];
    names.forEach((name, i) => {
      try {
        write(dir, `s${i}.xml`, render({}, 'firewalld', name).text!);
        written.push(`s${i}.xml`);
      } catch (e) {
        expect((e as Error).message).toMatch(/^design name: .* cannot be written safely in an XML comment$/);
      }
    });
    expect(written.length).toBeGreaterThan(100);
    const read = firewalldRead(dir);
    expect(Object.keys(read).sort()).toEqual(readdirSync(dir).sort());
    for (const [f, v] of Object.entries(read)) expect(v, f).toEqual(['Windows Messenger (CE 5.0)', [['6891-6900', 'tcp'], ['6901', 'tcp']]]);
  });
});

describe.skipIf(!tools.nft || !tools.iptables)('nft and iptables: a design name stays inside its comment', () => {
  test('property: any design name gives files nft -c and iptables-restore --test accept, with the name on comment lines only', () => {
    fc.assert(
      fc.property(nasty, (name) => {
        const values = { deviceIp: '192.0.2.2', wanIf: 'eth0' };
        const nft = render(values, 'nftables', name).text!;
        const a = nftCheck(nft);
        expect(a.status, a.stderr).toBe(0);
        const ipt = render(values, 'iptables', name).text!;
        const b = iptablesCheck(ipt);
        expect(b.status, b.stderr).toBe(0);
        // The rule lines are the same as for a plain name: nothing the name held became a rule.
        const rules = (t: string) => t.split('\n').filter((l) => !l.startsWith('#'));
        expect(rules(nft)).toEqual(rules(render(values, 'nftables', 'Plain').text!));
        expect(rules(ipt)).toEqual(rules(render(values, 'iptables', 'Plain').text!));
      }),
      { numRuns: 25, seed: 2026 },
    );
  });
});

describe('typed hosts, addresses and interfaces', () => {
  test('an advfirewall remoteip like 999.1.1.1 is refused, never written', () => {
    for (const h of ['999.1.1.1', '1.2.3', '1.2.3.4.5', '256.0.0.1', '1.2.3.04.5']) {
      const msg = expectUserError(cli(['firewall', '--format', 'advfirewall', '--proxy-type', 'HTTP', '--proxy-port', '80', '--proxy-host', h]));
      expect(msg).toMatch(/^wcecfg: firewall: --proxy-host: ".*" is not (an IPv4 address|a host name or IPv4 address)/);
    }
  });
  test.skipIf(!tools.nft || !tools.iptables)('property: a proxy host is refused, or becomes an address in the rules (never a name)', () => {
    const octet = fc.integer({ min: 0, max: 999 });
    const host = fc.oneof(fc.tuple(octet, octet, octet, octet).map((o) => o.join('.')), fc.domain(), nasty);
    let accepted = 0;
    fc.assert(
      fc.property(host, (h) => {
        const values = { proxyType: 'HTTP', proxyPort: 3128, proxyHost: h, deviceIp: '192.0.2.2', wanIf: 'eth0' };
        const adv = render(values, 'advfirewall');
        if (adv.problems.length) {
          expect(adv.problems[0]).toMatch(/^--proxy-host: /);
          return;
        }
        accepted++;
        const isAddress = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/.test(h);
        const remoteips = [...adv.text!.matchAll(/remoteip=(\S+)/g)].map((m) => m[1]);
        expect(remoteips).toEqual(isAddress ? [h] : []);
        for (const f of ['nftables', 'iptables'] as const) {
          const text = render(values, f).text!;
          const rules = text.split('\n').filter((l) => !l.startsWith('#'));
          expect(rules.some((l) => l.includes(h)), f).toBe(isAddress);
          const r = f === 'nftables' ? nftCheck(text) : iptablesCheck(text);
          expect(r.status, `${f}: ${r.stderr}`).toBe(0);
        }
      }),
      { numRuns: 40, seed: 1309 },
    );
    // The tools saw real files, not only refusals.
    expect(accepted).toBeGreaterThan(5);
  });
  test.skipIf(!tools.nft || !tools.iptables)('property: a WAN interface name is refused, or nft and iptables take it literally', () => {
    const ifname = fc.oneof(fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/), nasty, fc.string({ minLength: 14, maxLength: 17 }));
    let accepted = 0;
    fc.assert(
      fc.property(ifname, (w) => {
        const values = { deviceIp: '192.0.2.2', wanIf: w, wanIp: '198.51.100.1' };
        const nft = render(values, 'nftables');
        if (nft.problems.length) {
          expect(nft.problems).toHaveLength(1);
          expect(nft.problems[0]).toMatch(/^--wan-if: .* is not a network interface name/);
          return;
        }
        accepted++;
        expect(nft.text).toContain(`iifname "${w}" ip daddr 198.51.100.1 tcp dport 6891-6900 dnat ip to 192.0.2.2`);
        const a = nftCheck(nft.text!);
        expect(a.status, a.stderr).toBe(0);
        const ipt = render(values, 'iptables').text!;
        expect(ipt).toContain(`-A WCECFG_MESSENGER_DNAT -i ${w} -d 198.51.100.1 -p tcp --dport 6891:6900 `);
        const b = iptablesCheck(ipt);
        expect(b.status, b.stderr).toBe(0);
      }),
      { numRuns: 40, seed: 99 },
    );
    expect(accepted).toBeGreaterThan(5);
  });
  test.skipIf(!tools.nft || !tools.iptables)('property: --transfers and --udp-range are refused, or give rules nft and iptables accept', () => {
    const text = fc.oneof(fc.integer({ min: -2, max: 12 }).map(String), fc.string({ maxLength: 6 }), fc.constantFrom('two', '2.5', '1e1', ' 3 ', '0x3', 'NaN'));
    const range = fc.oneof(fc.tuple(fc.integer({ min: 0, max: 70000 }), fc.integer({ min: 0, max: 70000 })).map(([a, b]) => `${a}-${b}`), nasty);
    let accepted = 0;
    fc.assert(
      fc.property(text, range, (t, u) => {
        const values = { transfers: t, udpRange: u, deviceIp: '192.0.2.2', wanIf: 'eth0' };
        const nft = render(values, 'nftables');
        if (nft.problems.length) {
          for (const p of nft.problems) expect(p).toMatch(/^--(transfers|udp-range): /);
          if (!t.includes('NaN') && !u.includes('NaN')) expect(nft.problems.join('\n')).not.toMatch(/NaN/);
          return;
        }
        accepted++;
        const n = Number(t.trim());
        expect(nft.text).toContain(`tcp dport ${n === 1 ? '6891' : `6891-${6890 + n}`} dnat`);
        const a = nftCheck(nft.text!);
        expect(a.status, a.stderr).toBe(0);
        const b = iptablesCheck(render(values, 'iptables').text!);
        expect(b.status, b.stderr).toBe(0);
      }),
      { numRuns: 40, seed: 7 },
    );
    expect(accepted).toBeGreaterThan(0);
  });
});

/** A catalog overlay with one extra component carrying the given port facts. */
function overlay(ports: unknown[]): string {
  const d = tmp();
  write(d, 'cat/SYSGEN_WF9_EXTRA.json', JSON.stringify({
    id: 'SYSGEN_WF9_EXTRA', title: 'Hostile ports', area: 'Test', confidence: 'inferred', description: 'An OEM component with port facts.',
    requires: [], modules: [], sources: ['test'], ports,
  }));
  return join(d, 'cat');
}
const port = (over: Record<string, unknown>) => ({ id: 'extra', protocol: 'tcp', portFrom: 7000, portTo: 7000, direction: 'inbound', side: 'local', required: false, purpose: 'x', source: 'test', ...over });

describe('catalog port facts', () => {
  test('an inverted range like 7001-7000 is refused with one line naming the file and port (firewall, generate, validate)', () => {
    const cat = overlay([port({ portFrom: 7001, portTo: 7000 })]);
    const d = tmp();
    const design = write(d, 'x.json', JSON.stringify({ name: 'X', select: ['SYSGEN_MESSENGER', 'SYSGEN_WF9_EXTRA'] }));
    const msg = expectUserError(cli(['firewall', '--catalog', cat, '--design', design, '--format', 'nftables']));
    expect(msg).toMatch(/SYSGEN_WF9_EXTRA\.json: \/ports\/0: port "extra" range 7001-7000 is inverted; write the lower port first \(7000-7001\)$/);
    expectUserError(cli(['generate', '--catalog', cat, '--design', design, '--out', join(d, 'out')]));
    const v = cli(['validate', '--catalog', cat, design]);
    expect(v.code).toBe(1);
    expect(v.stdout + v.stderr).toMatch(/port "extra" range 7001-7000 is inverted/);
  });
  test('CSV cells an OEM catalog starts with = + - @, a tab or a CR are neutralised, and read back by a CSV reader', () => {
    const starts = ['=HYPERLINK("http://x")', '+1+2', '-1+2', '@SUM(A1)', '\tTAB', '\rCR', 'plain, "quoted"'];
    const cat = overlay(starts.map((s, i) => port({ id: `p${i}`, portFrom: 7000 + i, portTo: 7000 + i, purpose: s })));
    const d = tmp();
    const design = write(d, 'x.json', JSON.stringify({ name: 'X', select: ['SYSGEN_MESSENGER', 'SYSGEN_WF9_EXTRA'] }));
    const r = cli(['firewall', '--catalog', cat, '--design', design, '--format', 'csv']);
    expect(r.code, r.stderr).toBe(0);
    const py = "import csv, io, json, sys; print(json.dumps([row[5] for row in csv.reader(io.StringIO(sys.stdin.read(), newline=''))]))";
    const rows = spawnSync('/usr/bin/python3', ['-c', py], { input: r.stdout, encoding: 'utf8' });
    expect(rows.status, rows.stderr).toBe(0);
    const purposes = JSON.parse(rows.stdout) as string[];
    for (const s of starts) expect(purposes).toContain(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);
    for (const p of purposes) expect(p).not.toMatch(/^[=+\-@\t\r]/);
  });
  test('property: every CSV cell is read back as written, and never starts a formula', () => {
    fc.assert(
      fc.property(fc.array(nasty, { minLength: 1, maxLength: 5 }), (cells) => {
        const line = cells.map(csvField).join(',') + '\r\n';
        const py = "import csv, io, json, sys; print(json.dumps(next(csv.reader(io.StringIO(sys.stdin.read(), newline='')))))";
        const r = spawnSync('/usr/bin/python3', ['-c', py], { input: line, encoding: 'utf8' });
        expect(r.status, r.stderr).toBe(0);
        const back = JSON.parse(r.stdout) as string[];
        expect(back).toEqual(cells.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c)));
      }),
      { numRuns: 30, seed: 5 },
    );
  });
});
