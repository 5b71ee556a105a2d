/**
 * Batch files for cmd.exe: `set NAME=VALUE` lines and `rem` comments, CRLF.
 * cmd expands %VAR% in every line (even in rem), treats ^ at a line end as a continuation, and
 * reads the file in the OEM code page, so text is limited to printable ASCII without % ^ & | < > ".
 */
import { rejectChars } from './text.js';
import { UserError } from '../errors.js';
import { helper, type HelperOptions } from './value.js';

const UNSAFE = /[^\x20-\x7e]|[%^&|<>"]/;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Text for a `rem` comment. */
export function batText(value: string, field = 'text'): string {
  rejectChars(value, UNSAFE, field, 'a batch file', 'cmd expands %, ^, &, |, <, > and quotes even in comments; use plain ASCII');
  return value;
}

/** A `set NAME=VALUE` line; an empty value clears the variable. */
export function batSet(name: string, value: string, field = 'variable'): string {
  if (!NAME.test(name)) throw new UserError(`${field}: ${JSON.stringify(name)} is not a valid batch variable name`);
  rejectChars(value, UNSAFE, field, 'a batch file value');
  if (value !== value.trimEnd()) throw new UserError(`${field}: a trailing space would become part of the value`);
  return `set ${name}=${value}`;
}

export const batHelpers = {
  bat: helper(['text'], (value: string, o: HelperOptions) => batText(value, o.hash?.field as string | undefined)),
  batSet: helper(['text', 'text'], (name: string, value: string, o: HelperOptions) => batSet(name, value, o.hash?.field as string | undefined)),
};

/** The bytes of a finished batch file: CRLF line ends, ASCII. */
export function encodeBat(text: string): Buffer {
  return Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'latin1');
}
