/** Firewall output formats: shared by the command table (start-up) and the plan, so kept tiny. */
export const RULE_FORMATS = ['netsh-xp', 'advfirewall', 'ufw', 'firewalld', 'nftables', 'iptables'] as const;
export const FORMATS = ['text', 'md', 'html', 'json', 'csv', ...RULE_FORMATS] as const;
export type Format = (typeof FORMATS)[number];
