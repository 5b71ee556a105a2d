/** Shell completion of Sysgen ids after `catalog show`, `explain` and `resolve`. */
import { loadCatalog } from './load.js';

/** The positions that take Sysgen ids: the words before the one being completed decide. */
function takesSysgenId(before: readonly string[]): boolean {
  const [cmd, sub] = before;
  if (cmd === 'catalog') return sub === 'show' && before.length === 2;
  if (cmd === 'explain') return before.length === 1;
  return cmd === 'resolve';
}

/**
 * Sysgen ids of the catalog (built-in plus --catalog folders) that start with `current`, any case;
 * undefined when the position does not take a Sysgen id, so the caller completes as usual.
 */
export async function completeSysgenIds(before: readonly string[], current: string, catalogDirs: readonly string[] = []): Promise<string[] | undefined> {
  if (current.startsWith('-') || !takesSysgenId(before)) return undefined;
  const want = current.toUpperCase();
  try {
    const catalog = await loadCatalog(catalogDirs);
    return [...catalog.items.keys()].filter((id) => id.startsWith(want));
  } catch {
    return []; // a broken --catalog folder completes nothing rather than printing an error into the shell
  }
}
