/** Markdown for report.md: table cells and inline text that cannot break the layout. */
import { helper } from './value.js';

export function mdText(value: unknown): string {
  return String(value).replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<>|])/g, '\\$1');
}

export function mdCode(value: unknown): string {
  const s = String(value).replace(/[\r\n]+/g, ' ');
  // The fence is one backtick longer than the longest run inside, so no value can close it early.
  let longest = 0;
  for (const run of s.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const ticks = '`'.repeat(longest + 1);
  const pad = longest > 0 ? ' ' : '';
  return `${ticks}${pad}${s}${pad}${ticks}`;
}

export const mdHelpers = {
  md: helper(['text'], (v: string) => mdText(v)),
  mdCode: helper(['text'], (v: string) => mdCode(v)),
  /** The list's items as Markdown text, `sep` between them (the separator is layout, written as it is). */
  join: helper(['list', 'text'], (list: Array<string | number>, sep: string) => list.map((x) => mdText(x)).join(sep)),
};
