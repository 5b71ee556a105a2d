import { readInput } from '../read.js';
import { enforceLimit, MAX_SELECTION } from '../limits.js';
import { basename, extname } from 'node:path';
import { parseJson } from '../jsonfile.js';
import { checkSchema } from '../schemas.js';
import { defaultDesignFile } from '../paths.js';
import { parseBatch } from './batch.js';
import { validatedAtBuild } from '../catalog/builtin.js';
import type { Design } from './types.js';
import type { Catalog } from '../catalog/types.js';

interface JsonDesign {
  name: string;
  description?: string;
  select: string[];
  exclude?: string[];
  cesysgenTree?: string;
  registry?: Design['registry'];
  firewall?: Design['firewall'];
  clients?: Design['clients'];
}

/** How the built-in design is named in messages and report.md: the same from any directory. */
export const DEFAULT_DESIGN_SHOWN = 'catalog/designs/messenger.json (built in)';

/** A reader for one design format: the file's bytes and its name as the user gave it. */
export type DesignReader = (buf: Buffer, file: string) => Design | Promise<Design>;

/**
 * The dispatch point for design formats by extension; each reader is loaded only when such a file
 * is given (the XML parser for .pbxml). JSON, and files whose extension says nothing, are told
 * apart by their content below.
 */
const READERS: Record<string, DesignReader> = {
  '.pbxml': async (buf, file) => (await import('./pbxml.js')).parsePbxml(buf, file),
  '.bat': (buf, file) => batchDesign(buf, file),
  '.cmd': (buf, file) => batchDesign(buf, file),
};

/** A batch design, within the selection limit. */
function batchDesign(buf: Buffer, shown: string): Design {
  const d = parseBatch(buf, shown);
  enforceLimit(shown, 'Sysgen variables set or cleared', d.select.length + d.cleared.length, MAX_SELECTION);
  return d;
}

/** Line of each string of the "select" array, found in one forward scan (ids are unique there). */
function selectLines(text: string, select: readonly string[]): Map<string, number> {
  const lines = new Map<string, number>();
  let pos = text.search(/"select"\s*:/);
  if (pos < 0) return lines;
  let line = 1;
  let counted = 0;
  for (const id of select) {
    const at = text.indexOf(JSON.stringify(id), pos);
    if (at < 0) break;
    for (; counted < at; counted++) if (text.charCodeAt(counted) === 10) line++;
    lines.set(id, line);
    pos = at + id.length + 2;
  }
  return lines;
}

/**
 * Read a design file for a catalog: JSON (by extension or content), a Platform Builder workspace
 * (.pbxml) or batch file; no file: the built-in Messenger design. A workspace's third-party Catalog
 * items that the catalog's .pbcxml files define become selections of the variables they set.
 */
export async function loadDesign(fileArg: string | undefined, catalog: Pick<Catalog, 'itemIds'>): Promise<Design> {
  const design = await readDesign(fileArg);
  if (!catalog.itemIds || !design.thirdParty?.length) return design;
  // Only a .pbxml has third-party items, so its reader (and the XML parser) is loaded already.
  return (await import('./pbxml.js')).bindCatalogItems(design, catalog.itemIds);
}

async function readDesign(fileArg?: string): Promise<Design> {
  const path = fileArg ?? defaultDesignFile;
  const shown = fileArg ?? DEFAULT_DESIGN_SHOWN;
  const buf = readInput(path, 'design file', shown);
  const ext = extname(path).toLowerCase();
  const reader = READERS[ext];
  if (reader) return reader(buf, shown);
  const firstChar = buf.toString('utf8').replace(/^\uFEFF/, '').trimStart()[0];
  // A Platform Builder workspace under another extension (XML).
  if (ext !== '.json' && firstChar === '<') return READERS['.pbxml']!(buf, shown);
  const isJson = ext === '.json' || firstChar === '{' || firstChar === '[';
  if (!isJson) return batchDesign(buf, shown);
  const text = buf.toString('utf8');
  const value = parseJson(text, shown);
  for (const k of ['select', 'exclude'] as const) {
    const list = (value as Record<string, unknown> | null)?.[k];
    if (Array.isArray(list)) enforceLimit(shown, `ids in /${k}`, list.length, MAX_SELECTION);
  }
  // The built-in design was validated at build time (src/build/catalog-hashes.mjs).
  if (!(fileArg === undefined && validatedAtBuild(`designs/${basename(defaultDesignFile)}`, path, text))) await checkSchema('design', value, shown, text);
  const d = value as JsonDesign;
  return {
    kind: 'json',
    file: shown,
    name: d.name,
    ...(d.description !== undefined ? { description: d.description } : {}),
    select: d.select,
    exclude: d.exclude ?? [],
    cleared: [],
    lines: selectLines(text, d.select),
    warnings: [],
    settings: [],
    ...(d.cesysgenTree !== undefined ? { cesysgenTree: d.cesysgenTree } : {}),
    registry: d.registry ?? {},
    firewall: d.firewall ?? {},
    clients: d.clients ?? [],
    text,
    json: value as Record<string, unknown>,
  };
}
