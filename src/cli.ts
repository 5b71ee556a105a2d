#!/usr/bin/env node
/**
 * wcecfg command line: only wiring. A plain invocation is parsed by util.parseArgs from the command
 * table and runs straight away; help, completion and unusual syntax go to the yargs parser, which
 * is loaded only then. Both end in the same argument rules (src/argv.ts).
 */
import { COMMANDS, COMMAND_NAMES } from './commands/table.js';
import { fastParse } from './argv.js';
import { reportError, reportUsage, runHandler } from './run.js';
import { didYouMean } from './suggest.js';
import { VERSION } from './version.js';
import { setFlagsFromString } from 'node:v8';

// A run lasts a fraction of a second: V8's optimising compiler, started on the default budget, keeps
// the second core busy with functions that finish before their optimised code is used, and Node
// waits for those compile jobs at exit. Four times the budget (measured side by side on the 2-core
// machine): a 1,000-item .cec catalog 234 -> 159 ms, .pbcxml 214 -> 167 ms, JSON and the built-in
// catalog unchanged; at 50,000 items the hot loops are still optimised (about 7% slower there).
setFlagsFromString('--interrupt-budget=270336');

async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  if (argv.includes('--version') && argv.every((a) => a === '--version' || a === '--json')) {
    process.stdout.write(json ? JSON.stringify({ version: VERSION }) + '\n' : `${VERSION}\n`);
    return;
  }
  const first = argv[0];
  if (first !== undefined && !first.startsWith('-') && !COMMAND_NAMES.includes(first)) {
    return reportUsage(undefined, `unknown command ${JSON.stringify(first)}${didYouMean(first, COMMAND_NAMES)}`, json);
  }
  const quick = fastParse(argv, COMMANDS);
  if (quick) {
    if ('usage' in quick.parsed) return reportUsage(quick.spec.name, quick.parsed.usage, json);
    return runHandler(quick.spec.load, quick.parsed.args);
  }
  const { runYargs } = await import('./yargs-cli.js');
  await runYargs(argv, COMMANDS);
}

// `wcecfg catalog list | head`: once the reader has gone, stop quietly, as cat and grep do.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  reportError(e, false);
  process.exit();
});

try {
  await main(process.argv.slice(2));
} catch (e) {
  reportError(e, process.argv.includes('--json'));
}
