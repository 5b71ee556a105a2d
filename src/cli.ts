#!/usr/bin/env node
/**
 * wcecfg command line: only wiring. A plain invocation runs straight away; anything else (help,
 * completion, a usage mistake) goes to the yargs parser, which is loaded only then.
 */
import { COMMANDS, quickParse } from './commands/table.js';
import { runHandler } from './run.js';

async function main(argv: string[]): Promise<void> {
  const quick = quickParse(argv);
  if (quick) return runHandler(quick.spec.load, quick.args);
  const { runYargs } = await import('./yargs-cli.js');
  await runYargs(argv, COMMANDS);
}

await main(process.argv.slice(2));
