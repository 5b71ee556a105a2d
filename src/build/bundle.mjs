// Build step: bundle the CLI into dist/ with esbuild. One entry file plus a chunk per lazily
// loaded command, so a command loads only what it uses and Node resolves few modules at start-up.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
rmSync(join(root, 'dist'), { recursive: true, force: true });
await build({
  entryPoints: [join(root, 'src', 'cli.ts')],
  outdir: join(root, 'dist'),
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  // Bundled CommonJS packages (handlebars) call require() for Node built-ins.
  banner: { js: "import { createRequire as __wcecfgRequire } from 'node:module'; const require = __wcecfgRequire(import.meta.url);" },
  // The version is part of the bundle, so --version answers wherever dist/ is installed.
  define: { __WCECFG_VERSION__: JSON.stringify(version) },
  legalComments: 'none',
  logLevel: 'warning',
});
