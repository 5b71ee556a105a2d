/**
 * What each firewall format needs from the plan, worked out in code so that templates only lay it
 * out: netsh firewall (XP SP2) has no ranges and filters only inbound; advfirewall has ranges and
 * directions; ufw profiles need a protocol on every range; firewalld services are inbound; the
 * Linux gateway formats forward to (and optionally DNAT to) the device.
 */
import { UserError } from '../errors.js';
import type { FirewallPlan, Rule } from './plan.js';

const span = (r: Rule, sep: string) => (r.portFrom === r.portTo ? `${r.portFrom}` : `${r.portFrom}${sep}${r.portTo}`);
const fixed = (p: FirewallPlan) => p.rules.filter((r) => !r.dynamic);
const dynamicUdp = (p: FirewallPlan) => p.rules.some((r) => r.dynamic);
const STATEFUL_NOTE = 'Voice UDP uses a dynamic port (no number or range is documented for CE 5.0): no port rule is generated for it.';

export function netshXp(p: FirewallPlan) {
  const exceptions: Array<{ protocol: string; port: number; name: string }> = [];
  const remarks: string[] = ['Windows XP SP2 firewall (netsh firewall): one exception per port, because it has no port ranges; it filters inbound traffic only.'];
  for (const r of fixed(p)) {
    if (r.direction === 'outbound') {
      remarks.push(`Outbound ${r.protocol.toUpperCase()} ${span(r, '-')} (${r.purpose}): the XP firewall does not filter outbound traffic; check the network's own firewall.`);
      continue;
    }
    const count = r.portTo! - r.portFrom! + 1;
    if (count > 1000) throw new UserError(`netsh-xp: ${r.protocol.toUpperCase()} ${span(r, '-')} would need ${count} single-port exceptions; use --format advfirewall, or a smaller --udp-range`);
    for (let port = r.portFrom!; port <= r.portTo!; port++) exceptions.push({ protocol: r.protocol.toUpperCase(), port, name: `Messenger ${r.id} ${port}` });
  }
  if (dynamicUdp(p)) remarks.push(`${STATEFUL_NOTE} On XP the usual answer is a program exception for the Messenger executable on the Windows peer (netsh firewall add allowedprogram program=PATH name=... mode=ENABLE) (inferred).`);
  return { exceptions, remarks };
}

export function advfirewall(p: FirewallPlan) {
  const rules = fixed(p).map((r) => ({
    name: `Messenger ${r.id}`,
    dir: r.direction === 'inbound' ? 'in' : 'out',
    protocol: r.protocol.toUpperCase(),
    portKey: r.side === 'local' ? 'localport' : 'remoteport',
    ports: span(r, '-'),
    remoteip: r.remoteHost !== undefined && /^[\d.]+$/.test(r.remoteHost) ? r.remoteHost : undefined,
    purpose: r.purpose,
  }));
  const remarks: string[] = [];
  if (dynamicUdp(p)) remarks.push(`${STATEFUL_NOTE} Windows Firewall is stateful: replies to UDP the host sent are allowed without a rule; unsolicited inbound voice UDP needs a fixed range (--udp-range).`);
  for (const r of fixed(p)) if (r.remoteHost !== undefined && !/^[\d.]+$/.test(r.remoteHost)) remarks.push(`${r.id}: netsh remoteip takes addresses, not names; add remoteip=<address of ${r.remoteHost}> to restrict the rule.`);
  return { rules, remarks };
}

export function ufw(p: FirewallPlan) {
  const entries = (dir: 'inbound' | 'outbound') => {
    const seen = new Set<string>();
    for (const r of fixed(p)) {
      if (r.direction !== dir || (dir === 'outbound' && r.side === 'local')) continue;
      seen.add(`${span(r, ':')}/${r.protocol}`);
    }
    return [...seen].join('|');
  };
  const profiles = [
    { name: 'WindowsMessenger-CE-in', title: 'Windows Messenger (CE 5.0) inbound', description: 'File transfers and voice calls to the device (ms879796)', ports: entries('inbound') },
    { name: 'WindowsMessenger-CE-out', title: 'Windows Messenger (CE 5.0) outbound', description: 'Instant messaging, proxy and file transfers from the device (ms879796)', ports: entries('outbound') },
  ].filter((x) => x.ports !== '');
  const remarks = ['Install in /etc/ufw/applications.d/, then: ufw app update WindowsMessenger-CE-in && ufw allow WindowsMessenger-CE-in; ufw allow out to any app WindowsMessenger-CE-out'];
  const voiceOut = fixed(p).find((r) => r.direction === 'outbound' && r.side === 'local');
  if (voiceOut) remarks.push(`Outbound ${voiceOut.protocol.toUpperCase()} from local port ${span(voiceOut, ':')} (${voiceOut.purpose}): application profiles match destination ports; allow it with ufw allow out proto tcp from any port ${span(voiceOut, ':')}.`);
  if (dynamicUdp(p)) remarks.push(`${STATEFUL_NOTE} ufw is stateful: replies to UDP the host sent are allowed.`);
  return { profiles, remarks };
}

export function firewalld(p: FirewallPlan) {
  const ports = fixed(p).filter((r) => r.direction === 'inbound').map((r) => ({ protocol: r.protocol, port: span(r, '-') }));
  const remarks = ['Inbound ports of Windows Messenger on Windows CE 5.0 (ms879796). Outbound traffic is not filtered by firewalld zones by default.'];
  if (dynamicUdp(p)) remarks.push(`${STATEFUL_NOTE} firewalld is stateful: replies to UDP the host sent are allowed.`);
  return { short: 'Windows Messenger (CE 5.0)', description: 'Windows Messenger on Windows CE 5.0 devices: file transfers (TCP 6891-6900) and voice (TCP 6901).', ports, remarks };
}

interface GatewayRule {
  proto: string;
  addrKey?: 'daddr' | 'saddr';
  portKey: 'dport' | 'sport';
  ports: string;
  label: string;
}

/** nftables and iptables share the gateway view: forward rules to and from the device, DNAT when its address is known. */
export function gateway(p: FirewallPlan, sep: '-' | ':') {
  const dev = p.options.deviceIp;
  const forward: GatewayRule[] = [];
  const dnat: Array<{ proto: string; ports: string; label: string }> = [];
  for (const r of fixed(p)) {
    const inbound = r.direction === 'inbound';
    forward.push({
      proto: r.protocol,
      ...(dev ? { addrKey: inbound ? ('daddr' as const) : ('saddr' as const) } : {}),
      portKey: inbound || r.side === 'remote' ? 'dport' : 'sport',
      ports: span(r, sep),
      label: r.id,
    });
    if (inbound && dev) dnat.push({ proto: r.protocol, ports: span(r, sep), label: r.id });
  }
  const remarks: string[] = ['For a Linux gateway in front of the device. Merge the forward rules into your forward chain before its final drop (the chain below accepts by default, so loading it alone changes nothing).'];
  if (!dev) remarks.push('No --device-ip: rules match ports only, and no DNAT rules are written.');
  const udpOut = dynamicUdp(p);
  if (udpOut) remarks.push(`${STATEFUL_NOTE} The stateful alternative: accept established and related traffic, and UDP the device sends.`);
  return { device: dev, forward, dnat, statefulUdp: udpOut, remarks };
}
