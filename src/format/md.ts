/** Markdown for report.md: table cells and inline text that cannot break the layout. */
export function mdText(value: unknown): string {
  return String(value).replace(/[\r\n]+/g, ' ').replace(/([\\`*_[\]<>|])/g, '\\$1');
}

export function mdCode(value: unknown): string {
  const s = String(value).replace(/[\r\n]+/g, ' ');
  const ticks = s.includes('`') ? '``' : '`';
  return `${ticks}${ticks.length > 1 ? ' ' : ''}${s}${ticks.length > 1 ? ' ' : ''}${ticks}`;
}

export const mdHelpers = {
  md: (v: unknown) => mdText(v),
  mdCode: (v: unknown) => mdCode(v),
  join: (list: unknown[], sep: unknown) => (Array.isArray(list) ? list.map((x) => mdText(x)).join(typeof sep === 'string' ? sep : ', ') : ''),
};
