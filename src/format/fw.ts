/** Escaping for the firewall outputs: CSV, XML, netsh command lines, shell-style comments. */
import { rejectChars } from './text.js';
import { batText } from './bat.js';
import { UserError } from '../errors.js';

/**
 * One CSV field (RFC 4180). A cell starting with = + - @, a tab or a carriage return is a formula
 * (or becomes one) in spreadsheets, so it gets a leading apostrophe, which they show as text.
 */
export function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n\t]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function xmlText(v: unknown): string {
  const s = String(v);
  rejectChars(s, /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/, 'text', 'XML');
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

type Hash = { hash?: { field?: string } };
export const fwHelpers = {
  csv: (v: unknown) => csvField(v),
  xml: (v: unknown) => xmlText(v),
  xmlComment: (v: unknown, o?: Hash) => xmlComment(v, o?.hash?.field),
  netsh: (v: unknown, o?: Hash) => netshQuote(v, o?.hash?.field),
  comment: (v: unknown) => lineComment(v),
  rem: (v: unknown, o?: Hash) => remText(v, o?.hash?.field),
  nftString: (v: unknown, o?: Hash) => ruleLabel(v, o?.hash?.field),
};
