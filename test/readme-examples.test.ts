/**
 * The README's example outputs are what the tool prints: each example below is read out of
 * README.md (so an edit to either side fails here) and compared with the command's real output.
 */
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, root } from './helpers.js';

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const flat = readme.replace(/\s+/g, ' ');
/** Everything the command says, on either stream, on one line per message. */
const said = (args: string[]) => {
  const r = cli(args);
  return `${r.stdout}\n${r.stderr}`;
};

describe('README examples match the tool', () => {
  test('explain SYSGEN_TCPIP: the chain in the examples block is the one explain prints', () => {
    const m = /^wcecfg explain SYSGEN_TCPIP +# (SYSGEN_\w+(?: -> SYSGEN_\w+)+)/m.exec(readme);
    expect(m, 'the README example line').not.toBeNull();
    expect(said(['explain', 'SYSGEN_TCPIP'])).toContain(`in the design because: ${m![1]}\n`);
  });
  test('explain SYSGEN_CREDMAN shows the internal variable it names', () => {
    const m = /`wcecfg explain (SYSGEN_\w+)` shows `(via __SYSGEN_\w+)`/.exec(flat);
    expect(m).not.toBeNull();
    expect(said(['explain', m![1]!])).toContain(m![2]);
  });
  test('typo suggestions', () => {
    const cases: Array<[string[], RegExp]> = [
      [['resolv'], /`wcecfg resolv` → `(did you mean resolve\?)`/],
      [['resolve', '--jsn'], /`--jsn` → `(did you mean --json\?)`/],
      [['firewall', '--format', 'nft'], /`--format nft` → `(did you mean nftables\?)`/],
      [['resolve', 'SYSGEN_BHT'], /`SYSGEN_BHT` → `(did you mean SYSGEN_BTH\?)`/],
    ];
    for (const [args, inReadme] of cases) {
      const m = inReadme.exec(flat);
      expect(m, String(inReadme)).not.toBeNull();
      expect(said(args)).toContain(m![1]);
    }
    expect(said(['firewall', '--format', 'pdf'])).not.toMatch(/did you mean/);
    expect(flat).toContain('(`SYSGEN_WINSOK` → `SYSGEN_WINSOCK`)');
    expect(said(['resolve', 'SYSGEN_WINSOK'])).toContain('(did you mean SYSGEN_WINSOCK?)');
  });
  test('the unknown-name table quotes the warnings', () => {
    for (const [id, row] of [
      ['SYSGEN_DSOUND', /\| removed in CE 5\.0 [^|]*\| `([^`]+)` \|/],
      ['SYSGEN_VOIP_MEDIA', /\| a later CE version's [^|]*\| `([^`]+?)\.\.\.` \|/],
      ['SYSGEN_OEM_PANEL', /\| anything else \| `([^`]+)` /],
    ] as const) {
      const m = row.exec(readme);
      expect(m, id).not.toBeNull();
      expect(said(['resolve', id])).toContain(`wcecfg: warning: ${m![1]}`);
    }
  });
  test('the Messenger closure size and catalog search tcpstk', () => {
    const n = /The Messenger closure is (\d+) items/.exec(flat)![1];
    expect(said(['resolve'])).toContain(`\n${n} items from SYSGEN_MESSENGER;`);
    expect(flat).toContain('`catalog search tcpstk` answers "which variable brings Tcpstk.dll?"');
    expect(said(['catalog', 'search', 'tcpstk'])).toMatch(/SYSGEN_TCPIP +TCP\/IP +documented +module tcpstk/);
  });
});
