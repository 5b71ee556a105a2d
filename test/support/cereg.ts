/**
 * A reader for Windows CE registry files, written from shared/reference/build-files.md §3 (not from
 * wcecfg's writer): no header; `;` comments; `; @CESYSGEN IF/ELSE/ENDIF` and `IF/ENDIF` guards;
 * `[key]`; `"name"=` or `@=` with a quoted string (\\ and \" escapes), `dword:` hex, `multi_sz:`,
 * `hex:` and `hex(N):`. Throws on anything else, and on unbalanced guards.
 */
export interface CeValue {
  key: string;
  name: string | null;
  type: 'REG_SZ' | 'REG_DWORD' | 'REG_MULTI_SZ' | 'REG_BINARY' | 'REG_EXPAND_SZ' | 'REG_QWORD' | 'REG_NONE';
  data: string | number | bigint | string[] | number[];
  guards: string[];
}

function readQuoted(s: string, i: number): [string, number] {
  if (s[i] !== '"') throw new Error(`expected a quote at ${i} in ${s}`);
  let out = '';
  i++;
  while (i < s.length) {
    const c = s[i]!;
    if (c === '\\') {
      const n = s[i + 1];
      if (n !== '\\' && n !== '"') throw new Error(`bad escape \\${n} in ${s}`);
      out += n;
      i += 2;
    } else if (c === '"') return [out, i + 1];
    else {
      out += c;
      i++;
    }
  }
  throw new Error(`unterminated string in ${s}`);
}

export function parseCeReg(text: string): { values: CeValue[]; keys: string[] } {
  if (/[^\x00-\x7f]/.test(text)) throw new Error('CE .reg files are ASCII');
  if (text.length && !text.endsWith('\r\n')) throw new Error('last line must end with CRLF');
  if (/(^|[^\r])\n/.test(text)) throw new Error('bare LF line end');
  const lines = text.split('\r\n').slice(0, -1);
  const guards: string[] = [];
  const values: CeValue[] = [];
  const keys: string[] = [];
  let key: string | undefined;
  for (const raw of lines) {
    const line = raw.trim();
    if (line === '') continue;
    const g = /^;\s*@CESYSGEN\s+(IF|ENDIF|ELSE)\b\s*(.*)$/.exec(line);
    if (g) {
      if (g[1] === 'IF') {
        if (!/^!?[A-Z0-9_]+(\s+(\|\||&&|OR|AND)\s+!?[A-Z0-9_]+)*$/.test(g[2]!)) throw new Error(`bad @CESYSGEN IF: ${line}`);
        guards.push(g[2]!);
      } else if (g[1] === 'ENDIF') {
        const open = guards.pop();
        if (open === undefined) throw new Error(`ENDIF without IF: ${line}`);
        if (g[2] && g[2] !== open) throw new Error(`ENDIF ${g[2]} closes IF ${open}`);
      }
      continue;
    }
    if (line.startsWith(';')) continue;
    if (line.startsWith('[')) {
      if (!line.endsWith(']')) throw new Error(`bad key line: ${line}`);
      key = line.slice(1, -1);
      if (key.startsWith('-')) throw new Error('deletions not expected');
      keys.push(key);
      continue;
    }
    if (key === undefined) throw new Error(`value outside a key: ${line}`);
    let name: string | null;
    let i: number;
    if (line.startsWith('@')) {
      name = null;
      i = 1;
    } else [name, i] = readQuoted(line, 0);
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (line[i] !== '=') throw new Error(`expected = in ${line}`);
    i++;
    while (line[i] === ' ' || line[i] === '\t') i++;
    const rest = line.slice(i);
    let v: Omit<CeValue, 'key' | 'name' | 'guards'>;
    if (rest.startsWith('"')) {
      const [s, end] = readQuoted(rest, 0);
      if (rest.slice(end).trim() !== '') throw new Error(`junk after string: ${line}`);
      v = { type: 'REG_SZ', data: s };
    } else if (/^dword:[0-9A-Fa-f]+$/.test(rest)) v = { type: 'REG_DWORD', data: parseInt(rest.slice(6), 16) };
    else if (rest.startsWith('multi_sz:')) {
      const list: string[] = [];
      let j = 9;
      for (;;) {
        const [s, end] = readQuoted(rest, j);
        list.push(s);
        if (rest[end] === ',') j = end + 1;
        else if (end === rest.length) break;
        else throw new Error(`bad multi_sz: ${line}`);
      }
      v = { type: 'REG_MULTI_SZ', data: list };
    } else if (/^hex(\((2|b|0)\))?:\s*([0-9a-fA-F]{2}(,\s*[0-9a-fA-F]{2})*)?$/.test(rest)) {
      const bytes = rest.replace(/^hex(\((2|b|0)\))?:/, '').split(',').map((b) => b.trim()).filter(Boolean).map((b) => parseInt(b, 16));
      if (rest.startsWith('hex(b)')) {
        if (bytes.length !== 8) throw new Error('hex(b) data must be 8 bytes');
        v = { type: 'REG_QWORD', data: Buffer.from(bytes).readBigUInt64LE() };
      } else if (rest.startsWith('hex(0)')) v = { type: 'REG_NONE', data: bytes };
      else if (rest.startsWith('hex(2)')) {
        const s = Buffer.from(bytes).toString('utf16le');
        if (!s.endsWith('\0')) throw new Error('hex(2) data must end with NUL');
        v = { type: 'REG_EXPAND_SZ', data: s.slice(0, -1) };
      } else v = { type: 'REG_BINARY', data: bytes };
    } else throw new Error(`unknown value syntax: ${line}`);
    values.push({ key, name, ...v, guards: [...guards] });
  }
  if (guards.length) throw new Error(`unclosed @CESYSGEN IF ${guards.join(', ')}`);
  return { values, keys };
}

/** .bib sections and rows (shared/reference/build-files.md §4). */
export function parseBib(text: string): { MODULES: Array<{ name: string; path: string; memory: string; flags: string; guards: string[] }>; FILES: Array<{ name: string; path: string; memory: string; flags: string; guards: string[] }> } {
  if (/[^\x00-\x7f]/.test(text) || /(^|[^\r])\n/.test(text)) throw new Error('.bib files are ASCII with CRLF');
  const out = { MODULES: [] as ReturnType<typeof parseBib>['MODULES'], FILES: [] as ReturnType<typeof parseBib>['FILES'] };
  let section: 'MODULES' | 'FILES' | undefined;
  const guards: string[] = [];
  for (const raw of text.split('\r\n')) {
    const line = raw.trim();
    const g = /^;\s*@CESYSGEN\s+(IF|ENDIF)\b\s*(.*)$/.exec(line);
    if (g) {
      if (g[1] === 'IF') guards.push(g[2]!);
      else if (guards.pop() === undefined) throw new Error('ENDIF without IF');
      continue;
    }
    if (line === '' || line.startsWith(';')) continue;
    if (line === 'MODULES' || line === 'FILES') {
      if (guards.length) throw new Error('section inside a guard');
      section = line;
      continue;
    }
    if (!section) throw new Error(`row outside a section: ${line}`);
    const cols = line.split(/\s+/);
    if (cols.length !== 4) throw new Error(`expected Name Path Memory Type: ${line}`);
    out[section].push({ name: cols[0]!, path: cols[1]!, memory: cols[2]!, flags: cols[3]!, guards: [...guards] });
  }
  if (guards.length) throw new Error('unclosed guard');
  return out;
}
