/**
 * The Windows Messenger port plan: rules and a checklist, from the catalog's port facts (Messenger's
 * `ports` and `networkNotes`, from ms879796) and the design's firewall options.
 */
import { UserError } from '../errors.js';
import type { Catalog, NetworkNote, PortFact } from '../catalog/types.js';
import type { Resolution } from '../resolve.js';
import type { PlanOptions } from './options.js';

export { FORMATS, RULE_FORMATS, type Format } from './formats.js';
export { PROXY_TYPES, type PlanOptions } from './options.js';

export interface Rule {
  id: string;
  protocol: 'tcp' | 'udp';
  portFrom: number | null;
  portTo: number | null;
  direction: 'inbound' | 'outbound';
  /** Whose port the number is: the device's (local) or the peer's (remote). */
  side: 'local' | 'remote';
  purpose: string;
  required: boolean;
  source: string;
  /** No port number is known: each backend gets its stateful alternative instead. */
  dynamic: boolean;
  /** For a rule to a proxy: the proxy as the user typed it (name or address), for text. */
  remoteHost?: string;
  /** The proxy's IPv4 address, when the user gave one: the only form a rule ever restricts to. */
  remoteAddress?: string;
}

export interface ChecklistItem {
  id: string;
  group: 'ports' | 'network' | 'device' | 'verify';
  text: string;
  source: string;
}

export interface FirewallPlan {
  design: string;
  options: PlanOptions;
  rules: Rule[];
  checklist: ChecklistItem[];
  /** Said once at the top of every output. */
  notes: string[];
}

/**
 * Port text, the one place that writes a port or range: `6891`, `6891-6900` (or `6891:6900` with
 * sep ':'), `dynamic` for a port no document fixes.
 */
export function portText(r: { portFrom: number | null; portTo: number | null }, sep: '-' | ':' = '-'): string {
  if (r.portFrom === null || r.portTo === null) return 'dynamic';
  return r.portFrom === r.portTo ? String(r.portFrom) : `${r.portFrom}${sep}${r.portTo}`;
}

/** Problems with a component's port facts: each port 1-65535, ranges not inverted (nft and iptables reject them). */
export function portFactProblems(file: string, ports: readonly PortFact[]): Array<{ message: string; pointer: string }> {
  const problems: Array<{ message: string; pointer: string }> = [];
  ports.forEach((p, i) => {
    const pointer = `/ports/${i}`;
    const at = `${file}: ${pointer}`;
    const problem = (message: string) => problems.push({ message, pointer });
    if (p.portFrom === null || p.portTo === null) {
      if (p.portFrom !== p.portTo || !p.dynamic) problem(`${at}: port "${p.id}" needs both portFrom and portTo, or both null with dynamic: true`);
      return;
    }
    const ok = (n: number) => Number.isInteger(n) && n >= 1 && n <= 65535;
    if (!ok(p.portFrom) || !ok(p.portTo)) problem(`${at}: port "${p.id}" ${p.portFrom}-${p.portTo} is outside 1 to 65535`);
    else if (p.portFrom > p.portTo) problem(`${at}: port "${p.id}" range ${p.portFrom}-${p.portTo} is inverted; write the lower port first (${p.portTo}-${p.portFrom})`);
    else if (p.scalesWith === 'transfers' && p.portTo - p.portFrom !== 9) problem(`${at}: port "${p.id}" scales with transfers (1 to 10) and must span 10 ports, not ${p.portFrom}-${p.portTo}`);
  });
  return problems;
}

function rulesFrom(p: PortFact, o: PlanOptions): Rule[] {
  const dirs: Array<'inbound' | 'outbound'> = p.direction === 'both' ? ['inbound', 'outbound'] : [p.direction];
  return dirs.map((direction) => {
    let portFrom = p.portFrom;
    let portTo = p.portTo;
    let purpose = p.purpose;
    let source = p.source;
    let dynamic = p.dynamic ?? false;
    if (p.scalesWith === 'transfers' && portFrom !== null) {
      portTo = portFrom + o.transfers - 1;
      if (o.transfers < 10) purpose += ` (${o.transfers} of the 10 documented ports: ${o.transfers === 1 ? 'one transfer at a time' : `up to ${o.transfers} transfers at once`})`;
    }
    if (dynamic && o.udpRange) {
      portFrom = o.udpRange.from;
      portTo = o.udpRange.to;
      dynamic = false;
      purpose += `; the OEM fixed the device's range to ${o.udpRange.from}-${o.udpRange.to}`;
      source += ' + design option udpRange';
    }
    return { id: dirs.length > 1 ? `${p.id}-${direction === 'inbound' ? 'in' : 'out'}` : p.id, protocol: p.protocol, portFrom, portTo, direction, side: p.side, purpose, required: p.required, source, dynamic };
  });
}

export function buildFirewallPlan(catalog: Catalog, resolution: Resolution, designName: string, o: PlanOptions): FirewallPlan {
  const ports: PortFact[] = [];
  const notes: NetworkNote[] = [];
  for (const id of resolution.order) {
    const c = resolution.items.get(id)!.component;
    const bad = portFactProblems(catalog.files.get(id) ?? id, c.ports ?? []);
    if (bad.length) throw new UserError(bad[0]!.message);
    ports.push(...(c.ports ?? []));
    notes.push(...(c.networkNotes ?? []));
  }
  if (ports.length === 0) throw new UserError(`the design ${designName} has no component with network ports (SYSGEN_MESSENGER is not in it)`);
  const rules = ports.flatMap((p) => rulesFrom(p, o));
  if (o.proxyHost !== undefined) {
    rules.push({
      id: 'proxy', protocol: 'tcp', portFrom: o.proxyPort!, portTo: o.proxyPort!, direction: 'outbound', side: 'remote', remoteHost: o.proxyHost, ...(o.proxyHostIsAddress ? { remoteAddress: o.proxyHost } : {}),
      purpose: `Connection to the ${o.proxyType} proxy ${o.proxyHost}:${o.proxyPort} entered in Messenger (Tools menu, Options, Connection tab)`,
      required: true, source: 'ms879796 + design options proxyType, proxyHost, proxyPort', dynamic: false,
    });
  }
  const checklist: ChecklistItem[] = [];
  for (const r of rules) {
    const proto = r.protocol.toUpperCase();
    const where =
      r.side === 'remote'
        ? `${proto} to port ${portText(r)} on the far side${r.remoteHost ? ` (${r.remoteHost})` : ''}`
        : r.direction === 'inbound'
          ? `${proto} to the device's port ${portText(r)}`
          : `${proto} from the device's port ${portText(r)}`;
    if (r.dynamic) {
      checklist.push({
        id: `rule-${r.id}`, group: 'ports', source: r.source,
        text: `Voice ${r.direction === 'inbound' ? 'media arriving at' : 'media sent from'} the device uses UDP on a dynamic port: Windows CE 5.0 documents no number or range, so do not open a guessed range. Allow it statefully (replies to UDP the device sent) or have the OEM fix the device's range and rerun with --udp-range FROM-TO.`,
      });
    } else {
      checklist.push({ id: `rule-${r.id}`, group: 'ports', source: r.source, text: `Allow ${r.direction} ${where}: ${r.purpose}${r.required ? '' : ' (optional)'}.` });
    }
  }
  if (o.transfers === 1) checklist.push({ id: 'transfers', group: 'ports', source: 'ms879796', text: 'Only TCP 6891 is open for file transfers: users can do only one file transfer at a time.' });
  for (const n of notes) {
    let text = n.text;
    if (n.id === 'proxy' && o.proxyHost !== undefined) text = `Tell users to enter the ${o.proxyType} proxy ${o.proxyHost}, port ${o.proxyPort}, in Windows Messenger: Tools menu, Options, Connection tab.`;
    if (n.id === 'long-lived-sockets') text += ' On the device, design option keepAliveTime sets KeepAliveTime, the idle time before TCP keep-alive probes (REG_DWORD ms, default 7,200,000 = 2 h; set it below the firewall\'s idle timeout); keepAliveInterval sets KeepAliveInterval, the time between probes (default 1000 ms) (ms884976).';
    checklist.push({ id: n.id, group: n.id === 'long-lived-sockets' ? 'device' : 'network', text, source: n.source });
  }
  checklist.push(
    { id: 'verify-im', group: 'verify', source: 'ms879796', text: 'Sign in to Windows Messenger on the device and exchange instant messages with a contact outside the network (TCP 1863).' },
    { id: 'verify-ft', group: 'verify', source: 'ms879796', text: `Send a file to and receive a file from a contact outside the network; then start ${o.transfers} transfer${o.transfers === 1 ? '' : 's'} at once (TCP ${portText({ portFrom: 6891, portTo: 6890 + o.transfers })}).` },
    { id: 'verify-voice', group: 'verify', source: 'ms879796', text: 'Make a computer-to-computer voice call in each direction and check audio both ways (TCP 6901 and UDP).' },
    { id: 'verify-idle', group: 'verify', source: 'ms879796', text: "Leave Messenger signed in and idle for longer than the firewall's TCP idle timeout; it must still be online." },
    { id: 'verify-dns', group: 'verify', source: 'ms879796', text: 'From the LAN, resolve an external host name (DNS).' },
  );
  const planNotes = ['Port facts are from "Windows Messenger OS Design Development (Windows CE 5.0)", ms879796: CE 5.0 voice UDP uses a dynamic port (CE .NET 4.2 used UDP 6901; that is not a CE 5.0 rule).'];
  return { design: designName, options: o, rules, checklist, notes: planNotes };
}
