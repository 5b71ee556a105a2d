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

/** A word the parsers read as an option, not as the value before it: `-x`, `--x`, `--`; not `-`, `-1`. */
function looksLikeOption(word: string): boolean {
  return word.length >= 2 && word[0] === '-' && !(word[1]! >= '0' && word[1]! <= '9');
}

/**
 * What the words of a command line say about option values, judged from the spec alone, before
 * either parser reads them (the fast path and the yargs middleware both call this, with the same
 * words): util.parseArgs and yargs read these words differently, or in yargs' own English.
 * - A flag takes no value: `--flag=true` and `--flag=false` are on and off; any other value is a
 *   mistake (both parsers would otherwise read `--dry-run=yes` as off).
 * - An option that takes a value needs one: at the end of the line, or before another option, it
 *   has none (`generate -o`, `catalog list --area`).
 * - A short option glued to its value (`-obuild`) is read by one parser as `-o build` and by the
 *   other as `-o -b -u ...`: it is refused, with the spelling that works; `-o=build` stays.
 * Words after `--` are not options. The first mistake is reported; none when help is asked for
 * (`generate -o --help` shows help).
 */
export function valueProblem(spec: CommandSpec, words: readonly string[]): string | undefined {
  const end = words.indexOf('--');
  for (let i = 0; i < (end < 0 ? words.length : end); i++) if (words[i] === '--help' || words[i] === '-h') return undefined;
  const options = optionsOf(spec);
  const byAlias = new Map<string, string>();
  for (const [name, o] of Object.entries(options)) if (o.alias) byAlias.set(o.alias, name);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') return undefined;
    if (!looksLikeOption(w)) continue;
    let name: string | undefined;
    let inline: string | undefined;
    if (w.startsWith('--')) {
      const eq = w.indexOf('=');
      name = eq < 0 ? w.slice(2) : w.slice(2, eq);
      if (eq >= 0) inline = w.slice(eq + 1);
    } else {
      name = byAlias.get(w[1]!);
      if (name !== undefined && w.length > 2) {
        if (w[2] === '=') continue;
        const rest = w.slice(2);
        return `${spec.name}: ${w}: give -${w[1]} its value as the next word (-${w[1]} ${rest}) or write --${name}=${rest}`;
      }
    }
    const o = name === undefined ? undefined : options[name];
    if (!o) continue; // unknown options are argsFor's to report
    if (o.type === 'boolean') {
      if (inline !== undefined && inline !== 'true' && inline !== 'false') {
        return `${spec.name}: --${name} takes no value (got ${JSON.stringify(inline)}): write --${name}, or leave it out`;
      }
      continue;
    }
    if (inline !== undefined) continue;
    const next = words[i + 1];
    if (next === undefined || looksLikeOption(next)) return `${spec.name}: --${name} needs a value`;
    i++;
  }
  return undefined;
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
 * `--flag`, `--flag=true|false`) parsed with util.parseArgs, after valueProblem has judged the
 * words. Anything a shell user rarely types and the two parsers might read differently (`--`,
 * `--no-flag`, grouped short flags, a value that starts with a dash, help/version) returns
 * undefined and goes to yargs.
 */
export function fastParse(argv: readonly string[], commands: readonly CommandSpec[]): { spec: CommandSpec; parsed: Parsed } | undefined {
  const spec = commands.find((c) => c.name === argv[0]);
  if (!spec) return undefined;
  const rest = argv.slice(1);
  const problem = valueProblem(spec, rest);
  if (problem) return { spec, parsed: { usage: problem } };
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
      // valueProblem let only `--flag=true` and `--flag=false` through.
      v = t.value === undefined || t.value === 'true';
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
