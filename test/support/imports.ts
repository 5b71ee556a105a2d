/** What the built CLI loads at start-up: the files reached from dist/cli.js by static imports (dynamic import() calls are lazy). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export function staticImportClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    // `import x from './a.js'`, `import './a.js'`, either quote; not `import('./a.js')`.
    for (const m of text.matchAll(/(?:^|[;\n])\s*import\s*(?:[^'"();]*?\sfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g)) todo.push(join(file, '..', m[1]!));
  }
  return seen;
}
