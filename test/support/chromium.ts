/** Headless Chromium for the HTML tests: one set of flags, and the non-blank screenshot check. */
import { expect } from 'vitest';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { write } from '../helpers.js';

/** Run Debian's chromium headless with a profile of its own under `dir` (no network chatter, no GPU). */
export function chromium(dir: string, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(
    'chromium',
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`, '--hide-scrollbars', ...args],
    { encoding: 'utf8', timeout: 90_000 },
  );
}

/**
 * Screenshot `page` at width x height and an empty page of the same size; a page of tables, text or
 * a graph compresses far worse than an empty one, so its PNG must be many times larger.
 */
export function expectNonBlankScreenshot(dir: string, page: string, width: number, height: number): void {
  const blank = write(dir, 'blank.html', '<!DOCTYPE html><html><body></body></html>');
  const shot = (src: string, png: string) => {
    const r = chromium(dir, `--window-size=${width},${height}`, `--screenshot=${png}`, `file://${src}`);
    expect(r.status, r.stderr).toBe(0);
    const buf = readFileSync(png);
    expect(buf.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([buf.readUInt32BE(16), buf.readUInt32BE(20)]).toEqual([width, height]);
    return buf.length;
  };
  expect(shot(page, join(dir, 'page.png'))).toBeGreaterThan(20 * shot(blank, join(dir, 'blank.png')));
}
