/**
 * Windows CE registry files (platform.reg / project.reg): no header, ASCII, CRLF; `dword:` in hex
 * without 0x; `multi_sz:"a","b"`; `hex:` bytes; `; @CESYSGEN IF` guards. Backslashes and quotes in
 * value names and data are escaped with a backslash; key names are not escaped.
 */
import { UserError } from '../errors.js';
import { CONTROL, NON_ASCII, rejectChars } from './text.js';
import type { RegData, RegValue } from '../registry/model.js';
import { helper, isRegValue, type HelperOptions } from './value.js';

const ROOTS = /^(HKEY_LOCAL_MACHINE|HKEY_CURRENT_USER|HKEY_CLASSES_ROOT|HKEY_USERS)(\\[^\\]+)*$/;

export function ceKeyPath(path: string, field = 'key'): string {
  rejectChars(path, CONTROL, field, 'a CE registry key name');
  rejectChars(path, NON_ASCII, field, 'a CE registry file', 'it is written as ASCII');
  rejectChars(path, /\]/, field, 'a CE registry key name', 'the key line ends at "]"');
  if (!ROOTS.test(path)) throw new UserError(`${field}: ${JSON.stringify(path)} is not a full key path (HKEY_LOCAL_MACHINE\\..., no empty parts)`);
  return path;
}

export function ceString(value: string, field = 'value'): string {
  rejectChars(value, CONTROL, field, 'a CE registry string');
  rejectChars(value, NON_ASCII, field, 'a CE registry file', 'it is written as ASCII');
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function ceValueName(name: string | null, field = 'value name'): string {
  return name === null ? '@' : ceString(name, field);
}

const hexBytes = (bytes: Iterable<number>) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join(',');

export function ceData(v: RegData, field = 'value'): string {
  switch (v.type) {
    case 'REG_SZ':
      return ceString(v.data, field);
    case 'REG_DWORD': {
      const n = v.data;
      if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new UserError(`${field}: ${n} is not a DWORD (0 to 4294967295)`);
      return `dword:${n.toString(16).toUpperCase()}`;
    }
    case 'REG_QWORD': {
      const n = v.data;
      if (n < 0n || n > 0xffffffffffffffffn) throw new UserError(`${field}: ${n} is not a QWORD (0 to 18446744073709551615)`);
      const bytes: number[] = [];
      for (let i = 0n; i < 8n; i++) bytes.push(Number((n >> (8n * i)) & 0xffn));
      return `hex(b):${hexBytes(bytes)}`;
    }
    case 'REG_MULTI_SZ': {
      if (v.data.length === 0) throw new UserError(`${field}: a CE multi_sz value needs at least one string`);
      for (const s of v.data) if (s === '') throw new UserError(`${field}: a REG_MULTI_SZ cannot hold an empty string (it would end the list)`);
      return `multi_sz:${v.data.map((s) => ceString(s, field)).join(',')}`;
    }
    case 'REG_BINARY':
      return `hex:${hexBytes(v.data)}`;
    case 'REG_NONE':
      return `hex(0):${hexBytes(v.data)}`;
    case 'REG_EXPAND_SZ': {
      // UTF-16LE with a terminating NUL: the CE registry is Unicode (inferred; see build-files.md).
      const s = v.data;
      rejectChars(s, CONTROL, field, 'a CE registry string');
      return `hex(2):${hexBytes(Buffer.from(s + '\0', 'utf16le'))}`;
    }
  }
}

export function ceLine(v: RegValue, field = 'value'): string {
  return `${ceValueName(v.name, field)}=${ceData(v, field)}`;
}

/** A `;` comment: one line of printable ASCII. */
export function ceComment(text: string, field = 'comment'): string {
  rejectChars(text, CONTROL, field, 'a CE registry comment');
  rejectChars(text, NON_ASCII, field, 'a CE registry file', 'it is written as ASCII');
  return text;
}

/** A module or component flag for `; @CESYSGEN IF`. */
export function ceFlag(flag: string, field = 'flag'): string {
  if (!/^[A-Z][A-Z0-9_]*$/.test(flag)) throw new UserError(`${field}: ${JSON.stringify(flag)} is not a cesysgen module or component flag`);
  return flag;
}

const field = (o: HelperOptions) => o.hash?.field as string | undefined;
export const ceregHelpers = {
  // Called inside {{#each keys}}: the context is the key, whose field says where its name came from.
  ceKey: helper(['text'], function (this: unknown, path: string, o: HelperOptions) {
    const key = this as { path?: unknown; field?: unknown } | null | undefined;
    return ceKeyPath(path, field(o) ?? (key?.path === path && typeof key.field === 'string' ? key.field : undefined));
  }),
  ceValue: helper([{ record: 'a registry value (name, type, data)', check: isRegValue }], (v: RegValue, o: HelperOptions) => ceLine(v, field(o) ?? v.field)),
  ceComment: helper(['text'], (t: string, o: HelperOptions) => ceComment(t, field(o))),
  ceFlag: helper(['text'], (t: string, o: HelperOptions) => ceFlag(t, field(o))),
};

/** The bytes of a finished CE .reg or .bib file: CRLF line ends, ASCII. */
export function encodeCe(text: string): Buffer {
  rejectChars(text, NON_ASCII, 'CE file', 'a CE build file', 'they are written as ASCII');
  return Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'latin1');
}
