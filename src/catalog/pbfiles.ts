/**
 * Platform Builder catalog files (.cec, .pbcxml) on top of the wcecfg catalog: read each file, parse
 * it (cec.ts, pbcxml.ts), link Children/Dependency references across files, and merge the items
 * into the catalog being loaded. An item whose Sysgen variable the catalog already knows keeps the
 * catalog's facts and gains the file's requirements and modules; a new variable becomes a new item.
 * Loaded only when such a file is named (or found under --wince-root).
 */
import { UserError } from '../errors.js';
import { enforceLimit, MAX_CATALOG_EDGES, MAX_CATALOG_ITEMS } from '../limits.js';
import { readInput } from '../read.js';
import { looksBinary } from '../design/batch.js';
import { addChild, parseCec, type PendingChild } from './cec.js';
import type { Component } from './types.js';

export interface CatalogWarning {
  file: string;
  line?: number;
  message: string;
}

/** A catalog entry as load.ts keeps it: for Platform Builder items, `shown` is file:line and `at` is empty. */
export interface LoadedComponent {
  component: Component;
  file: string;
  shown: string;
  at: string;
}

/** Read a Platform Builder text file through the one input reader (regular files only, size limit), each mistake one line naming the file. */
export function readPbFile(path: string, shown: string, what: string): Buffer {
  return readInput(path, what, shown);
}

/** The line of the first byte that is not text, for the "binary garbage" message. */
export function firstBinaryLine(buf: Buffer): number | undefined {
  let line = 1;
  for (const b of buf) {
    if (b === 10) line++;
    else if (b === 0 || (b < 0x20 && b !== 9 && b !== 13 && b !== 0x0c && b !== 0x1a)) return line;
  }
  return undefined;
}

function cecText(buf: Buffer, shown: string): string {
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  if (looksBinary(buf)) throw new UserError(`${shown}:${firstBinaryLine(buf) ?? 1}: not a text .cec file (binary content)`);
  // UTF-8 when the bytes are UTF-8 (a BOM is dropped), else the ANSI code page, read as Latin-1.
  const utf8 = buf.toString('utf8');
  if (!utf8.includes('\uFFFD')) return utf8.charCodeAt(0) === 0xfeff ? utf8.slice(1) : utf8;
  return buf.toString('latin1');
}

interface Parsed {
  file: string;
  components: Component[];
  pending: PendingChild[];
}

/** Parse the named .cec/.pbcxml files and merge their items into `byId`. Errors throw; warnings are collected. */
async function mergePlatformBuilder(
  byId: Map<string, LoadedComponent>,
  paths: Array<{ path: string; shown: string }>,
  warnings: CatalogWarning[],
  itemIds: Map<string, string> = new Map(),
): Promise<void> {
  const parsed: Parsed[] = [];
  const guids = new Map<string, string>();
  const count = { items: 0, edges: 0 };
  for (const { path, shown } of paths) {
    const isCec = path.toLowerCase().endsWith('.cec');
    const buf = readPbFile(path, shown, isCec ? 'Catalog file (.cec)' : 'Catalog file (.pbcxml)');
    let r;
    if (isCec) {
      r = parseCec(cecText(buf, shown), shown);
      for (const [g, id] of r.guids) if (!guids.has(g)) guids.set(g, id);
    } else {
      const [{ parsePbcxml }, { decodeXml }] = await Promise.all([import('./pbcxml.js'), import('../xml.js')]);
      const x = parsePbcxml(decodeXml(buf, shown), shown);
      for (const [g, id] of x.itemIds) {
        if (!guids.has(g)) guids.set(g, id);
        if (id && !itemIds.has(g)) itemIds.set(g, id);
      }
      r = x;
    }
    const err = r.problems.find((p) => p.severity === 'error');
    if (err) throw new UserError(`${shown}:${err.line}: ${err.message}`);
    enforceLimit(shown, 'catalog components (the built-in catalog and the catalog files so far)', (count.items += r.components.length) + byId.size, MAX_CATALOG_ITEMS);
    enforceLimit(shown, 'requirement edges of the catalog files (counted up to this file)', (count.edges += r.components.reduce((n, c) => n + c.requires.length, 0)), MAX_CATALOG_EDGES);
    for (const p of r.problems) warnings.push({ file: shown, line: p.line, message: p.message });
    parsed.push({ file: shown, components: r.components, pending: r.pending });
  }

  // Links to items of other files, now that every file is read.
  for (const p of parsed) {
    const local = new Map(p.components.map((c) => [c.id, c]));
    for (const ch of p.pending) {
      const to = guids.get(ch.guid);
      if (to === '') continue;
      if (to === undefined) {
        warnings.push({ file: p.file, line: ch.line, message: `${ch.from}: link to ${ch.guid}, which no Catalog file read defines; ignored` });
        continue;
      }
      addChild(local.get(ch.from)!, to, `${p.file}:${ch.line}`);
    }
  }

  for (const p of parsed) {
    for (const c of p.components) {
      const prior = byId.get(c.id);
      if (!prior) {
        byId.set(c.id, { component: c, file: p.file, shown: c.sources[0] ?? p.file, at: '' });
        continue;
      }
      // Known variable: keep the catalog's facts, add what the file says on top.
      const merged: Component = { ...prior.component, requires: [...prior.component.requires], modules: [...prior.component.modules], sources: [...prior.component.sources] };
      for (const r of c.requires) if (!merged.requires.some((x) => x.id === r.id && x.kind === r.kind)) merged.requires.push(r);
      for (const m of c.modules) if (!merged.modules.some((x) => x.name === m.name)) merged.modules.push(m);
      for (const s of c.sources) if (!merged.sources.includes(s)) merged.sources.push(s);
      byId.set(c.id, { ...prior, component: merged });
    }
  }

  // A requirement on a variable nothing defines (an internal __SYSGEN_ name, another vendor's item) is dropped with a warning.
  for (const p of parsed) {
    for (const c of p.components) {
      const cur = byId.get(c.id)!.component;
      const keep = cur.requires.filter((r) => byId.has(r.id) && (r.unless === undefined || byId.has(r.unless)));
      for (const r of cur.requires) {
        if (!keep.includes(r)) warnings.push({ file: p.file, line: Number(r.source.split(':').pop()) || undefined, message: `${c.id} requires ${r.id}, which no catalog item defines; ignored` });
      }
      if (keep.length !== cur.requires.length) cur.requires = keep;
    }
  }
}

/** The --catalog .cec/.pbcxml files and the --wince-root tree, merged over `byId`; returns what the tree changed. */
export async function mergePlatformBuilderSources(
  byId: Map<string, LoadedComponent>,
  files: Array<{ path: string; shown: string }>,
  options: { winceRoot?: string; winceRootFromEnv?: boolean },
  warnings: CatalogWarning[],
  display: (p: string) => string,
  itemIds: Map<string, string> = new Map(),
): Promise<import('./wince-root.js').TreeInfo | undefined> {
  if (options.winceRoot === undefined) {
    await mergePlatformBuilder(byId, files, warnings, itemIds);
    return undefined;
  }
  const { applyCesysgen, checkRoot, findTreeFiles } = await import('./wince-root.js');
  const root = options.winceRoot;
  if (!checkRoot(root, options.winceRootFromEnv === true, warnings)) {
    await mergePlatformBuilder(byId, files, warnings, itemIds);
    return undefined;
  }
  const found = findTreeFiles(root);
  const shownRoot = display(root);
  if (found.catalogs.length === 0) {
    warnings.push({ file: shownRoot, message: 'no .cec or .pbcxml files under PUBLIC\\*\\CATALOG, PUBLIC\\*\\OAK\\CATALOG, PLATFORM\\*\\CATALOG or PLATFORM\\*\\CEC; only the built-in catalog is used' });
  }
  // The tree's catalogs first, then the files named with --catalog (an OEM's own items go on top).
  await mergePlatformBuilder(byId, [...found.catalogs.map((p) => ({ path: p, shown: display(p) })), ...files], warnings, itemIds);
  let changes: { added: import('./wince-root.js').RuleChange[]; removed: import('./wince-root.js').RuleChange[] } = { added: [], removed: [] };
  if (found.cesysgen) changes = applyCesysgen(byId, found.cesysgen, display(found.cesysgen), warnings);
  else warnings.push({ file: shownRoot, message: 'no PUBLIC\\COMMON\\CESYSGEN\\cesysgen.bat or PUBLIC\\COMMON\\OAK\\MISC\\cesysgen.bat; the built-in build rules are used' });
  return {
    root: shownRoot,
    catalogFiles: found.catalogs.map(display),
    ...(found.cesysgen ? { cesysgen: display(found.cesysgen) } : {}),
    ...changes,
  };
}
