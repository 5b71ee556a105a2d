/**
 * A reader for desktop .reg files that follows Wine's regedit rules as summarised in
 * shared/reference/desktop-reg-format.md (header, BOM-based encoding, escapes, dword:, hex(N):
 * with `,\` continuations). Written independently of wcecfg's writer, to round-trip its output.
 */
export interface DeskValue {
  key: string;
  name: string | null;
  type: number; // REG_SZ 1, REG_EXPAND_SZ 2, REG_BINARY 3, REG_DWORD 4, REG_MULTI_SZ 7, REG_QWORD 11, REG_NONE 0
  bytes?: number[];
  text?: string;
  dword?: number;
  remove?: boolean;
}

export function decodeReg(buf: Buffer): { text: string; unicode: boolean } {
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) throw new Error('UTF-8 BOM breaks header detection');
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: buf.subarray(2).toString('utf16le'), unicode: true };
  return { text: buf.toString('latin1'), unicode: false };
}

function unquote(s: string, i: number): [string, number] {
  if (s[i] !== '"') throw new Error(`expected quote: ${s}`);
  let out = '';
  for (i++; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\') {
      const n = s[++i];
      if (n === '\\' || n === '"') out += n;
      else if (n === 'n') out += '\n';
      else if (n === 'r') out += '\r';
      else throw new Error(`escape \\${n} in ${s}`);
    } else if (c === '"') return [out, i + 1];
    else out += c;
  }
  throw new Error(`unterminated string: ${s}`);
}

export function parseDesktopReg(buf: Buffer): { version: 4 | 5; unicode: boolean; values: DeskValue[]; deletedKeys: string[]; keys: string[] } {
  const { text, unicode } = decodeReg(buf);
  if (!text.endsWith('\r\n')) throw new Error('file must end with CRLF');
  if (/(^|[^\r])\n/.test(text)) throw new Error('bare LF');
  const lines = text.split('\r\n');
  const header = lines[0];
  const version = header === 'REGEDIT4' ? 4 : header === 'Windows Registry Editor Version 5.00' ? 5 : undefined;
  if (!version) throw new Error(`bad header ${JSON.stringify(header)}`);
  const values: DeskValue[] = [];
  const deletedKeys: string[] = [];
  const keys: string[] = [];
  let key: string | undefined;
  for (let li = 1; li < lines.length; li++) {
    const line = lines[li]!;
    if (line.trim() === '' || /^\s*[;#]/.test(line)) continue;
    if (line.startsWith('[')) {
      const end = line.lastIndexOf(']');
      if (end < 0) throw new Error(`bad key line ${line}`);
      if (line.slice(end + 1).trim() !== '') throw new Error(`junk after key ${line}`);
      const k = line.slice(1, end);
      if (k.startsWith('-')) {
        deletedKeys.push(k.slice(1));
        key = undefined;
      } else {
        key = k;
        keys.push(k);
      }
      continue;
    }
    if (key === undefined) throw new Error(`value with no current key: ${line}`);
    let name: string | null;
    let i: number;
    if (line.startsWith('@')) {
      name = null;
      i = 1;
    } else [name, i] = unquote(line, 0);
    if (line[i] !== '=') throw new Error(`expected = : ${line}`);
    const rest = line.slice(i + 1);
    if (rest === '-') {
      values.push({ key, name, type: -1, remove: true });
      continue;
    }
    if (rest.startsWith('"')) {
      const [s, end] = unquote(rest, 0);
      if (rest.slice(end) !== '') throw new Error(`junk after string: ${line}`);
      values.push({ key, name, type: 1, text: s });
      continue;
    }
    const dw = /^dword:([0-9a-fA-F]{1,8})$/.exec(rest);
    if (dw) {
      values.push({ key, name, type: 4, dword: parseInt(dw[1]!, 16) });
      continue;
    }
    const hx = /^hex(?:\(([0-9a-fA-F]{1,8})\))?:(.*)$/.exec(rest);
    if (!hx) throw new Error(`unknown data: ${line}`);
    const type = hx[1] === undefined ? 3 : parseInt(hx[1], 16);
    let data = hx[2]!;
    while (/,\\$/.test(data)) {
      const next = lines[++li];
      if (next === undefined || !/^ {2}[0-9a-f]/.test(next)) throw new Error(`bad continuation after ${line}`);
      data = data.slice(0, -1) + next.trim();
    }
    const bytes = data === '' ? [] : data.split(',').map((b) => {
      if (!/^[0-9a-fA-F]{2}$/.test(b)) throw new Error(`bad byte ${b} in ${line}`);
      return parseInt(b, 16);
    });
    const v: DeskValue = { key, name, type, bytes };
    if (type === 1 || type === 2 || type === 7) {
      // hex(1)/(2)/(7) bytes are UTF-16LE in a Unicode file and code-page bytes in an ANSI one.
      v.text = unicode ? Buffer.from(bytes).toString('utf16le') : Buffer.from(bytes).toString('latin1');
    }
    values.push(v);
  }
  return { version, unicode, values, deletedKeys, keys };
}
