/** Registry fragments for registration commands, in the desktop (v5/v4) or CE format, through the format modules. */
import { encodeReg, type RegVersion } from '../format/reg.js';
import { createRenderer } from '../render.js';
import { ceKeyPath, ceLine, ceComment, encodeCe } from '../format/cereg.js';
import type { RegKey } from '../registry/model.js';

export type RegFormat = 'reg5' | 'reg4' | 'ce';

/** A desktop .reg file, laid out by the same template generate uses (templates/desktop.reg.hbs). */
export function desktopRegFile(keys: RegKey[], version: RegVersion): Buffer {
  return encodeReg(createRenderer()('desktop.reg.hbs', { keys, omitted: [], regVersion: version }), version);
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
