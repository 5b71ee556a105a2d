/** Catalog loading: built-in components plus OEM directories, schema-checked and cross-checked. */
import { readdirSync, statSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { basename, dirname, join, relative, resolve as resolvePath, sep } from 'node:path';
import { EXIT_USAGE, UserError } from '../errors.js';
import { parseJson, readText, schemaError } from '../jsonfile.js';
import { filesCheckedAtBuild, validatedAtBuild } from './builtin.js';
import { schemaChecker, type SchemaCheck } from '../schemas.js';
import { builtinCatalogDir } from '../paths.js';
import { didYouMean } from '../suggest.js';
import { laterVariables, removedVariables } from './removed.js';
import { enforceLimit, MAX_CATALOG_EDGES, MAX_CATALOG_ITEMS } from '../limits.js';
import { catalogGraph, type Graph } from './graph.js';
import type { LoadedComponent } from './pbfiles.js';
import type { Catalog, Component } from './types.js';

function display(file: string): string {
  const r = relative(process.cwd(), file);
  return r.startsWith('..') ? file : r;
}

/**
 * How the files of `base` are shown in messages: relative to the current directory, or as given when
 * outside it. Worked out once per folder (path.relative per file cost more than parsing it); the
 * same result as relative(cwd, join(base, name)) for a plain file name.
 */
function shownIn(base: string, given: string): (name: string) => string {
  const r = relative(process.cwd(), base);
  if (r.startsWith('..')) return (name) => given + name;
  if (r === '') return (name) => (name.startsWith('..') ? given + name : name);
  const prefix = r + sep;
  return (name) => prefix + name;
}

/** Platform Builder catalog files, read by pbfiles.ts (loaded only when there are some). */
const PB_CATALOG = /\.(cec|pbcxml)$/i;

/** The .json files of a --catalog argument (a folder, or one file: `single`); .cec/.pbcxml files go to `pb`. */
function componentFiles(dir: string, pb: string[] = []): { base: string; names: string[]; single?: string } {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new UserError(`${dir}: no such catalog directory or file`, EXIT_USAGE, { file: dir });
  }
  if (st.isFile() && PB_CATALOG.test(dir)) return (pb.push(dir), { base: dir, names: [] });
  if (st.isFile() && dir.toLowerCase().endsWith('.json')) return { base: dirname(dir), names: [basename(dir)], single: dir };
  if (!st.isDirectory()) throw new UserError(`${dir}: not a catalog (--catalog takes a folder, a component or area .json file, a .cec or a .pbcxml file)`, EXIT_USAGE, { file: dir });
  let base = dir;
  try {
    if (statSync(join(dir, 'components')).isDirectory()) base = join(dir, 'components');
  } catch {
    /* the folder itself holds the component files */
  }
  const all = readdirSync(base);
  pb.push(...all.filter((f) => PB_CATALOG.test(f)).sort().map((f) => join(base, f)));
  const names = all.filter((f) => f.endsWith('.json'));
  names.sort();
  return { base, names };
}

/** An area file holds { area, items: [...] }; any other catalog file holds one component. */
function isAreaFile(value: unknown): value is { area: string; items: Component[] } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Array.isArray((value as { items?: unknown }).items);
}

/**
 * The error `file:line: /pointer: message` for a component's field, found again from the file: where
 * an item sits is worked out only for a message, so loading keeps no text, line or pointer per item.
 */
function itemError(file: string, shown: string, id: string, field: string, message: string): UserError {
  const text = readText(file, 'catalog file');
  let at = '';
  try {
    const value = parseJson(text, shown);
    if (isAreaFile(value)) at = `/items/${value.items.findIndex((c) => c?.id === id)}`;
  } catch {
    /* changed since it was loaded: the file and field are still named */
  }
  return schemaError(shown, text, `${at}${field}`, message);
}

/** Load the built-in catalog and then each OEM directory in order. */
export async function loadCatalog(extraDirs: readonly string[] = [], options: { winceRoot?: string; winceRootFromEnv?: boolean } = {}): Promise<Catalog> {
  // Every parsed JSON component survives, so a bigger young generation only adds memory (and
  // copying): while OEM .json files load (possibly 10,000s) keep it at its initial size. About 20 MB
  // less peak memory at 10,000 items, and no slower. Platform Builder files are parsed with much
  // short-lived garbage, so V8's default (2) is restored when there are some. It affects garbage collection only.
  if (extraDirs.length > 0) setFlagsFromString('--semi-space-growth-factor=1');
  const pb: string[] = [];
  // Component, and the file it came from (an index into paths/shownPaths), by id, in load order.
  const items = new Map<string, Component>();
  const from = new Map<string, number>();
  const paths: string[] = [];
  const shownPaths: string[] = [];
  const warnings: NonNullable<Catalog['warnings']> = [];
  // A folder or file named twice is read once (the second read would clash with the first).
  const named = new Set<string>();
  const sets: Array<{ dir: string; builtin: boolean }> = [{ dir: builtinCatalogDir, builtin: true }];
  for (const d of extraDirs) {
    const key = resolvePath(d);
    if (named.has(key)) warnings.push({ file: display(d), message: 'named twice with --catalog; read once' });
    else sets.push({ dir: d, builtin: false });
    named.add(key);
  }
  // Only the built-in files, all of them and each unchanged since the build checked them (schema,
  // edges, cycles): then the edge and cycle checks below have nothing to find.
  let checkedAtBuild = extraDirs.length === 0;
  let builtinFiles = 0;
  // The schema validators, loaded once when a file needs them.
  let check: SchemaCheck | undefined;
  let itemCount = 0;
  let fileCount = 0;
  let edgeCount = 0;
  for (const { dir, builtin } of sets) {
    const firstHere = paths.length;
    const pbBefore = pb.length;
    const { base, names, single } = componentFiles(dir, builtin ? undefined : pb);
    if (!builtin && names.length === 0 && pb.length === pbBefore) warnings.push({ file: display(dir), message: 'no catalog files here (.json components or area files, .cec, .pbcxml); nothing was read from it' });
    // Before reading any: a folder of millions of files is refused at once.
    enforceLimit(display(dir), 'catalog files (the built-in catalog and the --catalog directories so far)', (fileCount += names.length), MAX_CATALOG_ITEMS);
    // join(base, name) for a plain name, without normalising the path once per file.
    const prefix = join(base, '_').slice(0, -1);
    const show = shownIn(base, prefix);
    for (const name of names) {
      const file = single ?? prefix + name;
      const shown = single !== undefined ? display(single) : show(name);
      const text = readText(file, 'catalog file');
      const value = parseJson(text, shown);
      const area = isAreaFile(value);
      if (builtin) builtinFiles++;
      // Built-in files were validated at build time; their text still has to hash the same.
      if (!(builtin && validatedAtBuild(`components/${name}`, file, text))) {
        checkedAtBuild = false;
        check ??= await schemaChecker();
        check(area ? 'area' : 'component', value, shown, text);
      }
      const k = paths.length;
      paths.push(file);
      shownPaths.push(shown);
      const list: Component[] = area ? value.items : [value as Component];
      enforceLimit(shown, 'catalog components (the built-in catalog and the --catalog directories so far)', (itemCount += list.length), MAX_CATALOG_ITEMS);
      for (let i = 0; i < list.length; i++) {
        const component = list[i]!;
        const id = component.id;
        const at = area ? `/items/${i}` : '';
        edgeCount += component.requires.length;
        if (edgeCount > MAX_CATALOG_EDGES) enforceLimit(shown, 'requirement edges in the catalog (counted up to this file)', edgeCount, MAX_CATALOG_EDGES);
        const prior = from.get(id);
        if (prior !== undefined && prior >= firstHere) {
          throw schemaError(shown, text, `${at}/id`, `duplicate id ${id}, also defined in ${shownPaths[prior]}`);
        }
        if (prior !== undefined && !builtin && !component.overrides) {
          throw schemaError(shown, text, `${at}/id`, `${id} is already defined in ${shownPaths[prior]}; set "overrides": true to replace it`);
        }
        items.set(id, component);
        from.set(id, k);
      }
    }
  }
  // Platform Builder .cec/.pbcxml files and trees (--wince-root): merged over the catalog read so far.
  const itemIds = new Map<string, string>();
  let tree: Catalog['tree'];
  if (pb.length > 0 || options.winceRoot !== undefined) {
    setFlagsFromString('--semi-space-growth-factor=2');
    checkedAtBuild = false;
    // pbfiles.ts works on one entry per item; its new or re-homed items get a file entry here.
    const byId = new Map<string, LoadedComponent>();
    for (const [id, component] of items) {
      const k = from.get(id)!;
      byId.set(id, { component, file: paths[k]!, shown: shownPaths[k]!, at: '' });
    }
    tree = await (await import('./pbfiles.js')).mergePlatformBuilderSources(byId, pb.map((p) => ({ path: p, shown: display(p) })), options, warnings, display, itemIds);
    for (const [id, l] of byId) {
      const k = from.get(id);
      if (k === undefined || paths[k] !== l.file || shownPaths[k] !== l.shown) {
        from.set(id, paths.length);
        paths.push(l.file);
        shownPaths.push(l.shown);
      }
      items.set(id, l.component);
    }
  }
  const extra = { ...(warnings.length ? { warnings } : {}), ...(tree ? { tree } : {}), ...(itemIds.size ? { itemIds } : {}) };
  const catalog: Catalog = { ...inIdOrder(items, from, shownPaths), removed: removedVariables(), later: laterVariables(), ...extra };
  if (checkedAtBuild && builtinFiles === filesCheckedAtBuild('components')) return catalog;
  // Every requirement must name a component, and there is no cycle: checked on the integer graph
  // the resolver uses too, so each edge's target is looked up once.
  const g = catalogGraph(catalog);
  for (let n = 0; n < g.ids.length; n++) {
    for (let e = g.start[n]!; e < g.start[n + 1]!; e++) {
      const r = g.edge[e]!;
      const missing = g.to[e]! < 0 ? (['id', r.id] as const) : r.unless !== undefined && g.unless[e]! < 0 ? (['unless', r.unless] as const) : undefined;
      if (missing) {
        const id = g.ids[n]!;
        const k = from.get(id)!;
        const field = `/requires/${e - g.start[n]!}/${missing[0]}`;
        throw itemError(paths[k]!, shownPaths[k]!, id, field, `${id} requires ${missing[1]}, which no component defines${didYouMean(missing[1], g.ids)}`);
      }
    }
  }
  checkCycles(g, catalog.files);
  return catalog;
}

/** The components and their files in id order; loaded files usually are already, and are then not copied. */
function inIdOrder(items: Map<string, Component>, from: Map<string, number>, shownPaths: string[]): Pick<Catalog, 'items' | 'files'> {
  let ordered = true;
  let last = '';
  for (const id of items.keys()) {
    if (id < last) {
      ordered = false;
      break;
    }
    last = id;
  }
  const files = new Map<string, string>();
  if (ordered) {
    for (const [id, k] of from) files.set(id, shownPaths[k]!);
    return { items, files };
  }
  const ids = [...items.keys()].sort();
  const sortedItems = new Map<string, Component>();
  for (const id of ids) {
    sortedItems.set(id, items.get(id)!);
    files.set(id, shownPaths[from.get(id)!]!);
  }
  return { items: sortedItems, files };
}

/** Report a requirement cycle with its members (iterative DFS, so large catalogs do not overflow the stack). */
function checkCycles(g: Graph, files: Map<string, string>): void {
  const { ids, start, to } = g;
  // 0 unvisited, 1 on the current path, 2 done; the path as node numbers with the next edge to try.
  const state = new Uint8Array(ids.length);
  const stack = new Int32Array(ids.length);
  const next = new Int32Array(ids.length);
  for (let root = 0; root < ids.length; root++) {
    if (state[root]) continue;
    let top = 0;
    stack[0] = root;
    next[0] = start[root]!;
    state[root] = 1;
    while (top >= 0) {
      const u = stack[top]!;
      const e = next[top]!;
      if (e >= start[u + 1]!) {
        state[u] = 2;
        top--;
        continue;
      }
      next[top] = e + 1;
      const v = to[e]!;
      if (state[v] === 1) {
        const members: string[] = [];
        for (let k = stack.indexOf(v); k <= top; k++) members.push(ids[stack[k]!]!);
        members.push(ids[v]!);
        throw new UserError(`catalog: requirement cycle: ${members.join(' -> ')} (${[...new Set(members.slice(0, -1).map((m) => files.get(m)))].join(', ')})`);
      }
      if (state[v] === 0) {
        state[v] = 1;
        stack[++top] = v;
        next[top] = start[v]!;
      }
    }
  }
}
