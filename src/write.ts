/**
 * The safe writer. Everything is rendered and checked in memory first; then each changed file is
 * written to a temporary name and renamed. A file that differs from what wcecfg last wrote there
 * (the manifest keeps a SHA-256 of each) is not overwritten without --force. Nothing is ever
 * written outside the output directory, and a run that changes nothing writes nothing.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, existsSync, rmdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { UserError } from './errors.js';

export const MANIFEST = '.wcecfg-manifest.json';
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

export interface OutFile {
  name: string;
  content: Buffer;
}

export interface WriteResult {
  name: string;
  status: 'written' | 'unchanged';
  bytes: number;
  sha256: string;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

export function checkFileName(name: string, what = 'file name'): string {
  if (!SAFE_NAME.test(name) || name === MANIFEST || /\.\./.test(name)) {
    throw new UserError(`${what} ${JSON.stringify(name)} cannot be used: file names are letters, digits, _ . - (no paths, no "..")`);
  }
  return name;
}

function readManifest(dir: string): Record<string, string> {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as { files?: Record<string, string> };
    return m.files ?? {};
  } catch {
    return {};
  }
}

export function writeOutputs(outDir: string, files: OutFile[], opts: { force?: boolean } = {}): WriteResult[] {
  const dir = resolve(outDir);
  const seen = new Set<string>();
  for (const f of files) {
    checkFileName(f.name);
    const full = resolve(dir, f.name);
    const rel = relative(dir, full);
    if (rel.startsWith('..') || isAbsolute(rel) || rel.includes('/') || rel.includes('\\')) throw new UserError(`${f.name}: would be written outside ${outDir}`);
    if (seen.has(f.name.toLowerCase())) throw new UserError(`${f.name}: two outputs have the same file name`);
    seen.add(f.name.toLowerCase());
  }
  let existed = true;
  try {
    if (!statSync(dir).isDirectory()) throw new UserError(`${outDir}: exists and is not a directory`);
  } catch (e) {
    if (e instanceof UserError) throw e;
    existed = false;
  }
  const manifest = existed ? readManifest(dir) : {};
  const results: WriteResult[] = [];
  const changed: OutFile[] = [];
  const conflicts: string[] = [];
  for (const f of files) {
    const path = join(dir, f.name);
    const hash = sha(f.content);
    let old: Buffer | undefined;
    if (existed && existsSync(path)) {
      if (statSync(path).isDirectory()) throw new UserError(`${join(outDir, f.name)}: is a directory; move it away`);
      old = readFileSync(path);
    }
    if (old && old.equals(f.content)) {
      results.push({ name: f.name, status: 'unchanged', bytes: f.content.length, sha256: hash });
      continue;
    }
    if (old && manifest[f.name] !== sha(old) && !opts.force) conflicts.push(join(outDir, f.name));
    changed.push(f);
    results.push({ name: f.name, status: 'written', bytes: f.content.length, sha256: hash });
  }
  if (conflicts.length) {
    throw new UserError(
      `${conflicts[0]} differs from what wcecfg last wrote there (edited by hand?)${conflicts.length > 1 ? ` and so do ${conflicts.length - 1} more` : ''}; nothing was written. Save your changes elsewhere and run again, or add --force to overwrite`,
    );
  }
  const nextManifest: Record<string, string> = { ...manifest };
  for (const r of results) nextManifest[r.name] = r.sha256;
  const manifestText = Buffer.from(JSON.stringify({ generator: 'wcecfg', files: Object.fromEntries(Object.entries(nextManifest).sort()) }, null, 2) + '\n');
  const manifestChanged = !existed || !existsSync(join(dir, MANIFEST)) || !readFileSync(join(dir, MANIFEST)).equals(manifestText);
  if (changed.length === 0 && !manifestChanged) return results;

  const temps: Array<{ tmp: string; final: string }> = [];
  try {
    mkdirSync(dir, { recursive: true });
    for (const f of [...changed, { name: MANIFEST, content: manifestText }]) {
      const final = join(dir, f.name);
      const tmp = join(dir, `.${f.name}.${process.pid}.tmp`);
      writeFileSync(tmp, f.content, { flag: 'wx' });
      temps.push({ tmp, final });
    }
    for (const t of temps) renameSync(t.tmp, t.final);
  } catch (e) {
    for (const t of temps) rmSync(t.tmp, { force: true });
    if (!existed) {
      try {
        rmdirSync(dir);
      } catch {
        /* not empty: leave it */
      }
    }
    throw new UserError(`${outDir}: cannot write output (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the directory was left as it was`);
  }
  return results;
}

