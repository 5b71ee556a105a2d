/** The full yargs parser, built from the command table: help with examples, completion, did-you-mean. */
import yargs, { type Argv, type Options, type PositionalOptions } from 'yargs';
import { GLOBAL_OPTIONS, COMMAND_NAMES, type CommandSpec, type OptSpec, type PosSpec } from './commands/table.js';
import { EXIT_USAGE } from './errors.js';
import { didYouMean } from './suggest.js';
import { runHandler } from './run.js';

/** A usage mistake found by a command's own check. */
class UsageError extends Error {}

function opt(o: OptSpec, global = false): Options {
  return { type: o.type, describe: o.describe, ...(o.array ? { array: true } : {}), ...(o.alias ? { alias: o.alias } : {}), ...(o.choices ? { choices: [...o.choices] } : {}), ...(global ? { global: true } : {}) };
}
function pos(p: PosSpec): PositionalOptions {
  return { type: 'string', describe: p.describe, ...(p.array ? { array: true } : {}), ...(p.choices ? { choices: [...p.choices] } : {}) };
}
function usage(spec: CommandSpec): string {
  return [spec.name, ...spec.positionals.map((p) => (p.required ? `<${p.name}${p.array ? '..' : ''}>` : `[${p.name}${p.array ? '..' : ''}]`))].join(' ');
}

export function buildYargs(argv: string[], commands: CommandSpec[]): Argv {
  let cli = yargs(argv)
    .scriptName('wcecfg')
    .usage('$0 <command> [options]\n\nWindows CE 5.0 OS design configurator for Windows Messenger.');
  for (const [k, o] of Object.entries(GLOBAL_OPTIONS)) cli = cli.option(k, opt(o, true));
  for (const spec of commands) {
    cli = cli.command(
      usage(spec),
      spec.describe,
      (y) => {
        for (const p of spec.positionals) y = y.positional(p.name, pos(p));
        for (const [k, o] of Object.entries(spec.options)) y = y.option(k, opt(o));
        for (const [cmd, what] of spec.examples) y = y.example(cmd, what);
        if (spec.epilogue) y = y.epilogue(spec.epilogue);
        if (spec.check) {
          const check = spec.check;
          y = y.check((a) => {
            const msg = check(a);
            if (msg) throw new UsageError(msg);
            return true;
          });
        }
        return y;
      },
      (a) => runHandler(spec.load, a as Record<string, unknown>),
    );
  }
  return cli
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
      let text = msg || err?.message || 'invalid usage';
      // yargs' own validation errors and the table's checks are usage mistakes; anything else is a bug.
      if (err && err.name !== 'YError' && !(err instanceof UsageError)) throw err;
      if (text.startsWith('Did you mean')) text = `unknown command "${argv[0] ?? ''}". ${text}`;
      const unknown = /^Unknown arguments?: (.*)$/.exec(text);
      if (unknown) {
        const known = Object.keys((cli as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key).map((k) => `--${k}`);
        const hints = unknown[1]!.split(', ').map((u) => {
          const isFlag = argv.some((a) => a === `--${u}` || a === `-${u}` || a.startsWith(`--${u}=`));
          return isFlag ? didYouMean(`--${u}`, known) : didYouMean(u, COMMAND_NAMES);
        });
        text += hints.filter(Boolean).join('');
      }
      const choice = /Given: "([^"]*)", Choices: (.*)$/m.exec(text);
      if (choice) text += didYouMean(choice[1]!, [...choice[2]!.matchAll(/"([^"]*)"/g)].map((m) => m[1]!));
      text = text.replace(/\s*\n\s*/g, ' ');
      process.stderr.write(`wcecfg: ${text}\n(run \`wcecfg --help\` for usage)\n`);
      process.exit(EXIT_USAGE);
    });
}

export async function runYargs(argv: string[], commands: CommandSpec[]): Promise<void> {
  await buildYargs(argv, commands).parseAsync();
}
