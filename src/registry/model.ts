/**
 * A registry fragment, independent of the file format it is written in; the one coercion from JSON
 * (catalog defaults and design values alike) to typed registry data; and the registry's own
 * identity rule (key and value names are not case-sensitive).
 */

export type RegType = 'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_DWORD' | 'REG_QWORD' | 'REG_BINARY' | 'REG_MULTI_SZ' | 'REG_NONE';

/** Typed registry data: the union is keyed on `type`, so every format writes exactly what it is given. */
export type RegData =
  | { type: 'REG_SZ'; data: string }
  | { type: 'REG_EXPAND_SZ'; data: string }
  | { type: 'REG_MULTI_SZ'; data: string[] }
  | { type: 'REG_DWORD'; data: number }
  | { type: 'REG_QWORD'; data: bigint }
  | { type: 'REG_BINARY'; data: Uint8Array }
  | { type: 'REG_NONE'; data: Uint8Array };

export type RegValue = RegData & {
  /** null: the key's default value (`@`). */
  name: string | null;
  /** Delete this value (`"Name"=-`) instead of setting it. */
  remove?: boolean;
  /** Where the value came from (a design field or manifest pointer), for error messages. */
  field?: string;
  /** Comment lines written above the value. */
  comments?: string[];
};

export interface RegKey {
  path: string;
  values: RegValue[];
  /** Delete the key and its subtree (`[-KEY]`). */
  remove?: boolean;
  field?: string;
}

/** What a catalog registry fact says about a value's type and its permitted values. */
export interface RegSpec {
  name: string;
  type: RegType;
  allowed?: ReadonlyArray<{ value: number; meaning: string }>;
  min?: number;
  max?: number;
  unit?: string;
}

export type Coerced = { ok: true; value: RegData } | { ok: false; message: string };

const DWORD_MAX = 0xffffffff;
const QWORD_MAX = 0xffffffffffffffffn;
const HEX_FORMS = 'write hex bytes as "62 03 00 80", "62,03,00,80" or "62030080", or a JSON array of numbers 0 to 255';

function show(raw: unknown): string {
  if (typeof raw === 'bigint') return raw.toString();
  if (raw instanceof Uint8Array) return `[${[...raw].join(',')}]`;
  const s = JSON.stringify(raw);
  return s === undefined ? String(raw) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

/** An integer given as a JSON number, a decimal string or a 0x-hex string. */
function integerOf(raw: unknown): bigint | undefined {
  if (typeof raw === 'number') return Number.isSafeInteger(raw) ? BigInt(raw) : undefined;
  if (typeof raw === 'string' && /^\s*(0x[0-9a-f]+|\d+)\s*$/i.test(raw)) return BigInt(raw.trim());
  return undefined;
}

/** Hex bytes: "62 03 00 80", "62,03,00,80", "62030080", or a JSON array of integers 0 to 255. */
function parseHexBytes(raw: unknown): Uint8Array | undefined {
  if (Array.isArray(raw)) return raw.every((b) => Number.isInteger(b) && b >= 0 && b <= 255) ? Uint8Array.from(raw as number[]) : undefined;
  if (typeof raw !== 'string') return undefined;
  const t = raw.trim();
  if (t === '') return new Uint8Array(0);
  const parts = /^[0-9a-f]+$/i.test(t) ? (t.length % 2 === 0 ? t.match(/../g)! : undefined) : t.split(/\s*,\s*|\s+/);
  if (!parts || !parts.every((p) => /^[0-9a-f]{2}$/i.test(p))) return undefined;
  return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}

/**
 * The one coercion from a JSON value (a catalog default or a design's registry option) to typed
 * registry data. `field` names where the value came from; the message starts with it.
 *  - REG_DWORD: an integer (number, decimal or 0x-hex string), true/false as 1/0, or the meaning of
 *    an allowed value; checked against `allowed`, `min`/`max` and 0..4294967295.
 *  - REG_QWORD: an integer as for REG_DWORD, 0..2^64-1.
 *  - REG_SZ, REG_EXPAND_SZ: a string.
 *  - REG_MULTI_SZ: an array of non-empty strings (a single string is a list of one).
 *  - REG_BINARY, REG_NONE: hex bytes (see parseHexBytes).
 */
export function coerceRegValue(spec: RegSpec, raw: unknown, field: string): Coerced {
  const fail = (why: string): Coerced => ({ ok: false, message: `${field}: ${why}` });
  switch (spec.type) {
    case 'REG_DWORD':
    case 'REG_QWORD': {
      let n: bigint | undefined;
      if (typeof raw === 'boolean') n = raw ? 1n : 0n;
      else {
        n = integerOf(raw);
        if (n === undefined && typeof raw === 'string') {
          const byMeaning = spec.allowed?.find((a) => a.meaning.toLowerCase() === raw.trim().toLowerCase());
          if (byMeaning) n = BigInt(byMeaning.value);
        }
      }
      const meanings = spec.allowed?.length ? ` or one of ${spec.allowed.map((a) => a.meaning).join(', ')}` : '';
      if (n === undefined) return fail(`${show(raw)} is not a whole number${meanings} (${spec.name} is a ${spec.type})`);
      if (spec.allowed?.length && !spec.allowed.some((a) => BigInt(a.value) === n)) {
        return fail(`${n} is not allowed for ${spec.name}; use ${spec.allowed.map((a) => `${a.value} (${a.meaning})`).join(', ')}`);
      }
      const top = spec.type === 'REG_DWORD' ? BigInt(DWORD_MAX) : QWORD_MAX;
      const min = BigInt(spec.min ?? 0);
      const max = spec.max !== undefined && BigInt(spec.max) < top ? BigInt(spec.max) : top;
      if (n < min || n > max) return fail(`${n} is out of range for ${spec.name} (${min} to ${max}${spec.unit ? ` ${spec.unit}` : ''})`);
      return { ok: true, value: spec.type === 'REG_DWORD' ? { type: 'REG_DWORD', data: Number(n) } : { type: 'REG_QWORD', data: n } };
    }
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      if (typeof raw !== 'string') return fail(`${spec.name} is a ${spec.type} and needs a string, not ${show(raw)}`);
      return { ok: true, value: { type: spec.type, data: raw } };
    case 'REG_MULTI_SZ': {
      const list = typeof raw === 'string' ? [raw] : raw;
      if (!Array.isArray(list) || !list.every((s) => typeof s === 'string')) return fail(`${spec.name} is a REG_MULTI_SZ and needs a list of strings, not ${show(raw)}`);
      if (list.length === 0) return fail(`${spec.name} is a REG_MULTI_SZ and needs at least one string`);
      const empty = list.findIndex((s) => s === '');
      if (empty >= 0) return fail(`string ${empty + 1} of ${spec.name} is empty; a REG_MULTI_SZ cannot hold an empty string (it would end the list)`);
      return { ok: true, value: { type: 'REG_MULTI_SZ', data: [...(list as string[])] } };
    }
    case 'REG_BINARY':
    case 'REG_NONE': {
      const bytes = parseHexBytes(raw);
      if (!bytes) return fail(`${show(raw)} is not hex bytes (${spec.name} is a ${spec.type}); ${HEX_FORMS}`);
      return { ok: true, value: { type: spec.type, data: bytes } };
    }
  }
}

/** Registry data for people (report.md): DWORDs in decimal and hex, strings in quotes as stored (no escapes), bytes in hex. */
export function displayRegData(d: RegData): string {
  switch (d.type) {
    case 'REG_DWORD':
      return `${d.data} (0x${d.data.toString(16).toUpperCase()})`;
    case 'REG_QWORD':
      return `${d.data} (0x${d.data.toString(16).toUpperCase()})`;
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return `"${d.data}"`;
    case 'REG_MULTI_SZ':
      return d.data.map((s) => `"${s}"`).join(', ');
    case 'REG_BINARY':
    case 'REG_NONE':
      return d.data.length ? [...d.data].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ') : '(no bytes)';
  }
}

/** Whether two typed values are the same registry data (same type, same content). */
export function sameRegData(a: RegData, b: RegData): boolean {
  if (a.type !== b.type) return false;
  const x = a.data;
  const y = b.data;
  if (x instanceof Uint8Array && y instanceof Uint8Array) return x.length === y.length && x.every((v, i) => v === y[i]);
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => v === y[i]);
  return x === y;
}

/**
 * The registry compares key and value names without case (character by character, as Windows'
 * upcase table does: "ß" stays one character). Two names with the same fold are one name.
 */
export function foldName(name: string): string {
  let out = '';
  for (const c of name) {
    const u = c.toUpperCase();
    out += u.length === c.length ? u : c;
  }
  return out;
}

export interface RegCollision {
  /** The later of the two fields, where the message starts. */
  field: string;
  message: string;
}

/**
 * The one rule for names built from user input: two keys whose paths differ only in case are one
 * key, and a value name set twice in one key (in any case) overwrites the first. Every such pair is
 * returned, naming both origins. Keys that set no value (marked `remove`, or empty) are left out.
 */
export function registryCollisions(keys: readonly RegKey[]): RegCollision[] {
  const out: RegCollision[] = [];
  const paths = new Map<string, RegKey>();
  const values = new Map<string, { key: RegKey; value: RegValue }>();
  const where = (k: RegKey, v?: RegValue) => v?.field ?? k.field ?? `[${k.path}]`;
  for (const key of keys) {
    if (key.remove || key.values.length === 0) continue; // sets nothing, so it overwrites nothing
    const folded = foldName(key.path);
    const prior = paths.get(folded);
    if (prior && prior.path !== key.path) {
      out.push({
        field: where(key),
        message: `${where(key)}: key "${key.path}" is the same registry key as "${prior.path}" (${where(prior)}); registry key names are not case-sensitive`,
      });
      continue;
    }
    if (!prior) paths.set(folded, key);
    for (const v of key.values) {
      if (v.remove) continue;
      const id = `${folded}\\\0${foldName(v.name ?? '')}`;
      const first = values.get(id);
      if (first) {
        const label = (x: RegValue) => (x.name === null || x.name === '' ? 'the default value' : `value "${x.name}"`);
        const same = first.value.name === v.name ? `${label(v)} is set twice` : `${label(v)} is the same registry value as ${label(first.value)}`;
        out.push({
          field: where(key, v),
          message: `${where(key, v)}: in key "${key.path}", ${same} (also ${where(first.key, first.value)}); registry value names are not case-sensitive, so one would overwrite the other`,
        });
        break; // one problem per key is enough to name it
      }
      values.set(id, { key, value: v });
    }
  }
  return out;
}

/**
 * Keys that exist only on Windows CE. A desktop HKEY_LOCAL_MACHINE holds only HARDWARE, SAM,
 * SECURITY, SOFTWARE and SYSTEM; CE keeps its own trees beside them (Comm for networking and
 * drivers' bindings, Drivers, init, Ident, ...), which mean nothing on a desktop.
 */
const DESKTOP_HKLM = new Set(['HARDWARE', 'SAM', 'SECURITY', 'SOFTWARE', 'SYSTEM']);
export function isCeOnlyKey(path: string): boolean {
  const parts = path.split('\\');
  return foldName(parts[0] ?? '') === 'HKEY_LOCAL_MACHINE' && parts.length > 1 && !DESKTOP_HKLM.has(foldName(parts[1]!));
}

/** Desktop .reg keys from the CE ones generate writes: keys without values are dropped; CE-only keys are left out and listed (key\value) so the file can say so. */
export function desktopKeysOf(keys: readonly RegKey[]): { keys: RegKey[]; omitted: string[] } {
  const out: RegKey[] = [];
  const omitted: string[] = [];
  const byPath = new Map<string, RegKey>();
  for (const k of keys) {
    if (k.values.length === 0) continue; // nothing to write (and nothing left out)
    if (isCeOnlyKey(k.path)) {
      for (const v of k.values) omitted.push(`${k.path}\\${v.name ?? '@'}`);
      continue;
    }
    const existing = byPath.get(k.path);
    if (existing) for (const v of k.values) existing.values.push(v); // no spreading of input-sized lists
    else {
      const copy: RegKey = { path: k.path, values: [...k.values], ...(k.field !== undefined ? { field: k.field } : {}) };
      byPath.set(k.path, copy);
      out.push(copy);
    }
  }
  return { keys: out, omitted };
}
