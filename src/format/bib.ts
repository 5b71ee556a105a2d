/** Binary Image Builder (.bib) rows: `Name  Path  MemoryBlock  Type`, ASCII, CRLF. */
import { UserError } from '../errors.js';
import { helper } from './value.js';

const FILE = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\.[A-Za-z0-9]+$/;
const MEMORY = /^(?:[A-Za-z0-9_]+|\$\([A-Za-z0-9_]+\))$/;
const FLAGS = /^[SHRCUZDNKMQ]+$/;

export interface BibRow {
  name: string;
  memory: string;
  flags: string;
  field?: string;
}

/** One MODULES or FILES row, its file taken from $(_FLATRELEASEDIR). */
export function bibRow(row: BibRow): string {
  const field = row.field ?? `module ${JSON.stringify(row.name)}`;
  if (!FILE.test(row.name)) throw new UserError(`${field}: ${JSON.stringify(row.name)} is not a plain file name (no spaces or paths in .bib rows)`);
  if (!MEMORY.test(row.memory)) throw new UserError(`${field}: ${JSON.stringify(row.memory)} is not a MEMORY block name`);
  if (!FLAGS.test(row.flags)) throw new UserError(`${field}: ${JSON.stringify(row.flags)} has a type flag .bib files do not know`);
  const path = `$(_FLATRELEASEDIR)\\${row.name}`;
  return `    ${row.name.padEnd(15)} ${path.padEnd(39)} ${row.memory.padEnd(7)} ${row.flags}`.trimEnd();
}

const isBibRow = (r: Record<string, unknown>) => typeof r.name === 'string' && typeof r.memory === 'string' && typeof r.flags === 'string' && (r.field === undefined || typeof r.field === 'string');

export const bibHelpers = {
  bibRow: helper([{ record: 'a .bib row (name, memory, flags)', check: isBibRow }], (row: BibRow) => bibRow(row)),
};
