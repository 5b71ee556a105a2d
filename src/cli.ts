#!/usr/bin/env node
/**
 * wcecfg command line. This module only wires arguments to the command modules in src/commands/,
 * which are loaded on demand so each command pays only for what it uses.
 */
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { UserError, EXIT_USAGE } from './errors.js';
import { didYouMean } from './suggest.js';

type Handler = (argv: Record<string, unknown>) => Promise<number>;

function lazy(load: () => Promise<Handler>): (argv: Record<string, unknown>) => Promise<void> {
  return async (argv) => {
    try {
      process.exitCode = await (await load())(argv);
    } catch (e) {
      if (e instanceof UserError) {
        process.stderr.write(`wcecfg: ${e.message}\n`);
        process.exitCode = e.exitCode;
        return;
      }
      throw e;
    }
  };
}

const designOpt = {
  alias: 'd',
  type: 'string',
  describe: 'design file (JSON or Platform Builder batch); default: the built-in Messenger design',
  normalize: false,
} as const;

export function buildCli(argv: string[]): Argv {
  const cli = yargs(argv)
    .scriptName('wcecfg')
    .usage('$0 <command> [options]\n\nWindows CE 5.0 OS design configurator for Windows Messenger.')
    .option('catalog', { type: 'string', array: true, describe: 'add an OEM catalog directory on top of the built-in one (repeatable)', global: true })
    .option('json', { type: 'boolean', describe: 'print machine-readable JSON', global: true })
    .command(
      'catalog <action> [id]',
      'list the catalog or show one component',
      (y) =>
        y
          .positional('action', { choices: ['list', 'show'] as const, describe: 'list: every component; show: one component' })
          .positional('id', { type: 'string', describe: 'Sysgen variable for show' })
          .option('area', { type: 'string', describe: 'list only components whose catalog area starts with this' })
          .example('$0 catalog list', 'every component with its catalog area and confidence')
          .example('$0 catalog show SYSGEN_MESSENGER', 'requirements with provenance, modules, registry and ports')
          .check((a) => {
            if (a.action === 'show' && !a.id) throw new Error('catalog show needs a Sysgen variable, e.g. wcecfg catalog show SYSGEN_MESSENGER');
            return true;
          }),
      lazy(async () => {
        const m = await import('./commands/catalog.js');
        return (a) => ((a.action as string) === 'show' ? m.show(a as never) : m.list(a as never));
      }),
    )
    .command(
      'resolve [ids..]',
      'print the closure of the design (or of the given Sysgen variables) in dependency order',
      (y) =>
        y
          .positional('ids', { type: 'string', array: true, describe: 'roots to resolve instead of the design' })
          .option('design', designOpt)
          .option('tree', { type: 'boolean', describe: 'draw the closure as a tree of shortest chains' })
          .example('$0 resolve', 'the closure of the built-in Messenger design')
          .example('$0 resolve SYSGEN_TCPIP --tree', 'what TCP/IP pulls in, as a tree')
          .example('$0 resolve --design my.bat --json', 'machine-readable closure of an existing batch design'),
      lazy(async () => (await import('./commands/resolve.js')).run as unknown as Handler),
    )
    .command(
      'explain <id>',
      'why an item is in the design, and what it pulls in',
      (y) =>
        y
          .positional('id', { type: 'string', describe: 'Sysgen variable' })
          .option('design', designOpt)
          .example('$0 explain SYSGEN_CREDMAN', 'the chain from SYSGEN_MESSENGER and every requirer with provenance'),
      lazy(async () => (await import('./commands/explain.js')).run as unknown as Handler),
    )
    .command(
      'validate <files..>',
      'check designs: missing requirements, unknown variables, redundant selections (exit 1 with findings)',
      (y) =>
        y
          .positional('files', { type: 'string', array: true, describe: 'design files (JSON or batch)' })
          .option('strict', { type: 'boolean', describe: 'warnings fail too' })
          .example('$0 validate MyDesign.bat', 'is this batch design complete before a two-hour build?')
          .example('$0 validate a.json b.bat --json', 'findings as JSON'),
      lazy(async () => (await import('./commands/validate.js')).run as unknown as Handler),
    )
    .command(
      'minimize <file>',
      'print the smallest set of explicit selections that gives the same closure',
      (y) =>
        y
          .positional('file', { type: 'string', describe: 'design file' })
          .option('format', { choices: ['json', 'bat'] as const, describe: 'output format (default: the input kind)' })
          .example('$0 minimize MyDesign.bat > Minimal.bat', 'keep only the selections nothing else implies'),
      lazy(async () => (await import('./commands/minimize.js')).run as unknown as Handler),
    )
    .command(
      'diff <a> <b>',
      'compare the closures of two designs (-removed, changed, +added)',
      (y) =>
        y
          .positional('a', { type: 'string', describe: 'old design' })
          .positional('b', { type: 'string', describe: 'new design' })
          .option('merge-style', { type: 'boolean', describe: 'print set lines that turn A into B' })
          .example('$0 diff old.bat new.json', 'what the new design adds and drops'),
      lazy(async () => (await import('./commands/diff.js')).run as unknown as Handler),
    )
    .completion('completion', 'print a bash/zsh completion script (source it from your shell profile)')
    .demandCommand(1, 'name a command; `wcecfg --help` lists them')
    .recommendCommands()
    .strict()
    .help()
    .alias('h', 'help')
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .epilogue('Exit codes: 0 success, 1 the design has findings, 2 bad input or usage.')
    .fail((msg, err) => {
      if (err && !(err instanceof UserError) && !/^(Unknown|Not enough|Missing|Invalid)/.test(err.message)) throw err;
      let text = msg || err?.message || 'invalid usage';
      if (text.startsWith('Did you mean')) text = `unknown command "${argv[0] ?? ''}". ${text}`;
      const unknown = /^Unknown arguments?: (.*)$/.exec(text);
      if (unknown) {
        const known = Object.keys((cli as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key).map((k) => `--${k}`);
        const commands = ['catalog', 'resolve', 'explain', 'validate', 'minimize', 'diff', 'completion'];
        const hints = unknown[1]!.split(', ').map((u) => {
          const isFlag = argv.some((a) => a === `--${u}` || a === `-${u}` || a.startsWith(`--${u}=`));
          const typed = isFlag ? `--${u}` : u;
          return didYouMean(typed, typed.startsWith('--') ? known : commands);
        });
        text += hints.filter(Boolean).join('');
      }
      const choice = /Given: "([^"]*)", Choices: (.*)$/m.exec(text);
      if (choice) text += didYouMean(choice[1]!, [...choice[2]!.matchAll(/"([^"]*)"/g)].map((m) => m[1]!));
      text = text.replace(/\s*\n\s*/g, ' ');
      process.stderr.write(`wcecfg: ${text}\n(run \`wcecfg --help\` for usage)\n`);
      process.exit(EXIT_USAGE);
    });
  return cli;
}

await buildCli(hideBin(process.argv)).parseAsync();
