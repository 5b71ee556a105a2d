/** Exit codes: 0 success, 1 the design has findings, 2 bad input or usage, 70 a bug in wcecfg. */
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
/** EX_SOFTWARE from sysexits.h: an internal error, never a user's mistake. */
export const EXIT_INTERNAL = 70;

/** Where a mistake is, when a file is to blame. */
export interface Place {
  file?: string;
  line?: number;
  column?: number;
  pointer?: string;
}

/**
 * The place a `file:line[:column]: [/pointer: ]reason` message names, for errors built by modules
 * that give only the text (`file: /pointer: reason` too). A message with neither a line nor a pointer
 * names no place here (its first word could be anything); those pass the place to UserError themselves.
 */
export function placeOf(message: string): Place {
  const m = /^(.+?):(\d+)(?::(\d+))?: (?:(\/[^\s:]*): )?/.exec(message) ?? /^([^\s:][^:]*?)(?::(\d+)(?::(\d+))?)?: (\/[^\s:]*): /.exec(message);
  if (!m) return {};
  return {
    file: m[1]!,
    ...(m[2] !== undefined ? { line: Number(m[2]) } : {}),
    ...(m[3] !== undefined ? { column: Number(m[3]) } : {}),
    ...(m[4] !== undefined ? { pointer: m[4] } : {}),
  };
}

/**
 * A user's mistake (bad file, bad value, unknown name). The CLI prints its message on one line
 * (or as JSON with --json) and exits 2; it never prints a stack trace for it.
 */
export class UserError extends Error {
  readonly exitCode: number;
  readonly place: Place;
  constructor(message: string, exitCode: number = EXIT_USAGE, place?: Place) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
    this.place = place ?? placeOf(message);
  }
}

/**
 * A mistake in a command-line option: printed like a usage error, `command: --flag: reason`, with
 * the pointer to the command's --help.
 */
export class UsageError extends UserError {
  readonly command: string;
  constructor(command: string, message: string) {
    super(`${command}: ${message}`, EXIT_USAGE, {});
    this.name = 'UsageError';
    this.command = command;
  }
}

/**
 * A UserError reading `file:line: where: reason`, leaving out the parts that are unknown, with those
 * parts as its place. `where` is a JSON pointer (it starts with /) or another description of the place.
 */
export function locatedError(file: string | undefined, where: string | undefined, reason: string, line?: number): UserError {
  const text = [file !== undefined && line !== undefined ? `${file}:${line}` : file, where, reason].filter((x) => x !== undefined && x !== '').join(': ');
  return new UserError(text, EXIT_USAGE, {
    ...(file ? { file } : {}),
    ...(file && line !== undefined ? { line } : {}),
    ...(where?.startsWith('/') ? { pointer: where } : {}),
  });
}
