/**
 * The full yargs parser, built from the command table: help, completion, and invocations the fast
 * path leaves alone. yargs tokenises; the argument rules are argsFor's (src/argv.ts), run as a
 * middleware before yargs' own validation, so both paths give the same arguments and messages.
 */
import yargs, { type Argv, type Options, type PositionalOptions } from 'yargs';
import { COMMAND_NAMES, GLOBAL_OPTIONS, type CommandSpec, type OptSpec, type PosSpec } from './commands/table.js';
import { argsFor, camel, fastParse, optionsOf, valueProblem, type RawInvocation } from './argv.js';
import { EXIT_USAGE } from './errors.js';
import { reportUsage, runHandler } from './run.js';
import { VERSION } from './version.js';
import { didYouMean } from './suggest.js';

/**
 * What help says about an option. Choices are shown here rather than given to yargs: yargs would
 * check them before argsFor can, in its own words and without a suggestion.
 */
function describe(d: { describe: string; choices?: readonly string[]; type?: string }): string {
  return `${d.describe}${d.type === 'number' ? ' (a whole number)' : ''}${d.choices ? ` [one of: ${d.choices.join(', ')}]` : ''}`;
}
function opt(o: OptSpec, global: boolean): Options {
  return {
    // Numbers are read as text and converted by argsFor, so `--transfers two` is named, not NaN.
    type: o.type === 'boolean' ? 'boolean' : 'string',
    describe: describe(o),
    ...(o.type === 'boolean' ? {} : { requiresArg: true }),
    ...(o.alias ? { alias: o.alias } : {}),
    global,
  };
}
function pos(p: PosSpec): PositionalOptions {
  return { type: 'string', describe: describe(p), ...(p.array ? { array: true } : {}) };
}
/** The usage line as users read it (<required>, [optional], .. for lists). */
function usage(spec: CommandSpec): string {
  return ['$0', spec.name, ...spec.positionals.map((p) => (p.required ? `<${p.name}${p.array ? '..' : ''}>` : `[${p.name}${p.array ? '..' : ''}]`))].join(' ');
}

/** Prose wrapped at 100 columns; examples are not prose and are never wrapped. */
function wrap(text: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

/** Each example on its own line, whole, with what it does on the line below. */
function examplesText(spec: Pick<CommandSpec, 'examples'>): string {
  if (spec.examples.length === 0) return '';
  return ['Examples:', ...spec.examples.flatMap(([cmd, what]) => [`  ${cmd.replace(/\$0/g, 'wcecfg')}`, `      ${what}`])].join('\n');
}

/** What the arguments yargs parsed say, in argsFor's terms. */
function rawFromYargs(spec: CommandSpec, argv: Record<string, unknown>): RawInvocation {
  const options = optionsOf(spec);
  const raw: RawInvocation = { options: new Map(), positionals: [], unknown: [] };
  const known = new Set(['_', '$0', 'help', 'h']);
  for (const [name, o] of Object.entries(options)) {
    known.add(name).add(camel(name));
    if (o.alias) known.add(o.alias);
    const v = argv[name];
    if (v === undefined) continue;
    raw.options.set(name, (Array.isArray(v) ? v : [v]).map((x) => (typeof x === 'boolean' ? x : String(x))));
  }
  for (const p of spec.positionals) {
    known.add(p.name).add(camel(p.name));
    const v = argv[p.name];
    // Loops, not push(...list): a command line of 200,000 file names must not overflow the stack.
    if (Array.isArray(v)) for (const x of v) raw.positionals.push(String(x));
    else if (v !== undefined) raw.positionals.push(String(v));
  }
  const rest = argv._ as unknown[];
  for (let i = 1; i < rest.length; i++) raw.positionals.push(String(rest[i]));
  const keys = Object.keys(argv);
  for (const k of keys) {
    if (known.has(k)) continue;
    // yargs adds fooBar beside foo-bar; report what was typed.
    if (/[A-Z]/.test(k) && keys.some((o) => o !== k && camel(o) === k)) continue;
    raw.unknown.push(k);
  }
  return raw;
}

interface UsageHook {
  (command: string | undefined, message: string): never;
}

const exitOnUsage =
  (json: boolean): UsageHook =>
  (command, message) => {
    reportUsage(command, message, json);
    process.exit(EXIT_USAGE);
  };

export function buildYargs(argv: string[], commands: readonly CommandSpec[], onUsage: UsageHook = exitOnUsage(argv.includes('--json'))): Argv {
  const current = commands.find((c) => c.name === argv[0]);
  // What argsFor built for the command yargs is about to run (one command per parse).
  let args: Record<string, unknown> = {};
  let cli = yargs(argv)
    .scriptName('wcecfg')
    .usage('$0 <command> [options]\n\nWindows CE 5.0 OS design configurator for Windows Messenger.')
    .parserConfiguration({ 'parse-positional-numbers': false, 'parse-numbers': false });
  for (const [k, o] of Object.entries(GLOBAL_OPTIONS)) cli = cli.option(k, opt(o, true));
  for (const spec of commands) {
    cli = cli.command(
      usage(spec).slice(3),
      spec.describe,
      (y) => {
        // The words as typed, judged before yargs reads this command's options (the builder runs
        // first; the middleware would be too late): yargs would take `--dry-run=yes` as false, say
        // "Not enough arguments following: o", or read the h of `-dshow` as --help.
        const problem = argv.includes(`--${COMPLETION_KEY}`) ? undefined : valueProblem(spec, argv);
        if (problem) onUsage(spec.name, problem);
        y = y.usage(`${usage(spec)}\n\n${spec.describe}`);
        for (const p of spec.positionals) y = y.positional(p.name, pos(p));
        for (const [k, o] of Object.entries(spec.options)) y = y.option(k, opt(o, false));
        const epilogue = [spec.epilogue ? wrap(spec.epilogue) : '', examplesText(spec)].filter(Boolean).join('\n\n');
        return epilogue ? y.epilogue(epilogue) : y;
      },
      () => runHandler(spec.load, args),
      [
        (a) => {
          // A shell asking for completions of a half-typed line runs no command, nor does help.
          if (a.help || a[COMPLETION_KEY] !== undefined) return;
          const r = argsFor(spec, rawFromYargs(spec, a));
          if ('usage' in r) onUsage(spec.name, r.usage);
          args = r.args;
        },
      ],
    );
    // The middleware runs before yargs' own validation (applyBeforeValidation is its default).
  }
  return cli
    .completion('completion', COMPLETION.describe, (current: string, argv: { _: Array<string | number>; catalog?: string[] }, defaultCompletion: () => void, done: (completions: string[]) => void) => {
      // Sysgen ids after `catalog show`, `explain` and `resolve`; everything else as yargs does it.
      // Shells pass the words typed so far from the program's own name on (`wcecfg resolve SYSGEN_TC`).
      const words = argv._.map(String);
      if (words.length > 0 && !COMMAND_NAMES.includes(words[0]!)) words.shift();
      const before = words.length > 0 && words[words.length - 1] === current ? words.slice(0, -1) : words;
      void import('./catalog/complete.js')
        .then((m) => m.completeSysgenIds(before, current, argv.catalog ?? []))
        // All ids in one write, and yargs (which exits at once) told only when it is out: 479 separate
        // lines could still sit in a busy pipe when the process exits.
        .then((ids) => (ids === undefined ? defaultCompletion() : void process.stdout.write(ids.map((id) => `${id}\n`).join(''), () => done([]))), () => defaultCompletion());
    })
    // No command matched (cli.ts catches most of these before yargs is loaded).
    .command('$0', false, (y) => y, (a) => {
      const first = a._[0];
      onUsage(undefined, first === undefined ? 'name a command; `wcecfg --help` lists them' : `unknown command ${JSON.stringify(String(first))}${didYouMean(String(first), COMMAND_NAMES)}`);
    })
    .help()
    .alias('h', 'help')
    .version(false)
    .option('version', { type: 'boolean', describe: `print the version (${VERSION})`, global: false })
    // No wrapping: an example cut in the middle cannot be pasted; prose epilogues are wrapped above.
    .wrap(null)
    .epilogue('Exit codes: 0 success, 1 the design has findings, 2 bad input or usage, 70 a bug in wcecfg.')
    .fail((msg, err) => {
      // A message is yargs' own usage check; an error without one is a bug, reported as such.
      if (!msg && err) throw err;
      // A half-typed line being completed (`wcecfg generate -o<TAB>`) is not a mistake yet: no completions.
      if (argv.includes(`--${COMPLETION_KEY}`)) return;
      // yargs checks the number of positionals before argsFor runs; where the fast path's tokens
      // give argsFor's verdict, that is the message, so both paths say the same thing.
      const ours = current ? fastParse(argv, commands)?.parsed : undefined;
      onUsage(current?.name, ours && 'usage' in ours ? ours.usage : msg || 'invalid usage');
    });
}

/** The option yargs' completion script passes with the words typed so far. */
const COMPLETION_KEY = 'get-yargs-completions';

const COMPLETION = {
  describe: 'print a bash/zsh completion script (source it from your shell profile)',
  examples: [['$0 completion >> ~/.bashrc', 'complete wcecfg commands and options in new shells']] as const,
};

export async function runYargs(argv: string[], commands: readonly CommandSpec[]): Promise<void> {
  // yargs prints the script for `completion --help` too; help is what was asked for.
  if (argv[0] === 'completion' && argv.slice(1).some((a) => a === '--help' || a === '-h')) {
    process.stdout.write(`wcecfg completion\n\n${COMPLETION.describe}\n\n${examplesText(COMPLETION)}\n`);
    return;
  }
  await buildYargs(argv, commands).parseAsync();
}
