/**
 * Running a command and reporting how it ended: the one place that turns errors into output and
 * exit codes. With --json every outcome is JSON on standard output, so scripts never read stderr.
 */
import { EXIT_INTERNAL, EXIT_USAGE, UsageError, UserError } from './errors.js';
import { outJson } from './output.js';

/** One line, whatever a user-typed name held. */
const oneLine = (s: string) => s.replace(/[\r\n]+/g, ' ');

function jsonError(error: Record<string, unknown>): void {
  outJson({ error });
}

/** A usage mistake: the message, and where to read the usage of the command it was for. */
export function reportUsage(command: string | undefined, message: string, json: boolean): void {
  process.exitCode = EXIT_USAGE;
  if (json) return jsonError({ message: oneLine(message) });
  process.stderr.write(`wcecfg: ${oneLine(message)}\n(run \`wcecfg ${command ? `${command} ` : ''}--help\` for usage)\n`);
}

/** Any error: a user's mistake is one line and exit 2; anything else is a bug, said so, exit 70. */
export function reportError(e: unknown, json: boolean): void {
  if (e instanceof UsageError) return reportUsage(e.command, e.message, json);
  if (e instanceof UserError) {
    process.exitCode = e.exitCode;
    if (json) return jsonError({ message: oneLine(e.message), ...e.place });
    process.stderr.write(`wcecfg: ${oneLine(e.message)}\n`);
    return;
  }
  process.exitCode = EXIT_INTERNAL;
  const message = `internal error: ${e instanceof Error ? e.message : String(e)} (this is a bug in wcecfg; please report it with the command you ran)`;
  const debug = process.env.WCECFG_DEBUG === '1';
  if (json) jsonError({ message: oneLine(message), internal: true });
  else process.stderr.write(`wcecfg: ${oneLine(message)}\n`);
  if (debug && e instanceof Error && e.stack) process.stderr.write(`${e.stack}\n`);
  else if (!json) process.stderr.write('(set WCECFG_DEBUG=1 to see where it happened)\n');
}

/** Run a command handler and set the exit code from what it returns or throws. */
export async function runHandler(load: () => Promise<(a: Record<string, unknown>) => Promise<number>>, args: Record<string, unknown>): Promise<void> {
  try {
    process.exitCode = await (await load())(args);
  } catch (e) {
    reportError(e, args.json === true);
  }
}
