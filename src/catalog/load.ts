/** Catalog loading: built-in components plus OEM directories, schema-checked and cross-checked. */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { UserError } from '../errors.js';
import { parseJson, readText, schemaMessage } from '../jsonfile.js';
import { filesCheckedAtBuild, validatedAtBuild } from './builtin.js';
import { basename } from 'node:path';
import { checkSchema } from '../schemas.js';
import { builtinCatalogDir } from '../paths.js';
import { didYouMean } from '../suggest.js';
import { laterVariables, removedVariables } from './removed.js';
import { enforceLimit, MAX_CATALOG_EDGES, MAX_CATALOG_ITEMS } from '../limits.js';
import type { Catalog, Component } from './types.js';

function display(file: string): string {
  const r = relative(process.cwd(), file);
  return r.startsWith('..') ? file : r;
}

/** Platform Builder catalog files, read by pbfiles.ts (loaded only when there are some). */
const PB_CATALOG = /\.(cec|pbcxml)$/i;

function componentFiles(dir: string, pb: string[] = []): string[] {
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new UserError(`${dir}: no such catalog directory or file`);
  }
  if (st.isFile() && PB_CATALOG.test(dir)) return (pb.push(dir), []);
  if (st.isFile() && dir.toLowerCase().endsWith('.json')) return [dir];
  if (!st.isDirectory()) throw new UserError(`${dir}: not a catalog (--catalog takes a folder, a component or area .json file, a .cec or a .pbcxml file)`);
  let base = dir;
  try {
    if (statSync(join(dir, 'components')).isDirectory()) base = join(dir, 'components');
  } catch {
    /* the folder itself holds the component files */
  }
  const names = readdirSync(base);
  pb.push(...names.filter((f) => PB_CATALOG.test(f)).sort().map((f) => join(base, f)));
  return names
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(base, f));
}

interface Loaded {
  component: Component;
  file: string;
  /** The file as shown in messages (relative to the current directory). */
  shown: string;
  /** JSON pointer of the component inside its file: "" for a one-component file, "/items/N" in an area file. */
  at: string;
}

/** An area file holds { area, items: [...] }; any other catalog file holds one component. */
function isAreaFile(value: unknown): value is { area: string; items: Component[] } {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Array.isArray((value as { items?: unknown }).items);
}

/** Load the built-in catalog and then each OEM directory in order. */
export async function loadCatalog(extraDirs: readonly string[] = [], options: { winceRoot?: string; winceRootFromEnv?: boolean } = {}): Promise<Catalog> {
  const pb: string[] = [];
  const byId = new Map<string, Loaded>();
  const sets: Array<{ dir: string; builtin: boolean }> = [
    { dir: builtinCatalogDir, builtin: true },
    ...extraDirs.map((d) => ({ dir: d, builtin: false })),
  ];
  // Only the built-in files, all of them and each unchanged since the build checked them (schema,
  // edges, cycles): then the edge and cycle checks below have nothing to find.
  let checkedAtBuild = extraDirs.length === 0;
  let builtinFiles = 0;
  let itemCount = 0;
  let fileCount = 0;
  let edgeCount = 0;
  for (const { dir, builtin } of sets) {
    const seenHere = new Map<string, string>();
    const list = componentFiles(dir, builtin ? undefined : pb);
    // Before reading any: a folder of millions of files is refused at once.
    enforceLimit(display(dir), 'catalog files (the built-in catalog and the --catalog directories so far)', (fileCount += list.length), MAX_CATALOG_ITEMS);
    for (const file of list) {
      const shown = display(file);
      const text = readText(file, 'catalog file');
      const value = parseJson(text, shown);
      const area = isAreaFile(value);
      if (builtin) builtinFiles++;
      // Built-in files were validated at build time; their text still has to hash the same.
      if (!(builtin && validatedAtBuild(`components/${basename(file)}`, file, text))) {
        checkedAtBuild = false;
        await checkSchema(area ? 'area' : 'component', value, shown, text);
      }
      const entries: Array<[Component, string]> = area ? value.items.map((c, i) => [c, `/items/${i}`]) : [[value as Component, '']];
      enforceLimit(shown, 'catalog components (the built-in catalog and the --catalog directories so far)', (itemCount += entries.length), MAX_CATALOG_ITEMS);
      for (const [component, at] of entries) {
        enforceLimit(shown, 'requirement edges in the catalog (counted up to this file)', (edgeCount += component.requires.length), MAX_CATALOG_EDGES);
        const twin = seenHere.get(component.id);
        if (twin) throw new UserError(schemaMessage(shown, text, `${at}/id`, `duplicate id ${component.id}, also defined in ${twin}`));
        seenHere.set(component.id, shown);
        const prior = byId.get(component.id);
        if (prior && !builtin && !component.overrides) {
          throw new UserError(
            schemaMessage(shown, text, `${at}/id`, `${component.id} is already defined in ${prior.shown}; set "overrides": true to replace it`),
          );
        }
        byId.set(component.id, { component, file, shown, at });
      }
    }
  }
  // Platform Builder .cec/.pbcxml files and trees (--wince-root): merged over the catalog read so far.
  const warnings: NonNullable<Catalog['warnings']> = [];
  const itemIds = new Map<string, string>();
  let tree: Catalog['tree'];
  if (pb.length > 0 || options.winceRoot !== undefined) {
    checkedAtBuild = false;
    tree = await (await import('./pbfiles.js')).mergePlatformBuilderSources(byId, pb.map((p) => ({ path: p, shown: display(p) })), options, warnings, display, itemIds);
  }
  const ids = [...byId.keys()].sort();
  const items = new Map<string, Component>();
  const files = new Map<string, string>();
  for (const id of ids) {
    const l = byId.get(id)!;
    items.set(id, l.component);
    files.set(id, l.shown);
  }
  if (checkedAtBuild && builtinFiles === filesCheckedAtBuild('components')) return { items, files, removed: removedVariables(), later: laterVariables() };
  // Every requirement must name a component.
  for (const id of ids) {
    const { component, file, shown, at } = byId.get(id)!;
    component.requires.forEach((r, i) => {
      for (const [field, target] of [['id', r.id], ['unless', r.unless]] as const) {
        if (target !== undefined && !items.has(target)) {
          throw new UserError(
            // The text is read again for the message only: keeping every file's text alive costs start-up time.
            schemaMessage(shown, readText(file, 'catalog file'), `${at}/requires/${i}/${field}`, `${id} requires ${target}, which no component defines${didYouMean(target, ids)}`),
          );
        }
      }
    });
  }
  checkCycles(items, files);
  return { items, files, removed: removedVariables(), later: laterVariables(), ...(warnings.length ? { warnings } : {}), ...(tree ? { tree } : {}), ...(itemIds.size ? { itemIds } : {}) };
}

/** Report a requirement cycle with its members (iterative DFS, so large catalogs do not overflow the stack). */
export function checkCycles(items: Map<string, Component>, files?: Map<string, string>): void {
  const state = new Map<string, 1 | 2>();
  for (const start of items.keys()) {
    if (state.has(start)) continue;
    const stack: Array<{ id: string; next: number }> = [{ id: start, next: 0 }];
    state.set(start, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const reqs = items.get(top.id)!.requires;
      if (top.next >= reqs.length) {
        state.set(top.id, 2);
        stack.pop();
        continue;
      }
      const to = reqs[top.next++]!.id;
      const s = state.get(to);
      if (s === 1) {
        const from = stack.findIndex((f) => f.id === to);
        const members = [...stack.slice(from).map((f) => f.id), to];
        const where = files ? ` (${[...new Set(members.slice(0, -1).map((m) => files.get(m)))].join(', ')})` : '';
        throw new UserError(`catalog: requirement cycle: ${members.join(' -> ')}${where}`);
      }
      if (s === undefined) {
        state.set(to, 1);
        stack.push({ id: to, next: 0 });
      }
    }
  }
}
