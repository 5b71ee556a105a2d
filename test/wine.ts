import { afterAll, beforeAll } from 'vitest';
/** Wine from Debian's packages: cmd, regedit and reg, in a throw-away prefix. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const hasWine = spawnSync('wine', ['--version'], { encoding: 'utf8' }).status === 0;
if (!hasWine) {
  if (process.env.CI) throw new Error('Wine is required in CI (.ci/run installs it)');
  console.warn('\n*** Wine is not installed: the tests against cmd, regedit and reg are SKIPPED (apt-get install wine) ***\n');
}

/** CP437, the OEM code page Wine's reg.exe prints in. */
const CP437_HIGH = 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';
export function fromCp437(buf: Buffer): string {
  let s = '';
  for (const b of buf) s += b < 0x80 ? String.fromCharCode(b) : CP437_HIGH[b - 0x80];
  return s;
}

export class WinePrefix {
  readonly dir = mkdtempSync(join(tmpdir(), 'wcecfg-wine-'));
  run(args: string[], opts: { cwd?: string } = {}): { code: number; stdout: Buffer; stderr: string } {
    const r = spawnSync('wine', args, {
      cwd: opts.cwd,
      env: { ...process.env, WINEPREFIX: this.dir, WINEDEBUG: '-all', WINEDLLOVERRIDES: 'mscoree,mshtml=', DISPLAY: '' },
      timeout: 120_000,
    });
    return { code: r.status ?? -1, stdout: r.stdout ?? Buffer.alloc(0), stderr: r.stderr?.toString() ?? '' };
  }
  /** A Windows path for a Linux one (Wine maps Z: to /). */
  static win(path: string): string {
    return 'Z:' + path.replace(/\//g, '\\');
  }
  dispose(): void {
    spawnSync('wineserver', ['-k'], { env: { ...process.env, WINEPREFIX: this.dir } });
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface QueriedValue {
  name: string;
  type: string;
  data: string;
}

/** `reg query KEY` parsed: the values of that key (not its subkeys). */
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

/** One throw-away prefix for a describe block: created (and Wine started) before its tests, removed after. */
export function useWinePrefix(): () => WinePrefix {
  let wine: WinePrefix | undefined;
  beforeAll(() => {
    wine = new WinePrefix();
    const boot = wine.run(['cmd', '/c', 'echo ready']);
    if (!/ready/.test(fromCp437(boot.stdout))) throw new Error(`Wine did not start: ${boot.stderr}`);
  }, 180_000);
  afterAll(() => wine?.dispose());
  return () => wine!;
}
