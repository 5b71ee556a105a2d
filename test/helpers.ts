import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const cliPath = join(root, 'dist', 'cli.js');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the built CLI as a user would. */
export function cli(args: string[], opts: { cwd?: string; input?: string } = {}): Run {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd: opts.cwd ?? root, input: opts.input ?? '', encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tmp(prefix = 'wcecfg-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function write(dir: string, name: string, content: string | Buffer): string {
  const p = join(dir, name);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, content);
  return p;
}

/** A user error: one line on stderr, no stack trace, exit 2. */
export function expectUserError(r: Run): string {
  if (r.code !== 2) throw new Error(`expected exit 2, got ${r.code}: ${r.stderr}${r.stdout}`);
  const lines = r.stderr.trim().split('\n').filter((l) => !/^\(run `wcecfg ([a-z-]+ )?--help` for usage\)$/.test(l));
  if (lines.length !== 1) throw new Error(`expected one line on stderr, got:\n${r.stderr}`);
  if (/\n\s+at .+:\d+:\d+/.test(r.stderr)) throw new Error(`stack trace printed:\n${r.stderr}`);
  return lines[0]!;
}

/**
 * The SYSGEN_MESSENGER closure as ../shared/reference/ce50-components.md lists it ("Expected closure
 * of SYSGEN_MESSENGER", section A documented dependencies and section B build rules), corrected by
 * ce50-corrections.md: SYSGEN_VOIP_SIGNALING and SYSGEN_VOIP_MEDIA are not CE 5.0 variables (§3), and
 * the RTC Client API (ms931949) needs TCP/IP, Winsock 2.2, Cryptography Services, Schannel, XML Core
 * Services, XML Query Languages and audio (§3); Schannel needs CryptoAPI 2.0 (ms925709) and its
 * build rule sets AUTH, CRYPTO, CERTS and TCPIP (build-files.md §2.3); the XML items need WinInet.
 */
export const DOCUMENTED_CLOSURE = [
  'SYSGEN_MESSENGER', 'SYSGEN_VOIP', 'SYSGEN_AUTH_KERBEROS', 'SYSGEN_CERTS', 'SYSGEN_IMAGING_GIF_DECODE', 'SYSGEN_IMAGING_PNG_DECODE',
  'SYSGEN_SHDOCVW', 'SYSGEN_STDIOA', 'SYSGEN_STRSAFE', 'SYSGEN_WININET', 'SYSGEN_WININET_TWEENER', 'SYSGEN_MINGDI', 'SYSGEN_MINGWES',
  'SYSGEN_MININPUT', 'SYSGEN_MINWMGR', 'SYSGEN_WINSOCK', 'SYSGEN_CREDMAN', 'SYSGEN_AUTH', 'SYSGEN_IMAGING',
  // RTC Client API (ms931949, ce50-corrections.md §3)
  'SYSGEN_TCPIP', 'SYSGEN_CRYPTO', 'SYSGEN_AUTH_SCHANNEL', 'SYSGEN_MSXML_DOM', 'SYSGEN_MSXML_XQL', 'SYSGEN_AUDIO',
];
export const BUILD_RULE_CLOSURE = [
  'SYSGEN_AUTH_KERBEROS', 'SYSGEN_AUTH', 'SYSGEN_CREDMAN', 'SYSGEN_CERTS', 'SYSGEN_CRYPTO', 'SYSGEN_CORESTRA', 'SYSGEN_TCPIP', 'SYSGEN_FULL_CRT',
  'SYSGEN_NDIS', 'SYSGEN_WINSOCK', 'SYSGEN_FMTMSG', 'SYSGEN_DEVICE', 'SYSGEN_MSGQUEUE', 'SYSGEN_STDIOA', 'SYSGEN_STRSAFE', 'SYSGEN_STDIO',
  'SYSGEN_SERDEV', 'SYSGEN_NKCOMPR', 'SYSGEN_NKMAPFILE', 'SYSGEN_FSADVERTISE', 'SYSGEN_LOCUSA', 'SYSGEN_MINGDI', 'SYSGEN_MINGWES',
  'SYSGEN_MININPUT', 'SYSGEN_MINWMGR', 'SYSGEN_FSPASSWORD', 'SYSGEN_PMSTUBS',
];
export const MESSENGER_CLOSURE = [...new Set([...DOCUMENTED_CLOSURE, ...BUILD_RULE_CLOSURE])].sort();
/**
 * Entries pulled in only by inferred facts: the Imaging core (the decoders' edge to it is not stated),
 * and the RTC Client API's "audio hardware" and "XML Query Languages", whose variable mappings are
 * inferred (ce50-corrections.md §3). SYSGEN_WININET and SYSGEN_WININET_TWEENER are documented now (§4).
 */
export const INFERRED = ['SYSGEN_IMAGING', 'SYSGEN_AUDIO', 'SYSGEN_MSXML_XQL'];

/** Run the CLI and keep standard output as bytes (for UTF-16LE .reg output). */
export function cliBytes(args: string[]): { code: number; stdout: Buffer; stderr: string } {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr.toString() };
}
