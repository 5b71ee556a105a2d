/**
 * The Windows Messenger port plan: rules and a checklist, from the catalog's port facts (Messenger's
 * `ports` and `networkNotes`, from ms879796) and the design's firewall options.
 */
import { UserError } from '../errors.js';
import { didYouMean } from '../suggest.js';
import type { Catalog, NetworkNote, PortFact } from '../catalog/types.js';
import type { FirewallOptions } from '../design/types.js';
import type { Resolution } from '../resolve.js';

import { FORMATS, type Format } from './formats.js';
export { FORMATS, RULE_FORMATS, type Format } from './formats.js';
export const PROXY_TYPES = ['HTTP', 'SOCKS4', 'SOCKS5'] as const;

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
  /** For a rule to a proxy: the proxy's address. */
  remoteHost?: string;
}

export interface ChecklistItem {
  id: string;
  group: 'ports' | 'network' | 'device' | 'verify';
  text: string;
  source: string;
}

export interface PlanOptions {
  transfers: number;
  proxyType?: (typeof PROXY_TYPES)[number];
  proxyHost?: string;
  proxyPort?: number;
  udpRange?: { from: number; to: number };
  deviceIp?: string;
  formats: Format[];
}

export interface FirewallPlan {
  design: string;
  options: PlanOptions;
  rules: Rule[];
  checklist: ChecklistItem[];
  /** Said once at the top of every output. */
  notes: string[];
}

/** Raw option values as given (design file, then CLI flags), with where each came from. */
export interface RawFirewallOptions extends FirewallOptions {
  /** Field name for messages, per option: "--transfers" or "design.json: /firewall/transfers". */
  where?: Partial<Record<keyof FirewallOptions, string>>;
}

const HOST = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*$/;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

/** Check and normalise the options; every message names the option. */
export function checkOptions(raw: RawFirewallOptions): PlanOptions {
  const at = (k: keyof FirewallOptions, cli: string) => raw.where?.[k] ?? cli;
  const transfers = raw.transfers ?? 10;
  if (!Number.isInteger(transfers) || transfers < 1 || transfers > 10) {
    throw new UserError(`${at('transfers', '--transfers')}: ${transfers} simultaneous file transfers is out of range; Messenger uses TCP 6891-6900, so 1 to 10`);
  }
  let proxyType: PlanOptions['proxyType'];
  if (raw.proxyType !== undefined) {
    proxyType = PROXY_TYPES.find((t) => t === raw.proxyType!.toUpperCase());
    if (!proxyType) throw new UserError(`${at('proxyType', '--proxy-type')}: "${raw.proxyType}" is not a proxy type Messenger offers; use HTTP, SOCKS4 or SOCKS5${didYouMean(raw.proxyType.toUpperCase(), PROXY_TYPES)}`);
  }
  if (raw.proxyHost !== undefined && !HOST.test(raw.proxyHost) && !IPV4.test(raw.proxyHost)) {
    throw new UserError(`${at('proxyHost', '--proxy-host')}: "${raw.proxyHost}" is not a host name or IPv4 address`);
  }
  if (raw.proxyPort !== undefined && (!Number.isInteger(raw.proxyPort) || raw.proxyPort < 1 || raw.proxyPort > 65535)) {
    throw new UserError(`${at('proxyPort', '--proxy-port')}: ${raw.proxyPort} is not a TCP port (1 to 65535)`);
  }
  const anyProxy = raw.proxyType !== undefined || raw.proxyHost !== undefined || raw.proxyPort !== undefined;
  if (anyProxy) {
    if (raw.proxyHost === undefined) throw new UserError(`${at('proxyHost', '--proxy-host')}: a proxy needs its host (server name) as well as its type and port`);
    if (raw.proxyPort === undefined) throw new UserError(`${at('proxyPort', '--proxy-port')}: a proxy needs a port; users enter it with the server name under Tools > Options > Connection`);
    if (proxyType === undefined) throw new UserError(`${at('proxyType', '--proxy-type')}: say which kind of proxy this is (HTTP, SOCKS4 or SOCKS5)`);
  }
  let udpRange: PlanOptions['udpRange'];
  if (raw.udpRange !== undefined) {
    const m = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/.exec(raw.udpRange);
    if (!m) throw new UserError(`${at('udpRange', '--udp-range')}: "${raw.udpRange}" is not a range FROM-TO (for example 50000-50100)`);
    const from = Number(m[1]);
    const to = Number(m[2]);
    if (from < 1 || to > 65535) throw new UserError(`${at('udpRange', '--udp-range')}: ports run from 1 to 65535`);
    if (from > to) throw new UserError(`${at('udpRange', '--udp-range')}: the range ${from}-${to} is inverted; write the lower port first (${to}-${from})`);
    udpRange = { from, to };
  }
  if (raw.deviceIp !== undefined && !IPV4.test(raw.deviceIp)) throw new UserError(`${at('deviceIp', '--device-ip')}: "${raw.deviceIp}" is not an IPv4 address`);
  const formats: Format[] = [];
  for (const f of raw.formats ?? []) {
    if (!(FORMATS as readonly string[]).includes(f)) throw new UserError(`${at('formats', '--format')}: unknown format "${f}"${didYouMean(f, FORMATS)}; choose from ${FORMATS.join(', ')}`);
    formats.push(f as Format);
  }
  return {
    transfers,
    ...(proxyType ? { proxyType } : {}),
    ...(raw.proxyHost !== undefined ? { proxyHost: raw.proxyHost } : {}),
    ...(raw.proxyPort !== undefined ? { proxyPort: raw.proxyPort } : {}),
    ...(udpRange ? { udpRange } : {}),
    ...(raw.deviceIp !== undefined ? { deviceIp: raw.deviceIp } : {}),
    formats,
  };
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

const range = (r: Rule) => (r.portFrom === null ? 'a dynamic port' : r.portFrom === r.portTo ? `${r.portFrom}` : `${r.portFrom}-${r.portTo}`);

export function buildFirewallPlan(catalog: Catalog, resolution: Resolution, designName: string, o: PlanOptions): FirewallPlan {
  const ports: PortFact[] = [];
  const notes: NetworkNote[] = [];
  for (const id of resolution.order) {
    const c = resolution.items.get(id)!.component;
    ports.push(...(c.ports ?? []));
    notes.push(...(c.networkNotes ?? []));
  }
  if (ports.length === 0) throw new UserError(`the design ${designName} has no component with network ports (SYSGEN_MESSENGER is not in it)`);
  const rules = ports.flatMap((p) => rulesFrom(p, o));
  if (o.proxyHost !== undefined) {
    rules.push({
      id: 'proxy', protocol: 'tcp', portFrom: o.proxyPort!, portTo: o.proxyPort!, direction: 'outbound', side: 'remote', remoteHost: o.proxyHost,
      purpose: `Connection to the ${o.proxyType} proxy ${o.proxyHost}:${o.proxyPort} entered in Messenger (Tools > Options > Connection)`,
      required: true, source: 'ms879796 + design options proxyType, proxyHost, proxyPort', dynamic: false,
    });
  }
  const checklist: ChecklistItem[] = [];
  for (const r of rules) {
    const proto = r.protocol.toUpperCase();
    const where =
      r.side === 'remote'
        ? `${proto} to port ${range(r)} on the far side${r.remoteHost ? ` (${r.remoteHost})` : ''}`
        : r.direction === 'inbound'
          ? `${proto} to the device's port ${range(r)}`
          : `${proto} from the device's port ${range(r)}`;
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
    if (n.id === 'long-lived-sockets') text += ' On the device, the design option keepAliveTime writes the TCP keep-alive interval (its CE name and unit are inferred).';
    checklist.push({ id: n.id, group: n.id === 'long-lived-sockets' ? 'device' : 'network', text, source: n.source });
  }
  checklist.push(
    { id: 'verify-im', group: 'verify', source: 'ms879796', text: 'Sign in to Windows Messenger on the device and exchange instant messages with a contact outside the network (TCP 1863).' },
    { id: 'verify-ft', group: 'verify', source: 'ms879796', text: `Send a file to and receive a file from a contact outside the network; then start ${o.transfers} transfer${o.transfers === 1 ? '' : 's'} at once (TCP 6891-${6890 + o.transfers}).` },
    { id: 'verify-voice', group: 'verify', source: 'ms879796', text: 'Make a computer-to-computer voice call in each direction and check audio both ways (TCP 6901 and UDP).' },
    { id: 'verify-idle', group: 'verify', source: 'ms879796', text: "Leave Messenger signed in and idle for longer than the firewall's TCP idle timeout; it must still be online." },
    { id: 'verify-dns', group: 'verify', source: 'ms879796', text: 'From the LAN, resolve an external host name (DNS).' },
  );
  const planNotes = ['Port facts are from "Windows Messenger OS Design Development (Windows CE 5.0)", ms879796: CE 5.0 voice UDP uses a dynamic port (CE .NET 4.2 used UDP 6901; that is not a CE 5.0 rule).'];
  return { design: designName, options: o, rules, checklist, notes: planNotes };
}
