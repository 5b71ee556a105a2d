/** Render a firewall plan in one format: templates for files, code for the terminal table and JSON. */
import { advfirewall, firewalld, gateway, netshXp, ufw } from './backends.js';
import { portText, type FirewallPlan, type Format, type Rule } from './plan.js';
import type { Render } from '../render.js';
import { helper } from '../format/value.js';

const RULE = { record: 'a firewall rule (protocol, ports)', check: (r: Record<string, unknown>) => typeof r.protocol === 'string' && (typeof r.portFrom === 'number' || r.portFrom === null) && (typeof r.portTo === 'number' || r.portTo === null) };
export const firewallHelpers = {
  portRange: helper([RULE], (r: Rule) => portText(r)),
  protocolName: helper([RULE], (r: Rule) => r.protocol.toUpperCase()),
  /** The document a source cites (`ms879796`), without the quotation that follows it: the printed sheet has no room for it. */
  sourceId: helper(['text'], (s: string) => s.split(':')[0]!),
};

/** Output file names, for generate. */
export const FILE_NAMES: Record<Exclude<Format, 'text'>, string> = {
  md: 'firewall.md',
  html: 'firewall.html',
  json: 'firewall.json',
  csv: 'firewall.csv',
  'netsh-xp': 'firewall-netsh-xp.cmd',
  advfirewall: 'firewall-advfirewall.cmd',
  ufw: 'wcecfg-messenger.ufw',
  firewalld: 'wcecfg-messenger.xml',
  nftables: 'firewall.nft',
  iptables: 'firewall.iptables',
};

const WIDTH = 100;

/** The checklist's sections, as the md and html templates head them. */
const GROUPS: ReadonlyArray<[FirewallPlan['checklist'][number]['group'], string]> = [
  ['ports', 'Ports'],
  ['network', 'Network'],
  ['device', 'Device'],
  ['verify', 'Verify'],
];

/** Words of `text` in lines of at most `width` characters (a longer word gets a line of its own). */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.length ? lines : [''];
}

/** The terminal view: notes, the rule table and the checklist, within 100 columns. */
function textTable(p: FirewallPlan): string {
  const head = ['PROTO', 'PORTS', 'DIRECTION', 'SIDE', 'REQ', 'PURPOSE'];
  const rows = p.rules.map((r) => [r.protocol.toUpperCase(), portText(r), r.direction, r.side, r.required ? 'yes' : 'no', r.purpose]);
  const widths = head.slice(0, -1).map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const indent = widths.reduce((a, w) => a + w + 2, 0);
  const line = (cells: string[], purpose: string) => [...cells.map((c, i) => c.padEnd(widths[i]!)), purpose].join('  ').trimEnd();
  const out: string[] = [...p.notes.flatMap((n) => wrap(n, WIDTH)), ''];
  out.push(line(head.slice(0, -1), 'PURPOSE'), line(widths.map((w) => '-'.repeat(w)), '-------'));
  for (const r of rows) {
    const [first, ...rest] = wrap(r[5]!, WIDTH - indent);
    out.push(line(r.slice(0, -1), first!), ...rest.map((x) => ' '.repeat(indent) + x));
  }
  // Grouped under the same headings, in the same order, as firewall.md and firewall.html.
  for (const [group, heading] of GROUPS) {
    const items = p.checklist.filter((c) => c.group === group);
    if (!items.length) continue;
    out.push('', heading, '-'.repeat(heading.length));
    for (const c of items) {
      const [first, ...rest] = wrap(c.text, WIDTH - 4);
      out.push(`[ ] ${first}`, ...rest.map((x) => `    ${x}`));
    }
  }
  return out.join('\n') + '\n';
}

/** The --json shape: rules and checklist. */
function planJson(p: FirewallPlan) {
  return {
    design: p.design,
    options: p.options,
    rules: p.rules.map((r) => ({
      id: r.id, protocol: r.protocol, portFrom: r.portFrom, portTo: r.portTo, direction: r.direction, side: r.side,
      ...(r.remoteHost ? { remoteHost: r.remoteHost } : {}), dynamic: r.dynamic, purpose: r.purpose, required: r.required, source: r.source,
    })),
    checklist: p.checklist,
    notes: p.notes,
  };
}

/** The text of one format, and whether it is a Windows command file (CRLF). */
export function renderFirewall(p: FirewallPlan, format: Format, render: Render): { text: string; crlf: boolean } {
  switch (format) {
    case 'text':
      return { text: textTable(p), crlf: false };
    case 'json':
      return { text: JSON.stringify(planJson(p), null, 2) + '\n', crlf: false };
    case 'md':
      return { text: render('firewall/firewall.md.hbs', { plan: p }), crlf: false };
    case 'html':
      return { text: render('firewall/firewall.html.hbs', { plan: p }), crlf: false };
    case 'csv':
      return { text: render('firewall/firewall.csv.hbs', { plan: p }).replace(/\r?\n/g, '\r\n'), crlf: true };
    case 'netsh-xp':
      return { text: render('firewall/netsh-xp.cmd.hbs', { plan: p, view: netshXp(p) }), crlf: true };
    case 'advfirewall':
      return { text: render('firewall/advfirewall.cmd.hbs', { plan: p, view: advfirewall(p) }), crlf: true };
    case 'ufw':
      return { text: render('firewall/ufw.hbs', { plan: p, view: ufw(p) }), crlf: false };
    case 'firewalld':
      return { text: render('firewall/firewalld.xml.hbs', { plan: p, view: firewalld(p) }), crlf: false };
    case 'nftables':
      return { text: render('firewall/nftables.nft.hbs', { plan: p, view: gateway(p, 'nft') }), crlf: false };
    case 'iptables':
      return { text: render('firewall/iptables.rules.hbs', { plan: p, view: gateway(p, 'iptables') }), crlf: false };
  }
}

export function encodeFirewall(out: { text: string; crlf: boolean }): Buffer {
  return Buffer.from(out.crlf ? out.text.replace(/\r?\n/g, '\r\n') : out.text, 'utf8');
}
