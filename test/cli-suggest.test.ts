/**
 * Did-you-mean only for close matches. Candidate lists: the firewall formats, and every CE 5.0
 * Sysgen variable from ../shared/reference/ce50-sysgen-facts.jsonl (the catalog grows towards
 * those 479; a typo must find the right one among all of them, and a wrong guess must not appear).
 */
import { describe, expect, test } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { didYouMean, suggest } from '../src/suggest.js';
import { FORMATS } from '../src/firewall/formats.js';
import { COMMAND_NAMES } from '../src/commands/table.js';
import { root } from './helpers.js';

const factsFile = join(root, '..', 'shared', 'reference', 'ce50-sysgen-facts.jsonl');
const FACTS = existsSync(factsFile) ? readFileSync(factsFile, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { sysgen: string }).sysgen) : [];
// The ids these tests rely on, for a checkout without ../shared (CI copies only the repository).
const SYSGEN = [...new Set([...FACTS, 'SYSGEN_BTH', 'SYSGEN_BTH_AG', 'SYSGEN_BTH_PAN', 'SYSGEN_PM', 'SYSGEN_PIE', 'SYSGEN_IE', 'SYSGEN_CREDMAN', 'SYSGEN_TCPIP', 'SYSGEN_TCPIP6', 'SYSGEN_MESSENGER', 'SYSGEN_WINSOCK'])];

describe('firewall formats', () => {
  test('a prefix of one format suggests it: nft -> nftables', () => {
    expect(suggest('nft', FORMATS)).toEqual(['nftables']);
    expect(suggest('ipt', FORMATS)).toEqual(['iptables']);
    expect(suggest('advfw', FORMATS)).toEqual([]);
  });
  test('nothing close, nothing suggested: pdf, xml, txt are not md, html, text', () => {
    expect(suggest('pdf', FORMATS)).toEqual([]);
    expect(suggest('xml', FORMATS)).toEqual([]);
    expect(didYouMean('pdf', FORMATS)).toBe('');
  });
  test('real typos are found', () => {
    expect(suggest('nftabels', FORMATS)).toEqual(['nftables']);
    expect(suggest('firewald', FORMATS)).toEqual(['firewalld']);
    expect(suggest('csb', FORMATS)).toEqual(['csv']);
  });
});

describe('Sysgen variables, among every CE 5.0 variable', () => {
  test('the list is the full one when ../shared is there', () => {
    if (FACTS.length) expect(FACTS.length).toBe(479);
  });
  test('swapped letters: SYSGEN_BHT -> SYSGEN_BTH', () => {
    expect(suggest('SYSGEN_BHT', SYSGEN)).toEqual(['SYSGEN_BTH']);
  });
  test('two different short names are not typos of each other: never SYSGEN_IE -> SYSGEN_PM', () => {
    const withoutIe = SYSGEN.filter((s) => s !== 'SYSGEN_IE');
    expect(suggest('SYSGEN_IE', withoutIe)).not.toContain('SYSGEN_PM');
    expect(suggest('SYSGEN_PM', SYSGEN.filter((s) => s !== 'SYSGEN_PM'))).not.toContain('SYSGEN_IE');
    expect(suggest('SYSGEN_XY', SYSGEN)).toEqual([]);
  });
  test('typos, case and a missing prefix', () => {
    expect(suggest('SYSGEN_CREDMANN', SYSGEN)).toEqual(['SYSGEN_CREDMAN']);
    expect(suggest('SYSGEN_CRDMAN', SYSGEN)).toEqual(['SYSGEN_CREDMAN']);
    expect(suggest('sysgen_winsok', SYSGEN)).toEqual(['SYSGEN_WINSOCK']);
    expect(suggest('MESSENGER', SYSGEN)).toEqual(['SYSGEN_MESSENGER']);
  });
  test('every variable typed with one letter dropped finds itself first', () => {
    let checked = 0;
    for (const id of SYSGEN) {
      const stem = id.slice('SYSGEN_'.length);
      if (stem.length < 6) continue;
      const typo = `SYSGEN_${stem.slice(0, 3)}${stem.slice(4)}`;
      if (SYSGEN.includes(typo)) continue;
      expect(suggest(typo, SYSGEN), typo).toContain(id);
      checked++;
    }
    expect(checked).toBeGreaterThan(FACTS.length ? 300 : 4);
  });
});

describe('commands and options', () => {
  test('close misspellings only', () => {
    expect(suggest('resolv', COMMAND_NAMES)).toEqual(['resolve']);
    expect(suggest('valdate', COMMAND_NAMES)).toEqual(['validate']);
    expect(suggest('lst', ['list', 'show'])).toEqual(['list']);
    expect(suggest('--jsn', ['--json', '--catalog'])).toEqual(['--json']);
    expect(suggest('build', COMMAND_NAMES)).toEqual([]);
    expect(suggest('x', COMMAND_NAMES)).toEqual([]);
  });
});
