/** Escaping for the firewall outputs: HTML, CSV, XML, netsh command lines, shell-style comments. */
import { rejectChars } from './text.js';

import { htmlText } from './html.js'; export { htmlText };

/** One CSV field (RFC 4180); a leading = + - @ is defused so spreadsheets do not run it as a formula. */
export function csvField(v: unknown): string {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function xmlText(v: unknown): string {
  const s = String(v);
  rejectChars(s, /[\u0000-\u0008\u000b\u000c\u000e-\u001f]/, 'text', 'XML');
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A quoted netsh argument in a .cmd file: no quotes, no % (cmd would expand it), no control characters. */
export function netshQuote(v: unknown, field = 'rule name'): string {
  const s = String(v);
  rejectChars(s, /["%^&|<>]|[^\x20-\x7e]/, field, 'a netsh command line');
  return `"${s}"`;
}

/** A one-line comment for # (nft, iptables, ufw) or rem (cmd) files. */
export function lineComment(v: unknown): string {
  return String(v).replace(/[\r\n]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '');
}

export function remText(v: unknown): string {
  // cmd expands % even in rem lines and treats ^ at the end as a continuation.
  return lineComment(v).replace(/%/g, ' percent').replace(/[\^&|<>"]/g, '');
}

export const fwHelpers = {
  html: (v: unknown) => htmlText(v),
  csv: (v: unknown) => csvField(v),
  xml: (v: unknown) => xmlText(v),
  netsh: (v: unknown) => netshQuote(v),
  comment: (v: unknown) => lineComment(v),
  rem: (v: unknown) => remText(v),
};
