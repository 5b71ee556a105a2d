/**
 * Registry fragments for registration commands, in the desktop (v5/v4) or CE format, through the
 * format modules and the same templates generate uses: desktop.reg.hbs, and project.reg.hbs for the
 * CE layout (header comment, @CESYSGEN guard, value comments), so the two never drift apart.
 */
import { encodeReg, type RegVersion } from '../format/reg.js';
import { encodeCe } from '../format/cereg.js';
import { createRenderer } from '../render.js';
import { UserError } from '../errors.js';
import { moduleFlag, type RegBlock } from '../generate/plan.js';
import { messengerBlock } from './client.js';
import type { Catalog } from '../catalog/types.js';
import type { RegKey } from '../registry/model.js';

export type RegFormat = 'reg5' | 'reg4' | 'ce';

/** A desktop .reg file, laid out by the same template generate uses (templates/desktop.reg.hbs). */
export function desktopRegFile(keys: RegKey[], version: RegVersion): Buffer {
  return encodeReg(createRenderer()('desktop.reg.hbs', { keys, omitted: [], regVersion: version }), version);
}

/** A CE project.reg fragment of one block, laid out by generate's templates/project.reg.hbs. */
function ceRegFile(header: string, block: RegBlock): Buffer {
  for (const k of block.keys) if (k.remove) throw new Error('internal error: CE registry files are built at sysgen time; there is nothing to uninstall');
  // The header is a comment line of printable ASCII; anything else in a name becomes "?" there.
  return encodeCe(createRenderer()('project.reg.hbs', { design: { name: header.replace(/[^\x20-\x7e]/g, '?') }, fragment: true, registry: [block] }));
}

/** The msmsgs module flag that guards Messenger's keys in project.reg, worked out as generate does. */
export function messengerGuard(catalog: Catalog): { flag: string; inferred: boolean } {
  const m = catalog.items.get('SYSGEN_MESSENGER');
  if (!m) throw new UserError('catalog: no SYSGEN_MESSENGER item, so there is no module flag to guard the keys with (--format ce)');
  return moduleFlag(m, 'msmsgs', {});
}

/** The fragment in the format asked for; `ce` says how to title and guard the CE block. */
export function regFile(keys: RegKey[], format: RegFormat, ce?: { header: string; title: string; guard: { flag: string; inferred: boolean } }): Buffer {
  if (format !== 'ce') return desktopRegFile(keys, format === 'reg4' ? 4 : 5);
  if (!ce) throw new Error('internal error: a CE fragment needs its block title and guard');
  return ceRegFile(ce.header, messengerBlock(ce.title, keys, ce.guard));
}
