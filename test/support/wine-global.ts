/**
 * vitest globalSetup: the place of the run's one Wine prefix, and its removal when the run ends.
 * Nothing is started here: the first test file that needs Wine boots the prefix (test/wine.ts), so
 * a run without Wine tests costs nothing.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    winePrefix: string;
  }
}

export default function setup(project: TestProject): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'wcecfg-wine-'));
  project.provide('winePrefix', dir);
  return () => {
    // Stops the persistent wineserver (if a test started one), then removes the prefix.
    spawnSync('wineserver', ['-k'], { env: { ...process.env, WINEPREFIX: dir } });
    rmSync(dir, { recursive: true, force: true });
  };
}
