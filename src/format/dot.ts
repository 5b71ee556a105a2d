/**
 * Graphviz DOT. Every name and label is a double-quoted string: `"` and `\` are escaped, a line
 * break becomes Graphviz's `\n`, so `dot` reads back exactly the text (a label's `\N`, `\G`...
 * escapes cannot be triggered by a title). Other control characters and lone surrogates are
 * refused with the field named: Graphviz would drop or mangle them.
 */
import { rejectChars } from './text.js';
import { htmlText } from './html.js';

const BAD = /[\u0000-\u0009\u000b-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A quoted DOT string (an ID or an attribute value of type escString). */
export function dotString(v: unknown, field = 'text'): string {
  const s = String(v).replace(/\r\n?/g, '\n');
  rejectChars(s, BAD, field, 'a Graphviz DOT file');
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

/** `name=value` pairs, in the order given; undefined values are left out. */
export function dotAttrs(attrs: Record<string, string | number | undefined>, field = 'attribute'): string {
  const parts = Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'number' ? String(v) : dotString(v, `${field} ${k}`)}`);
  return parts.length ? ` [${parts.join(', ')}]` : '';
}

/** Text inside a Graphviz HTML-like label (`label=<...>`): entities for & < > " ', control characters refused. */
export function dotHtml(v: unknown, field = 'text'): string {
  const s = String(v);
  rejectChars(s, /[\u0000-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/, field, 'a Graphviz HTML-like label');
  return htmlText(s);
}
