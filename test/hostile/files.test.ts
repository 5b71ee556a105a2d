/**
 * Hostile files and paths through the real CLI: special files never hang it, outputs never land in
 * the root, on a device or through a link, reserved Windows names are refused, a full disk leaves
 * nothing behind, and limits are one-line messages.
 */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, cliPath, expectUserError, root, tmp, write } from '../helpers.js';
import { enforceLimit, MAX_CATALOG_EDGES, MAX_CATALOG_ITEMS, MAX_INPUT_BYTES, MAX_SELECTION } from '../../src/limits.js';

/** The CLI with a deadline: a hang is a failure, not a stuck suite. */
function cliWithin(args: string[], ms = 20_000, cwd = root) {
  const r = spawnSync(process.execPath, [cliPath, ...args], { cwd, encoding: 'utf8', timeout: ms, input: '' });
  if (r.error) throw new Error(`wcecfg ${args.join(' ')} did not finish within ${ms} ms (${r.error.message})`);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('special files are refused, never read or written through', () => {
  test('validate /dev/zero and a FIFO design return at once with one line', () => {
    expect(expectUserError(cliWithin(['validate', '/dev/zero']))).toMatch(/\/dev\/zero: is a device, FIFO or socket, not a design file; wcecfg reads only regular files/);
    const d = tmp();
    spawnSync('mkfifo', [join(d, 'design.json')]);
    expect(expectUserError(cliWithin(['generate', '--design', join(d, 'design.json'), '--out', join(d, 'out')]))).toMatch(/design\.json: is a device, FIFO or socket/);
    expect(expectUserError(cliWithin(['appreg', join(d, 'design.json'), '--out', join(d, 'out')]))).toMatch(/is a device, FIFO or socket, not a manifest/);
    expect(expectUserError(cliWithin(['resolve', '--catalog', '/dev/null']))).toMatch(/\/dev\/null: not a catalog \(--catalog takes a folder/);
  }, 60_000);

  test('a catalog component or template that is a link to /dev/zero is refused', () => {
    const d = tmp();
    mkdirSync(join(d, 'cat'));
    symlinkSync('/dev/zero', join(d, 'cat', 'SYSGEN_ZERO.json'));
    expect(expectUserError(cliWithin(['resolve', '--catalog', join(d, 'cat')]))).toMatch(/SYSGEN_ZERO\.json: is a device, FIFO or socket, not a catalog file/);
    mkdirSync(join(d, 'tpl'));
    symlinkSync('/dev/zero', join(d, 'tpl', 'design.bat.hbs'));
    expect(expectUserError(cliWithin(['generate', '--templates', join(d, 'tpl'), '--out', join(d, 'out')]))).toMatch(/design\.bat\.hbs: is a device, FIFO or socket, not a template/);
  }, 60_000);

  test('register-client --out /dev/full, and an output that is a link to /dev/zero, are refused without reading or writing them', () => {
    expect(expectUserError(cliWithin(['register-client', '--name', 'X', '--out', '/dev/full']))).toMatch(/\/dev\/full: is a device; wcecfg writes only regular files/);
    const d = tmp();
    mkdirSync(join(d, 'out'));
    symlinkSync('/dev/zero', join(d, 'out', 'project.reg'));
    symlinkSync('/etc/hostname', join(d, 'out', 'report.md'));
    expect(expectUserError(cliWithin(['generate', '--out', join(d, 'out')]))).toMatch(/project\.reg: is a symbolic link; wcecfg writes only regular files and never follows a link out of/);
    expect(readdirSync(join(d, 'out')).sort()).toEqual(['project.reg', 'report.md']);
  }, 60_000);
});

describe('output locations and names', () => {
  test("--out '' and --out / are refused; nothing is written in the current directory or the root", () => {
    const d = tmp();
    expect(expectUserError(cli(['generate', '--out', ''], { cwd: d }))).toBe("wcecfg: --out: empty; name an output directory (default: out)");
    expect(expectUserError(cli(['appreg', join(root, 'test', 'fixtures', 'none.json'), '--out', '  '], { cwd: d }))).toMatch(/--out: empty/);
    expect(expectUserError(cli(['generate', '--out', '/'], { cwd: d }))).toMatch(/--out: "\/" is the filesystem root/);
    expect(expectUserError(cli(['generate', '--out', '/tmp/../'], { cwd: d }))).toMatch(/filesystem root/);
    expect(expectUserError(cli(['register-client', '--name', 'X', '--out', ''], { cwd: d }))).toMatch(/cannot be used/);
    expect(readdirSync(d)).toEqual([]);
    expect(existsSync('/Messenger.bat')).toBe(false);
  }, 60_000);

  test('a design named CON (or any Windows device name, with any extension) is refused before anything is written', () => {
    const d = tmp();
    for (const name of ['CON', 'nul', 'Com1', 'LPT9', 'aux']) {
      const f = write(d, `${name}-design.json`, JSON.stringify({ name, select: ['SYSGEN_MESSENGER'] }));
      expect(expectUserError(cli(['generate', '--design', f, '--out', join(d, 'out')]))).toMatch(new RegExp(`-design\\.json:1: /name: the design name "${name}" cannot name its batch file "${name}\\.bat": ${name.toUpperCase()} is a reserved device name on Windows`));
    }
    const bat = write(d, 'PRN.bat', 'set SYSGEN_MESSENGER=1\r\n');
    expect(expectUserError(cli(['generate', '--design', bat, '--out', join(d, 'out2')]))).toMatch(/PRN is a reserved device name/);
    expect(expectUserError(cli(['register-client', '--name', 'X', '--out', join(d, 'CON.reg')]))).toMatch(/CON is a reserved device name/);
    expect(existsSync(join(d, 'out'))).toBe(false);
  }, 60_000);

  test('a batch design inside --out is never taken for a hand-edited output: generating over it is refused with the reason, even with --force', () => {
    const d = tmp();
    const design = write(d, 'out/Kiosk.bat', 'set SYSGEN_MESSENGER=1\r\n');
    const r = cli(['generate', '--design', design, '--out', join(d, 'out'), '--force']);
    expect(expectUserError(r)).toMatch(/Kiosk\.bat: is .*Kiosk\.bat, which this run reads; writing Kiosk\.bat there would overwrite it: choose another --out/);
    expect(r.stderr).not.toMatch(/edited by hand/);
    expect(readFileSync(design, 'utf8')).toBe('set SYSGEN_MESSENGER=1\r\n');
    // A JSON design in --out is simply left alone.
    const json = write(d, 'out2/kiosk.json', JSON.stringify({ name: 'Kiosk', select: ['SYSGEN_MESSENGER'] }));
    expect(cli(['generate', '--design', json, '--out', join(d, 'out2')]).code).toBe(0);
    expect(cli(['generate', '--design', json, '--out', join(d, 'out2')]).code).toBe(0);
  }, 60_000);
});

describe('limits: one line each, named in the README', () => {
  test('an input file over the size limit', () => {
    const d = tmp();
    const f = join(d, 'huge.json');
    writeFileSync(f, Buffer.alloc(MAX_INPUT_BYTES + 1, 0x20));
    expect(expectUserError(cliWithin(['validate', f]))).toMatch(/huge\.json: 16,777,217 bytes is larger than wcecfg's limit for a design file \(16 MiB\)/);
  }, 60_000);

  test('a selection over the limit', () => {
    const d = tmp();
    const select = Array.from({ length: MAX_SELECTION + 1 }, (_, i) => `SYSGEN_X${i}`);
    const f = write(d, 'many.json', JSON.stringify({ name: 'Many', select }));
    expect(expectUserError(cliWithin(['validate', f], 60_000))).toMatch(/many\.json: 250,001 ids in \/select is more than wcecfg's limit of 250,000 \(README, "Safety"\)/);
  }, 60_000);

  test('catalog items and edges: the one-line message the loader gives (2.5 million edges are too many files to make here)', () => {
    expect(() => enforceLimit('oem', 'catalog components (the built-in catalog and the --catalog directories so far)', MAX_CATALOG_ITEMS + 1, MAX_CATALOG_ITEMS)).toThrow(
      'oem: 250,001 catalog components (the built-in catalog and the --catalog directories so far) is more than wcecfg\'s limit of 250,000 (README, "Safety")',
    );
    expect(() => enforceLimit('x.json', 'requirement edges', MAX_CATALOG_EDGES, MAX_CATALOG_EDGES)).not.toThrow();
  }, 60_000);

  test('JSON nested a million levels deep is one line, not a stack overflow', () => {
    const d = tmp();
    const f = write(d, 'deep.json', '{"name":"D","select":' + '['.repeat(1_000_000));
    const r = cliWithin(['validate', f]);
    expect(expectUserError(r)).toMatch(/deep\.json:1:\d+: malformed JSON: nested deeper than 512 levels/);
    const g = write(d, 'deep2.json', '{"name":"D","select":["SYSGEN_MESSENGER"],"x":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}');
    expect(expectUserError(cliWithin(['validate', g]))).toMatch(/deep2\.json:1: \/x: unknown property "x"/);
  }, 60_000);
});

describe.skipIf(process.getuid?.() !== 0)('a full disk (a 64 KiB tmpfs)', () => {
  test('generate on a full disk fails with ENOSPC, leaves no .tmp file and the old outputs as they were', () => {
    const mnt = tmp();
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mnt]);
    if (m.status !== 0) {
      // CI runs as root on a machine that can mount: there a failed mount is a failure, not a skip.
      expect(process.env.CI, `mount tmpfs failed in CI: ${m.stderr}`).not.toBe('true');
      console.warn(`*** cannot mount a tmpfs here (${m.stderr}); the ENOSPC path is covered by test/write.test.ts ***`);
      return;
    }
    try {
      const out = join(mnt, 'out');
      expect(cli(['generate', '--out', out, '--only', 'bat,reg']).code).toBe(0);
      const before = Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'latin1')]));
      // Fill the disk to the last few KiB, then ask for the big outputs too.
      spawnSync('sh', ['-c', `dd if=/dev/zero of=${join(mnt, 'filler')} bs=1k count=1000 2>/dev/null; rm -f ${join(mnt, 'filler')}; dd if=/dev/zero of=${join(mnt, 'filler')} bs=1k count=$(( $(df -k ${mnt} | tail -1 | awk '{print $4}') - 4 )) 2>/dev/null`]);
      const r = cli(['generate', '--out', out]);
      expect(expectUserError(r)).toMatch(/cannot write output \(ENOSPC: the disk is full\); the directory was left as it was/);
      expect(readdirSync(out).filter((f) => f.endsWith('.tmp') || f.endsWith('.old'))).toEqual([]);
      expect(Object.fromEntries(readdirSync(out).map((f) => [f, readFileSync(join(out, f), 'latin1')]))).toEqual(before);
    } finally {
      spawnSync('umount', [mnt]);
    }
  }, 60_000);
});
