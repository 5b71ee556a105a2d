/** The bad-input contract for a Catalog file format, through the CLI: one line naming file and line, exit 2, nothing written. */
import { expect, test } from 'vitest';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, expectUserError, tmp, write } from '../helpers.js';

/** One test per case (`generate --catalog FILE` refuses it, matching `re`, and writes no output), and one for a 50 MB file. */
export function badCatalogFileTests(ext: string, cases: Array<[string, string | Buffer, RegExp]>): void {
  const dir = tmp(`wcecfg-bad${ext}-`);
  for (const [name, content, re] of cases) {
    test(name, () => {
      const f = write(dir, name, content);
      const out = join(dir, `out-${name}`);
      expect(expectUserError(cli(['generate', '--catalog', f, '--out', out]))).toMatch(re);
      expect(existsSync(out)).toBe(false);
    });
  }
  test('a 50 MB file', () => {
    const f = join(dir, `huge.${ext}`);
    writeFileSync(f, Buffer.alloc(50 * 1024 * 1024, 0x20));
    const limit = new RegExp(`huge\\.${ext}: 50 MiB is larger than wcecfg's limit for a Catalog file \\(\\.${ext}\\) \\(16 MiB\\)$`);
    expect(expectUserError(cli(['resolve', '--catalog', f]))).toMatch(limit);
  });
}
