/** Escaping for the firewall outputs: CSV, XML, netsh command lines, shell-style comments. */
import { rejectChars } from './text.js';
import { batText } from './bat.js';
import { UserError } from '../errors.js';
import { helper, type HelperOptions } from './value.js';

/**
 * One CSV field (RFC 4180). A cell starting with = + - @, a tab or a carriage return is a formula
 * (or becomes one) in spreadsheets, so it gets a leading apostrophe, which they show as text.
 */
export function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function xmlText(v: unknown, field = 'text'): string {
  const s = String(v);
  rejectChars(s, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/, field, 'XML');
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * Text inside an XML comment: `--` may not appear in one, nor may it end with `-` (XML 1.0 §2.5).
 * Comments are not data, so a hyphen that follows another is spaced out instead of refusing the text.
 */
export function xmlComment(v: unknown, field = 'text'): string {
  const s = String(v).replace(/[\r\n]+/g, ' ');
  rejectChars(s, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/, field, 'an XML comment');
  return s.replace(/-(?=-)/g, '- ').replace(/-$/, '- ');
}

/**
 * A quoted netsh argument in a .cmd file, under the batch format's one rule (src/format/bat.ts):
 * printable ASCII without % ^ & | < > ", refused otherwise.
 */
export function netshQuote(v: unknown, field = 'rule name'): string {
  return `"${batText(String(v), field)}"`;
}

/** A `rem` line's text in a .cmd file: the batch format's refusing rule, not a silent rewrite. */
export function remText(v: unknown, field = 'comment'): string {
  return batText(lineComment(v), field);
}

/** A one-line comment for # (nft, iptables, ufw) files. */
export function lineComment(v: unknown): string {
  return String(v).replace(/[\r\n]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '');
}

/** A quoted label (nft `comment "..."`, iptables `--comment "..."`): plain words only, refused otherwise. */
export function ruleLabel(v: unknown, field = 'rule label'): string {
  const s = String(v);
  rejectChars(s, /[^A-Za-z0-9 _.:,()+-]/, field, 'an nft or iptables comment');
  if (s.length === 0 || s.length > 128) throw new UserError(`${field}: an nft or iptables comment holds 1 to 128 characters, not ${s.length}`);
  return `"${s}"`;
}

const field = (o: HelperOptions) => o.hash?.field as string | undefined;
export const fwHelpers = {
  csv: helper(['text'], (v: string) => csvField(v)),
  xml: helper(['text'], (v: string, o: HelperOptions) => xmlText(v, field(o))),
  xmlComment: helper(['text'], (v: string, o: HelperOptions) => xmlComment(v, field(o))),
  netsh: helper(['text'], (v: string, o: HelperOptions) => netshQuote(v, field(o))),
  comment: helper(['text'], (v: string) => lineComment(v)),
  rem: helper(['text'], (v: string, o: HelperOptions) => remText(v, field(o))),
  nftString: helper(['text'], (v: string, o: HelperOptions) => ruleLabel(v, field(o))),
};
