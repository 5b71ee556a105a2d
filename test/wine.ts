/**
 * Wine from Debian's packages: cmd, regedit and reg.
 *
 * Starting Wine is what costs: a new prefix takes 15-40 s to boot, and a wineserver that has shut
 * down (3 s after its last client) takes a second or two to come back with the registry. So a test
 * run prepares ONE prefix, the first time a test file asks for it, and keeps its wineserver running
 * until the run ends (test/support/wine-global.ts removes it). Registry checks export the keys a
 * test is about with one `regedit /e` per imported file and read the export with our own reader
 * (test/support/desktopreg.ts), instead of one `reg query` process per key.
 *
 * Test files share the prefix and may run at the same time: each works under its own keys and
 * deletes them when done.
 */
import { afterAll, beforeAll, inject } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDesktopReg, type DeskValue } from './support/desktopreg.js';

export const hasWine = spawnSync('wine', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasWine) {
  if (process.env.CI) throw new Error('Wine is required in CI (.ci/run installs it)');
  console.warn('\n*** Wine is not installed: the tests against cmd, regedit and reg are SKIPPED (apt-get install wine) ***\n');
}

/** CP437, the OEM code page Wine's cmd and reg.exe print in. */
const CP437_HIGH = 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';
export function fromCp437(buf: Buffer): string {
  let s = '';
  for (const b of buf) s += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80];
  return s;
}

const ENV = { WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=', DISPLAY: '' };

export interface QueriedValue {
  name: string;
  type: string;
  data: string;
}

const TYPE_NAMES: Record<number, string> = { 0: 'REG_NONE', 1: 'REG_SZ', 2: 'REG_EXPAND_SZ', 3: 'REG_BINARY', 4: 'REG_DWORD', 7: 'REG_MULTI_SZ', 11: 'REG_QWORD' };
const ROOTS: Record<string, string> = { HKCU: 'HKEY_CURRENT_USER', HKLM: 'HKEY_LOCAL_MACHINE', HKCR: 'HKEY_CLASSES_ROOT', HKU: 'HKEY_USERS' };

/** HKCU\x -> HKEY_CURRENT_USER\x, the form regedit writes. */
export function fullKey(key: string): string {
  const [root, ...rest] = key.split('\\');
  return [ROOTS[root!.toUpperCase()] ?? root!, ...rest].join('\\');
}

/** A value as `reg query` shows it: (Default), 0x hex DWORDs, binary as hex digits, strings without their NUL. */
function shown(v: DeskValue): QueriedValue {
  const type = TYPE_NAMES[v.type] ?? `REG_${v.type}`;
  let data: string;
  if (v.type === 1 && v.bytes === undefined) data = v.text!;
  else if (v.type === 4 && v.dword !== undefined) data = `0x${v.dword.toString(16)}`;
  else if (v.type === 1 || v.type === 2) data = v.text!.replace(/\0$/, '');
  else if (v.type === 7) data = v.text!.replace(/\0\0$/, '').split('\0').join('\\0');
  else data = (v.bytes ?? []).map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join('');
  return { name: v.name ?? '(Default)', type, data };
}

/** A registry subtree as regedit exported it, read with our own .reg reader. */
export class RegTree {
  private readonly keys = new Map<string, QueriedValue[]>();
  constructor(exported: Buffer | undefined) {
    if (!exported) return;
    const parsed = parseDesktopReg(exported);
    for (const k of parsed.keys) this.keys.set(k.toUpperCase(), []);
    for (const v of parsed.values) this.keys.get(v.key.toUpperCase())!.push(shown(v));
  }
  /** The values of one key (not its subkeys), like `reg query KEY`; undefined if the key does not exist. */
  values(key: string): QueriedValue[] | undefined {
    return this.keys.get(fullKey(key).toUpperCase());
  }
  has(key: string): boolean {
    return this.keys.has(fullKey(key).toUpperCase());
  }
  /**
   * Every key under `root` (itself included) with its values, sorted, leaving out `except` and their
   * subkeys: to check that nothing else there changed. Other test files may change keys elsewhere.
   */
  snapshot(root: string, ...except: string[]): Array<[string, QueriedValue[]]> {
    const top = fullKey(root).toUpperCase();
    const gone = except.map((k) => fullKey(k).toUpperCase());
    const under = (k: string, r: string) => k === r || k.startsWith(`${r}\\`);
    return [...this.keys].filter(([k]) => under(k, top) && !gone.some((g) => under(k, g))).sort((a, b) => (a[0] < b[0] ? -1 : 1));
  }
}

let exports = 0;

export class WinePrefix {
  /** A prefix of this test's own (slow: a new prefix boots), or the run's shared one. */
  constructor(readonly dir: string = mkdtempSync(join(tmpdir(), 'wcecfg-wine-'))) {}
  run(args: string[], opts: { cwd?: string } = {}): { code: number; stdout: Buffer; stderr: string } {
    const r = spawnSync('wine', args, { cwd: opts.cwd, env: { ...process.env, ...ENV, WINEPREFIX: this.dir }, timeout: 120_000 });
    return { code: r.status ?? -1, stdout: r.stdout ?? Buffer.alloc(0), stderr: r.stderr?.toString() ?? '' };
  }
  /** A Windows path for a Linux one (Wine maps Z: to /). */
  static win(path: string): string {
    return 'Z:' + path.replace(/\//g, '\\');
  }
  /**
   * Import .reg files with regedit (in order), then export each root with `regedit /e` and read the
   * exports back with our own reader. A root that does not exist reads as an empty tree. (Separate
   * Wine processes: through cmd, regedit keeps the quotes a key with spaces needs.)
   */
  importAndExport(files: readonly string[], roots: readonly string[]): { code: number; stderr: string; trees: RegTree[] } {
    for (const f of files) {
      const r = this.run(['regedit', '/s', WinePrefix.win(f)]);
      if (r.code !== 0) return { code: r.code, stderr: `regedit /s ${f}: ${r.stderr}`, trees: [] };
    }
    const dir = mkdtempSync(join(tmpdir(), 'wcecfg-regexport-'));
    const trees = roots.map((root) => {
      const out = join(dir, `export-${++exports}.reg`);
      this.run(['regedit', '/e', WinePrefix.win(out), fullKey(root)]);
      return new RegTree(existsSync(out) ? readFileSync(out) : undefined);
    });
    rmSync(dir, { recursive: true, force: true });
    return { code: 0, stderr: '', trees };
  }
  /** Export roots without importing anything. */
  exportTrees(roots: readonly string[]): RegTree[] {
    const r = this.importAndExport([], roots);
    if (r.code !== 0) throw new Error(`regedit /e failed: ${r.stderr}`);
    return r.trees;
  }
  /**
   * Delete keys (with their subkeys) and single values so the next test starts clean, with one
   * regedit import: `[-KEY]` lines, and `"name"=-` under `[KEY]` for values.
   */
  deleteKeys(keys: readonly string[], values: Record<string, readonly string[]> = {}): void {
    const dir = mkdtempSync(join(tmpdir(), 'wcecfg-regdelete-'));
    const f = join(dir, 'delete.reg');
    const lines = ['REGEDIT4', '', ...keys.map((k) => `[-${fullKey(k)}]`)];
    for (const [k, names] of Object.entries(values)) lines.push(`[${fullKey(k)}]`, ...names.map((n) => `"${n}"=-`));
    writeFileSync(f, lines.join('\r\n') + '\r\n', 'latin1');
    const r = this.run(['regedit', '/s', WinePrefix.win(f)]);
    rmSync(dir, { recursive: true, force: true });
    if (r.code !== 0) throw new Error(`could not delete ${keys.join(', ')}: ${r.stderr}`);
  }
  /**
   * Start Wine in this prefix (creating it) with a wineserver that stays up until dispose(). The
   * server comes first: Wine's background processes (services, explorer) start with the first
   * command and live as long as the server, so that command's output must go nowhere, or every
   * later spawnSync would wait for them to close its pipes.
   */
  boot(): void {
    const env = { ...process.env, ...ENV, WINEPREFIX: this.dir };
    const server = spawnSync('wineserver', ['-p'], { env, stdio: 'ignore', timeout: 30_000 });
    if (server.status !== 0) throw new Error(`wineserver -p failed (${server.status ?? server.signal})`);
    const boot = spawnSync('wine', ['cmd', '/c', 'echo ready'], { env, stdio: 'ignore', timeout: 240_000 });
    if (boot.status !== 0) throw new Error(`Wine did not start (${boot.status ?? boot.signal})`);
    const r = this.run(['cmd', '/c', 'echo ready']);
    if (!/ready/.test(fromCp437(r.stdout))) throw new Error(`Wine did not start: ${r.stderr}`);
  }
  dispose(): void {
    spawnSync('wineserver', ['-k'], { env: { ...process.env, WINEPREFIX: this.dir } });
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** `reg query KEY` parsed: the values of that key (not its subkeys). Prefer exportTrees for several keys. */
export function regQuery(prefix: WinePrefix, key: string): QueriedValue[] | undefined {
  const r = prefix.run(['reg', 'query', key]);
  if (r.code !== 0) return undefined;
  const text = fromCp437(r.stdout);
  const out: QueriedValue[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^ {4}(.*?) {4}(REG_[A-Z_]+)(?: {4}(.*))?$/.exec(line);
    if (m) out.push({ name: m[1]!, type: m[2]!, data: m[3] ?? '' });
  }
  return out;
}

/**
 * The run's shared prefix (see the top of this file). The first caller boots it; test files running
 * at the same time wait for it. test/support/wine-global.ts stops its wineserver and removes it.
 */
function sharedPrefix(): WinePrefix {
  const dir = inject('winePrefix');
  const prefix = new WinePrefix(dir);
  const ready = join(dir, '.wcecfg-ready');
  if (existsSync(ready)) return prefix;
  let owner = false;
  try {
    mkdirSync(join(dir, '.wcecfg-booting'));
    owner = true;
  } catch {
    /* another test file is booting it */
  }
  const failed = join(dir, '.wcecfg-failed');
  if (owner) {
    try {
      prefix.boot();
    } catch (e) {
      // The other test files waiting for it fail at once, with the reason.
      writeFileSync(failed, (e as Error).message);
      throw e;
    }
    writeFileSync(ready, '');
    return prefix;
  }
  const deadline = Date.now() + 240_000;
  while (!existsSync(ready)) {
    if (existsSync(failed)) throw new Error(`the shared Wine prefix did not start: ${readFileSync(failed, 'utf8')}`);
    if (Date.now() > deadline) throw new Error('the shared Wine prefix did not become ready');
    spawnSync('sleep', ['0.2']);
  }
  return prefix;
}

/** The shared prefix for a describe block, ready before its tests. */
export function useWinePrefix(): () => WinePrefix {
  let wine: WinePrefix | undefined;
  beforeAll(() => {
    wine = sharedPrefix();
  }, 300_000);
  afterAll(() => {
    wine = undefined;
  });
  return () => wine!;
}
