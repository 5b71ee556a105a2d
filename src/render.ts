/**
 * Templates: Handlebars, compiled with noEscape (HTML escaping is wrong for every format we write)
 * and strict (a misspelt field is an error, not an empty string). Every value reaches a template
 * through a helper of its format module; an OEM directory (--templates) can replace any template.
 *
 * Built-in templates are precompiled at build time (src/build/templates.mjs) and run on the small
 * Handlebars runtime; the full compiler is loaded only for an OEM template, or for a built-in one
 * whose source changed since the build.
 */
import { existsSync, statSync } from 'node:fs';
import { readInput } from './read.js';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import HandlebarsRuntimeModule from 'handlebars/runtime.js';
import { UserError } from './errors.js';
import { templatesDir } from './paths.js';
import { templates as precompiled } from './generated/templates.js';
import { batHelpers } from './format/bat.js';
import { ceregHelpers } from './format/cereg.js';
import { regHelpers } from './format/reg.js';
import { bibHelpers } from './format/bib.js';
import { mdHelpers } from './format/md.js';
import { fwHelpers } from './format/fw.js';
import { htmlHelpers } from './format/html.js';
import { parseStrict } from './template-strict.js';

export type Render = (name: string, data: object) => string;
type Template = (data: object) => string;
type Helper = (...args: never[]) => unknown;

const OPTIONS = { noEscape: true, strict: true };
// The runtime build has the same API as the full one, less the compiler; its typings do not say so.
const HandlebarsRuntime = HandlebarsRuntimeModule as unknown as typeof import('handlebars');

export function createRenderer(extraHelpers: Record<string, Helper> = {}, oemDir?: string): Render {
  if (oemDir !== undefined && (!existsSync(oemDir) || !statSync(oemDir).isDirectory())) throw new UserError(`${oemDir}: no such template directory`);
  const runtime = HandlebarsRuntime.create();
  const helpers: Record<string, Helper> = {
    ...batHelpers, ...ceregHelpers, ...regHelpers, ...bibHelpers, ...mdHelpers, ...fwHelpers, ...htmlHelpers, ...extraHelpers,
    eq: (a: unknown, b: unknown) => a === b,
    inc: (n: unknown) => Number(n) + 1,
  } as Record<string, Helper>;
  runtime.registerHelper(helpers as never);
  let compiler: typeof import('handlebars') | undefined;
  const compile = (src: string): Template => {
    if (!compiler) {
      compiler = (createRequire(import.meta.url)('handlebars') as typeof import('handlebars')).create();
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
      throw new UserError(templateError(file, src, e));
    }
  };
  return (name, data) => {
    let entry = cache.get(name);
    if (!entry) cache.set(name, (entry = load(name)));
    try {
      return entry.t(data);
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new UserError(templateError(entry.file, entry.src, e));
    }
  };
}

/**
 * One line, in words, for an error Handlebars raised while compiling or running a template: the
 * template file, the line, and the field or the syntax at fault. Parse errors keep all they say
 * (the excerpt, the column the caret points at, what was expected); nothing says [object Object].
 */
export function templateError(file: string, src: string, e: unknown): string {
  const err = e as Error & { lineNumber?: number; column?: number };
  const message = String(err?.message ?? e);
  const parse = /^Parse error on line (\d+):\n(.*)\n(-*)\^\n(.*)$/s.exec(message);
  if (parse) {
    const [, line, excerpt, dashes, expected] = parse;
    return `${file}: line ${line}: template syntax error near ${JSON.stringify(excerpt)} (column ${dashes!.length + 1} of that excerpt): ${expected!.replace(/\s+/g, ' ')}`;
  }
  const strict = /^"(.*)" not defined in /s.exec(message);
  if (strict && err.lineNumber !== undefined) {
    const name = strict[1]!;
    const text = src.split(/\r?\n/)[err.lineNumber - 1] ?? '';
    const path = /^[^\s}()=~]+/.exec(text.slice(err.column ?? 0))?.[0];
    const whole = path && path.split(/[./]/).includes(name) ? path : name;
    return `${file}: line ${err.lineNumber}: the field "${whole}" does not exist; check its spelling`;
  }
  const undef = /^Cannot read properties of (?:undefined|null) \(reading '(.*)'\)$/.exec(message);
  if (undef) {
    // Handlebars gives no line here; name the lines whose paths go on to this part.
    const part = undef[1]!;
    const esc = part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const where = src.split(/\r?\n/).flatMap((l, i) => [...l.matchAll(new RegExp(`[\\w@./-]+\\.${esc}(?![\\w-])`, 'g'))].map((m) => `line ${i + 1} "${m[0]}"`)).slice(0, 3);
    return `${file}: ${where.length ? `${where.join(', ')}: ` : ''}a field that does not exist is followed by ".${part}"; check the spelling of the path that ends in "${part}"`;
  }
  const where = err.lineNumber !== undefined ? `line ${err.lineNumber}: ` : '';
  return `${file}: ${where}${message.replace(/ - \d+:\d+$/, '').replace(/\s*\n\s*/g, ' ')}`;
}
