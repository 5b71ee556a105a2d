/** Registry fragments for registration commands, in the desktop (v5/v4) or CE format, through the format modules. */
import { encodeReg, regHeader, regKeyLine, regValueLine, type RegVersion } from '../format/reg.js';
import { ceKeyPath, ceLine, ceComment, encodeCe } from '../format/cereg.js';
import type { RegKey } from '../registry/model.js';

export type RegFormat = 'reg5' | 'reg4' | 'ce';

export function desktopRegFile(keys: RegKey[], version: RegVersion): Buffer {
  const lines = [regHeader(version)];
  for (const k of keys) {
    lines.push('', regKeyLine(k, version));
    for (const v of k.values) lines.push(regValueLine(v, version));
  }
  lines.push('', '');
  return encodeReg(lines.join('\n'), version);
}

export function ceRegFile(keys: RegKey[], header: string): Buffer {
  const lines = [`; ${ceComment(header)}`];
  for (const k of keys) {
    if (k.remove) throw new Error('internal error: CE registry files are built at sysgen time; there is nothing to uninstall');
    lines.push('', `[${ceKeyPath(k.path, k.field)}]`);
    for (const v of k.values) lines.push(`    ${ceLine(v, v.field ?? k.field)}`);
  }
  lines.push('');
  return encodeCe(lines.join('\n'));
}

export function regFile(keys: RegKey[], format: RegFormat, header: string): Buffer {
  return format === 'ce' ? ceRegFile(keys, header) : desktopRegFile(keys, format === 'reg4' ? 4 : 5);
}
