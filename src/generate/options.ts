/** Design registry options: catalog facts give names, types, defaults and allowed values; designs give values. */
import { UserError } from '../errors.js';
import { suggest } from '../suggest.js';
import type { Catalog, RegistryFact } from '../catalog/types.js';
import type { Design } from '../design/types.js';
import type { Resolution } from '../resolve.js';

export interface OptionValue {
  component: string;
  fact: RegistryFact;
  value: number | string;
  fromDesign: boolean;
  /** Where the value came from, for messages: the design field or the catalog default. */
  field: string;
}

export interface OptionProblem {
  field: string;
  message: string;
}

function coerce(fact: RegistryFact, raw: string | number | boolean, field: string): number | string {
  if (fact.type === 'REG_DWORD') {
    let n: number | undefined;
    if (typeof raw === 'boolean') n = raw ? 1 : 0;
    else if (typeof raw === 'number') n = raw;
    else {
      const byMeaning = fact.allowed?.find((a) => a.meaning.toLowerCase() === raw.toLowerCase());
      if (byMeaning) n = byMeaning.value;
      else if (/^(0x[0-9a-f]+|\d+)$/i.test(raw)) n = Number(raw);
    }
    if (n === undefined || !Number.isInteger(n)) throw new UserError(`${field}: ${JSON.stringify(raw)} is not a number${fact.allowed ? ` or one of ${fact.allowed.map((a) => a.meaning).join(', ')}` : ''}`);
    if (fact.allowed && !fact.allowed.some((a) => a.value === n)) {
      throw new UserError(`${field}: ${n} is not allowed for ${fact.name}; use ${fact.allowed.map((a) => `${a.value} (${a.meaning})`).join(', ')}`);
    }
    const min = fact.min ?? 0;
    const max = fact.max ?? 0xffffffff;
    if (n < min || n > max) throw new UserError(`${field}: ${n} is out of range for ${fact.name} (${min} to ${max}${fact.unit ? ` ${fact.unit}` : ''})`);
    return n;
  }
  if (typeof raw !== 'string') throw new UserError(`${field}: ${fact.name} is a ${fact.type} and needs a string`);
  return raw;
}

/** Every registry value the design writes, or the problems with its options. */
export function optionValues(catalog: Catalog, design: Design, resolution: Resolution): { values: OptionValue[]; problems: OptionProblem[] } {
  const problems: OptionProblem[] = [];
  const values: OptionValue[] = [];
  const byOption = new Map<string, { component: string; fact: RegistryFact }>();
  for (const c of catalog.items.values()) for (const f of c.registry ?? []) if (f.option) byOption.set(f.option, { component: c.id, fact: f });
  for (const [opt, raw] of Object.entries(design.registry)) {
    const field = `${design.file}: /registry/${opt}`;
    const known = byOption.get(opt);
    if (!known) {
      const s = problems.length < 50 ? suggest(opt, byOption.keys()) : []; // did-you-mean only for the first few
      problems.push({ field, message: `${field}: no component defines a registry option "${opt}"${s.length ? `; did you mean ${s.join(', ')}?` : ''}` });
      continue;
    }
    if (!resolution.items.has(known.component)) {
      problems.push({ field, message: `${field}: "${opt}" configures ${known.component}, which is not in the design` });
      continue;
    }
    try {
      coerce(known.fact, raw, field);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      problems.push({ field, message: e.message });
    }
  }
  for (const id of resolution.order) {
    for (const fact of resolution.items.get(id)!.component.registry ?? []) {
      const raw = fact.option !== undefined ? design.registry[fact.option] : undefined;
      if (raw === undefined && fact.default === undefined) continue;
      const field = raw !== undefined ? `${design.file}: /registry/${fact.option}` : `catalog ${id}: ${fact.name} default`;
      try {
        values.push({ component: id, fact, value: raw !== undefined ? coerce(fact, raw, field) : fact.default!, fromDesign: raw !== undefined, field });
      } catch (e) {
        if (!(e instanceof UserError)) throw e;
      }
    }
  }
  return { values, problems };
}
