/** Firewall options: the design's `firewall` section, overridden by command-line flags. */
import type { Design, FirewallOptions } from '../design/types.js';
import { checkOptions, type PlanOptions, type RawFirewallOptions } from './plan.js';

/** The command-line flags are the design options less the list of rule files. */
export type FirewallFlags = Omit<FirewallOptions, 'formats'>;

const FLAG: Record<keyof FirewallFlags, string> = {
  transfers: '--transfers', proxyType: '--proxy-type', proxyHost: '--proxy-host', proxyPort: '--proxy-port', udpRange: '--udp-range', deviceIp: '--device-ip',
};

export function firewallOptions(design: Design, flags: FirewallFlags = {}): PlanOptions {
  const raw: RawFirewallOptions = { ...design.firewall, where: {} };
  for (const k of Object.keys(design.firewall) as Array<keyof FirewallOptions>) raw.where![k] = `${design.file}: /firewall/${k}`;
  for (const k of Object.keys(FLAG) as Array<keyof FirewallFlags>) {
    if (flags[k] !== undefined) {
      (raw as Record<string, unknown>)[k] = flags[k];
      raw.where![k] = FLAG[k];
    }
  }
  return checkOptions(raw);
}
