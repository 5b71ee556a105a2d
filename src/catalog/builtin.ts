/**
 * Built-in files checked at build time (src/build/catalog-hashes.mjs): for each, the SHA-256 of its
 * text and the size and modification time it had then.
 */
import { statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { hashes } from '../generated/catalog-hashes.js';

/** How many built-in files of a folder ("components") the build checked. */
export function filesCheckedAtBuild(folder: string): number {
  return Object.keys(hashes).filter((k) => k.startsWith(`${folder}/`)).length;
}

/**
 * Whether `text`, read from `file`, is exactly the built-in file `key` ("components/security.json",
 * "designs/messenger.json") that passed its schema at build time, so the check can be skipped.
 * Like git's index, an unchanged size and modification time vouch for the content; otherwise (an
 * installed copy, a touched file) the content hash decides. node:crypto is loaded only then.
 */
export function validatedAtBuild(key: string, file: string, text: string): boolean {
  const h = hashes[key];
  if (h === undefined) return false;
  try {
    const st = statSync(file);
    if (st.size === h.size && st.mtimeMs === h.mtimeMs) return true;
  } catch {
    return false;
  }
  const { createHash } = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(text).digest('base64') === h.sha256;
}
