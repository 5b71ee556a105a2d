/**
 * Rewriting a batch design in place: every line that is not a plain `set SYSGEN_X=...` line stays
 * byte for byte where it was (comments, BSP_ and IMG settings settings, call and if lines, line ends); plain
 * Sysgen lines may be removed, and new `set` lines go after the last plain Sysgen line that stays.
 * Used by minimize, generate and validate --fix, which all say which lines they added or removed.
 */
import { batSet, batText } from '../format/bat.js';
import { minimizeDesign, missingSets, type Minimized } from '../analyze.js';
import { UserError } from '../errors.js';
import { continues, parseBatch } from './batch.js';
import type { Catalog } from '../catalog/types.js';
import type { Design } from './types.js';

export interface AddLine {
  id: string;
  /** A `rem` comment written before the `set` line. */
  comment?: string;
}

export interface BatchEdit {
  bytes: Buffer;
  /** Lines removed, by their number in the input. */
  removed: Array<{ line: number; text: string }>;
  /** Lines added, each after the input line it follows (0: at the top). */
  added: Array<{ after: number; text: string }>;
  /** The selections of the result, in file order. */
  select: string[];
}

/**
 * Keep the plain Sysgen selection lines whose id `keep` accepts (and every line a condition of the
 * file reads), remove the others, and add `add` (ids the result must set) after the last one kept.
 */
export function editBatch(design: Design, keep: (id: string) => boolean, add: readonly AddLine[]): BatchEdit {
  const src = design.batch;
  if (!src) throw new Error(`internal error: ${design.file} is not a batch design`);
  const { lines, sets, tested } = src;
  const drop = new Set<number>();
  for (const s of sets) if (s.plain && s.value === '1' && !keep(s.id) && !tested.has(s.id)) drop.add(s.line);
  const plainLines = sets.filter((s) => s.plain).map((s) => s.line);
  const kept = plainLines.filter((n) => !drop.has(n));
  // After the last plain Sysgen line that stays; else where the removed ones were; else at the end.
  const anchor = kept.length ? kept[kept.length - 1]! : plainLines.length ? plainLines[plainLines.length - 1]! : lines.length;
  const eol = lines.some((l) => l.eol.endsWith('\r\n')) || lines.length === 0 ? '\r\n' : '\n';
  if (add.length && anchor > 0 && continues(lines[anchor - 1]!.text)) {
    throw new UserError(`${design.file}:${anchor}: the line ends with ^, so cmd would join a line added after it; remove the ^ first`);
  }
  const newLines: string[] = [];
  for (const a of add) {
    if (a.comment !== undefined) newLines.push(`rem ${batText(a.comment, `comment for ${a.id}`)}`);
    newLines.push(batSet(a.id, '1', a.id));
  }
  const chunks: string[] = [];
  const removed: BatchEdit['removed'] = [];
  const emitAdded = () => {
    for (const t of newLines) chunks.push(t + eol);
  };
  if (anchor === 0) emitAdded();
  lines.forEach((l, i) => {
    const n = i + 1;
    if (drop.has(n)) {
      removed.push({ line: n, text: l.text });
    } else {
      // A last line without a line end gets one only when lines follow it.
      chunks.push(l.text + (l.eol === '' && n === anchor && newLines.length ? eol : l.eol));
    }
    if (n === anchor) emitAdded();
  });
  const removedIds = new Set(sets.filter((s) => drop.has(s.line)).map((s) => s.id));
  const keptOn = new Set(sets.filter((s) => !drop.has(s.line) && s.value === '1').map((s) => s.id));
  const selected = new Set(design.select);
  const select = [...design.select.filter((id) => !removedIds.has(id) || keptOn.has(id)), ...add.map((a) => a.id).filter((id) => !selected.has(id))];
  return {
    bytes: Buffer.from(chunks.join(''), 'latin1'),
    removed,
    added: newLines.map((text) => ({ after: anchor, text })),
    select,
  };
}

/** One line per change, for the terminal: `- line 12: set SYSGEN_X=1` / `+ after line 30: set SYSGEN_Y=1`. */
export function describeEdit(e: { removed?: BatchEdit['removed']; added: BatchEdit['added'] }): string[] {
  return [...(e.removed ?? []).map((r) => `- line ${r.line}: ${r.text}`), ...e.added.map((a) => `+ after line ${a.after}: ${a.text}`)];
}

/**
 * The `set` lines a batch design must add to be complete (analyze's missingSets: what cesysgen would
 * not set), each with a `rem` from `comment` when it gives one. validate --fix, minimize and generate
 * all add exactly these.
 */
export function missingLines(catalog: Catalog, design: Design, comment?: (id: string) => string | undefined, full?: Minimized['full']): AddLine[] {
  return missingSets(catalog, design, full).map((id) => {
    const c = comment?.(id);
    return c === undefined ? { id } : { id, comment: c };
  });
}

/**
 * `minimize` of a batch design as a batch file: the plain selections a build rule sets anyway are
 * removed, and the missing ones (missingLines) are added, so the result is complete and minimal.
 * `minimized` is minimizeDesign's result when the caller has it already.
 */
export function minimizeBatch(
  catalog: Catalog,
  design: Design,
  minimized: Minimized = minimizeDesign(catalog, design),
): BatchEdit & { closure: string[]; missing: string[] } {
  const { select, closure, full } = minimized;
  const minimal = new Set(select);
  // A batch design has no exclude list, so minimizeDesign's resolution is the one missingSets works from.
  const add = missingLines(catalog, design, undefined, full);
  const edit = editBatch(design, (id) => minimal.has(id), add);
  return { ...edit, closure, missing: add.map((a) => a.id) };
}

/** `generate` of a batch design: every line kept, each missing line added with a rem saying why. */
export function completeBatch(catalog: Catalog, design: Design, closure: ReadonlyArray<{ id: string; reason: string }>): BatchEdit {
  const reasons = new Map(closure.map((c) => [c.id, c.reason]));
  return editBatch(design, () => true, missingLines(catalog, design, (id) => `${id}: ${reasons.get(id) ?? 'required by the design'} (added by wcecfg generate)`));
}

/**
 * The design an edited batch file holds (read again, so its lines are the edited file's), keeping the
 * original's name and file: for checks that must describe the file written, such as generate's report.
 */
export function editedDesign(design: Design, edit: BatchEdit): Design {
  const d = parseBatch(edit.bytes, design.file);
  return { ...design, select: d.select, cleared: d.cleared, exclude: d.exclude, lines: d.lines, warnings: d.warnings, settings: d.settings ?? [], ...(d.batch ? { batch: d.batch } : {}), ...(d.text !== undefined ? { text: d.text } : {}) };
}
