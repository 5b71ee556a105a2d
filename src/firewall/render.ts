/** Render a firewall plan in one format: templates for files, code for the terminal table and JSON. */
import { table } from '../output.js';
import { advfirewall, firewalld, gateway, netshXp, ufw } from './backends.js';
import type { FirewallPlan, Format, Rule } from './plan.js';
import type { Render } from '../render.js';

export const portRange = (r: Rule) => (r.portFrom === null ? 'dynamic' : r.portFrom === r.portTo ? String(r.portFrom) : `${r.portFrom}-${r.portTo}`);

export const firewallHelpers = {
  portRange: (r: Rule) => portRange(r),
  protocolName: (r: Rule) => r.protocol.toUpperCase(),
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

/** The --json shape: rules and checklist. */
export function planJson(p: FirewallPlan) {
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
    case 'text': {
      const rows = p.rules.map((r) => [r.protocol.toUpperCase(), portRange(r), r.direction, r.side, r.required ? 'yes' : 'no', r.purpose]);
      const checklist = p.checklist.map((c) => `[ ] ${c.text}`).join('\n');
      return { text: `${p.notes.join('\n')}\n\n${table(['PROTO', 'PORTS', 'DIRECTION', 'SIDE', 'REQUIRED', 'PURPOSE'], rows)}\n${checklist}\n`, crlf: false };
    }
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
      return { text: render('firewall/nftables.nft.hbs', { plan: p, view: gateway(p, '-') }), crlf: false };
    case 'iptables':
      return { text: render('firewall/iptables.rules.hbs', { plan: p, view: gateway(p, ':') }), crlf: false };
  }
}

export function encodeFirewall(out: { text: string; crlf: boolean }): Buffer {
  return Buffer.from(out.crlf ? out.text.replace(/\r?\n/g, '\r\n') : out.text, 'utf8');
}
