/**
 * The gateway rules proven with packets (issue 9): the generated nftables and iptables files are
 * loaded into a gateway namespace with the real tools, together with the lines their comments give
 * for a complete gateway, and real TCP and UDP connections run between device, gateway and remote.
 * Listeners answer with their own name, so a connection that reaches the wrong host is seen.
 */
import { afterAll, describe, expect, test } from 'vitest';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { cliPath, tmp } from '../helpers.js';
import { ADDR, createTopology, destroyAll, firewalldIn, listen, netnsCapability, probe, run, ufwIn, type Probe, type Topology } from './harness.js';
import { tools } from '../tools.js';

const cap = netnsCapability();
const CI = process.env.CI === 'true' || process.env.CI === '1';
if (!cap.ok) {
  // In CI a missing capability is a failure of this file, never a quiet skip.
  if (CI) throw new Error(`CI=true but the network namespace tests cannot run: ${cap.why}`);
  console.warn(`\n*** Network namespace tests SKIPPED: ${cap.why} (they need root, iproute2, nftables, iptables) ***\n`);
}

afterAll(() => {
  // Every namespace this file made is gone, whatever happened in the tests.
  expect(destroyAll()).toEqual([]);
});

type Dialect = 'nftables' | 'iptables';

/** The commands a generated file's comments give (lines "#   command"), in order. */
export function commentCommands(text: string): string[] {
  return text.split('\n').filter((l) => l.startsWith('#   ')).map((l) => l.slice(4));
}

/** The built CLI, run without blocking the other tests of this file. */
async function wcecfg(args: string[]): Promise<string> {
  const r = await run(process.execPath, [cliPath, ...args]);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

function generate(t: Topology, dialect: Dialect, extra: string[]): Promise<string> {
  return wcecfg(['firewall', '--format', dialect, '--device-ip', ADDR.device, '--wan-if', t.wanIf, '--wan-ip', ADDR.gatewayWan, ...extra]);
}

/** Load the file as the README says: the file, the jumps, and the complete-gateway lines. */
async function load(t: Topology, dialect: Dialect, text: string): Promise<void> {
  const file = join(tmp('wcecfg-netns-'), dialect === 'nftables' ? 'firewall.nft' : 'firewall.iptables');
  writeFileSync(file, text);
  await t.exec(t.ns.gateway, dialect === 'nftables' ? ['nft', '-f', file] : ['iptables-restore', '--noflush', file]);
  const cmds = commentCommands(text);
  expect(cmds[0]).toBe(dialect === 'nftables' ? 'sysctl -w net.ipv4.ip_forward=1' : 'iptables -A FORWARD -j WCECFG_MESSENGER');
  for (const c of cmds) {
    expect(c).toMatch(/^(sysctl|nft|iptables) /);
    await t.exec(t.ns.gateway, ['sh', '-c', c]);
  }
}

const tcp = (host: string, port: number, localPort?: number): Probe => ({ proto: 'tcp', host, port, ...(localPort ? { localPort, localAddress: ADDR.device } : {}) });
const udp = (host: string, port: number): Probe => ({ proto: 'udp', host, port });

/** Run probes from one namespace against listeners in another; returns label -> what answered. */
async function matrix(t: Topology, listener: { ns: string; name: string; specs: string[] }, from: string, probes: Record<string, Probe>) {
  const stop = await listen(t, listener.ns, listener.name, listener.specs);
  try {
    const labels = Object.keys(probes);
    const got = await probe(from, Object.values(probes));
    return Object.fromEntries(labels.map((l, i) => [l, got[i]!]));
  } finally {
    stop();
  }
}

/** Outbound from the device: Messenger's connections reach the remote's own listeners, nothing else passes. */
async function outbound(t: Topology) {
  const R = ADDR.remote;
  return matrix(t, { ns: t.ns.remote, name: 'remote', specs: ['tcp:1863', 'tcp:6891', 'tcp:6901', 'tcp:80', 'udp:5004'] }, t.ns.device, {
    'device -> remote TCP 1863': tcp(R, 1863),
    'device -> remote TCP 6891': tcp(R, 6891),
    'device -> remote TCP 6901 (from 6901)': tcp(R, 6901, 6901),
    'device -> remote TCP 80': tcp(R, 80),
    'device -> remote UDP 5004, reply': udp(R, 5004),
  });
}

/** Inbound from the remote: to the gateway's public address, and straight at the device's address. */
async function inbound(t: Topology) {
  const G = ADDR.gatewayWan;
  return matrix(t, { ns: t.ns.device, name: 'device', specs: ['tcp:6891', 'tcp:6892', 'tcp:6900', 'tcp:6901', 'tcp:6902', 'tcp:7000', 'udp:5004'] }, t.ns.remote, {
    'remote -> gateway TCP 6891': tcp(G, 6891),
    'remote -> gateway TCP 6892': tcp(G, 6892),
    'remote -> gateway TCP 6900': tcp(G, 6900),
    'remote -> gateway TCP 6901': tcp(G, 6901),
    'remote -> gateway TCP 6902': tcp(G, 6902),
    'remote -> gateway TCP 7000': tcp(G, 7000),
    'remote -> device TCP 7000 (routed)': tcp(ADDR.device, 7000),
    'remote -> gateway UDP 5004 (unsolicited)': udp(G, 5004),
    'remote -> device UDP 5004 (unsolicited, routed)': udp(ADDR.device, 5004),
  });
}

const passes = (who: string) => who;
const BLOCKED = expect.not.stringMatching(/^(device|remote)$/);

/**
 * A host firewall on the gateway (ufw, firewalld): the remote connects to each TCP port of the
 * gateway's own listener and sends one unsolicited UDP packet; only the ports in `open` answer.
 */
async function expectHostInbound(t: Topology, tcpPorts: number[], open: number[]): Promise<void> {
  const G = ADDR.gatewayWan;
  const probes: Record<string, Probe> = {};
  const want: Record<string, unknown> = {};
  for (const port of tcpPorts) {
    probes[`remote -> host TCP ${port}`] = tcp(G, port);
    want[`remote -> host TCP ${port}`] = open.includes(port) ? 'host' : BLOCKED;
  }
  probes['remote -> host UDP 5004 (unsolicited)'] = udp(G, 5004);
  want['remote -> host UDP 5004 (unsolicited)'] = BLOCKED;
  const specs = [...tcpPorts.map((p) => `tcp:${p}`), 'udp:5004'];
  expect(await matrix(t, { ns: t.ns.gateway, name: 'host', specs }, t.ns.remote, probes)).toEqual(want);
}

const EXPECT_OUT = {
  'device -> remote TCP 1863': passes('remote'),
  'device -> remote TCP 6891': passes('remote'),
  'device -> remote TCP 6901 (from 6901)': passes('remote'),
  'device -> remote TCP 80': BLOCKED,
  'device -> remote UDP 5004, reply': passes('remote'),
};
const expectIn = (transfers: number) => ({
  'remote -> gateway TCP 6891': passes('device'),
  'remote -> gateway TCP 6892': transfers >= 2 ? passes('device') : BLOCKED,
  'remote -> gateway TCP 6900': transfers === 10 ? passes('device') : BLOCKED,
  'remote -> gateway TCP 6901': passes('device'),
  'remote -> gateway TCP 6902': BLOCKED,
  'remote -> gateway TCP 7000': BLOCKED,
  'remote -> device TCP 7000 (routed)': BLOCKED,
  'remote -> gateway UDP 5004 (unsolicited)': BLOCKED,
  'remote -> device UDP 5004 (unsolicited, routed)': BLOCKED,
});

describe.skipIf(!cap.ok).concurrent('gateway rules with real packets (device, gateway, remote namespaces)', () => {
  for (const dialect of ['nftables', 'iptables'] as const) {
    for (const transfers of [10, 1]) {
      test(`${dialect}${transfers === 1 ? ' --transfers 1' : ''}: the pass/blocked matrix`, async () => {
        const t = await createTopology();
        try {
          await load(t, dialect, await generate(t, dialect, transfers === 1 ? ['--transfers', '1'] : []));
          expect(await outbound(t)).toEqual(EXPECT_OUT);
          expect(await inbound(t)).toEqual(expectIn(transfers));
        } finally {
          t.destroy();
        }
      }, 30_000);
    }
  }

  test('control: the old DNAT rule (no WAN interface) sends the device its own transfer; the harness sees it', async () => {
    const t = await createTopology();
    try {
      const text = (await generate(t, 'nftables', [])).replace(/iifname "[^"]+" ip daddr [\d.]+ (tcp dport 6891-6900 dnat)/, '$1');
      expect(text).toMatch(/^\s+tcp dport 6891-6900 dnat ip to 192\.0\.2\.2/m);
      await load(t, 'nftables', text);
      const got = await outbound(t);
      expect(got['device -> remote TCP 1863']).toBe('remote');
      expect(got['device -> remote TCP 6891']).not.toBe('remote');
    } finally {
      t.destroy();
    }
  }, 30_000);


  // ufw filters the host it runs on: here the gateway namespace is that host. ufw's own shipped
  // rules with deny incoming and deny outgoing, then the commands the file gives, loaded by ufw itself.
  // One run with --transfers 3 shows both edges: 6893 opens, 6894 does not.
  {
    const transfers = 3;
    test.skipIf(!tools.ufw)('ufw --transfers 3: the profiles loaded by ufw itself, with packets', async () => {
      const t = await createTopology();
      try {
        const etc = join(tmp('wcecfg-ufw-'), 'ufw');
        cpSync('/etc/ufw', etc, { recursive: true });
        const profile = await wcecfg(['firewall', '--format', 'ufw', '--transfers', String(transfers)]);
        writeFileSync(join(etc, 'applications.d', 'wcecfg-messenger'), profile);
        const cmds = commentCommands(profile);
        expect(cmds).toContain('ufw allow WindowsMessenger-CE-in');
        // Rules first and one enable at the end: each change to an active ufw reloads everything.
        await ufwIn(t, t.ns.gateway, etc, ['ufw default deny incoming', 'ufw default deny outgoing', ...cmds, 'ufw --force enable']);
        await expectHostInbound(t, [6891, 6893, 6894, 6900, 6901, 6902, 7000], [6891, 6893, 6901]);
        const G = ADDR.gatewayWan;
        const R = ADDR.remote;
        // Outbound: only what the out profile and the source-port rule allow.
        const outbound = await matrix(t, { ns: t.ns.remote, name: 'remote', specs: ['tcp:1863', 'tcp:6891', 'tcp:6893', 'tcp:6894', 'tcp:6901', 'tcp:80'] }, t.ns.gateway, {
          'host -> remote TCP 1863': tcp(R, 1863),
          'host -> remote TCP 6891': tcp(R, 6891),
          'host -> remote TCP 6893': tcp(R, 6893),
          'host -> remote TCP 6894': tcp(R, 6894),
          'host -> remote TCP 6901 (from 6901)': { ...tcp(R, 6901), localAddress: G, localPort: 6901 },
          'host -> remote TCP 80': tcp(R, 80),
        });
        expect(outbound).toEqual({
          'host -> remote TCP 1863': 'remote',
          'host -> remote TCP 6891': 'remote',
          'host -> remote TCP 6893': 'remote',
          'host -> remote TCP 6894': BLOCKED,
          'host -> remote TCP 6901 (from 6901)': 'remote',
          'host -> remote TCP 80': BLOCKED,
        });
      } finally {
        t.destroy();
      }
    }, 30_000);
  }

  // firewalld, also a host firewall: the daemon itself (nftables backend) in the gateway namespace,
  // on a private D-Bus, with the service file installed and added to the default zone.
  const firewalldRuns = tools.firewalld && ['firewalld', 'firewall-cmd', 'dbus-daemon'].every((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status === 0);
  test.skipIf(!firewalldRuns && !CI)('firewalld --transfers 3: the service loaded by firewalld itself, with packets', async () => {
    const t = await createTopology();
    let daemon: Awaited<ReturnType<typeof firewalldIn>> | undefined;
    try {
      const dir = tmp('wcecfg-firewalld-');
      cpSync('/etc/firewalld', join(dir, 'etc'), { recursive: true });
      mkdirSync(join(dir, 'etc', 'services'), { recursive: true });
      writeFileSync(join(dir, 'etc', 'services', 'wcecfg-messenger.xml'), await wcecfg(['firewall', '--format', 'firewalld', '--transfers', '3']));
      daemon = await firewalldIn(t, t.ns.gateway, dir);
      expect(await daemon.cmd(['--info-service=wcecfg-messenger'])).toMatch(/ports: 6891-6893\/tcp 6901\/tcp/);
      await daemon.cmd(['--add-service=wcecfg-messenger']);
      await expectHostInbound(t, [6891, 6893, 6894, 6900, 6901, 7000], [6891, 6893, 6901]);
      // Outbound is not filtered by a firewalld zone (the file says so); voice UDP replies come back.
      const R = ADDR.remote;
      const outbound = await matrix(t, { ns: t.ns.remote, name: 'remote', specs: ['tcp:1863', 'udp:5004'] }, t.ns.gateway, {
        'host -> remote TCP 1863': tcp(R, 1863),
        'host -> remote UDP 5004, reply': udp(R, 5004),
      });
      expect(outbound).toEqual({ 'host -> remote TCP 1863': 'remote', 'host -> remote UDP 5004, reply': 'remote' });
    } finally {
      daemon?.stop();
      t.destroy();
    }
  }, 40_000);
});
