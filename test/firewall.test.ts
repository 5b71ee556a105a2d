import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, expectUserError, root, tmp, write } from './helpers.js';
import { tools } from './tools.js';
import { netshQuote, remText } from '../src/format/fw.js';
import { loadCatalog } from '../src/catalog/load.js';
import { resolve } from '../src/resolve.js';
import { buildFirewallPlan, type Format } from '../src/firewall/plan.js';
import { checkOptions, firewallOptions } from '../src/firewall/options.js';
import { firewallHelpers, renderFirewall } from '../src/firewall/render.js';
import { createRenderer } from '../src/render.js';

interface JRule { protocol: string; portFrom: number | null; portTo: number | null; direction: string; purpose: string; required: boolean; source: string; side: string }
const plan = (...args: string[]) => {
  const r = cli(['firewall', '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { rules: JRule[]; checklist: Array<{ id: string; text: string; group: string }> };
};
const key = (r: JRule) => `${r.protocol} ${r.portFrom ?? 'dynamic'}-${r.portTo ?? 'dynamic'} ${r.direction} ${r.side}`;

describe('the plan follows the CE 5.0 Messenger page (ms879796)', () => {
  const p = plan();
  test('rules: outgoing TCP 1863; TCP 6891-6900 both ways; TCP 6901 out from 6901 and in for the callee; UDP on a dynamic port', () => {
    expect(p.rules.map(key).sort()).toEqual([
      'tcp 1863-1863 outbound remote',
      'tcp 6891-6900 inbound local',
      'tcp 6891-6900 outbound remote',
      'tcp 6901-6901 inbound local',
      'tcp 6901-6901 outbound local',
      'udp dynamic-dynamic inbound local',
      'udp dynamic-dynamic outbound local',
    ]);
    for (const r of p.rules) {
      expect(r.source).toMatch(/^ms879796/);
      expect(typeof r.required).toBe('boolean');
      expect(r.purpose.length).toBeGreaterThan(10);
    }
    // Never the CE .NET 4.2 rule.
    expect(p.rules.some((r) => r.protocol === 'udp' && r.portFrom === 6901)).toBe(false);
  });
  test('the checklist has the non-port items and verification steps', () => {
    const text = p.checklist.map((c) => c.text).join('\n');
    expect(text).toMatch(/remain open for extended periods/);
    expect(text).toMatch(/HTTP, SOCKS4 or SOCKS5.*Tools menu, Options, Connection tab/);
    expect(text).toMatch(/Domain Name System \(DNS\)/);
    expect(text).toMatch(/dynamic port: Windows CE 5\.0 documents no number or range, so do not open a guessed range/);
    expect(p.checklist.filter((c) => c.group === 'verify').length).toBeGreaterThanOrEqual(4);
  });
});

describe('options and their boundaries', () => {
  test('transfers: 1 opens only 6891 and says what users lose; 10 opens 6891-6900; 0 and 11 are errors', () => {
    const one = plan('--transfers', '1');
    expect(one.rules.filter((r) => r.portFrom === 6891).map((r) => r.portTo)).toEqual([6891, 6891]);
    expect(one.checklist.map((c) => c.text).join('\n')).toMatch(/users can do only one file transfer at a time/);
    expect(plan('--transfers', '10').rules.filter((r) => r.portFrom === 6891).map((r) => r.portTo)).toEqual([6900, 6900]);
    expect(expectUserError(cli(['firewall', '--transfers', '0']))).toMatch(/--transfers: 0 simultaneous file transfers is out of range; .* 1 to 10/);
    expect(expectUserError(cli(['firewall', '--transfers', '11']))).toMatch(/--transfers: 11 simultaneous/);
  });
  test('a proxy needs a host, a port and a type', () => {
    expect(expectUserError(cli(['firewall', '--proxy-type', 'HTTP', '--proxy-host', 'proxy.example.com']))).toMatch(/--proxy-port: a proxy needs a port/);
    expect(expectUserError(cli(['firewall', '--proxy-type', 'SOCKS6', '--proxy-host', 'p', '--proxy-port', '1080']))).toMatch(/--proxy-type: "SOCKS6" is not a proxy type .*did you mean SOCKS4 or SOCKS5\?/);
    expect(expectUserError(cli(['firewall', '--proxy-host', 'p;rm -rf /', '--proxy-port', '1080', '--proxy-type', 'http']))).toMatch(/--proxy-host: "p;rm -rf \/" is not a host name/);
    const p = plan('--proxy-type', 'socks5', '--proxy-host', 'proxy.example.com', '--proxy-port', '1080');
    expect(p.rules.find((r) => r.portFrom === 1080)).toMatchObject({ protocol: 'tcp', direction: 'outbound', side: 'remote' });
    expect(p.checklist.map((c) => c.text).join('\n')).toMatch(/enter the SOCKS5 proxy proxy\.example\.com, port 1080, in Windows Messenger: Tools menu, Options, Connection tab/);
  });
  test('a UDP range: inverted is an error; a fixed one gets rules in both directions', () => {
    expect(expectUserError(cli(['firewall', '--udp-range', '50100-50000']))).toMatch(/--udp-range: the range 50100-50000 is inverted/);
    expect(expectUserError(cli(['firewall', '--udp-range', '0-10']))).toMatch(/ports run from 1 to 65535/);
    const p = plan('--udp-range', '50000-50100');
    expect(p.rules.filter((r) => r.protocol === 'udp').map(key).sort()).toEqual(['udp 50000-50100 inbound local', 'udp 50000-50100 outbound local']);
  });
  test('the design sets options, and flags override it', () => {
    const d = tmp();
    const f = write(d, 'k.json', JSON.stringify({ name: 'K', select: ['SYSGEN_MESSENGER'], firewall: { transfers: 2, deviceIp: '10.0.0.9' } }));
    expect(plan('--design', f).rules.find((r) => r.portFrom === 6891)!.portTo).toBe(6892);
    expect(plan('--design', f, '--transfers', '4').rules.find((r) => r.portFrom === 6891)!.portTo).toBe(6894);
    const bad = write(d, 'b.json', JSON.stringify({ name: 'B', select: ['SYSGEN_MESSENGER'], firewall: { deviceIp: '10.0.0.300' } }));
    expect(expectUserError(cli(['firewall', '--design', bad]))).toMatch(/b\.json: \/firewall\/deviceIp: "10\.0\.0\.300" is not an IPv4 address/);
  });
  test('a design without Messenger has no port plan', () => {
    const d = tmp();
    expect(expectUserError(cli(['firewall', '--design', write(d, 'x.json', JSON.stringify({ name: 'X', select: ['SYSGEN_TCPIP'] }))]))).toMatch(/no component with network ports/);
  });
});

describe('formats', () => {
  const fmt = (f: string, ...args: string[]) => {
    const r = cli(['firewall', '--format', f, ...args]);
    expect(r.code, r.stderr).toBe(0);
    return r.stdout;
  };
  test('md is a checklist IT can tick', () => {
    const md = fmt('md');
    expect(md.match(/^- \[ \] /gm)!.length).toBeGreaterThanOrEqual(14);
    expect(md).toMatch(/\| TCP \| 6891-6900 \| inbound \| local \|/);
    expect(md).toMatch(/### Verify/);
  });
  test('csv has one row per rule', () => {
    const rows = fmt('csv').trimEnd().split('\r\n');
    expect(rows[0]).toBe('protocol,port_from,port_to,direction,side,purpose,required,source');
    expect(rows).toHaveLength(8);
    expect(rows).toContain(rows.find((r) => r.startsWith('udp,,,inbound,local,')));
  });
  test('netsh-xp: one exception per port, inbound only, outbound as remarks, CRLF', () => {
    const t = fmt('netsh-xp', '--transfers', '3');
    expect(t).not.toMatch(/(^|[^\r])\n/);
    const lines = t.split('\r\n').filter((l) => l.startsWith('netsh '));
    expect(lines).toEqual([
      'netsh firewall add portopening protocol=TCP port=6891 name="Messenger file-transfer-in 6891" mode=ENABLE scope=ALL profile=ALL',
      'netsh firewall add portopening protocol=TCP port=6892 name="Messenger file-transfer-in 6892" mode=ENABLE scope=ALL profile=ALL',
      'netsh firewall add portopening protocol=TCP port=6893 name="Messenger file-transfer-in 6893" mode=ENABLE scope=ALL profile=ALL',
      'netsh firewall add portopening protocol=TCP port=6901 name="Messenger voice-tcp-in 6901" mode=ENABLE scope=ALL profile=ALL',
    ]);
    expect(t).toMatch(/rem Outbound TCP 1863 .*does not filter outbound traffic/);
  });
  test('advfirewall: ranges with a dash, remoteport for the outgoing 1863, localport inbound', () => {
    const t = fmt('advfirewall');
    expect(t).toMatch(/name="Messenger im" dir=out action=allow protocol=TCP remoteport=1863/);
    expect(t).toMatch(/name="Messenger file-transfer-in" dir=in action=allow protocol=TCP localport=6891-6900/);
    expect(t).toMatch(/name="Messenger voice-tcp-out" dir=out action=allow protocol=TCP localport=6901/);
    expect(t).not.toMatch(/protocol=UDP/);
  });
  test('no format ever guesses a UDP range when the design has none', () => {
    for (const f of ['netsh-xp', 'advfirewall', 'ufw', 'firewalld', 'nftables', 'iptables']) {
      const t = fmt(f, '--device-ip', '192.168.1.50');
      expect(t, f).not.toMatch(/5004|65535|udp dport|--dport \d+ .*udp|udp\/|protocol="udp"|protocol=UDP/i);
      expect(t, f).toMatch(/dynamic port/);
    }
  });
  test.skipIf(!tools.nft)('nftables: nft -c accepts it; DNAT only on the WAN interface, and none without --wan-if', () => {
    for (const args of [['--device-ip', '192.168.1.50', '--wan-if', 'eth0'], [], ['--device-ip', '192.168.1.50'], ['--device-ip', '10.0.0.2', '--wan-if', 'wan0', '--wan-ip', '203.0.113.7', '--udp-range', '40000-40100', '--transfers', '1']]) {
      const d = tmp();
      const f = write(d, 'm.nft', fmt('nftables', ...args));
      const r = spawnSync('nft', ['-c', '-f', f], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    }
    const t = fmt('nftables', '--device-ip', '192.168.1.50', '--wan-if', 'eth0');
    expect(t.match(/^ +\S.* dnat .*$/gm)).toEqual([
      '    iifname "eth0" tcp dport 6891-6900 dnat ip to 192.168.1.50 comment "file-transfer-in"',
      '    iifname "eth0" tcp dport 6901 dnat ip to 192.168.1.50 comment "voice-tcp-in"',
    ]);
    expect(t).toMatch(/^ +oifname "eth0" ip saddr 192\.168\.1\.50 tcp dport 1863 accept/m);
    expect(t).toMatch(/^ +iifname "eth0" ip daddr 192\.168\.1\.50 tcp dport 6891-6900 accept/m);
    expect(fmt('nftables', '--device-ip', '192.168.1.50', '--wan-if', 'eth0', '--wan-ip', '203.0.113.7')).toMatch(/iifname "eth0" ip daddr 203\.0\.113\.7 tcp dport 6901 dnat ip to 192\.168\.1\.50/);
    const noWan = fmt('nftables', '--device-ip', '192.168.1.50');
    expect(noWan).not.toMatch(/dnat/);
    expect(noWan).toMatch(/^# No DNAT rules: they need the WAN interface \(--wan-if\)\. Without it a DNAT rule would also catch the device's own outgoing connections/m);
    // The complete gateway, in comments: forwarding on, masquerade, policy drop.
    expect(t).toMatch(/^# {3}sysctl -w net\.ipv4\.ip_forward=1$/m);
    expect(t).toMatch(/^# {3}nft 'add rule inet wcecfg_messenger postrouting oifname "eth0" ip saddr 192\.168\.1\.50 masquerade'$/m);
    expect(t).toMatch(/^# {3}nft 'chain inet wcecfg_messenger forward \{ policy drop; \}'$/m);
  });
  test.skipIf(!tools.iptables)('iptables: iptables-restore --test accepts it; DNAT only on the WAN interface', () => {
    for (const args of [['--device-ip', '192.168.1.50', '--wan-if', 'eth0'], [], ['--udp-range', '40000-40100'], ['--device-ip', '10.0.0.2', '--wan-if', 'wan0', '--wan-ip', '203.0.113.7']]) {
      const d = tmp();
      const f = write(d, 'm.rules', fmt('iptables', ...args));
      const r = spawnSync('iptables-restore', ['--test', '--noflush', f], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
    }
    const t = fmt('iptables', '--device-ip', '192.168.1.50', '--wan-if', 'eth0');
    expect(t.match(/^-A WCECFG_MESSENGER_DNAT .*$/gm)).toEqual([
      '-A WCECFG_MESSENGER_DNAT -i eth0 -p tcp --dport 6891:6900 -m comment --comment "file-transfer-in" -j DNAT --to-destination 192.168.1.50',
      '-A WCECFG_MESSENGER_DNAT -i eth0 -p tcp --dport 6901 -m comment --comment "voice-tcp-in" -j DNAT --to-destination 192.168.1.50',
    ]);
    expect(t).toMatch(/^# {3}iptables -t nat -A POSTROUTING -o eth0 -s 192\.168\.1\.50 -j MASQUERADE$/m);
    expect(t).toMatch(/^# {3}iptables -P FORWARD DROP$/m);
    expect(fmt('iptables', '--device-ip', '192.168.1.50')).not.toMatch(/DNAT --to/);
  });
  test.skipIf(!tools.ufw)("ufw: its own profile parser accepts the profiles, protocols on every range", () => {
    const d = tmp();
    write(d, 'apps/wcecfg-messenger', fmt('ufw', '--udp-range', '40000-40100'));
    const py = "import gettext, json, sys; gettext.install('ufw'); import ufw.applications as a; p = a.get_profiles(sys.argv[1]); print(json.dumps({k: [v['ports'], a.verify_profile(k, v)] for k, v in p.items()}))";
    const r = spawnSync('/usr/bin/python3', ['-c', py, join(d, 'apps')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      'WindowsMessenger-CE-in': ['6891:6900/tcp|6901/tcp|40000:40100/udp', true],
      'WindowsMessenger-CE-out': ['1863/tcp|6891:6900/tcp', true],
    });
  });
  test.skipIf(!tools.firewalld)("firewalld: its own service reader accepts the XML", () => {
    const d = tmp();
    write(d, 'wcecfg-messenger.xml', fmt('firewalld', '--udp-range', '40000-40100'));
    const py = "import json, sys; from firewall.core.io.service import service_reader; s = service_reader('wcecfg-messenger.xml', sys.argv[1]); print(json.dumps([s.short, s.ports]))";
    const r = spawnSync('/usr/bin/python3', ['-c', py, d], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(['Windows Messenger (CE 5.0)', [['6891-6900', 'tcp'], ['6901', 'tcp'], ['40000-40100', 'udp']]]);
  });
});

describe('generate writes the plan next to the other outputs', () => {
  test('firewall.md, firewall.html and the rule files the design asks for', () => {
    const d = tmp();
    const f = write(d, 'k.json', JSON.stringify({ name: 'K', select: ['SYSGEN_MESSENGER'], firewall: { formats: ['nftables', 'advfirewall'], deviceIp: '10.1.1.1', wanIf: 'eth1' } }));
    const out = join(d, 'out');
    expect(cli(['generate', '--design', f, '--out', out]).code).toBe(0);
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['firewall.md', 'firewall.html', 'firewall.nft', 'firewall-advfirewall.cmd']));
    expect(readFileSync(join(out, 'firewall.nft'), 'utf8')).toMatch(/iifname "eth1" tcp dport 6891-6900 dnat ip to 10\.1\.1\.1/);
    const bad = write(d, 'b.json', JSON.stringify({ name: 'B', select: ['SYSGEN_MESSENGER'], firewall: { formats: ['nftabels'] } }));
    expect(expectUserError(cli(['generate', '--design', bad, '--out', join(d, 'o2')]))).toMatch(/\/firewall\/formats\/0: unknown format "nftabels" \(did you mean nftables\?\)/);
  });
});

describe('every backend opens exactly what the plan says (issue 9)', async () => {
  // In-process (the same modules the command runs, after its flag parsing): thirty renders in milliseconds.
  const catalog = await loadCatalog();
  const resolution = resolve(catalog, ['SYSGEN_MESSENGER']);
  const renderer = createRenderer(firewallHelpers);
  const fmt = (f: string, ...args: string[]) => {
    const flags: Record<string, string> = { deviceIp: '192.0.2.2', wanIf: 'eth0' };
    for (let i = 0; i < args.length; i += 2) flags[args[i]!.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())] = args[i + 1]!;
    const options = firewallOptions({ file: 'test', firewall: {} }, flags);
    return renderFirewall(buildFirewallPlan(catalog, resolution, 'Test', options), f as Format, renderer).text;
  };
  const expand = (s: string) => {
    const [a, b] = s.split(/[-:]/).map(Number);
    return Array.from({ length: (b ?? a!) - a! + 1 }, (_, i) => a! + i);
  };
  /** "in tcp 6891" (to the device's port), "out tcp 1863" (to the far side's port), "out-from tcp 6901" (from the device's port). */
  const expected = (n: number) =>
    [
      'out tcp 1863',
      ...expand(`6891-${6890 + n}`).flatMap((p) => [`in tcp ${p}`, `out tcp ${p}`]),
      'in tcp 6901',
      'out-from tcp 6901',
    ].sort();
  const opened: Record<string, (t: string) => string[]> = {
    'netsh-xp': (t) => [...t.matchAll(/^netsh firewall add portopening protocol=(\w+) port=(\d+) /gm)].map((m) => `in ${m[1]!.toLowerCase()} ${m[2]}`),
    advfirewall: (t) =>
      [...t.matchAll(/^netsh advfirewall .* dir=(in|out) action=allow protocol=(\w+) (localport|remoteport)=([\d-]+)/gm)].flatMap((m) =>
        expand(m[4]!).map((p) => `${m[1] === 'in' ? 'in' : m[3] === 'localport' ? 'out-from' : 'out'} ${m[2]!.toLowerCase()} ${p}`),
      ),
    ufw: (t) =>
      [...t.matchAll(/^\[WindowsMessenger-CE-(in|out)\][^[]*?^ports=(.*)$/gm)].flatMap((m) =>
        m[2]!.split('|').flatMap((e) => {
          const [ports, proto] = e.split('/');
          return expand(ports!).map((p) => `${m[1]} ${proto} ${p}`);
        }),
      ).concat([...t.matchAll(/ufw allow out proto (\w+) from any port ([\d:]+)/g)].flatMap((m) => expand(m[2]!).map((p) => `out-from ${m[1]} ${p}`))),
    firewalld: (t) => [...t.matchAll(/<port protocol="(\w+)" port="([\d-]+)"\/>/g)].flatMap((m) => expand(m[2]!).map((p) => `in ${m[1]} ${p}`)),
    nftables: (t) =>
      [...t.matchAll(/^ +(iif|oif)name "eth0" ip [sd]addr 192\.0\.2\.2 (?:ip daddr [\d.]+ )?(tcp|udp) (dport|sport) ([\d-]+) accept/gm)].flatMap((m) =>
        expand(m[4]!).map((p) => `${m[1] === 'iif' ? 'in' : m[3] === 'sport' ? 'out-from' : 'out'} ${m[2]} ${p}`),
      ),
    iptables: (t) =>
      [...t.matchAll(/^-A WCECFG_MESSENGER -([io]) eth0 -[sd] 192\.0\.2\.2 (?:-d [\d.]+ )?-p (tcp|udp) --(dport|sport) ([\d:]+) /gm)].flatMap((m) =>
        expand(m[4]!).map((p) => `${m[1] === 'i' ? 'in' : m[3] === 'sport' ? 'out-from' : 'out'} ${m[2]} ${p}`),
      ),
  };
  // What each backend can express: the XP firewall and firewalld services are inbound only; ufw's
  // outbound-from-6901 rule is a command in a remark (profiles match destination ports).
  const scope: Record<string, (x: string) => boolean> = {
    'netsh-xp': (x) => x.startsWith('in '),
    firewalld: (x) => x.startsWith('in '),
    advfirewall: () => true,
    ufw: () => true,
    nftables: () => true,
    iptables: () => true,
  };
  for (const n of [1, 3, 10]) {
    test(`--transfers ${n}: each backend opens 6891..${6890 + n} and the plan's other ports, nothing more`, () => {
      for (const [f, parse] of Object.entries(opened)) {
        expect([...new Set(parse(fmt(f, '--transfers', String(n))))].sort(), f).toEqual(expected(n).filter(scope[f]!));
      }
    });
  }
  test('with a fixed UDP range and a proxy: each backend adds exactly those ports', () => {
    const extra = ['--udp-range', '50000-50002', '--proxy-type', 'HTTP', '--proxy-port', '8080', '--proxy-host', '10.0.0.8', '--transfers', '2'];
    const want = [...expected(2), 'out tcp 8080', ...[50000, 50001, 50002].flatMap((p) => [`in udp ${p}`, `out-from udp ${p}`])].sort();
    for (const [f, parse] of Object.entries(opened)) {
      expect([...new Set(parse(fmt(f, ...extra)))].sort(), f).toEqual(want.filter(scope[f]!));
    }
  });
  test('a proxy given by address limits the rule to it; a name never becomes anything but text in a comment', () => {
    const ip = ['--proxy-type', 'HTTP', '--proxy-port', '8080', '--proxy-host', '10.0.0.8'];
    expect(fmt('advfirewall', ...ip)).toMatch(/name="Messenger proxy" dir=out action=allow protocol=TCP remoteport=8080 remoteip=10\.0\.0\.8 /);
    expect(fmt('nftables', ...ip)).toMatch(/oifname "eth0" ip saddr 192\.0\.2\.2 ip daddr 10\.0\.0\.8 tcp dport 8080 accept/);
    expect(fmt('iptables', ...ip)).toMatch(/-o eth0 -s 192\.0\.2\.2 -d 10\.0\.0\.8 -p tcp --dport 8080 /);
    const name = ['--proxy-type', 'HTTP', '--proxy-port', '8080', '--proxy-host', 'proxy.example.com'];
    for (const f of ['advfirewall', 'nftables', 'iptables', 'netsh-xp', 'ufw', 'firewalld']) {
      const rules = fmt(f, ...name).split('\n').filter((l) => !/^\s*(#|rem |<!--)/.test(l));
      expect(rules.join('\n'), f).not.toMatch(/example\.com/);
    }
    expect(fmt('advfirewall', ...name)).toMatch(/^rem proxy: netsh remoteip takes addresses, not names/m);
  });
});

describe('options: checked in one place, every problem listed', () => {
  test('--transfers two (or 2.5) is a usage error naming the option, never NaN; a design\'s value is checked the same way', () => {
    for (const v of ['two', '2.5']) {
      const msg = expectUserError(cli(['firewall', '--transfers', v]));
      expect(msg).toMatch(/--transfers: .* is not a whole number/);
      expect(msg).not.toMatch(/NaN/);
    }
    expect(expectUserError(cli(['firewall', '--proxy-port', 'http', '--proxy-host', 'p', '--proxy-type', 'HTTP']))).toMatch(/--proxy-port: "http" is not a whole number/);
    // Text from anywhere but the parser (the options module takes a number or its text).
    expect(checkOptions({ values: { transfers: 'two' }, where: {} }).found.map((p) => p.message)).toEqual(['--transfers: "two" is not a whole number; give the number of simultaneous file transfers, 1 to 10']);
    expect(checkOptions({ values: { transfers: 2.5 }, where: { transfers: { file: 'd.json', pointer: '/firewall/transfers' } } }).found.map((p) => p.message)).toEqual(['d.json: /firewall/transfers: 2.5 is not a whole number; give the number of simultaneous file transfers, 1 to 10']);
  });
  test('--wan-if takes an interface name, --wan-ip an address and only with --wan-if', () => {
    expect(expectUserError(cli(['firewall', '--wan-if', 'eth0"; drop']))).toMatch(/--wan-if: "eth0\\"; drop" is not a network interface name/);
    expect(expectUserError(cli(['firewall', '--wan-if', 'eth+']))).toMatch(/--wan-if: .*no wildcard/);
    expect(expectUserError(cli(['firewall', '--wan-if', 'averyveryverylongname']))).toMatch(/--wan-if: /);
    expect(expectUserError(cli(['firewall', '--wan-if', 'eth0', '--wan-ip', '198.51.100.300']))).toMatch(/--wan-ip: "198\.51\.100\.300" is not an IPv4 address/);
    expect(expectUserError(cli(['firewall', '--wan-ip', '198.51.100.1']))).toMatch(/--wan-ip: the public address is used only with the WAN interface; give --wan-if too/);
  });
  test('validate lists every firewall problem of a design, each naming its JSON pointer', () => {
    const d = tmp();
    const f = write(d, 'v.json', JSON.stringify({ name: 'V', select: ['SYSGEN_MESSENGER'], firewall: { transfers: 12, deviceIp: '1.2.3', wanIf: 'a b', proxyHost: '999.1.1.1', proxyPort: 80, proxyType: 'HTTP' } }));
    const r = cli(['validate', f, '--json']);
    expect(r.code).toBe(1);
    const msgs = (JSON.parse(r.stdout) as unknown as Array<{ findings: Array<{ code: string; message: string }> }> | { findings: Array<{ code: string; message: string }> });
    const text = JSON.stringify(msgs);
    for (const k of ['transfers', 'deviceIp', 'wanIf', 'proxyHost']) expect(text).toMatch(new RegExp(`v\\.json: /firewall/${k}: `));
  });
  test('the firewalld description states the ports the rules open', () => {
    const t = cli(['firewall', '--format', 'firewalld', '--transfers', '3', '--udp-range', '50000-50010']).stdout;
    expect(t).toMatch(/<description>Windows Messenger on Windows CE 5\.0 devices\. Opens inbound TCP 6891-6893 \(file-transfer-in\), TCP 6901 \(voice-tcp-in\), UDP 50000-50010 \(voice-udp-in\)\.<\/description>/);
  });
  test('advfirewall: the menu path stays words; a name cmd would expand is refused, naming the field', () => {
    const t = cli(['firewall', '--format', 'advfirewall', '--proxy-type', 'SOCKS5', '--proxy-host', 'proxy.example.com', '--proxy-port', '1080']).stdout;
    expect(t).toMatch(/^rem Connection to the SOCKS5 proxy proxy\.example\.com:1080 entered in Messenger \(Tools menu, Options, Connection tab\)\r$/m);
    // One rule for cmd.exe text (src/format/bat.ts): refused with the field's name, never rewritten.
    expect(() => remText('50% off', 'design name')).toThrow(/^design name: "%" cannot be written safely in a batch file/);
    expect(() => remText('Tools > Options', 'remark')).toThrow(/^remark: ">" cannot be written safely in a batch file/);
    expect(() => netshQuote('a"b')).toThrow(/^rule name: /);
    expect(remText('Tools menu, Options, Connection tab')).toBe('Tools menu, Options, Connection tab');
  });
  test('the terminal table and checklist fit 100 columns', () => {
    for (const args of [[], ['--proxy-type', 'SOCKS5', '--proxy-host', 'proxy.example.com', '--proxy-port', '1080', '--udp-range', '50000-50100']]) {
      const t = cli(['firewall', ...args]).stdout;
      const long = t.split('\n').filter((l) => l.length > 100);
      expect(long).toEqual([]);
      expect(t).toMatch(/^PROTO +PORTS +DIRECTION +SIDE +REQ +PURPOSE$/m);
      expect(t).toMatch(/^TCP +6891-6900 +inbound +local +yes +File transfers/m);
    }
  });
});

describe('README, "Firewall on a Linux gateway"', () => {
  test('its commands are the ones the generated files give, for the same options', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Firewall on a Linux gateway'));
    const blocks = [...section.matchAll(/```sh\n([\s\S]*?)```/g)].slice(0, 2).map((m) => m[1]!.split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.replace(/ {2,}#.*$/, '')));
    const args = ['--device-ip', '192.0.2.2', '--wan-if', 'eth0', '--wan-ip', '198.51.100.1'];
    for (const [i, f] of (['nftables', 'iptables'] as const).entries()) {
      const [gen, load, ...rest] = blocks[i]!;
      expect(gen).toBe(`wcecfg firewall --format ${f} ${args.join(' ')} > ${f === 'nftables' ? 'firewall.nft' : 'firewall.iptables'}`);
      expect(load).toBe(f === 'nftables' ? 'nft -f firewall.nft' : 'iptables-restore --noflush firewall.iptables');
      const file = cli(['firewall', '--format', f, ...args]).stdout;
      expect(rest).toEqual(file.split('\n').filter((l) => l.startsWith('#   ')).map((l) => l.slice(4)));
    }
  });
});
