/**
 * Templates: Handlebars, compiled with noEscape (HTML escaping is wrong for every format we write)
 * and strict (a misspelt field is an error, not an empty string). Every value reaches a template
 * through a helper of its format module; an OEM directory (--templates) can replace any template.
 *
 * Built-in templates are precompiled at build time (src/build/templates.mjs) and run on the small
 * Handlebars runtime; the full compiler is loaded only for an OEM template, or for a built-in one
 * whose source changed since the build.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { readInput } from './read.js';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import HandlebarsRuntimeModule from 'handlebars/runtime.js';
import { EXIT_USAGE, UserError, type Place } from './errors.js';
import { didYouMean } from './suggest.js';
import { templatesDir } from './paths.js';
import { templates as precompiled } from './generated/templates.js';
import { batHelpers } from './format/bat.js';
import { ceregHelpers } from './format/cereg.js';
import { regHelpers } from './format/reg.js';
import { bibHelpers } from './format/bib.js';
import { mdHelpers } from './format/md.js';
import { fwHelpers } from './format/fw.js';
import { htmlHelpers } from './format/html.js';
import { helper, HelperRefusal, paramText, refusalText, type Helper } from './format/value.js';
import { parseStrict } from './template-strict.js';

export type Render = (name: string, data: object) => string;
type Template = (data: object) => string;

const OPTIONS = { noEscape: true, strict: true };
// The runtime build has the same API as the full one, less the compiler; its typings do not say so.
const HandlebarsRuntime = HandlebarsRuntimeModule as unknown as typeof import('handlebars');

/**
 * Every helper a template can call: the format modules' helpers, `extra` (the firewall's), and two
 * for layout. Each checks its parameters' kinds (src/format/value.ts) before it writes anything.
 */
export function templateHelpers(extra: Record<string, Helper> = {}): Record<string, Helper> {
  return {
    ...batHelpers, ...ceregHelpers, ...regHelpers, ...bibHelpers, ...mdHelpers, ...fwHelpers, ...htmlHelpers, ...extra,
    /** For `#if (eq group "ports")`: the same text (a number compares as its decimal text). */
    eq: helper(['text', 'text'], (a: string, b: string) => a === b),
    /** A 1-based count from @index. */
    inc: helper(['number'], (n: number) => n + 1),
  };
}

/** The names of the templates wcecfg renders, as paths under templates/ (`firewall/ufw.hbs`). */
export const TEMPLATE_NAMES: readonly string[] = Object.keys(precompiled).sort();

/** The .hbs files under `dir`, as paths relative to it with `/`. */
function hbsFiles(dir: string, prefix = ''): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((f) => {
    const rel = `${prefix}${f.name}`;
    if (f.isDirectory()) return hbsFiles(dir, `${rel}/`);
    return f.name.endsWith('.hbs') ? [rel] : [];
  }).sort();
}

/**
 * An OEM template directory: every .hbs file in it must replace a built-in template. A misspelt name
 * would otherwise be ignored, and the built-in template written in its place without a word.
 */
function checkTemplateDir(oemDir: string): void {
  if (!existsSync(oemDir) || !statSync(oemDir).isDirectory()) throw new UserError(`${oemDir}: no such template directory`, EXIT_USAGE, { file: oemDir });
  for (const rel of hbsFiles(oemDir)) {
    if (TEMPLATE_NAMES.includes(rel)) continue;
    const file = join(oemDir, rel);
    throw new UserError(`${file}: not a template wcecfg uses${didYouMean(rel, TEMPLATE_NAMES)}; a --templates directory holds only these names: ${TEMPLATE_NAMES.join(', ')}`, EXIT_USAGE, { file });
  }
}

export function createRenderer(extraHelpers: Record<string, Helper> = {}, oemDir?: string): Render {
  if (oemDir !== undefined) checkTemplateDir(oemDir);
  const runtime = HandlebarsRuntime.create();
  const helpers = templateHelpers(extraHelpers);
  runtime.registerHelper(helpers as never);
  let compiler: typeof import('handlebars') | undefined;
  const compile = (src: string): Template => {
    if (!compiler) {
      compiler = loadCompiler();
      compiler.registerHelper(helpers as never);
    }
    return compiler.compile(parseStrict(compiler, src) as never, OPTIONS) as Template;
  };
  const cache = new Map<string, { t: Template; file: string; src: string }>();
  const load = (name: string): { t: Template; file: string; src: string } => {
    const oem = oemDir !== undefined ? join(oemDir, name) : undefined;
    const file = oem && existsSync(oem) ? oem : join(templatesDir, name);
    const src = readInput(file, 'template').toString('utf8');
    const pre = precompiled[name];
    try {
      if (file !== oem && pre && pre.source === src) return { t: runtime.template(pre.spec as never) as unknown as Template, file, src };
      return { t: compile(src), file, src };
    } catch (e) {
      throw templateFailure(file, src, e);
    }
  };
  return (name, data) => {
    let entry = cache.get(name);
    if (!entry) cache.set(name, (entry = load(name)));
    try {
      return entry.t(data);
    } catch (e) {
      if (e instanceof HelperRefusal) throw refusal(entry.file, entry.src, e);
      if (e instanceof UserError) throw e;
      throw templateFailure(entry.file, entry.src, e);
    }
  };
}

/** The full Handlebars (with its compiler): for OEM templates, and to read a template back on an error. */
function loadCompiler(): typeof import('handlebars') {
  return (createRequire(import.meta.url)('handlebars') as typeof import('handlebars')).create();
}

type Loc = { start: { line: number; column: number }; end: { line: number; column: number } };
type Node = { type: string; loc?: Loc; original?: unknown; params?: Node[]; hash?: { pairs: Array<{ key: string; value: Node }> }; [k: string]: unknown };

/** The template text a node spans. */
function textAt(src: string, loc: Loc): string {
  const lines = src.split(/\r?\n/);
  if (loc.start.line === loc.end.line) return (lines[loc.start.line - 1] ?? '').slice(loc.start.column, loc.end.column);
  return (lines[loc.start.line - 1] ?? '').slice(loc.start.column) + ' ...';
}

/** The helper call (a {{mustache}}, block or (subexpression)) that starts at `at`, in the parsed template. */
function callAt(node: unknown, at: { line: number; column: number }): Node | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const n = node as Node;
  if (n.loc && n.loc.start.line === at.line && n.loc.start.column === at.column && Array.isArray(n.params)) return n;
  for (const v of Object.values(n)) {
    const children = Array.isArray(v) ? v : [v];
    for (const c of children) {
      if (c && typeof c === 'object' && c !== n.loc) {
        const found = callAt(c, at);
        if (found) return found;
      }
    }
  }
  return undefined;
}

/**
 * A helper's refusal with the template, the line and the field: the field as the template writes it
 * (`design`, `../regVersion`), read back from the template at the place Handlebars reports.
 */
function refusal(file: string, src: string, e: HelperRefusal): UserError {
  let what = paramText(e.param, e.label);
  if (e.loc) {
    try {
      const call = callAt(loadCompiler().parse(src), e.loc);
      const node = typeof e.param === 'number' ? call?.params?.[e.param] : call?.hash?.pairs.find((p) => p.key === e.param)?.value;
      if (node?.loc) {
        const text = textAt(src, node.loc);
        const named = node.type === 'PathExpression' ? `the field "${text}"` : node.type === 'SubExpression' ? `the value of ${text}` : `the value ${text}`;
        what = typeof e.param === 'number' ? `${named}${e.label !== undefined ? ` (field="${e.label}")` : ''}` : `${e.param}=${text}: ${named}`;
      }
    } catch {
      // The template compiled, so it parses; should it not, the message keeps the label or position.
    }
  }
  const line = e.loc?.line;
  return new UserError(`${file}: ${line !== undefined ? `line ${line}: ` : ''}${refusalText(e.helper, what, e.got, e.wants)}`, EXIT_USAGE, { file, ...(line !== undefined ? { line } : {}) });
}

/** A UserError for an error Handlebars raised, with its place (templateError's words). */
function templateFailure(file: string, src: string, e: unknown): UserError {
  const { text, line } = describeTemplateError(file, src, e);
  const place: Place = { file, ...(line !== undefined ? { line } : {}) };
  return new UserError(text, EXIT_USAGE, place);
}

/**
 * One line, in words, for an error Handlebars raised while compiling or running a template: the
 * template file, the line, and the field or the syntax at fault. Parse errors keep all they say
 * (the excerpt, the column the caret points at, what was expected); nothing says [object Object].
 */
export function templateError(file: string, src: string, e: unknown): string {
  return describeTemplateError(file, src, e).text;
}

function describeTemplateError(file: string, src: string, e: unknown): { text: string; line?: number } {
  const err = e as Error & { lineNumber?: number; column?: number };
  const message = String(err?.message ?? e);
  const parse = /^Parse error on line (\d+):\n(.*)\n(-*)\^\n(.*)$/s.exec(message);
  if (parse) {
    const [, line, excerpt, dashes, expected] = parse;
    return { text: `${file}: line ${line}: template syntax error near ${JSON.stringify(excerpt)} (column ${dashes!.length + 1} of that excerpt): ${expected!.replace(/\s+/g, ' ')}`, line: Number(line) };
  }
  const strict = /^"(.*)" not defined in /s.exec(message);
  if (strict && err.lineNumber !== undefined) {
    const name = strict[1]!;
    const text = src.split(/\r?\n/)[err.lineNumber - 1] ?? '';
    const path = /^[^\s}()=~]+/.exec(text.slice(err.column ?? 0))?.[0];
    const whole = path && path.split(/[./]/).includes(name) ? path : name;
    return { text: `${file}: line ${err.lineNumber}: the field "${whole}" does not exist; check its spelling`, line: err.lineNumber };
  }
  const undef = /^Cannot read properties of (?:undefined|null) \(reading '(.*)'\)$/.exec(message);
  if (undef) {
    // Handlebars gives no line here; name the lines whose paths go on to this part.
    const part = undef[1]!;
    const esc = part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const found = src.split(/\r?\n/).flatMap((l, i) => [...l.matchAll(new RegExp(`[\\w@./-]+\\.${esc}(?![\\w-])`, 'g'))].map((m) => ({ line: i + 1, path: m[0] }))).slice(0, 3);
    const where = found.map((f) => `line ${f.line} "${f.path}"`);
    const text = `${file}: ${where.length ? `${where.join(', ')}: ` : ''}a field that does not exist is followed by ".${part}"; check the spelling of the path that ends in "${part}"`;
    // The line only when it is the one candidate: with several, the place is one of them.
    return found.length === 1 ? { text, line: found[0]!.line } : { text };
  }
  const where = err.lineNumber !== undefined ? `line ${err.lineNumber}: ` : '';
  const text = `${file}: ${where}${message.replace(/ - \d+:\d+$/, '').replace(/\s*\n\s*/g, ' ')}`;
  return err.lineNumber !== undefined ? { text, line: err.lineNumber } : { text };
}
