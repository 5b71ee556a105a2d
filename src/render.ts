/**
 * Templates: Handlebars, compiled with noEscape (HTML escaping is wrong for every format we write)
 * and strict (a misspelt field is an error, not an empty string). Every value reaches a template
 * through a helper of its format module; an OEM directory (--templates) can replace any template.
 *
 * Built-in templates are precompiled at build time (src/build/precompile.mjs) and run on the small
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
    return compiler.compile(src, OPTIONS) as Template;
  };
  const cache = new Map<string, { t: Template; file: string }>();
  const load = (name: string): { t: Template; file: string } => {
    const oem = oemDir !== undefined ? join(oemDir, name) : undefined;
    const file = oem && existsSync(oem) ? oem : join(templatesDir, name);
    const src = readInput(file, 'template').toString('utf8');
    const pre = precompiled[name];
    try {
      if (file !== oem && pre && pre.source === src) return { t: runtime.template(pre.spec as never) as unknown as Template, file };
      return { t: compile(src), file };
    } catch (e) {
      throw new UserError(`${file}: ${(e as Error).message.split('\n')[0]}`);
    }
  };
  return (name, data) => {
    let entry = cache.get(name);
    if (!entry) cache.set(name, (entry = load(name)));
    try {
      return entry.t(data);
    } catch (e) {
      if (e instanceof UserError) throw e;
      throw new UserError(`${entry.file}: ${(e as Error).message.split('\n')[0]}`);
    }
  };
}
