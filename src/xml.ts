/**
 * The one XML reader: Platform Builder .pbxml designs and .pbcxml catalogs. It wraps saxes, a strict,
 * non-validating parser that never reads a DTD: external entities are not fetched and entities
 * declared in a DOCTYPE are not expanded (a reference to one is an error), so neither XXE nor a
 * "billion laughs" payload gets through. Import this module only where an XML file is read (it is
 * loaded lazily, in its own chunk), so other commands do not pay for it.
 */
import { SaxesParser } from 'saxes';
import { UserError } from './errors.js';
import { bytes, MAX_INPUT_BYTES } from './limits.js';

export interface XmlElement {
  /** The name as written, prefix included. */
  name: string;
  /** The name without a namespace prefix. */
  local: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside this element, trimmed. */
  text: string;
  /** Line (1-based) of the `<` that opens the element. */
  line: number;
}

/** Larger text is refused before parsing (the input reader refuses larger files already): no real catalog or OS design comes close. */
export const MAX_XML_BYTES = MAX_INPUT_BYTES;
const MAX_DEPTH = 512;

/** Decode the bytes of an XML file: UTF-8 (with or without a BOM) or UTF-16 with a BOM, as Visual Studio writes it. */
export function decodeXml(buf: Buffer, file: string): string {
  if (buf.length > MAX_XML_BYTES) {
    throw new UserError(`${file}: ${bytes(buf.length)} is larger than wcecfg's limit for an XML catalog or design (${bytes(MAX_XML_BYTES)})`);
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    const swapped = Buffer.from(buf.subarray(2));
    swapped.swap16();
    return swapped.toString('utf16le');
  }
  const text = buf.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function reason(message: string): string {
  // saxes writes "line:column: message."; keep the message, drop the position (it is re-added once).
  const m = /^\d+:\d+: (.*?)\.?$/.exec(message);
  const r = (m ? m[1]! : message).replace(/[\r\n]+/g, ' ');
  if (/undefined entity/.test(r)) return `${r} (wcecfg reads no DTD: entities declared in a DOCTYPE are not expanded)`;
  return r;
}

/**
 * Parse XML text into a small element tree with line numbers; malformed XML is one UserError naming
 * file:line:column. With `onChild`, each child of the root element is handed over when it closes
 * and not kept in the tree, so a catalog of thousands of items is never held as one tree.
 */
export function parseXml(text: string, file: string, onChild?: (el: XmlElement, root: XmlElement) => void): XmlElement {
  const parser = new SaxesParser({ position: true });
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let startLine = 1;
  let failure: { line: number; column: number; message: string } | undefined;
  parser.on('opentagstart', () => {
    startLine = parser.line;
  });
  parser.on('opentag', (tag) => {
    const local = tag.name.includes(':') ? tag.name.slice(tag.name.indexOf(':') + 1) : tag.name;
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attrs[k] = typeof v === 'string' ? v : v.value;
    const el: XmlElement = { name: tag.name, local, attrs, children: [], text: '', line: startLine };
    const parent = stack[stack.length - 1];
    if (!parent) root = el;
    else if (!(onChild && stack.length === 1)) parent.children.push(el);
    stack.push(el);
    if (stack.length > MAX_DEPTH) throw Object.assign(new Error(`elements nested deeper than ${MAX_DEPTH} levels`), { xmlLine: startLine });
  });
  parser.on('text', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('cdata', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    const el = stack.pop();
    if (!el) return;
    el.text = el.text.trim();
    if (onChild && stack.length === 1) onChild(el, root!);
  });
  parser.on('error', (e) => {
    // The first error is the one to report; saxes may go on and report follow-on errors.
    failure ??= { line: parser.line, column: parser.column, message: e.message };
    throw e;
  });
  try {
    parser.write(text).close();
  } catch (e) {
    const line = (e as { xmlLine?: number }).xmlLine;
    if (line !== undefined) throw new UserError(`${file}:${line}: not well-formed XML: ${(e as Error).message}`);
    const f = failure ?? { line: parser.line, column: parser.column, message: (e as Error).message };
    throw new UserError(`${file}:${f.line}:${f.column}: not well-formed XML: ${reason(f.message)}`);
  }
  if (!root) throw new UserError(`${file}:1: not well-formed XML: no root element`);
  return root;
}

/** Child elements with this local name (case-insensitive, as Platform Builder files vary). */
export function childrenNamed(el: XmlElement, local: string): XmlElement[] {
  const l = local.toLowerCase();
  return el.children.filter((c) => c.local.toLowerCase() === l);
}

/**
 * The child elements of `el` by lower-case local name, worked out once: for reading many children
 * of one element (an <Item>), cheaper than a childrenNamed call for each.
 */
export function childIndex(el: XmlElement): (local: string) => XmlElement[] {
  const by = new Map<string, XmlElement[]>();
  for (const c of el.children) {
    const k = c.local.toLowerCase();
    const list = by.get(k);
    if (list) list.push(c);
    else by.set(k, [c]);
  }
  return (local) => by.get(local.toLowerCase()) ?? [];
}

/** Every element below `el` (document order, iteratively: deep files do not exhaust the stack). */
export function descendants(el: XmlElement): Array<{ el: XmlElement; parent: XmlElement }> {
  const out: Array<{ el: XmlElement; parent: XmlElement }> = [];
  const stack: Array<{ el: XmlElement; parent: XmlElement }> = el.children.map((c) => ({ el: c, parent: el })).reverse();
  while (stack.length) {
    const top = stack.pop()!;
    out.push(top);
    for (let i = top.el.children.length - 1; i >= 0; i--) stack.push({ el: top.el.children[i]!, parent: top.el });
  }
  return out;
}

/** An attribute by name, case-insensitive. */
export function attr(el: XmlElement, name: string): string | undefined {
  const l = name.toLowerCase();
  for (const [k, v] of Object.entries(el.attrs)) if (k.toLowerCase() === l || k.toLowerCase().endsWith(`:${l}`)) return v;
  return undefined;
}
