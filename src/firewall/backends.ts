/**
 * What each firewall format needs from the plan, worked out in code so that templates only lay it
 * out: netsh firewall (XP SP2) has no ranges and filters only inbound; advfirewall has ranges and
 * directions; ufw profiles need a protocol on every range; firewalld services are inbound; the
 * Linux gateway formats forward to (and optionally DNAT to) the device.
 */
import { UserError } from '../errors.js';
import { portText, type FirewallPlan, type Rule } from './plan.js';

const span = (r: Rule, sep: '-' | ':') => portText(r, sep);
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
    remoteip: r.remoteAddress,
    purpose: r.purpose,
  }));
  const remarks: string[] = [];
  if (dynamicUdp(p)) remarks.push(`${STATEFUL_NOTE} Windows Firewall is stateful: replies to UDP the host sent are allowed without a rule; unsolicited inbound voice UDP needs a fixed range (--udp-range).`);
  for (const r of fixed(p)) if (r.remoteHost !== undefined && r.remoteAddress === undefined) remarks.push(`${r.id}: netsh remoteip takes addresses, not names; add remoteip= with the address of ${r.remoteHost} to restrict the rule.`);
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
  const remarks: string[] = [];
  const commands = profiles.map((x) => `ufw app update ${x.name}`);
  for (const x of profiles) commands.push(x.name.endsWith('-in') ? `ufw allow ${x.name}` : `ufw allow out to any app ${x.name}`);
  // Application profiles match destination ports; a rule on the host's own source port is a plain command.
  for (const r of fixed(p).filter((x) => x.direction === 'outbound' && x.side === 'local')) {
    commands.push(`ufw allow out proto ${r.protocol} from any port ${span(r, ':')}`);
    remarks.push(`Outbound ${r.protocol.toUpperCase()} from local port ${span(r, ':')} (${r.id}): application profiles match destination ports, so it is a plain rule below.`);
  }
  if (dynamicUdp(p)) remarks.push(`${STATEFUL_NOTE} ufw is stateful: replies to UDP the host sent are allowed.`);
  return { profiles, remarks, commands };
}

export function firewalld(p: FirewallPlan) {
  const inbound = fixed(p).filter((r) => r.direction === 'inbound');
  const ports = inbound.map((r) => ({ protocol: r.protocol, port: span(r, '-') }));
  const remarks = ['Inbound ports of Windows Messenger on Windows CE 5.0 (ms879796). Outbound traffic is not filtered by firewalld zones by default.'];
  if (dynamicUdp(p)) remarks.push(`${STATEFUL_NOTE} firewalld is stateful: replies to UDP the host sent are allowed.`);
  // XML comments cannot hold "--", so the firewall-cmd options are named in words (the README has the commands).
  remarks.push('Then reload firewalld and add the service wcecfg-messenger to the zone that faces the peers: firewall-cmd with the options reload, then add-service=wcecfg-messenger (and again with permanent to keep it).');
  const opens = inbound.map((r) => `${r.protocol.toUpperCase()} ${span(r, '-')} (${r.id})`).join(', ');
  return { short: 'Windows Messenger (CE 5.0)', description: `Windows Messenger on Windows CE 5.0 devices. Opens inbound ${opens}.`, ports, remarks };
}

type Dialect = 'nft' | 'iptables';

/** One gateway rule: its match (already in the dialect's words) and the plan rule it comes from. */
export interface GatewayLine {
  match: string;
  label: string;
}

/**
 * nftables and iptables share the gateway view. Forward rules (merge them into your forward chain
 * before its final drop): replies to allowed connections, then each plan rule in its direction.
 * DNAT only for traffic arriving on the WAN interface (and sent to the public address, if given),
 * so the device's own outgoing connections to ports 6891-6901 are never sent back to it.
 */
export function gateway(p: FirewallPlan, dialect: Dialect) {
  const o = p.options;
  const dev = o.deviceIp;
  const wan = o.wanIf;
  const sep = dialect === 'nft' ? '-' : ':';
  const iface = (dir: 'in' | 'out') => (wan === undefined ? [] : dialect === 'nft' ? [`${dir === 'in' ? 'iifname' : 'oifname'} "${wan}"`] : [`-${dir === 'in' ? 'i' : 'o'} ${wan}`]);
  const addr = (key: 'saddr' | 'daddr', a: string | undefined) => (a === undefined ? [] : dialect === 'nft' ? [`ip ${key} ${a}`] : [`${key === 'saddr' ? '-s' : '-d'} ${a}`]);
  const port = (proto: string, key: 'dport' | 'sport', ports: string) => (dialect === 'nft' ? [`${proto} ${key} ${ports}`] : [`-p ${proto} --${key} ${ports}`]);
  const forward: GatewayLine[] = [];
  const dnat: GatewayLine[] = [];
  for (const r of fixed(p)) {
    const ports = portText(r, sep);
    if (r.direction === 'inbound') {
      forward.push({ match: [...iface('in'), ...addr('daddr', dev), ...port(r.protocol, 'dport', ports)].join(' '), label: r.id });
      if (wan !== undefined && dev !== undefined) dnat.push({ match: [...iface('in'), ...addr('daddr', o.wanIp), ...port(r.protocol, 'dport', ports)].join(' '), label: r.id });
    } else {
      const key = r.side === 'remote' ? 'dport' : 'sport';
      forward.push({ match: [...iface('out'), ...addr('saddr', dev), ...addr('daddr', r.remoteAddress), ...port(r.protocol, key, ports)].join(' '), label: r.id });
    }
  }
  const udpOut = dynamicUdp(p)
    ? [...iface('out'), ...addr('saddr', dev), dialect === 'nft' ? 'meta l4proto udp' : '-p udp'].join(' ')
    : undefined;
  const remarks: string[] = [
    'For a Linux gateway in front of the device. Merge the forward rules into your forward chain before its final drop (the chain here accepts by default, so loading it alone opens nothing and closes nothing).',
  ];
  if (wan === undefined) remarks.push('No DNAT rules: they need the WAN interface (--wan-if). Without it a DNAT rule would also catch the device\'s own outgoing connections to ports 6891-6901 and send them back to the device.');
  else if (dev === undefined) remarks.push('No DNAT rules: they need the device\'s address (--device-ip).');
  else remarks.push(`DNAT: only connections arriving on ${wan}${o.wanIp ? ` for ${o.wanIp}` : ''} are sent to the device ${dev}.`);
  if (dev === undefined && wan === undefined) remarks.push('No --device-ip and no --wan-if: the forward rules match ports only, in both directions.');
  for (const r of fixed(p)) if (r.remoteHost !== undefined && r.remoteAddress === undefined) remarks.push(`${r.id}: the rule is not limited to ${r.remoteHost}, because a rule takes an address, not a name; add its address to restrict it.`);
  if (udpOut) remarks.push(`${STATEFUL_NOTE} The stateful alternative: accept replies (established, related) and UDP the device sends.`);

  // The lines that make a complete gateway, and the jumps into the chains, shown as commands.
  const w = wan ?? 'WAN_IF';
  const src = dev ?? 'DEVICE_IP';
  const complete = ['sysctl -w net.ipv4.ip_forward=1'];
  const jumps: string[] = [];
  if (dialect === 'nft') {
    complete.push(`nft 'add rule inet wcecfg_messenger postrouting oifname "${w}" ip saddr ${src} masquerade'`, "nft 'chain inet wcecfg_messenger forward { policy drop; }'");
  } else {
    jumps.push('iptables -A FORWARD -j WCECFG_MESSENGER');
    if (dnat.length) jumps.push('iptables -t nat -A PREROUTING -j WCECFG_MESSENGER_DNAT');
    complete.push(`iptables -t nat -A POSTROUTING -o ${w} -s ${src} -j MASQUERADE`, 'iptables -P FORWARD DROP');
  }
  return { device: dev, wanIf: wan, forward, dnat, udpOut, remarks, jumps, complete, placeholders: wan === undefined || dev === undefined };
}
