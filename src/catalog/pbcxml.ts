/**
 * CE 6.0 Catalog files (.pbcxml): `<CatalogFile xmlns="urn:Microsoft.PlatformBuilder/Catalog">` with
 * `<Item Id="Item:Vendor:Name">` entries. An item's `<SysgenVariable>` (a comma list is allowed) is
 * what a design selects; `<Variable>` (BSP_ and other environment variables; `X!` clears X) is kept
 * as a note; `<Module>` and `<File>` entries are its files, placed in project.bib's MODULES and FILES
 * sections, except for `<Type>BspSpecific</Type>` items, whose drivers the BSP's platform.bib places;
 * `<Dependency>` / `<Requires>` name the items or variables it needs; items sharing a
 * `<ChooseOneGroup>` are alternatives. Pure: text in, components and problems out.
 */
import { attr, childIndex, parseXml, type XmlElement } from '../xml.js';
import type { Component, Module, Requirement } from './types.js';
import type { CecProblem, PendingChild } from './cec.js';

export interface PbcxmlResult {
  components: Component[];
  /** Item ids (`item:vendor:name`, lower case) → the SYSGEN id they set. */
  itemIds: Map<string, string>;
  /** Dependencies on items of other files, resolved by the loader (guid holds the item id). */
  pending: PendingChild[];
  problems: CecProblem[];
}

const ROLE: Record<string, Module['role']> = { exe: 'exe', dll: 'dll', lib: 'lib', mui: 'resources' };
const SYSGEN = /^(__)?SYSGEN_[A-Z0-9_]+$/i;

const SEPARATOR = /[,;\s]/;

function list(s: string): string[] {
  // Most elements hold one name: no split, no regular expression run over it twice.
  if (!SEPARATOR.test(s)) return s ? [s] : [];
  return s.split(/[,;\s]+/).map((x) => x.trim()).filter(Boolean);
}

function texts(els: XmlElement[]): Array<{ value: string; line: number }> {
  return els.flatMap((c) => list(c.text).map((value) => ({ value, line: c.line })));
}

function moduleOf(name: string, section: 'MODULES' | 'FILES', source: string): Module {
  const ext = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1).toLowerCase() : '';
  return {
    name: (ext ? name.slice(0, name.lastIndexOf('.')) : name).toLowerCase(),
    role: ROLE[ext] ?? 'module',
    file: name,
    source,
    // The .pbcxml names the file only: placed in NK with the usual type flags (system; hidden for files).
    bib: { section, memory: 'NK', flags: section === 'MODULES' ? 'S' : 'SH' },
    fileConfidence: 'documented',
    note: 'memory and type flags are wcecfg defaults; the .pbcxml names the file only (inferred)',
  };
}

/** Parse a .pbcxml file. Malformed XML throws a UserError (file:line:column); an unknown root is an error problem. */
export function parsePbcxml(text: string, file: string): PbcxmlResult {
  const result: PbcxmlResult = { components: [], itemIds: new Map(), pending: [], problems: [] };
  const byId = new Map<string, Component>();
  const groups = new Map<string, { label: string; members: string[] }>();
  const deps: Array<{ from: string; ref: string; line: number }> = [];
  // Each <Item> is read as soon as it closes (parseXml's onChild), and its elements dropped.
  const root = parseXml(text, file, (el, top) => {
    if (top.local.toLowerCase() === 'catalogfile' && el.local.toLowerCase() === 'item') item(el);
  });
  if (root.local.toLowerCase() !== 'catalogfile') {
    return { components: [], itemIds: new Map(), pending: [], problems: [{ severity: 'error', line: root.line, message: `unknown root element <${root.name}>: a Platform Builder catalog starts with <CatalogFile>` }] };
  }
  function item(item: XmlElement): void {
    const named = childIndex(item);
    const itemId = attr(item, 'Id') ?? '';
    const rawTitle = named('Title')[0]?.text ?? '';
    // "#Vendor:Board:Name:Title" is a reference into a localized string table: show the item's name with it.
    const itemName = itemId.split(':')[2] ?? '';
    const title = rawTitle.startsWith('#') && itemName ? `${itemName} (${rawTitle})` : rawTitle || itemId || '(untitled item)';
    const vars = texts(named('SysgenVariable'));
    const sysgen = vars.filter((v) => SYSGEN.test(v.value) && !v.value.startsWith('__'));
    // A BSP item's drivers are placed by the BSP's own platform.bib, not by project.bib.
    const bspSpecific = named('Type').some((t) => t.text.toLowerCase() === 'bspspecific');
    const varNotes = [
      ...texts(named('Variable')).map((v) => (v.value.endsWith('!') ? `clears ${v.value.slice(0, -1)} (${file}:${v.line})` : `sets ${v.value} (${file}:${v.line})`)),
      ...vars.filter((v) => !sysgen.includes(v)).map((v) => `also sets ${v.value} (${file}:${v.line})`),
    ];
    if (sysgen.length === 0) {
      if (itemId) result.itemIds.set(itemId.toLowerCase(), '');
      return; // a BSP or driver item: selected through BSP_ variables, not a Sysgen variable
    }
    const id = sysgen[0]!.value.toUpperCase();
    if (itemId) result.itemIds.set(itemId.toLowerCase(), id);
    const moduleNames = [...texts(named('Module')), ...texts(named('File'))].map((m) => m.value);
    const bspNote = bspSpecific ? [`BSP item ${itemId || title} sets ${id}${moduleNames.length ? `; its ${moduleNames.join(', ')} placed by the BSP's platform.bib` : ''} (${file}:${item.line})`] : [];
    const prior = byId.get(id);
    if (prior) {
      // Several items may set one variable (two SD host controllers both set SYSGEN_SD_MEMORY): keep the first, note the others.
      prior.notes = [...(prior.notes ?? []), ...(bspSpecific ? bspNote : [`also set by ${itemId || title} (${file}:${item.line})`])];
      if (!prior.sources.includes(`${file}:${item.line}`)) prior.sources.push(`${file}:${item.line}`);
      return;
    }
    const source = `${file}:${item.line}`;
    const requires: Requirement[] = [];
    for (const o of sysgen.slice(1)) {
      const oid = o.value.toUpperCase();
      if (oid !== id && !requires.some((r) => r.id === oid)) requires.push({ id: oid, kind: 'catalog', confidence: 'documented', source: `${file}:${o.line}`, note: `${itemId || title} sets it too` });
    }
    const area = named('Location')[0]?.text.replace(/\\/g, ' > ') || `Catalog file ${file}`;
    const notes = [...bspNote, ...varNotes];
    const group = named('ChooseOneGroup')[0];
    if (group) {
      // <ChooseOneGroup>true</ChooseOneGroup> makes the items of one Catalog folder alternatives.
      const value = group.text || attr(group, 'Id') || attr(group, 'Name') || 'true';
      const label = value.toLowerCase() === 'true' ? `in ${area}` : value;
      const key = `${area}\0${value.toLowerCase()}`;
      groups.set(key, { label, members: [...(groups.get(key)?.members ?? []), id] });
    }
    const modules = bspSpecific ? [] : [
      ...texts(named('Module')).map((m) => moduleOf(m.value, 'MODULES', `${file}:${m.line}`)),
      ...texts(named('File')).map((m) => moduleOf(m.value, 'FILES', `${file}:${m.line}`)),
    ];
    const component: Component = {
      id,
      title,
      description: named('Description')[0]?.text || title,
      area,
      confidence: 'documented',
      requires,
      modules,
      sources: [source],
      ...(notes.length ? { notes } : {}),
    };
    byId.set(id, component);
    result.components.push(component);
    for (const o of sysgen.slice(1)) {
      const oid = o.value.toUpperCase();
      if (byId.has(oid)) continue;
      const leaf: Component = { id: oid, title: `${oid} (set by ${title})`, description: `Set together with ${id} by ${itemId || title}.`, area, confidence: 'documented', requires: [], modules: [], sources: [`${file}:${o.line}`] };
      byId.set(oid, leaf);
      result.components.push(leaf);
    }
    for (const tag of ['Dependency', 'Dependencies', 'Requires']) {
      for (const d of named(tag)) {
        const refs = [...list(d.text), ...d.children.flatMap((c) => list(c.text))];
        for (const ref of refs) deps.push({ from: id, ref, line: d.line });
      }
    }
  }
  for (const d of deps) {
    const from = byId.get(d.from)!;
    const ms = /^item:ms:((?:__)?sysgen_[a-z0-9_]+)$/i.exec(d.ref);
    const target = SYSGEN.test(d.ref) ? d.ref.toUpperCase() : ms ? ms[1]!.toUpperCase() : result.itemIds.get(d.ref.toLowerCase());
    if (target === '') continue;
    if (target === undefined) {
      result.pending.push({ from: d.from, guid: d.ref.toLowerCase(), line: d.line });
      continue;
    }
    if (target !== d.from && !from.requires.some((r) => r.id === target)) {
      from.requires.push({ id: target, kind: 'catalog', confidence: 'documented', source: `${file}:${d.line}`, note: `<Dependency> in the Catalog file` });
    }
  }
  for (const { label, members } of groups.values()) {
    if (members.length < 2) continue;
    for (const m of members) {
      const c = byId.get(m)!;
      c.notes = [...(c.notes ?? []), `choose one of ${members.join(', ')} (ChooseOneGroup ${label})`];
    }
  }
  return result;
}
