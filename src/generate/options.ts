/**
 * Design registry options: catalog facts give names, types, defaults and allowed values; designs give
 * values. Both go through the one coercion in src/registry/model.ts, so a catalog default is held to
 * the same rules as a value a user typed; a bad default is a catalog problem naming its file and
 * JSON pointer.
 */
import { pointerToken } from '../jsonfile.js';
import { suggest } from '../suggest.js';
import { coerceRegValue, registryCollisions, type RegData, type RegKey } from '../registry/model.js';
import type { Catalog, RegistryFact } from '../catalog/types.js';
import type { Design } from '../design/types.js';
import type { Resolution } from '../resolve.js';

export interface OptionValue {
  component: string;
  fact: RegistryFact;
  value: RegData;
  fromDesign: boolean;
  /** Where the value came from, for messages: the design field or the catalog default. */
  field: string;
  /** The catalog's default, coerced like the value (absent when the catalog gives none). */
  defaultValue?: RegData;
}

export interface OptionProblem {
  /** `file: /pointer`, as messages show it. */
  field: string;
  /** The file the problem is in (the design, or a catalog file) and the JSON pointer in it. */
  file: string;
  pointer: string;
  message: string;
}

/** A place a value comes from: the file, the JSON pointer, and both as messages show them. */
interface Where {
  file: string;
  pointer: string;
  field: string;
}
const where = (file: string, pointer: string): Where => ({ file, pointer, field: `${file}: ${pointer}` });

/** Where a catalog fact lives: the component's file and the fact's JSON pointer. */
function factPlace(catalog: Catalog, id: string, index: number, member?: string): Where {
  return where(catalog.files.get(id) ?? `catalog ${id}`, `/registry/${index}${member ? `/${member}` : ''}`);
}

/** Every registry value the design writes, or the problems with its options and with the catalog's facts. */
export function optionValues(catalog: Catalog, design: Design, resolution: Resolution): { values: OptionValue[]; problems: OptionProblem[] } {
  const problems: OptionProblem[] = [];
  const values: OptionValue[] = [];
  // A Map (not an object): an option may be called "constructor", "toString" or "__proto__".
  const byOption = new Map<string, { component: string; fact: RegistryFact; index: number }>();
  for (const c of catalog.items.values()) {
    (c.registry ?? []).forEach((f, index) => {
      if (f.option === undefined) return;
      const prior = byOption.get(f.option);
      if (prior && resolution.items.has(prior.component) && resolution.items.has(c.id)) {
        const w = factPlace(catalog, c.id, index, 'option');
        problems.push({ ...w, message: `${w.field}: registry option "${f.option}" is also defined by ${factPlace(catalog, prior.component, prior.index, 'option').field}; option names must be unique` });
      }
      if (!prior || resolution.items.has(c.id)) byOption.set(f.option, { component: c.id, fact: f, index });
    });
  }
  const designValue = (option: string | undefined) => (option !== undefined && Object.hasOwn(design.registry, option) ? design.registry[option] : undefined);
  for (const [opt, raw] of Object.entries(design.registry)) {
    const w = where(design.file, `/registry/${pointerToken(opt)}`);
    const field = w.field;
    const known = byOption.get(opt);
    if (!known) {
      const s = problems.length < 50 ? suggest(opt, byOption.keys()) : []; // did-you-mean only for the first few
      problems.push({ ...w, message: `${field}: no component defines a registry option "${opt}"${s.length ? `; did you mean ${s.join(', ')}?` : ''}` });
      continue;
    }
    if (!resolution.items.has(known.component)) {
      problems.push({ ...w, message: `${field}: "${opt}" configures ${known.component}, which is not in the design` });
      continue;
    }
    const r = coerceRegValue(known.fact, raw, field);
    if (!r.ok) problems.push({ ...w, message: r.message });
  }
  const facts: RegKey[] = [];
  // The places behind the fields the collision check reports.
  const placeOfField = new Map<string, Where>();
  const place = (w: Where) => (placeOfField.set(w.field, w), w.field);
  for (const id of resolution.order) {
    (resolution.items.get(id)!.component.registry ?? []).forEach((fact, index) => {
      facts.push({ path: fact.key, field: place(factPlace(catalog, id, index, 'key')), values: [{ name: fact.name, type: 'REG_NONE', data: new Uint8Array(0), field: place(factPlace(catalog, id, index, 'name')) }] });
      const raw = designValue(fact.option);
      let defaultValue: RegData | undefined;
      if (fact.default !== undefined) {
        // The default is checked even when the design overrides it: it is the catalog's promise.
        const w = factPlace(catalog, id, index, 'default');
        const field = w.field;
        const d = coerceRegValue(fact, fact.default, field);
        if (!d.ok) problems.push({ ...w, message: `${d.message} (a catalog problem: fix the default)` });
        else {
          defaultValue = d.value;
          if (raw === undefined) values.push({ component: id, fact, value: d.value, fromDesign: false, field, defaultValue });
        }
      }
      if (raw !== undefined) {
        const field = where(design.file, `/registry/${pointerToken(fact.option!)}`).field;
        const r = coerceRegValue(fact, raw, field);
        if (r.ok) values.push({ component: id, fact, value: r.value, fromDesign: true, field, ...(defaultValue ? { defaultValue } : {}) });
      }
    });
  }
  for (const c of registryCollisions(facts)) {
    // Every field the check reports is one of the facts' own.
    problems.push({ ...placeOfField.get(c.field)!, message: `${c.message} (a catalog problem)` });
  }
  return { values, problems };
}
