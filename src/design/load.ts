import { readInput } from '../read.js';
import { enforceLimit, MAX_SELECTION } from '../limits.js';
import { basename, extname, relative } from 'node:path';
import { UserError } from '../errors.js';
import { parseJson } from '../jsonfile.js';
import { checkSchema } from '../schemas.js';
import { defaultDesignFile } from '../paths.js';
import { parseBatch } from './batch.js';
import { validatedAtBuild } from '../catalog/builtin.js';
import type { Design } from './types.js';

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

/** Read a design file: JSON (by extension or content), a Platform Builder workspace (.pbxml) or batch file. No file: the built-in Messenger design. */
export async function loadDesign(fileArg?: string): Promise<Design> {
  const path = fileArg ?? defaultDesignFile;
  const shown = fileArg ?? relative(process.cwd(), defaultDesignFile);
  const buf = readInput(path, 'design file', shown);
  const ext = extname(path).toLowerCase();
  const firstChar = buf.toString('utf8').replace(/^\uFEFF/, '').trimStart()[0];
  // Platform Builder workspaces (XML): the parser is loaded only for them.
  if (ext === '.pbxml' || (ext !== '.json' && firstChar === '<')) return (await import('./pbxml.js')).parsePbxml(buf, shown);
  const isJson = ext === '.json' || (ext !== '.bat' && ext !== '.cmd' && (firstChar === '{' || firstChar === '['));
  if (!isJson) {
    const d = parseBatch(buf, shown);
    enforceLimit(shown, 'Sysgen variables set or cleared', d.select.length + d.cleared.length, MAX_SELECTION);
    return d;
  }
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
    lines: new Map(),
    warnings: [],
    ...(d.cesysgenTree !== undefined ? { cesysgenTree: d.cesysgenTree } : {}),
    registry: d.registry ?? {},
    firewall: d.firewall ?? {},
    clients: d.clients ?? [],
    text,
  };
}
