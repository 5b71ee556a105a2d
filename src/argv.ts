/**
 * From a command line to a command's typed arguments, in one place for both parsers.
 *
 * The command table (commands/table.ts) declares every option once. Two parsers read it:
 * Node's `util.parseArgs` runs plain invocations without loading yargs (`fastParse`), and yargs
 * handles help, completion and unusual syntax (yargs-cli.ts). Both hand what they tokenised to
 * `argsFor`, which applies every rule (unknown option, option given twice, choices, numbers,
 * positionals, the command's own check) and builds the handler's arguments. A property test
 * (test/cli-parse.test.ts) checks that the two agree.
 */
import { parseArgs } from 'node:util';
import { didYouMean } from './suggest.js';
import type { CommandSpec, OptSpec } from './commands/table.js';
import { GLOBAL_OPTIONS } from './commands/table.js';

/** What a parser read: each option's occurrences by its long name, the positionals, unknown options as typed. */
export interface RawInvocation {
  options: Map<string, Array<string | boolean>>;
  positionals: string[];
  unknown: string[];
}

export type Parsed = { args: Record<string, unknown> } | { usage: string };

export const camel = (s: string): string => s.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

export function optionsOf(spec: CommandSpec): Record<string, OptSpec> {
  return { ...GLOBAL_OPTIONS, ...spec.options };
}

function flag(name: string): string {
  return name.length === 1 ? `-${name}` : `--${name}`;
}

/** A whole number as people type it: digits, optionally signed; nothing else. */
function toNumber(text: string): number | undefined {
  return /^[+-]?\d{1,15}$/.test(text) ? Number(text) : undefined;
}

/** Every rule about a command's arguments; a usage message or the handler's arguments. */
export function argsFor(spec: CommandSpec, raw: RawInvocation): Parsed {
  const options = optionsOf(spec);
  const longNames = Object.keys(options).map((k) => `--${k}`);
  const u = raw.unknown[0];
  if (u !== undefined) return { usage: `${spec.name}: unknown option ${flag(u)}${didYouMean(flag(u), longNames)}` };
  const args: Record<string, unknown> = {};
  for (const [name, o] of Object.entries(options)) {
    const given = raw.options.get(name);
    if (!given || given.length === 0) {
      if (o.required) return { usage: `${spec.name} needs --${name}: ${o.describe}` };
      continue;
    }
    // A flag repeated changes nothing; a value given twice is a mistake (which one was meant?).
    if (!o.repeatable && o.type !== 'boolean' && given.length > 1) return { usage: `${spec.name}: --${name} was given ${given.length} times; give it once` };
    const values: unknown[] = [];
    for (const v of given) {
      if (o.type === 'boolean') {
        if (typeof v !== 'boolean') return { usage: `${spec.name}: --${name} takes no value` };
        values.push(v);
        continue;
      }
      if (typeof v !== 'string') return { usage: `${spec.name}: --${name} needs a value` };
      if (o.choices && !o.choices.includes(v)) {
        return { usage: `${spec.name}: --${name}: ${JSON.stringify(v)} is not one of ${o.choices.join(', ')}${didYouMean(v, o.choices)}` };
      }
      if (o.type === 'number') {
        const n = toNumber(v);
        if (n === undefined) return { usage: `${spec.name}: --${name}: ${JSON.stringify(v)} is not a whole number` };
        values.push(n);
      } else values.push(v);
    }
    // A repeated flag: the last one counts (--json --no-json is off), as in yargs.
    args[camel(name)] = o.repeatable ? values : values[values.length - 1];
  }
  let p = 0;
  for (const pos of spec.positionals) {
    if (pos.array) {
      const rest = raw.positionals.slice(p);
      p = raw.positionals.length;
      if (pos.required && rest.length === 0) return { usage: `${spec.name}: give at least one <${pos.name}>` };
      args[pos.name] = rest;
      continue;
    }
    const v = raw.positionals[p];
    if (v === undefined) {
      if (pos.required) return { usage: `${spec.name}: <${pos.name}> is missing` };
      continue;
    }
    if (pos.choices && !pos.choices.includes(v)) {
      return { usage: `${spec.name}: ${JSON.stringify(v)} is not one of ${pos.choices.join(', ')}${didYouMean(v, pos.choices)}` };
    }
    args[pos.name] = v;
    p++;
  }
  if (p < raw.positionals.length) return { usage: `${spec.name}: unexpected argument ${JSON.stringify(raw.positionals[p])}` };
  const problem = spec.check?.(args);
  if (problem) return { usage: problem };
  return { args };
}

/** util.parseArgs options for a command, from the same table. */
function parseArgsConfig(spec: CommandSpec) {
  const config: Record<string, { type: 'string' | 'boolean'; multiple: true; short?: string }> = {};
  for (const [name, o] of Object.entries(optionsOf(spec))) {
    config[name] = { type: o.type === 'boolean' ? 'boolean' : 'string', multiple: true, ...(o.alias ? { short: o.alias } : {}) };
  }
  return config;
}

/**
 * The fast path: a plain invocation (a known command, `--name value`, `--name=value`, `-x value`,
 * `--flag`) parsed with util.parseArgs. Anything a shell user rarely types and the two parsers
 * might read differently (`--`, `--no-flag`, grouped short flags, a value that starts with a dash, a
 * missing value, help/version) returns undefined and goes to yargs.
 */
export function fastParse(argv: readonly string[], commands: readonly CommandSpec[]): { spec: CommandSpec; parsed: Parsed } | undefined {
  const spec = commands.find((c) => c.name === argv[0]);
  if (!spec) return undefined;
  const rest = argv.slice(1);
  const options = optionsOf(spec);
  let tokens;
  try {
    ({ tokens } = parseArgs({ args: rest, options: parseArgsConfig(spec), strict: false, allowPositionals: true, tokens: true }));
  } catch {
    return undefined;
  }
  const raw: RawInvocation = { options: new Map(), positionals: [], unknown: [] };
  for (const t of tokens) {
    if (t.kind === 'option-terminator') return undefined;
    if (t.kind === 'positional') {
      if (t.value === '-' ) return undefined;
      raw.positionals.push(t.value);
      continue;
    }
    const arg = rest[t.index]!;
    if (!arg.startsWith('--') && arg.length !== 2) return undefined; // grouped short flags
    if (arg === '--help' || arg === '-h' || arg === '--version' || t.name.startsWith('no-')) return undefined;
    const o = options[t.name];
    if (!o) {
      if (t.value !== undefined && t.inlineValue === false) return undefined; // how much an unknown option takes is a guess
      raw.unknown.push(t.name);
      continue;
    }
    let v: string | boolean;
    if (o.type === 'boolean') {
      if (t.value !== undefined) return undefined;
      v = true;
    } else {
      if (t.value === undefined) return undefined;
      if (!t.inlineValue && t.value.startsWith('-')) return undefined;
      v = t.value;
    }
    const list = raw.options.get(t.name);
    if (list) list.push(v);
    else raw.options.set(t.name, [v]);
  }
  return { spec, parsed: argsFor(spec, raw) };
}
