/**
 * The one place that decides what a Sysgen variable name is to wcecfg: a catalog item, a variable
 * removed in CE 5.0, a variable of a later CE version, or unknown (with close suggestions only).
 * Every command routes names it did not find in the catalog through here, so they all say the same.
 */
import { suggest } from '../suggest.js';
import type { Catalog } from './types.js';

export type NameClass =
  | { kind: 'known'; id: string }
  | { kind: 'removed'; id: string; note: string }
  | { kind: 'later'; id: string; note: string }
  | { kind: 'unknown'; id: string; suggestions: string[] };

const REMOVED_NOTE = 'removed in Windows CE 5.0 (ms923645)';

/**
 * How many unknown names of one design get did-you-mean suggestions (each one is a search of the
 * whole catalog): the same limit for validate's findings and generate's report, so they agree.
 */
export const SUGGEST_FOR = 200;

/** What a name is to the catalog; `suggestions: false` leaves did-you-mean out (it compares the name with every item). */
export function classifyName(catalog: Catalog, name: string, opts: { suggestions?: boolean } = {}): NameClass {
  const id = name.toUpperCase();
  if (catalog.items.has(id)) return { kind: 'known', id };
  if (catalog.removed.has(id)) return { kind: 'removed', id, note: REMOVED_NOTE };
  const later = catalog.later.get(id);
  if (later !== undefined) return { kind: 'later', id, note: later };
  return { kind: 'unknown', id, suggestions: opts.suggestions === false ? [] : suggest(id, catalog.items.keys()) };
}

/** A short title for an item the catalog does not hold (shown where a Catalog title would be). */
export function outsiderTitle(c: Exclude<NameClass, { kind: 'known' }>): string {
  if (c.kind === 'removed') return 'not in the catalog: removed in Windows CE 5.0';
  if (c.kind === 'later') return 'not in the catalog: a later CE version\'s variable';
  return 'not in the catalog';
}

/** What a name is, in words: "SYSGEN_X was removed in Windows CE 5.0 (ms923645)", "unknown Sysgen variable SYSGEN_Y (did you mean SYSGEN_Z?)". */
export function describeName(c: Exclude<NameClass, { kind: 'known' }>): string {
  if (c.kind === 'removed') return `${c.id} was ${c.note}`;
  if (c.kind === 'later') return `${c.id} belongs to a later Windows CE version, not CE 5.0: ${c.note.replace(/^not a Windows CE 5\.0 (Sysgen )?variable[:;,]\s*/i, '')}`;
  const s = c.suggestions;
  const dym = s.length === 0 ? '' : ` (did you mean ${s.length === 1 ? s[0] : `${s.slice(0, -1).join(', ')} or ${s[s.length - 1]}`}?)`;
  return `unknown Sysgen variable ${c.id}${dym}`;
}

/**
 * Why `name` is not an item of the catalog, in words (removed in CE 5.0, a later version's, or
 * unknown with did-you-mean), or undefined when the catalog holds it: the one answer for every command.
 */
export function notInCatalog(catalog: Catalog, name: string): string | undefined {
  const k = classifyName(catalog, name);
  return k.kind === 'known' ? undefined : describeName(k);
}

/** The finding code for a name the catalog does not hold. */
export function nameCode(c: Exclude<NameClass, { kind: 'known' }>): 'removed' | 'later-version' | 'unknown' {
  return c.kind === 'later' ? 'later-version' : c.kind;
}
