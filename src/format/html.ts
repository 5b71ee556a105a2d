/**
 * HTML for report.html and firewall.html: every catalog or design string reaches a page through
 * htmlText, so markup in a title (`<script>`, `<img onerror=...>`) shows as text. The graph's SVG,
 * made by Graphviz (which escapes its text itself), is checked tag by tag before it is inlined.
 */
import { UserError } from '../errors.js';
import { helper } from './value.js';

export function htmlText(v: unknown): string {
  return String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** An id or fragment for an anchor: letters, digits, _ and - only (Sysgen variables already are). */
export function htmlAnchor(prefix: string, v: unknown): string {
  const s = String(v);
  if (!/^[A-Za-z0-9_-]+$/.test(s)) throw new UserError(`${JSON.stringify(s)} cannot be used as a page anchor: letters, digits, _ and - only`);
  return `${prefix}-${s}`;
}

const ALLOWED_TAGS = new Set(['svg', 'g', 'title', 'text', 'path', 'polygon', 'polyline', 'ellipse', 'a', 'defs', 'desc', 'tspan', 'rect', 'circle', 'line']);

/**
 * Inline SVG drawn by Graphviz. Its text is escaped by Graphviz; this is a second line of defence:
 * only drawing elements, no event handler attributes, links only to anchors in the page.
 */
export function htmlSvg(v: unknown): string {
  const s = String(v).trim();
  if (!s.startsWith('<svg')) throw new UserError('graph: not an SVG document');
  const TAG = /<\/?([A-Za-z][\w:.-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  // Anything else that starts markup (a comment, CDATA, a processing instruction) is refused too.
  if (s.replace(TAG, '').includes('<')) throw new UserError('graph: the SVG has markup other than elements');
  for (const m of s.matchAll(TAG)) {
    const tag = m[1]!.toLowerCase();
    if (!ALLOWED_TAGS.has(tag)) throw new UserError(`graph: the SVG has a <${tag}> element, which is not drawn inline`);
    for (const a of m[2]!.matchAll(/([^\s=/]+)\s*=\s*("[^"]*"|'[^']*')/g)) {
      const name = a[1]!.toLowerCase();
      const value = a[2]!.slice(1, -1);
      if (name.startsWith('on')) throw new UserError(`graph: the SVG has an event handler attribute ${name}`);
      if ((name === 'href' || name === 'xlink:href') && !value.startsWith('#')) throw new UserError(`graph: the SVG links to ${value}, not to an anchor in the page`);
    }
  }
  return s;
}

export const htmlHelpers = {
  html: helper(['text'], (v: string) => htmlText(v)),
  anchor: helper(['text', 'text'], (prefix: string, v: string) => htmlAnchor(prefix, v)),
  svg: helper(['text'], (v: string) => htmlSvg(v)),
};
