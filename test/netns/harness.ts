/**
 * Three network namespaces joined by veth pairs, built and torn down by the tests:
 *
 *   device 192.0.2.2 --[dl | gl]-- 192.0.2.1 gateway 198.51.100.1 --[gw | rw]-- 198.51.100.2 remote
 *
 * Every namespace and veth name starts with `wf9`. Nothing is done in the root namespace: the veths
 * are created directly inside the namespaces, and firewall tools run under `ip netns exec`.
 * The remote has a route to the inside network through the gateway, so that "blocked" is the
 * gateway's firewall saying so, not a missing route.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PEER = join(dirname(fileURLToPath(import.meta.url)), 'peer.mjs');
export const PREFIX = 'wf9';

export const ADDR = { device: '192.0.2.2', gatewayLan: '192.0.2.1', gatewayWan: '198.51.100.1', remote: '198.51.100.2' } as const;

/**
 * Run a command without blocking the test worker (the tests in a file run concurrently, and a
 * synchronous spawn would stall every other test's connections while it runs).
 */
export function run(cmd: string, args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill(), opts.timeoutMs ?? 20_000);
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    child.on('error', (e) => (stderr += e.message));
    child.stdin!.on('error', () => {}); // a command that does not read its input may exit first
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin!.end(opts.input ?? '');
  });
}

async function ip(args: string[]): Promise<void> {
  const r = await run('ip', args);
  if (r.code !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr}`);
}

/** Whether this process may build namespaces: root, iproute2, and a namespace that can really be made. */
export function netnsCapability(): { ok: true } | { ok: false; why: string } {
  if (process.platform !== 'linux') return { ok: false, why: 'not Linux' };
  if (process.getuid?.() !== 0) return { ok: false, why: 'not root' };
  for (const [cmd, arg] of [['ip', '-V'], ['nft', '--version'], ['iptables-restore', '--version']] as const) {
    if (spawnSync(cmd, [arg]).status !== 0) return { ok: false, why: `${cmd} is not installed (.ci/run installs iproute2, nftables, iptables)` };
  }
  const probe = `${PREFIX}cap${randomBytes(3).toString('hex')}`;
  const r = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (r.status !== 0) return { ok: false, why: `ip netns add failed: ${r.stderr.trim()}` };
  spawnSync('ip', ['netns', 'del', probe]);
  return { ok: true };
}

export interface Topology {
  ns: { device: string; gateway: string; remote: string };
  /** The gateway's outside (WAN) interface, as --wan-if names it. */
  wanIf: string;
  /** Run a command inside a namespace; throws with its stderr if it fails. */
  exec(ns: string, cmd: string[], input?: string): Promise<string>;
  destroy(): void;
}

const live = new Set<Topology>();

export async function createTopology(): Promise<Topology> {
  const tag = randomBytes(2).toString('hex');
  const ns = { device: `${PREFIX}${tag}dev`, gateway: `${PREFIX}${tag}gate`, remote: `${PREFIX}${tag}rem` };
  const v = { dev: `${PREFIX}${tag}dl`, gwLan: `${PREFIX}${tag}gl`, gwWan: `${PREFIX}${tag}gw`, rem: `${PREFIX}${tag}rw` };
  const created: string[] = [];
  const topo: Topology = {
    ns,
    wanIf: v.gwWan,
    async exec(n, cmd, input) {
      const r = await run('ip', ['netns', 'exec', n, ...cmd], { input });
      if (r.code !== 0) throw new Error(`${n}: ${cmd.join(' ')}: ${r.stderr}`);
      return r.stdout;
    },
    destroy() {
      // Deleting a namespace deletes the veths in it.
      for (const n of created) spawnSync('ip', ['netns', 'del', n]);
      created.length = 0;
      live.delete(topo);
    },
  };
  live.add(topo);
  try {
    for (const n of Object.values(ns)) {
      await ip(['netns', 'add', n]);
      created.push(n);
      everMade.push(n);
    }
    await ip(['link', 'add', v.dev, 'netns', ns.device, 'type', 'veth', 'peer', 'name', v.gwLan, 'netns', ns.gateway]);
    await ip(['link', 'add', v.gwWan, 'netns', ns.gateway, 'type', 'veth', 'peer', 'name', v.rem, 'netns', ns.remote]);
    // One `ip -batch` per namespace for the addresses, links and routes.
    const batch = async (n: string, lines: string[]) => {
      const r = await run('ip', ['-n', n, '-batch', '-'], { input: lines.join('\n') + '\n' });
      if (r.code !== 0) throw new Error(`ip -n ${n} -batch: ${r.stderr}`);
    };
    await Promise.all([
      batch(ns.device, ['link set lo up', `addr add ${ADDR.device}/24 dev ${v.dev}`, `link set ${v.dev} up`, `route add default via ${ADDR.gatewayLan}`]),
      batch(ns.gateway, ['link set lo up', `addr add ${ADDR.gatewayLan}/24 dev ${v.gwLan}`, `link set ${v.gwLan} up`, `addr add ${ADDR.gatewayWan}/24 dev ${v.gwWan}`, `link set ${v.gwWan} up`]),
      batch(ns.remote, ['link set lo up', `addr add ${ADDR.remote}/24 dev ${v.rem}`, `link set ${v.rem} up`, `route add 192.0.2.0/24 via ${ADDR.gatewayWan}`]),
    ]);
  } catch (e) {
    topo.destroy();
    throw e;
  }
  return topo;
}

const everMade: string[] = [];

/** Tear down whatever is still up (for afterAll, after a failed test); returns any of ours still listed. */
export function destroyAll(): string[] {
  for (const t of [...live]) t.destroy();
  const listed = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout.split('\n').map((l) => l.split(' ')[0]!);
  return everMade.filter((n) => listed.includes(n));
}

/** A listener in a namespace that answers every TCP connection and UDP datagram with its name. */
export async function listen(t: Topology, ns: string, name: string, specs: string[]): Promise<() => void> {
  const child: ChildProcess = spawn('ip', ['netns', 'exec', ns, process.execPath, PEER, 'listen', name, ...specs], { stdio: ['pipe', 'pipe', 'pipe'] });
  let err = '';
  child.stderr!.on('data', (d) => (err += d));
  child.stdin!.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`listener ${name} in ${ns} did not start: ${err}`)), 10_000);
    child.stdout!.once('data', () => {
      clearTimeout(timer);
      resolve();
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`listener ${name} in ${ns} exited (${code}): ${err}`));
    });
  });
  return () => {
    child.stdin!.end();
    child.kill();
  };
}

export interface Probe {
  proto: 'tcp' | 'udp';
  host: string;
  port: number;
  /** Connect from this local port (Messenger's voice connection goes out from TCP 6901). */
  localPort?: number;
  localAddress?: string;
}

/** Open every probe at once from a namespace; what answered each (a listener's name), or why not. */
export async function probe(ns: string, probes: Probe[], timeoutMs = 1000): Promise<string[]> {
  const child = spawn('ip', ['netns', 'exec', ns, process.execPath, PEER, 'probe', String(timeoutMs), JSON.stringify(probes)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  // 'close', not 'exit': only then has all of stdout arrived.
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  if (code !== 0 || out.trim() === '') throw new Error(`probe in ${ns} failed (exit ${code}): ${err}${out}`);
  return JSON.parse(out) as string[];
}

/**
 * Run ufw inside a namespace against its own copy of /etc/ufw: `ip netns exec` gives the command a
 * private mount namespace, so the bind mount (and ufw's writes to ufw.conf and user.rules) never
 * reach the host's /etc/ufw, and the iptables rules ufw loads are the namespace's own.
 */
export function ufwIn(t: Topology, ns: string, etcUfw: string, commands: string[]): Promise<string> {
  for (const c of commands) if (!/^ufw [-\w :./]+$/.test(c)) throw new Error(`not a plain ufw command: ${c}`);
  const script = [`mount --bind '${etcUfw}' /etc/ufw`, ...commands].join(' && ');
  return t.exec(ns, ['sh', '-c', script]);
}

/**
 * firewalld running inside a namespace: on a private D-Bus system bus (a dbus-daemon of ours on a
 * socket in `dir`), with `dir/etc` as its system configuration, a private /run, and the nftables
 * backend the shipped firewalld.conf selects. Nothing reaches the host's bus, /etc or /run.
 */
export async function firewalldIn(t: Topology, ns: string, dir: string): Promise<{ cmd(args: string[]): Promise<string>; stop(): void }> {
  const bus = join(dir, 'bus');
  writeFileSync(
    join(dir, 'bus.conf'),
    `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN" "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig><type>system</type><listen>unix:path=${bus}</listen><auth>EXTERNAL</auth>
<policy context="default"><allow user="*"/><allow own="*"/><allow send_destination="*"/><allow receive_sender="*"/></policy></busconfig>\n`,
  );
  const children: ChildProcess[] = [];
  const stop = () => {
    for (const c of children.reverse()) if (c.exitCode === null) c.kill();
  };
  const env = { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: `unix:path=${bus}` };
  const daemon = spawn('dbus-daemon', [`--config-file=${join(dir, 'bus.conf')}`, '--nofork', '--nopidfile'], { stdio: 'ignore' });
  children.push(daemon);
  let log = '';
  try {
    for (let i = 0; i < 100 && !existsSync(bus); i++) await new Promise((r) => setTimeout(r, 50));
    const fw = spawn('ip', ['netns', 'exec', ns, 'sh', '-c', `mount -t tmpfs wf9run /run && exec firewalld --nofork --nopid --system-config '${join(dir, 'etc')}' --log-target console`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(fw);
    fw.stdout!.on('data', (d) => (log += d));
    fw.stderr!.on('data', (d) => (log += d));
    const cmd = async (args: string[]) => {
      const r = await run('ip', ['netns', 'exec', ns, 'firewall-cmd', ...args], { env });
      if (r.code !== 0) throw new Error(`firewall-cmd ${args.join(' ')}: ${r.stdout}${r.stderr}\nfirewalld log:\n${log}`);
      return r.stdout;
    };
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (fw.exitCode !== null) throw new Error(`firewalld exited (${fw.exitCode}):\n${log}`);
      const r = await run('ip', ['netns', 'exec', ns, 'firewall-cmd', '--state'], { env });
      if (r.stdout.trim() === 'running') break;
      if (Date.now() > deadline) throw new Error(`firewalld did not start:\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    return { cmd, stop };
  } catch (e) {
    stop();
    throw e;
  }
}
