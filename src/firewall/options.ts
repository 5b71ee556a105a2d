/**
 * Firewall options, in one place: the design file's `firewall` section, the command-line flags that
 * override it, and the checks that turn both into the plan's options. The checks return every
 * problem (validate lists them all); the commands throw the first.
 */
import { EXIT_USAGE, UsageError, UserError, type Place } from '../errors.js';
import { locatePointer } from '../jsonfile.js';
import { didYouMean } from '../suggest.js';
import { FIREWALL_FLAG_SPECS, FORMATS, type Format } from './formats.js';

export const PROXY_TYPES = ['HTTP', 'SOCKS4', 'SOCKS5'] as const;

/** The design's `firewall` section (catalog/schema/design.schema.json, "firewall"). */
export interface FirewallOptions {
  transfers?: number;
  proxyType?: string;
  proxyHost?: string;
  proxyPort?: number;
  udpRange?: string;
  deviceIp?: string;
  wanIf?: string;
  wanIp?: string;
  formats?: string[];
}

/** Checked options, as the plan and every backend use them. */
export interface PlanOptions {
  transfers: number;
  proxyType?: (typeof PROXY_TYPES)[number];
  proxyHost?: string;
  /** Whether proxyHost is an IPv4 address (written as an address) or a name (never written into a rule). */
  proxyHostIsAddress?: boolean;
  proxyPort?: number;
  udpRange?: { from: number; to: number };
  deviceIp?: string;
  wanIf?: string;
  wanIp?: string;
  formats: Format[];
}

type FlagKey = Exclude<keyof FirewallOptions, 'formats'>;

/** Each design option's flag. */
const FLAG_OF: Record<FlagKey, keyof typeof FIREWALL_FLAG_SPECS> = {
  transfers: 'transfers', proxyType: 'proxy-type', proxyHost: 'proxy-host', proxyPort: 'proxy-port', udpRange: 'udp-range', deviceIp: 'device-ip', wanIf: 'wan-if', wanIp: 'wan-ip',
};

/** Flag values as the parser hands them over (camel-cased keys; whole numbers for the number flags). */
export type FirewallFlags = { [K in FlagKey]?: K extends 'transfers' | 'proxyPort' ? number | string : string };

const HOST_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?';
const HOST = new RegExp(`^(?=.{1,253}$)${HOST_LABEL}(?:\\.${HOST_LABEL})*$`);
const OCTET = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
export const IPV4 = new RegExp(`^${OCTET}(\\.${OCTET}){3}$`);
/** A Linux interface name as nft and iptables take it literally: at most 15 characters, no wildcard, no quote, no space. */
const IFNAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,14}$/;

/** A whole number from a design (number) or a flag (text); anything else is undefined. */
function integer(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isInteger(v) ? v : undefined;
  if (typeof v === 'string' && /^\s*\d{1,9}\s*$/.test(v)) return Number(v);
  return undefined;
}
/** A typed value in a one-line message: quoted, with every control or line-separator character escaped. */
const shown = (v: unknown) =>
  typeof v === 'string' ? JSON.stringify(v).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : String(v);

/** Where a value came from: a design file's JSON pointer, or (absent) the option's command-line flag. */
export interface DesignSource {
  file: string;
  pointer: string;
}

/** Raw values (design, then flags) and where each came from, for messages. */
export interface RawOptions {
  values: { [K in keyof FirewallOptions]?: unknown };
  where: { [K in keyof FirewallOptions]?: DesignSource };
}

/** One problem: its one-line message, and the flag or the design file and pointer it names. */
export interface FirewallProblem {
  message: string;
  flag?: string;
  file?: string;
  pointer?: string;
}

const flagOf = (k: keyof FirewallOptions) => (k === 'formats' ? '--format' : `--${FLAG_OF[k]}`);

/**
 * Check every option; return the options, or every problem (each one line, naming the option where
 * it came from). An option that is missing is named where the options that need it came from: the
 * design's pointer if any of them is the design's, else its flag.
 */
export function checkOptions(raw: RawOptions): { options?: PlanOptions; found: FirewallProblem[] } {
  const v = raw.values;
  const found: FirewallProblem[] = [];
  /** The source of option k, present or (given the options that need it) missing. */
  const sourceOf = (k: keyof FirewallOptions, neededBy: Array<keyof FirewallOptions> = []): DesignSource | undefined => {
    if (raw.where[k]) return raw.where[k];
    const from = neededBy.map((n) => (v[n] !== undefined ? raw.where[n] : undefined)).find((w) => w !== undefined);
    return from ? { file: from.file, pointer: `/firewall/${k}` } : undefined;
  };
  const name = (k: keyof FirewallOptions, neededBy?: Array<keyof FirewallOptions>) => sourceOf(k, neededBy)?.pointer ?? flagOf(k);
  /** A problem with option k (`item`: an element of a design's list, such as /firewall/formats/1). */
  const bad = (k: keyof FirewallOptions, why: string, neededBy?: Array<keyof FirewallOptions>, item = '') => {
    const src = sourceOf(k, neededBy);
    const pointer = src && `${src.pointer}${item}`;
    found.push(src ? { message: `${src.file}: ${pointer}: ${why}`, file: src.file, pointer } : { message: `${flagOf(k)}: ${why}`, flag: flagOf(k) });
  };

  let transfers = 10;
  if (v.transfers !== undefined) {
    const n = integer(v.transfers);
    if (n === undefined) bad('transfers', `${shown(v.transfers)} is not a whole number; give the number of simultaneous file transfers, 1 to 10`);
    else if (n < 1 || n > 10) bad('transfers', `${n} simultaneous file transfers is out of range; Messenger uses TCP 6891-6900, so 1 to 10`);
    else transfers = n;
  }
  let proxyType: PlanOptions['proxyType'];
  if (v.proxyType !== undefined) {
    const t = String(v.proxyType).toUpperCase();
    proxyType = PROXY_TYPES.find((x) => x === t);
    if (!proxyType) bad('proxyType', `${shown(v.proxyType)} is not a proxy type Messenger offers; use HTTP, SOCKS4 or SOCKS5${didYouMean(t, PROXY_TYPES)}`);
  }
  let proxyHost: string | undefined;
  let proxyHostIsAddress = false;
  if (v.proxyHost !== undefined) {
    const h = String(v.proxyHost);
    if (/^[\d.]+$/.test(h)) {
      // All digits and dots is an address or nothing: 999.1.1.1 is not a host name either.
      if (IPV4.test(h)) [proxyHost, proxyHostIsAddress] = [h, true];
      else bad('proxyHost', `${shown(h)} is not an IPv4 address (each of the four numbers is 0 to 255)`);
    } else if (HOST.test(h) && !/\.\d+$/.test(h)) proxyHost = h;
    else bad('proxyHost', `${shown(h)} is not a host name or IPv4 address`);
  }
  let proxyPort: number | undefined;
  if (v.proxyPort !== undefined) {
    const n = integer(v.proxyPort);
    if (n === undefined || n < 1 || n > 65535) bad('proxyPort', `${n ?? shown(v.proxyPort)} is not a TCP port (1 to 65535)`);
    else proxyPort = n;
  }
  if (v.proxyType !== undefined || v.proxyHost !== undefined || v.proxyPort !== undefined) {
    const proxy: Array<keyof FirewallOptions> = ['proxyType', 'proxyHost', 'proxyPort'];
    if (v.proxyHost === undefined) bad('proxyHost', 'a proxy needs its host (server name) as well as its type and port', proxy);
    if (v.proxyPort === undefined) bad('proxyPort', 'a proxy needs a port; users enter it with the server name under Tools menu, Options, Connection tab', proxy);
    if (v.proxyType === undefined) bad('proxyType', 'say which kind of proxy this is (HTTP, SOCKS4 or SOCKS5)', proxy);
  }
  let udpRange: PlanOptions['udpRange'];
  if (v.udpRange !== undefined) {
    const m = /^\s*(\d{1,5})\s*-\s*(\d{1,5})\s*$/.exec(String(v.udpRange));
    if (!m) bad('udpRange', `${shown(v.udpRange)} is not a range FROM-TO (for example 50000-50100)`);
    else {
      const [from, to] = [Number(m[1]), Number(m[2])];
      if (from < 1 || to > 65535 || from > 65535) bad('udpRange', 'ports run from 1 to 65535');
      else if (from > to) bad('udpRange', `the range ${from}-${to} is inverted; write the lower port first (${to}-${from})`);
      else udpRange = { from, to };
    }
  }
  const address = (k: 'deviceIp' | 'wanIp'): string | undefined => {
    if (v[k] === undefined) return undefined;
    if (IPV4.test(String(v[k]))) return String(v[k]);
    bad(k, `${shown(v[k])} is not an IPv4 address`);
    return undefined;
  };
  const deviceIp = address('deviceIp');
  const wanIp = address('wanIp');
  let wanIf: string | undefined;
  if (v.wanIf !== undefined) {
    const s = String(v.wanIf);
    if (IFNAME.test(s) && s !== '.' && s !== '..') wanIf = s;
    else bad('wanIf', `${shown(s)} is not a network interface name (1 to 15 letters, digits, _ . -; no wildcard)`);
  }
  if (wanIp !== undefined && v.wanIf === undefined) bad('wanIp', `the public address is used only with the WAN interface; give ${name('wanIf', ['wanIp'])} too`);
  const formats: Format[] = [];
  for (const [i, f] of ((Array.isArray(v.formats) ? v.formats : v.formats === undefined ? [] : [v.formats]) as unknown[]).entries()) {
    if (!(FORMATS as readonly unknown[]).includes(f)) bad('formats', `unknown format ${shown(f)}${didYouMean(String(f), FORMATS)}; choose from ${FORMATS.join(', ')}`, undefined, Array.isArray(v.formats) ? `/${i}` : '');
    else formats.push(f as Format);
  }
  if (found.length) return { found };
  return {
    found,
    options: {
      transfers,
      ...(proxyType ? { proxyType } : {}),
      ...(proxyHost !== undefined ? { proxyHost, proxyHostIsAddress } : {}),
      ...(proxyPort !== undefined ? { proxyPort } : {}),
      ...(udpRange ? { udpRange } : {}),
      ...(deviceIp !== undefined ? { deviceIp } : {}),
      ...(wanIf !== undefined ? { wanIf } : {}),
      ...(wanIp !== undefined ? { wanIp } : {}),
      formats,
    },
  };
}

/** The design's firewall section with command-line flags on top, and where each value came from. */
function rawOptions(design: { file: string; firewall: FirewallOptions }, flags: FirewallFlags = {}): RawOptions {
  const raw: RawOptions = { values: { ...design.firewall }, where: {} };
  for (const k of Object.keys(design.firewall) as Array<keyof FirewallOptions>) raw.where[k] = { file: design.file, pointer: `/firewall/${k}` };
  for (const k of Object.keys(FLAG_OF) as FlagKey[]) {
    if (flags[k] !== undefined) {
      raw.values[k] = flags[k];
      delete raw.where[k];
    }
  }
  return raw;
}

/** Every problem with a design's firewall options (for validate), each naming the design file and its pointer. */
export function firewallOptionProblems(design: { file: string; firewall: FirewallOptions }): FirewallProblem[] {
  return checkOptions(rawOptions(design)).found;
}

/** The checked options for a command: the first problem is the user's error. */
export function firewallOptions(design: { file: string; firewall: FirewallOptions; text?: string }, flags: FirewallFlags = {}): PlanOptions {
  const r = checkOptions(rawOptions(design, flags));
  if (r.options) return r.options;
  const first = r.found[0]!;
  // A bad flag is a usage mistake of the firewall command (the only one that takes these flags).
  if (first.flag !== undefined) throw new UsageError('firewall', first.message);
  const line = first.file === design.file && design.text !== undefined ? locatePointer(design.text, first.pointer!)?.line : undefined;
  const place: Place = { file: first.file!, pointer: first.pointer!, ...(line !== undefined ? { line } : {}) };
  throw new UserError(first.message, EXIT_USAGE, place);
}
