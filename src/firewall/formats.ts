/** Firewall output formats and command-line flags: shared by the command table (start-up) and the plan, so kept tiny. */
import type { OptSpec } from '../commands/table.js';

export const RULE_FORMATS = ['netsh-xp', 'advfirewall', 'ufw', 'firewalld', 'nftables', 'iptables'] as const;
export const FORMATS = ['text', 'md', 'html', 'json', 'csv', ...RULE_FORMATS] as const;
export type Format = (typeof FORMATS)[number];

/**
 * The command-line flags: one per design option except the list of rule files, declared as the
 * command table wants them (so the handler's argument types come from here). The argument parser
 * takes only whole numbers for the number flags (`--transfers two` is a usage error naming the
 * option, never NaN); the checks below take a number or its text, from a design or a flag alike.
 */
export const FIREWALL_FLAG_SPECS = {
  transfers: { type: 'number', describe: 'simultaneous file transfers, 1 to 10 (opens TCP 6891 to 6890+N)' },
  'proxy-type': { type: 'string', describe: 'HTTP, SOCKS4 or SOCKS5' },
  'proxy-host': { type: 'string', describe: 'the proxy server users enter in Messenger (name or IPv4 address)' },
  'proxy-port': { type: 'number', describe: "the proxy's TCP port" },
  'udp-range': { type: 'string', describe: "the device's fixed voice UDP range FROM-TO, if the OEM fixed one" },
  'device-ip': { type: 'string', describe: 'LAN address of the device, for gateway forward and DNAT rules' },
  'wan-if': { type: 'string', describe: "the gateway's outside (WAN) interface: DNAT applies only to traffic arriving on it" },
  'wan-ip': { type: 'string', describe: "the gateway's public IPv4 address: DNAT applies only to traffic sent to it" },
} as const satisfies Record<string, OptSpec>;
