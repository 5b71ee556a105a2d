/**
 * Desktop .reg files for regedit / reg import. Version 5 (`Windows Registry Editor Version 5.00`) is
 * UTF-16LE with a BOM; version 4 (`REGEDIT4`) is ANSI and is offered only for ASCII content. CRLF line
 * ends, an empty line before every key, `dword:%08x`, hex data wrapped at 77 columns. Rules follow
 * Wine's regedit (programs/regedit/regproc.c) as summarised in shared/reference/desktop-reg-format.md.
 */
import { UserError } from '../errors.js';
import { CONTROL, NON_ASCII, rejectChars } from './text.js';
import type { RegKey, RegValue } from '../registry/model.js';
import { helper, isRegKey, isRegValue, type HelperOptions } from './value.js';

export type RegVersion = 4 | 5;

const ROOT_NAMES = ['HKEY_LOCAL_MACHINE', 'HKEY_CURRENT_USER', 'HKEY_CLASSES_ROOT', 'HKEY_USERS', 'HKEY_CURRENT_CONFIG'];

export function regHeader(version: RegVersion): string {
  return version === 4 ? 'REGEDIT4' : 'Windows Registry Editor Version 5.00';
}

function checkText(value: string, version: RegVersion, field: string, what: string): void {
  rejectChars(value, /\u0000/, field, `a ${what}`);
  if (version === 4) rejectChars(value, NON_ASCII, field, 'a REGEDIT4 file', 'REGEDIT4 files are ANSI; use --reg-version 5');
}

export function regKeyPath(path: string, version: RegVersion, field = 'key'): string {
  checkText(path, version, field, 'registry key name');
  rejectChars(path, CONTROL, field, 'a registry key name', 'key names cannot hold control characters');
  const parts = path.split('\\');
  if (!ROOT_NAMES.includes(parts[0]!)) throw new UserError(`${field}: ${JSON.stringify(path)} must start with a full root name (${ROOT_NAMES.slice(0, 3).join(', ')}, ...)`);
  if (parts.length < 2 || parts.some((p) => p === '')) throw new UserError(`${field}: ${JSON.stringify(path)} has an empty key name part`);
  for (const p of parts) if (p.length > 255) throw new UserError(`${field}: a key name part is longer than 255 characters`);
  // The reader takes the last "]" on the line as the end of the key, so a "]" inside a name reads back.
  return path;
}

export function regKeyLine(key: RegKey, version: RegVersion): string {
  return key.remove ? `[-${regKeyPath(key.path, version, key.field)}]` : `[${regKeyPath(key.path, version, key.field)}]`;
}

export function regQuote(value: string, version: RegVersion, field: string, what: string): string {
  checkText(value, version, field, what);
  rejectChars(value, CONTROL, field, `a ${what}`);
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function textBytes(s: string, version: RegVersion): number[] {
  return [...(version === 5 ? Buffer.from(s, 'utf16le') : Buffer.from(s, 'latin1'))];
}

/** `prefix` then hex bytes, wrapped as regedit does: `,\` + newline + two spaces once a line reaches 77 columns. */
function hexLines(prefix: string, bytes: readonly number[]): string {
  let out = prefix;
  let col = prefix.length;
  bytes.forEach((b, i) => {
    const hex = b.toString(16).padStart(2, '0');
    out += hex;
    col += 2;
    if (i < bytes.length - 1) {
      out += ',';
      col += 1;
      if (col >= 77) {
        out += '\\\n  ';
        col = 2;
      }
    }
  });
  return out;
}

function u64(v: bigint, field: string): number[] {
  const n = BigInt(v);
  if (n < 0n || n > 0xffffffffffffffffn) throw new UserError(`${field}: ${n} is not a QWORD`);
  const out: number[] = [];
  for (let i = 0n; i < 8n; i++) out.push(Number((n >> (8n * i)) & 0xffn));
  return out;
}

export function regValueLine(v: RegValue, version: RegVersion): string {
  const field = v.field ?? (v.name === null ? 'default value' : `value ${JSON.stringify(v.name)}`);
  const name = v.name === null || v.name === '' ? '@' : regQuote(v.name, version, field, 'registry value name');
  if (v.remove) return `${name}=-`;
  switch (v.type) {
    case 'REG_SZ': {
      const s = v.data;
      checkText(s, version, field, 'registry string');
      // CR and LF cannot stand in a quoted string portably; write such strings as hex(1) (UTF-16LE).
      if (CONTROL.test(s)) {
        if (version === 4) rejectChars(s, CONTROL, field, 'a REGEDIT4 string');
        return hexLines(`${name}=hex(1):`, textBytes(s + '\0', version));
      }
      return `${name}=${regQuote(s, version, field, 'registry string')}`;
    }
    case 'REG_DWORD': {
      const n = v.data;
      if (!Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new UserError(`${field}: ${n} is not a DWORD (0 to 4294967295)`);
      return `${name}=dword:${n.toString(16).padStart(8, '0')}`;
    }
    case 'REG_QWORD':
      return hexLines(`${name}=hex(b):`, u64(v.data, field));
    case 'REG_BINARY':
      return hexLines(`${name}=hex:`, [...v.data]);
    case 'REG_NONE':
      return hexLines(`${name}=hex(0):`, [...v.data]);
    case 'REG_EXPAND_SZ': {
      const s = v.data;
      checkText(s, version, field, 'registry string');
      return hexLines(`${name}=hex(2):`, textBytes(s + '\0', version));
    }
    case 'REG_MULTI_SZ': {
      const list = v.data;
      for (const s of list) {
        checkText(s, version, field, 'registry string');
        if (s === '') throw new UserError(`${field}: a REG_MULTI_SZ cannot hold an empty string (it would end the list)`);
      }
      return hexLines(`${name}=hex(7):`, textBytes(list.map((s) => s + '\0').join('') + '\0', version));
    }
  }
}

/** The bytes of a finished .reg text: CRLF line ends; UTF-16LE with BOM (v5) or ASCII (v4). */
export function encodeReg(text: string, version: RegVersion): Buffer {
  const crlf = text.replace(/\r?\n/g, '\r\n');
  if (version === 4) {
    rejectChars(crlf, NON_ASCII, 'REGEDIT4 file', 'a REGEDIT4 file', 'use --reg-version 5');
    return Buffer.from(crlf, 'latin1');
  }
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(crlf, 'utf16le')]);
}

/** A `;` comment line's text: one line, no control characters (and ASCII in a REGEDIT4 file). */
export function regComment(text: string, version: RegVersion, field = 'comment'): string {
  checkText(text, version, field, 'registry comment');
  rejectChars(text, CONTROL, field, 'a .reg comment');
  return text;
}

const field = (o: HelperOptions) => o.hash?.field as string | undefined;
const KEY = { record: 'a registry key (path)', check: isRegKey };
const VALUE = { record: 'a registry value (name, type, data)', check: isRegValue };
export const regHelpers = {
  regComment: helper(['text', 'version'], (t: string, version: RegVersion, o: HelperOptions) => regComment(t, version, field(o))),
  regHeader: helper(['version'], (version: RegVersion) => regHeader(version)),
  regKey: helper([KEY, 'version'], (key: RegKey, version: RegVersion) => regKeyLine(key, version)),
  regValue: helper([VALUE, 'version'], (v: RegValue, version: RegVersion) => regValueLine(v, version)),
  regString: helper(['text', 'version'], (s: string, version: RegVersion, o: HelperOptions) => regQuote(s, version, field(o) ?? 'string', 'registry string')),
};
