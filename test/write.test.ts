/**
 * The safe writer's promises, each tested by making the file system fail where it can fail:
 * a rename partway (the directory is left as it was), a full disk (no .tmp left), a killed run's
 * left-overs (removed by the next run), links and devices where an output goes (refused).
 */
import { afterEach, describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { io, MANIFEST, writeOutputs, checkFileName, checkOutDir, type OutFile } from '../src/write.js';
import { UserError } from '../src/errors.js';
import { tmp } from './helpers.js';

const real = { ...io };
afterEach(() => Object.assign(io, real));

const gen = (tag: string): OutFile[] =>
  ['a.bat', 'b.reg', 'c.md', 'd.txt'].map((name) => ({ name, content: Buffer.from(`${name} generation ${tag}\r\n`.repeat(50)) }));

/** Every file in the directory with its bytes. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) out[f] = readFileSync(join(dir, f), 'latin1');
  return out;
}

function failing<K extends 'renameSync' | 'writeSync' | 'linkSync'>(name: K, nth: number, code: string): () => number {
  let calls = 0;
  const orig = real[name] as (...a: unknown[]) => unknown;
  (io as Record<string, unknown>)[name] = (...a: unknown[]) => {
    if (++calls === nth) throw Object.assign(new Error(`${code}: injected`), { code });
    return orig(...a);
  };
  return () => calls;
}

describe('writeOutputs', () => {
  test('a third rename that fails puts back what the first two renamed: the directory is left exactly as it was', () => {
    const d = join(tmp(), 'out');
    writeOutputs(d, gen('one'));
    const before = snapshot(d);
    const calls = failing('renameSync', 3, 'EACCES');
    expect(() => writeOutputs(d, gen('two'))).toThrow(/cannot write output \(EACCES\); the directory was left as it was/);
    expect(calls()).toBeGreaterThan(3); // the restore renamed the backups back
    expect(snapshot(d)).toEqual(before);
  });

  test('on a file system without hard links the backups are copies, and a failed rename is still undone', () => {
    const d = join(tmp(), 'out');
    writeOutputs(d, gen('one'));
    const before = snapshot(d);
    io.linkSync = () => {
      throw Object.assign(new Error('EPERM: no hard links here'), { code: 'EPERM' });
    };
    writeOutputs(d, gen('two'));
    expect(readFileSync(join(d, 'b.reg'), 'utf8')).toMatch(/generation two/);
    writeOutputs(d, gen('one'));
    expect(snapshot(d)).toEqual(before);
    failing('renameSync', 3, 'EIO');
    expect(() => writeOutputs(d, gen('two'))).toThrow(/the directory was left as it was/);
    expect(snapshot(d)).toEqual(before);
  });

  test('a failed rename into a new directory removes the directories it made again (parents of --out too)', () => {
    const parent = tmp();
    failing('renameSync', 3, 'EIO');
    expect(() => writeOutputs(join(parent, 'build', 'files', 'out'), gen('one'))).toThrow(/the directory was left as it was/);
    expect(readdirSync(parent)).toEqual([]);
  });

  test('a full disk (ENOSPC on the third write) leaves no .tmp file and the old files', () => {
    const d = join(tmp(), 'out');
    writeOutputs(d, gen('one'));
    const before = snapshot(d);
    failing('writeSync', 3, 'ENOSPC');
    expect(() => writeOutputs(d, gen('two'))).toThrow(/ENOSPC: the disk is full\); the directory was left as it was/);
    expect(snapshot(d)).toEqual(before);
  });

  test('stale .NAME.PID.tmp and .NAME.PID.old files of a dead run are removed; those of a live run are not', () => {
    const d = join(tmp(), 'out');
    writeOutputs(d, gen('one'));
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    writeFileSync(join(d, `.a.bat.${dead}.tmp`), 'half');
    writeFileSync(join(d, `.${MANIFEST}.pending.${dead}.tmp`), '{');
    writeFileSync(join(d, `.b.reg.${dead}.old`), 'old');
    writeFileSync(join(d, `.c.md.${process.ppid}.tmp`), 'a run still going');
    writeOutputs(d, gen('one')); // nothing to change, but the left-overs go
    expect(readdirSync(d).filter((f) => f.startsWith('.') && f !== MANIFEST)).toEqual([`.c.md.${process.ppid}.tmp`]);
  });

  test('the manifest of an interrupted generation accepts the old and the new file', () => {
    const d = join(tmp(), 'out');
    writeOutputs(d, gen('one'));
    // Stop after the "both generations" manifest and the first output are in place: what a kill leaves.
    failing('renameSync', 3, 'EINTR');
    const orig = real.unlinkSync;
    io.unlinkSync = () => undefined; // no clean-up, as after SIGKILL
    io.renameSync = ((r) => (a: string, b: string) => {
      if (b.endsWith('.old') || a.endsWith('.old')) return; // no restore either
      r(a, b);
    })(io.renameSync as (a: string, b: string) => void);
    expect(() => writeOutputs(d, gen('two'))).toThrow();
    io.unlinkSync = orig;
    const m = JSON.parse(readFileSync(join(d, MANIFEST), 'utf8'));
    expect(m.incomplete).toMatch(/previous/);
    expect(readFileSync(join(d, 'a.bat'), 'utf8')).toMatch(/generation two/);
    expect(readFileSync(join(d, 'b.reg'), 'utf8')).toMatch(/generation one/);
    Object.assign(io, real);
    // The next run calls neither file hand-edited, finishes the job and removes the left-overs.
    writeOutputs(d, gen('three'));
    expect(readdirSync(d).sort()).toEqual([MANIFEST, 'a.bat', 'b.reg', 'c.md', 'd.txt']);
    expect(JSON.parse(readFileSync(join(d, MANIFEST), 'utf8')).incomplete).toBeUndefined();
  });

  test('a file not written by wcecfg, and one edited since, are not overwritten without --force', () => {
    const d = join(tmp(), 'out');
    mkdirSync(d);
    writeFileSync(join(d, 'a.bat'), 'mine');
    expect(() => writeOutputs(d, gen('one'))).toThrow(/a\.bat was not written by wcecfg; nothing was written/);
    writeOutputs(d, gen('one'), { force: true });
    writeFileSync(join(d, 'b.reg'), 'edited');
    expect(() => writeOutputs(d, gen('two'))).toThrow(/b\.reg differs from what wcecfg last wrote there \(edited by hand\?\)/);
  });

  test('an output that is an input of the run is refused, even with --force', () => {
    const d = join(tmp(), 'out');
    mkdirSync(d);
    writeFileSync(join(d, 'a.bat'), 'set SYSGEN_MESSENGER=1\r\n');
    expect(() => writeOutputs(d, gen('one'), { force: true, inputs: [join(d, 'a.bat')] })).toThrow(/which this run reads; writing a\.bat there would overwrite it/);
    // The same file under another name (a hard link) is the same input.
    const design = join(tmp(), 'design.bat');
    linkSync(join(d, 'a.bat'), design);
    expect(() => writeOutputs(d, gen('one'), { force: true, inputs: [design] })).toThrow(/design\.bat, which this run reads/);
    expect(readFileSync(join(d, 'a.bat'), 'utf8')).toBe('set SYSGEN_MESSENGER=1\r\n');
    // Writing the very bytes it holds changes nothing, so it is no conflict.
    const same = gen('one').map((f) => (f.name === 'a.bat' ? { ...f, content: Buffer.from('set SYSGEN_MESSENGER=1\r\n') } : f));
    expect(writeOutputs(d, same, { force: true, inputs: [design] }).find((r) => r.name === 'a.bat')!.status).toBe('unchanged');
  });

  test('links, devices and FIFOs where an output goes are refused; nothing is read through them', () => {
    const d = join(tmp(), 'out');
    mkdirSync(d);
    symlinkSync('/dev/zero', join(d, 'a.bat'));
    expect(() => writeOutputs(d, gen('one'))).toThrow(/a\.bat: is a symbolic link; wcecfg writes only regular files/);
    const e = join(tmp(), 'out');
    mkdirSync(e);
    spawnSync('mkfifo', [join(e, 'b.reg')]);
    expect(() => writeOutputs(e, gen('one'))).toThrow(/b\.reg: is a FIFO/);
    expect(() => writeOutputs('/dev', [{ name: 'full', content: Buffer.from('x') }])).toThrow(/\/dev\/full: is a device/);
    const f = join(tmp(), 'out');
    mkdirSync(f);
    symlinkSync('/etc/passwd', join(f, MANIFEST));
    expect(() => writeOutputs(f, gen('one'))).toThrow(/is a symbolic link, not wcecfg's manifest/);
  });

  test('output names: Windows device names with any extension, trailing dots, paths and dot-dot are refused', () => {
    const reserved = /cannot be used: [A-Z0-9]+ is a reserved device name on Windows \(with any extension\)/;
    const shape = /cannot be used: file names are letters, digits, _ \. - \(no paths, no "\.\."\)/;
    const cases: Array<[string, RegExp]> = [
      ['CON.bat', reserved], ['con', reserved], ['Nul.reg', reserved], ['COM1.txt', reserved], ['lpt9.bat.bak', reserved], ['AUX', reserved], ['PRN.x', reserved],
      ['a.', /cannot be used: Windows drops a trailing dot from file names/],
      ['../x', shape], ['a/b', shape], ['.hidden', shape], ['', shape],
    ];
    for (const [bad, why] of cases) {
      expect(() => checkFileName(bad), bad).toThrow(UserError);
      expect(() => checkFileName(bad), bad).toThrow(why);
    }
    for (const ok of ['CONSOLE.bat', 'Messenger.bat', 'COMX.bat', 'NULL.reg', 'project.reg']) expect(checkFileName(ok)).toBe(ok);
  });

  test('--out must be a directory that is not / and not empty text', () => {
    expect(() => checkOutDir('')).toThrow(/--out: empty/);
    expect(() => checkOutDir('  ')).toThrow(/--out: empty/);
    expect(() => checkOutDir('/')).toThrow(/filesystem root/);
    expect(() => checkOutDir('/tmp/..')).toThrow(/filesystem root/);
    expect(() => checkOutDir('a\0b')).toThrow(/NUL/);
    expect(checkOutDir('out')).toMatch(/out$/);
    const link = join(tmp(), 'root');
    symlinkSync('/', link);
    expect(() => writeOutputs(link, gen('one'))).toThrow(/is the filesystem root/);
    const file = join(tmp(), 'file');
    writeFileSync(file, 'x');
    expect(() => writeOutputs(file, gen('one'))).toThrow(/exists and is not a directory/);
    expect(existsSync(join(file, 'a.bat'))).toBe(false);
  });
});
