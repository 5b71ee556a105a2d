/** Exit codes: 0 success, 1 the design has findings, 2 bad input or usage. */
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

/**
 * A user's mistake (bad file, bad value, unknown name). The CLI prints its message on one line
 * and exits 2; it never prints a stack trace for it.
 */
export class UserError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT_USAGE) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/** `file: where: reason`, leaving out the parts that are unknown. */
export function located(file: string | undefined, where: string | undefined, reason: string): string {
  return [file, where, reason].filter((x) => x !== undefined && x !== '').join(': ');
}
