/**
 * The safe writer. Everything is rendered and checked in memory first; then each changed file is
 * written to a temporary name and renamed. A file that differs from what wcecfg last wrote there
 * (the manifest keeps a SHA-256 of each) is not overwritten without --force. Nothing is ever
 * written outside the output directory, only regular files are read or replaced (a symbolic link,
 * device or FIFO where an output goes is refused), and a run that changes nothing writes nothing.
 *
 * The promise under failure and SIGKILL:
 * - every output file is wholly old or wholly new (each is renamed into place);
 * - before the first output is renamed, the manifest is replaced by one that accepts both the old
 *   and the new SHA-256 of every file being changed (marked "incomplete"), so a generation that a
 *   kill leaves half-renamed is still described by the manifest, and the next run neither calls
 *   those files hand-edited nor refuses them; the final manifest then lists only the new hashes;
 * - temporary files (`.NAME.PID.tmp`) and backups (`.NAME.PID.old`) that a killed run left behind
 *   are removed by the next run that writes to the directory;
 * - when a write or rename fails (a full disk, a permission), every file already renamed is put
 *   back from its backup and every temporary file is removed, so the directory is left as it was.
 */
import { createHash } from 'node:crypto';
import {
  closeSync, constants, copyFileSync, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, realpathSync, renameSync, rmdirSync, statSync, unlinkSync, writeSync,
  type Stats,
} from 'node:fs';
import { dirname, isAbsolute, join, parse, relative, resolve } from 'node:path';
import { UserError } from './errors.js';
import { readInput } from './read.js';

export const MANIFEST = '.wcecfg-manifest.json';
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
/** Windows device names: reserved with any extension (CON.bat is the console, not a file). */
const RESERVED = /^(CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9]|CONIN\$|CONOUT\$|CLOCK\$)$/i;
/** Left-overs of a run that was killed: `.NAME.PID.tmp` and `.NAME.PID.old`. */
const LEFTOVER = /^\..+\.([0-9]+)\.(tmp|old)$/;

/** The file-system calls the writer makes, in one object so tests can make one of them fail. */
export const io = { openSync, writeSync, fsyncSync, closeSync, renameSync, linkSync, copyFileSync, unlinkSync, mkdirSync, rmdirSync };

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

export interface WriteOptions {
  force?: boolean;
  /** Files this run reads (the design, the manifest): an output that is one of them is refused, even with --force. */
  inputs?: ReadonlyArray<string | undefined>;
  /** The option that named the directory, for messages. */
  option?: string;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** An output file name: plain letters, digits, _ . -; no path, no Windows device name, no trailing dot. */
export function checkFileName(name: string, what = 'file name'): string {
  const problem = fileNameProblem(name);
  if (problem) throw new UserError(`${what} ${JSON.stringify(name)} cannot be used: ${problem}`);
  return name;
}

/** Why `name` cannot be an output file name, or undefined when it can. */
export function fileNameProblem(name: string): string | undefined {
  if (!SAFE_NAME.test(name) || name === MANIFEST || /\.\./.test(name)) return 'file names are letters, digits, _ . - (no paths, no "..")';
  if (RESERVED.test(name.split('.')[0]!)) return `${name.split('.')[0]!.toUpperCase()} is a reserved device name on Windows (with any extension); choose another name`;
  if (name.endsWith('.')) return 'Windows drops a trailing dot from file names';
  return undefined;
}

/** An output directory given on the command line: not empty text, not the filesystem root. */
export function checkOutDir(outDir: string, option = '--out'): string {
  if (outDir.trim() === '') throw new UserError(`${option}: empty; name an output directory (default: out)`);
  if (outDir.includes('\0')) throw new UserError(`${option}: a NUL character cannot be part of a path`);
  const dir = resolve(outDir);
  if (parse(dir).root === dir) throw new UserError(`${option}: ${JSON.stringify(outDir)} is the filesystem root; name an output directory`);
  return dir;
}

interface Manifest {
  /** name -> every SHA-256 the manifest accepts as wcecfg's own (two while a generation is being renamed in). */
  known: Map<string, Set<string>>;
  files: Record<string, string>;
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new UserError(`${path}: cannot be checked (${code ?? (e as Error).message})`);
  }
}

/** What a path is when it is not a regular file, for messages. */
function kindOf(st: Stats): string {
  if (st.isSymbolicLink()) return 'a symbolic link';
  if (st.isDirectory()) return 'a directory';
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  return 'a device';
}

function readManifest(dir: string, shownDir: string): Manifest {
  const path = join(dir, MANIFEST);
  const st = lstatOrUndefined(path);
  const m: Manifest = { known: new Map(), files: {} };
  if (!st) return m;
  if (!st.isFile()) throw new UserError(`${join(shownDir, MANIFEST)}: is ${kindOf(st)}, not wcecfg's manifest; remove it`);
  let parsed: { files?: unknown; previous?: unknown };
  try {
    parsed = JSON.parse(readInput(path, 'manifest', join(shownDir, MANIFEST)).toString('utf8')) as typeof parsed;
  } catch (e) {
    if (e instanceof UserError && !(e.message.endsWith('no such manifest'))) throw e;
    return m;
  }
  const add = (rec: unknown, keep: boolean) => {
    if (typeof rec !== 'object' || rec === null) return;
    for (const [name, h] of Object.entries(rec)) {
      if (typeof h !== 'string') continue;
      if (keep) m.files[name] = h;
      let set = m.known.get(name);
      if (!set) m.known.set(name, (set = new Set()));
      set.add(h);
    }
  };
  add(parsed.files, true);
  add(parsed.previous, false);
  return m;
}

function manifestText(files: Record<string, string>, previous?: Record<string, string>): Buffer {
  const sorted = (r: Record<string, string>) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const body: Record<string, unknown> = { generator: 'wcecfg', files: sorted(files) };
  if (previous) {
    body.incomplete = 'a run was writing this generation; each file listed in "previous" is either that old version or the new one';
    body.previous = sorted(previous);
  }
  return Buffer.from(JSON.stringify(body, null, 2) + '\n');
}

function pidAlive(pid: number): boolean {
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Remove what a killed run left: its temporary files and backups (never those of a run still going). */
function removeLeftovers(dir: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  for (const name of names) {
    const m = LEFTOVER.exec(name);
    if (!m || pidAlive(Number(m[1]))) continue;
    const st = lstatOrUndefined(join(dir, name));
    if (!st || st.isDirectory()) continue;
    try {
      io.unlinkSync(join(dir, name));
      removed.push(name);
    } catch {
      /* not ours to force */
    }
  }
  return removed;
}

/** Write a new file (never an existing one, never through a link), flush it, or remove what was written. */
function writeNew(path: string, content: Buffer): void {
  const fd = io.openSync(path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o644);
  try {
    for (let off = 0; off < content.length; ) off += io.writeSync(fd, content, off, content.length - off);
    io.fsyncSync(fd);
  } catch (e) {
    try {
      io.closeSync(fd);
    } finally {
      try {
        io.unlinkSync(path);
      } catch {
        /* already gone */
      }
    }
    throw e;
  }
  io.closeSync(fd);
}

function sameFile(a: Stats, b: Stats): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}

export function writeOutputs(outDir: string, files: OutFile[], opts: WriteOptions = {}): WriteResult[] {
  const dir = checkOutDir(outDir, opts.option);
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
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw new UserError(`${outDir}: cannot be used as the output directory (${code ?? (e as Error).message})`);
    existed = false;
  }
  if (existed) {
    // --out given as a link to / is the root too.
    const realDir = realpathSync(dir);
    if (parse(realDir).root === realDir) throw new UserError(`${opts.option ?? '--out'}: ${JSON.stringify(outDir)} is the filesystem root; name an output directory`);
    removeLeftovers(dir);
  }
  const manifest = existed ? readManifest(dir, outDir) : { known: new Map<string, Set<string>>(), files: {} };
  const inputs: Array<{ file: string; st: Stats }> = [];
  for (const file of opts.inputs ?? []) {
    if (file === undefined) continue;
    try {
      inputs.push({ file, st: statSync(file) });
    } catch {
      /* not a file: nothing to protect */
    }
  }
  const results: WriteResult[] = [];
  const changed: Array<OutFile & { old?: string }> = [];
  const edited: string[] = [];
  const foreign: string[] = [];
  for (const f of files) {
    const path = join(dir, f.name);
    const shown = join(outDir, f.name);
    const hash = sha(f.content);
    let old: Buffer | undefined;
    const st = existed ? lstatOrUndefined(path) : undefined;
    if (st) {
      if (!st.isFile()) throw new UserError(`${shown}: is ${kindOf(st)}; wcecfg writes only regular files and never follows a link out of ${outDir}; move it away`);
      old = readInput(path, 'output file', shown);
    }
    if (old && old.equals(f.content)) {
      results.push({ name: f.name, status: 'unchanged', bytes: f.content.length, sha256: hash });
      continue;
    }
    // An input of this run (a batch design inside --out) is not a hand-edited output: say what it is.
    const input = st && inputs.find((i) => sameFile(i.st, st));
    if (input) throw new UserError(`${shown}: is ${input.file}, which this run reads; writing ${f.name} there would overwrite it: choose another --out`);
    let oldHash: string | undefined;
    if (old) {
      oldHash = sha(old);
      if (!manifest.known.get(f.name)?.has(oldHash) && !opts.force) (manifest.known.has(f.name) ? edited : foreign).push(shown);
    }
    changed.push({ ...f, ...(oldHash ? { old: oldHash } : {}) });
    results.push({ name: f.name, status: 'written', bytes: f.content.length, sha256: hash });
  }
  const conflicts = [...edited, ...foreign];
  if (conflicts.length) {
    const first = edited.length ? `${edited[0]} differs from what wcecfg last wrote there (edited by hand?)` : `${foreign[0]} was not written by wcecfg`;
    throw new UserError(
      `${first}${conflicts.length > 1 ? ` and ${conflicts.length - 1} more file${conflicts.length > 2 ? 's' : ''} would be overwritten` : ''}; nothing was written. Save your changes elsewhere and run again, or add --force to overwrite`,
    );
  }
  const next: Record<string, string> = { ...manifest.files };
  for (const r of results) next[r.name] = r.sha256;
  const finalManifest = manifestText(next);
  const manifestPath = join(dir, MANIFEST);
  const manifestChanged = !existed || !lstatOrUndefined(manifestPath) || !readInput(manifestPath, 'manifest').equals(finalManifest);
  if (changed.length === 0 && !manifestChanged) return results;
  commit(dir, outDir, existed, changed, next, finalManifest);
  return results;
}

/** Write the temporary files, then rename them in (manifests around the outputs), or undo everything. */
function commit(dir: string, outDir: string, existed: boolean, changed: Array<OutFile & { old?: string }>, next: Record<string, string>, finalManifest: Buffer): void {
  const pid = process.pid;
  const previous: Record<string, string> = {};
  for (const f of changed) if (f.old) previous[f.name] = f.old;
  // Step list: the "both generations" manifest, the outputs, the final manifest.
  const steps: Array<{ name: string; content: Buffer; tmp: string }> = [];
  if (changed.length) steps.push({ name: MANIFEST, content: manifestText(next, previous), tmp: join(dir, `.${MANIFEST}.pending.${pid}.tmp`) });
  for (const f of changed) steps.push({ name: f.name, content: f.content, tmp: join(dir, `.${f.name}.${pid}.tmp`) });
  steps.push({ name: MANIFEST, content: finalManifest, tmp: join(dir, `.${MANIFEST}.${pid}.tmp`) });

  const written: string[] = [];
  const backups = new Map<string, string | null>(); // final name -> backup path, or null when there was no file
  let done = 0;
  let created: string | undefined; // the first directory this run made (parents of --out too)
  try {
    if (!existed) created = io.mkdirSync(dir, { recursive: true }) ?? undefined;
    for (const s of steps) {
      writeNew(s.tmp, s.content);
      written.push(s.tmp);
    }
    // Hard links keep the old files until the new generation is complete, for the way back.
    for (const s of steps) {
      if (backups.has(s.name)) continue;
      const final = join(dir, s.name);
      if (!lstatOrUndefined(final)) {
        backups.set(s.name, null);
        continue;
      }
      const bak = join(dir, `.${s.name}.${pid}.old`);
      try {
        io.linkSync(final, bak);
      } catch (e) {
        // File systems without hard links (FAT on a USB stick, some shares): a copy does the job.
        if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EXDEV', 'EMLINK'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
        io.copyFileSync(final, bak, constants.COPYFILE_EXCL);
      }
      backups.set(s.name, bak);
    }
    for (const s of steps) {
      io.renameSync(s.tmp, join(dir, s.name));
      done++;
    }
  } catch (e) {
    const failed: string[] = [];
    // Put back every file a rename already replaced.
    const touched = new Set(steps.slice(0, done).map((s) => s.name));
    for (const name of touched) {
      const bak = backups.get(name);
      try {
        if (bak) io.renameSync(bak, join(dir, name));
        else io.unlinkSync(join(dir, name));
      } catch {
        failed.push(name);
      }
    }
    const spare = [...backups].filter(([name, b]) => typeof b === 'string' && !failed.includes(name)).map(([, b]) => b as string);
    for (const p of [...written, ...spare]) {
      try {
        io.unlinkSync(p);
      } catch {
        /* renamed already, or never made */
      }
    }
    // Remove the directories this run made, from --out up to the first one; a non-empty one stays.
    for (let d = dir; created !== undefined; d = dirname(d)) {
      try {
        io.rmdirSync(d);
      } catch {
        break;
      }
      if (d === created || dirname(d) === d) break;
    }
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    const why = code === 'ENOSPC' ? 'ENOSPC: the disk is full' : code;
    if (failed.length) {
      throw new UserError(`${outDir}: cannot write output (${why}), and ${failed.join(', ')} could not be put back: the previous version${failed.length > 1 ? 's are' : ' is'} ${failed.map((n) => `.${n}.${pid}.old`).join(', ')} beside it`);
    }
    throw new UserError(`${outDir}: cannot write output (${why}); the directory was left as it was`);
  }
  for (const bak of backups.values()) {
    if (!bak) continue;
    try {
      io.unlinkSync(bak);
    } catch {
      /* the next run removes it */
    }
  }
  try {
    const fd = openSync(dir, constants.O_RDONLY);
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    /* some file systems cannot sync a directory */
  }
}
