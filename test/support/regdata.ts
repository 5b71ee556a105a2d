import { expect } from 'vitest';
import type { RegData } from '../../src/registry/model.js';
import type { DeskValue } from './desktopreg.js';

/** What a desktop reader sees for typed data (type code and content), from the writer-independent parser. */
export function desktopMatches(back: DeskValue, d: RegData): void {
  const code = { REG_NONE: 0, REG_SZ: 1, REG_EXPAND_SZ: 2, REG_BINARY: 3, REG_DWORD: 4, REG_MULTI_SZ: 7, REG_QWORD: 11 }[d.type];
  expect(back.type).toBe(code);
  switch (d.type) {
    case 'REG_SZ':
      return void expect(back.text!.replace(/\0$/, '')).toBe(d.data);
    case 'REG_EXPAND_SZ':
      return void expect(back.text).toBe(d.data + '\0');
    case 'REG_MULTI_SZ':
      return void expect(back.text).toBe(d.data.map((s) => s + '\0').join('') + '\0');
    case 'REG_DWORD':
      return void expect(back.dword).toBe(d.data);
    case 'REG_QWORD':
      return void expect(Buffer.from(back.bytes!).readBigUInt64LE()).toBe(d.data);
    case 'REG_BINARY':
    case 'REG_NONE':
      return void expect(back.bytes).toEqual([...d.data]);
  }
}


/**
 * A CE .reg text with its commented-out values made live: generate shows Microsoft's defaults as
 * comment lines (`    ; "Name"=dword:1` under `; [KEY]`), so a test of how a default is written
 * reads those lines as values. Guards and other comments stay comments.
 */
export function uncommentCeValues(text: string): string {
  return text
    .split('\r\n')
    .map((l) => l.replace(/^(\s*); (\[HKEY_[^\]]*\])$/, '$1$2').replace(/^(\s*); ((?:"(?:[^"\\]|\\.)*"|@)=\S.*)$/, '$1$2'))
    .join('\r\n');
}
