/** Shared by the report tests: the batch design fixture and a `wcecfg generate` run into a fresh directory. */
import { expect } from 'vitest';
import { join } from 'node:path';
import { cli, tmp } from '../helpers.js';

/** A Platform Builder batch design: BSP/IMG settings, unknown names (one with a typo) and a CE 6.0 name. */
export const BATCH_FIXTURE = join(__dirname, '..', 'fixtures', 'designs', 'CounterKiosk.bat');

/** Markdown text back to plain text (report.md escapes _ \\ * ` | [ ]). */
export const plain = (s: string) => s.replace(/\\([\\_*`|[\]])/g, '$1');

/** `wcecfg generate --out <fresh dir> ...args`: the output directory and the terminal's text. */
export function generateTo(args: string[] = []): { out: string; stdout: string } {
  const out = join(tmp(), 'out');
  const r = cli(['generate', '--out', out, ...args]);
  expect(r.code, r.stderr).toBe(0);
  return { out, stdout: r.stdout };
}
