/** Built-in files checked at build time (src/build/catalog-hashes.mjs): their text's hash is recorded. */
import { createHash } from 'node:crypto';
import { hashes } from '../generated/catalog-hashes.js';

/**
 * Whether `text` is exactly the built-in file `key` ("components/security.json",
 * "designs/messenger.json") as validated at build time, so its schema check can be skipped.
 */
export function validatedAtBuild(key: string, text: string): boolean {
  const h = hashes[key];
  return h !== undefined && createHash('sha256').update(text).digest('base64') === h;
}
