// Build job, after the bundle: the built-in catalog as a whole (every requirement names an item, no
// duplicate id, no requirement cycle), checked by wcecfg's own loader. An empty --catalog folder
// makes the loader run those checks, which it skips at run time for an unchanged built-in catalog
// (catalog-hashes.mjs records what "unchanged" means). One set of checks, in src/catalog/load.ts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fail, root } from './common.mjs';

const cli = join(root, 'dist', 'cli.js');
if (!existsSync(cli)) fail('dist/cli.js: missing; run src/build/bundle.mjs first');
const empty = mkdtempSync(join(tmpdir(), 'wcecfg-build-'));
try {
  const r = spawnSync(process.execPath, [cli, 'catalog', 'list', '--catalog', empty, '--json'], { encoding: 'utf8' });
  if (r.status !== 0) {
    let reason = r.stderr.trim() || `exit ${r.status}`;
    try {
      reason = JSON.parse(r.stdout).error.message;
    } catch {
      /* not a JSON error: stderr says it */
    }
    fail(`the built-in catalog: ${reason}`);
  }
} finally {
  rmSync(empty, { recursive: true, force: true });
}
