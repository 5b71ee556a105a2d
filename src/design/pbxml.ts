/**
 * Platform Builder OS designs (.pbxml workspaces). The selected Catalog items are `<Feature ...
 * CatalogItemId="Item:MS:sysgen_xxx">` elements in `AnchoredFeatures` and the other feature
 * collections (CE 6.0 templates write `<ItemId>Item:MS:sysgen_xxx</ItemId>`); ids are matched
 * case-insensitively and become SYSGEN_XXX. Items of other vendors (`Item:<Vendor>:<Id>`) are kept
 * and reported as third-party items. Collections whose name says they remove items
 * (`RemovedFeatures`, `ExcludedFeatures`) become the design's exclusions.
 */
import { basename, extname } from 'node:path';
import { UserError } from '../errors.js';
import { attr, childrenNamed, decodeXml, descendants, parseXml, type XmlElement } from '../xml.js';
import type { Design, ThirdPartyItem } from './types.js';

const WORKSPACE_ROOTS = /^(pbworkspace|workspace|osdesign|pbproject|project|platformbuilderworkspace|platform)$/i;
/** `Item:<Vendor>:<Id>`, `Bsp:<Vendor>:<Name>:<Cpu>`, and vendor ids without the Item: prefix (`Board:vendor:driver`). */
const ITEM_ID = /^([^:\s]+):([^:\s]+):(.+)$/;

/** `Item:MS:sysgen_foo` → SYSGEN_FOO; undefined when it is not a Microsoft Sysgen item. */
function sysgenOfItemId(id: string): string | undefined {
  const m = ITEM_ID.exec(id.trim());
  if (!m || m[1]!.toLowerCase() !== 'item' || m[2]!.toLowerCase() !== 'ms') return undefined;
  return /^(__)?sysgen_[a-z0-9_]+$/i.test(m[3]!) ? m[3]!.toUpperCase() : undefined;
}

function textOf(el: XmlElement | undefined): string | undefined {
  const t = el?.text.trim();
  return t ? t : undefined;
}

function firstDefined<T>(...xs: Array<T | undefined>): T | undefined {
  return xs.find((x) => x !== undefined);
}

export function parsePbxml(buf: Buffer, file: string): Design {
  const root = parseXml(decodeXml(buf, file), file);
  const all = descendants(root);
  const features = all.filter(({ el }) => (el.local.toLowerCase() === 'feature' && attr(el, 'CatalogItemId') !== undefined) || el.local.toLowerCase() === 'itemid');
  if (root.local.toLowerCase() === 'catalogfile') {
    throw new UserError(`${file}:${root.line}: a Platform Builder catalog (<CatalogFile>), not an OS design; load it with --catalog ${file}`);
  }
  if (!WORKSPACE_ROOTS.test(root.local) && features.length === 0) {
    throw new UserError(`${file}:${root.line}: not a Platform Builder workspace: root element <${root.name}>, and no <Feature CatalogItemId="..."> items`);
  }

  const select: string[] = [];
  const exclude: string[] = [];
  const lines = new Map<string, number>();
  const warnings: Design['warnings'] = [];
  const thirdParty: ThirdPartyItem[] = [];
  let bsp: string | undefined;
  for (const { el, parent } of features) {
    const raw = (el.local.toLowerCase() === 'itemid' ? el.text : attr(el, 'CatalogItemId')!).trim();
    const m = ITEM_ID.exec(raw);
    if (!m) {
      warnings.push({ line: el.line, message: `Catalog item id "${raw.slice(0, 80)}" is not of the form Item:<Vendor>:<Id>; ignored` });
      continue;
    }
    if (m[1]!.toLowerCase() === 'bsp') {
      bsp ??= raw;
      continue;
    }
    const removed = /exclu|remov|delet/i.test(parent.local);
    const id = sysgenOfItemId(raw);
    if (id) {
      if (id.startsWith('__')) {
        warnings.push({ line: el.line, message: `${id} is an internal cesysgen variable, not a Catalog item; ignored` });
        continue;
      }
      if (lines.has(id)) continue; // listed in more than one collection
      lines.set(id, el.line);
      (removed ? exclude : select).push(id);
      continue;
    }
    if (m[1]!.toLowerCase() === 'item' && m[2]!.toLowerCase() === 'ms') {
      warnings.push({ line: el.line, message: `${raw} is a Microsoft Catalog item without a Sysgen variable; ignored` });
      continue;
    }
    if (thirdParty.some((t) => t.id.toLowerCase() === raw.toLowerCase())) continue;
    thirdParty.push({ id: raw, vendor: m[2]!, name: m[3]!, line: el.line });
    warnings.push({ line: el.line, message: `third-party Catalog item ${raw} (vendor ${m[2]}): not resolved by wcecfg; pass the .pbcxml that defines it (an <Item Id="${raw}">) with --catalog to check what it needs (a CE 5.0 .cec names no Item ids: its items count through the SYSGEN_ variables they set)` });
  }

  const platformEl = all.find(({ el }) => /^(platform|osdesign)$/i.test(el.local))?.el;
  const platform = firstDefined(
    attr(root, 'Name'),
    textOf(childrenNamed(root, 'Name')[0]),
    textOf(all.find(({ el }) => el.local.toLowerCase() === 'platformname')?.el),
    platformEl ? attr(platformEl, 'Name') : undefined,
  );
  const bspEl = all.find(({ el }) => /^(bsp|bspitemid|bspid)$/i.test(el.local))?.el;
  if (bspEl) {
    bsp = firstDefined(attr(bspEl, 'Name'), attr(bspEl, 'Id'), attr(bspEl, 'PlatformDirectory'), attr(bspEl, 'BSPPlatformDir'), textOf(bspEl)) ?? bsp;
  }

  return {
    kind: 'pbxml',
    file,
    name: platform ?? basename(file, extname(file)),
    select,
    exclude,
    cleared: [],
    lines,
    warnings,
    registry: {},
    firewall: {},
    clients: [],
    ...(platform !== undefined ? { platform } : {}),
    ...(bsp !== undefined ? { bsp } : {}),
    thirdParty,
  };
}

/**
 * Third-party items of a .pbxml that a loaded .pbcxml catalog defines become selections of the
 * Sysgen variable the item sets, on the item's line; the others stay third-party items. Pure: returns
 * a new design.
 */
export function bindCatalogItems(design: Design, itemIds: ReadonlyMap<string, string> | undefined): Design {
  if (!itemIds || !design.thirdParty?.length) return design;
  const select = [...design.select];
  const lines = new Map(design.lines);
  const bound = new Set<number>();
  const thirdParty = design.thirdParty.filter((t) => {
    const id = itemIds.get(t.id.toLowerCase());
    if (!id) return true;
    if (!lines.has(id)) {
      select.push(id);
      lines.set(id, t.line);
    }
    bound.add(t.line);
    return false;
  });
  if (bound.size === 0) return design;
  const warnings = design.warnings.filter((w) => !(w.line !== undefined && bound.has(w.line) && w.message.startsWith('third-party Catalog item')));
  return { ...design, select, lines, thirdParty, warnings };
}