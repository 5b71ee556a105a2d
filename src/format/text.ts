/** Character checks shared by the format modules. */
import { UserError } from '../errors.js';

function describeChar(c: string): string {
  const code = c.codePointAt(0)!;
  if (code === 10) return 'a newline';
  if (code === 13) return 'a carriage return';
  if (code === 0) return 'a NUL character';
  if (code < 32 || code === 127) return `a control character (U+${code.toString(16).toUpperCase().padStart(4, '0')})`;
  return `"${c}"`;
}

/** Why the first character matching `bad` is refused, naming the field and the format (undefined: none matches). */
export function charProblem(value: string, bad: RegExp, field: string, format: string, why = ''): string | undefined {
  const m = bad.exec(value);
  return m ? `${field}: ${describeChar(m[0])} cannot be written safely in ${format}${why ? ` (${why})` : ''}` : undefined;
}

/** Reject the first character matching `bad`, naming the field and the format. */
export function rejectChars(value: string, bad: RegExp, field: string, format: string, why = ''): void {
  const problem = charProblem(value, bad, field, format, why);
  if (problem !== undefined) throw new UserError(problem);
}

export const CONTROL = /[\u0000-\u001f\u007f]/;
export const NON_ASCII = /[^\u0000-\u007f]/;
