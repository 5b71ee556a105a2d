import { UserError } from './errors.js';
import type { Args } from './commands/table.js';

/** Run a command handler; a user's mistake becomes one line on stderr and its exit code, never a stack trace. */
export async function runHandler(load: () => Promise<(a: Args) => Promise<number>>, args: Args): Promise<void> {
  try {
    process.exitCode = await (await load())(args);
  } catch (e) {
    if (e instanceof UserError) {
      // One line, whatever a user-typed name held.
      process.stderr.write(`wcecfg: ${e.message.replace(/[\r\n]+/g, ' ')}\n`);
      process.exitCode = e.exitCode;
      return;
    }
    throw e;
  }
}
