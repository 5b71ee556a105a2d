/**
 * What a template may hand a format helper. Every helper declares the kind of each parameter; a value
 * of another kind (an object, a list, null, a missing value, true/false where text is wanted) is
 * refused before the helper writes anything, with the helper and the template's field named, instead
 * of being written as `[object Object]`, `undefined` or `true`. render.ts adds the template file and
 * the line to the refusal (a helper does not know which file it runs in).
 */
import { UserError } from '../errors.js';

/**
 * `text`: a string or a finite number (written as its decimal text). `number`: a finite number. `version`: the .reg version, 4
 * or 5. `list`: an array of text. `record:<what>`: an object the helper documents (a registry value,
 * a .bib row...), checked by the helper's own guard.
 */
export type Kind = 'text' | 'number' | 'version' | 'list' | { record: string; check: (v: Record<string, unknown>) => boolean };

const REG_TYPES = new Set(['REG_SZ', 'REG_EXPAND_SZ', 'REG_DWORD', 'REG_QWORD', 'REG_BINARY', 'REG_MULTI_SZ', 'REG_NONE']);
const optionalText = (v: unknown) => v === undefined || typeof v === 'string';

/** A registry value as src/registry/model.ts types it: its data of the kind its type says. */
export function isRegValue(v: Record<string, unknown>): boolean {
  if ((v.name !== null && typeof v.name !== 'string') || !REG_TYPES.has(v.type as string) || !optionalText(v.field)) return false;
  const d = v.data;
  switch (v.type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return typeof d === 'string';
    case 'REG_MULTI_SZ':
      return Array.isArray(d) && d.every((s) => typeof s === 'string');
    case 'REG_DWORD':
      return typeof d === 'number';
    case 'REG_QWORD':
      return typeof d === 'bigint';
    default:
      return d instanceof Uint8Array;
  }
}

/** A registry key: its full path, and where it came from. */
export function isRegKey(v: Record<string, unknown>): boolean {
  return typeof v.path === 'string' && optionalText(v.field);
}

/** Handlebars' last argument to every helper. */
export interface HelperOptions {
  name?: string;
  hash?: Record<string, unknown>;
  loc?: { start: { line: number; column: number } };
}

/** A helper refusing a value: the template file is added by render.ts. */
export class HelperRefusal extends UserError {
  constructor(
    readonly helper: string,
    /** The parameter's position (0-based), or the hash key refused. */
    readonly param: number | string,
    /** What the value is, in words ("an object", "null"). */
    readonly got: string,
    /** What the helper takes, in words. */
    readonly wants: string,
    /** The field= label the template gave, if any. */
    readonly label: string | undefined,
    readonly loc: { line: number; column: number } | undefined,
  ) {
    super(refusalText(helper, paramText(param, label), got, wants));
  }
}

/** A refused parameter in words, when the template's own text for it is not known: its field= label, position or hash key. */
export function paramText(param: number | string, label: string | undefined): string {
  return typeof param === 'number' ? (label !== undefined ? `the field "${label}"` : `parameter ${param + 1}`) : `${param}=`;
}

/** The one line of a refusal once the place of the value is known. */
export function refusalText(helper: string, what: string, got: string, wants: string): string {
  return `${what} is ${got}, but {{${helper}}} writes only ${wants}`;
}

/** A value in words, never its contents ([object Object]). */
export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'missing (undefined)';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'boolean') return `${v} (a yes/no value)`;
  if (typeof v === 'number') return Number.isNaN(v) ? 'not a number (NaN)' : 'an infinite number';
  if (typeof v === 'string') return 'text';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

function wants(kind: Kind): string {
  if (kind === 'text') return 'text or a number';
  if (kind === 'number') return 'a number';
  if (kind === 'version') return 'a .reg version (4 or 5)';
  if (kind === 'list') return 'a list of text or numbers';
  return kind.record;
}

const isText = (v: unknown) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v));

function accepts(kind: Kind, v: unknown): boolean {
  if (kind === 'text') return isText(v);
  if (kind === 'number') return typeof v === 'number' && Number.isFinite(v);
  if (kind === 'version') return v === 4 || v === 5;
  if (kind === 'list') return Array.isArray(v) && v.every(isText);
  return typeof v === 'object' && v !== null && !Array.isArray(v) && kind.check(v as Record<string, unknown>);
}

/** A Handlebars helper as the format modules register it: a function with its parameter kinds. */
export type Helper = ((...args: unknown[]) => unknown) & { params: readonly Kind[] };

/**
 * A helper whose parameters are checked first. `fn` gets text parameters as strings (a number as its
 * decimal text), the others as given, and the options last. A `field=` hash value must be text.
 */
export function helper(params: readonly Kind[], fn: (this: unknown, ...args: never[]) => unknown): Helper {
  const h = function (this: unknown, ...args: unknown[]): unknown {
    // Handlebars passes the options last; a direct call (a test) may leave them out.
    const last = args[args.length - 1] as HelperOptions | undefined;
    const isOptions = args.length > params.length && typeof last === 'object' && last !== null && 'hash' in last;
    const options: HelperOptions = isOptions ? last : {};
    const given = isOptions ? args.slice(0, -1) : args;
    const name = options.name ?? 'helper';
    const loc = options.loc?.start;
    const label = options.hash?.field;
    if (label !== undefined && typeof label !== 'string') throw new HelperRefusal(name, 'field', describeValue(label), 'text', undefined, loc);
    const out: unknown[] = params.map((kind, i) => {
      const v = given[i];
      if (!accepts(kind, v)) throw new HelperRefusal(name, i, describeValue(v), wants(kind), label, loc);
      return kind === 'text' ? String(v) : v;
    });
    return (fn as (this: unknown, ...a: unknown[]) => unknown).call(this, ...out, options);
  };
  return Object.assign(h, { params });
}
