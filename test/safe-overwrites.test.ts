/**
 * Commands that write beside the user's own files never silently replace one: validate --fix's
 * NAME.fixed.bat, and register-client's --out (whose GUIDs the same client must keep).
 */
import { describe, expect, test } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, expectUserError, tmp, write } from './helpers.js';
import { PB_FILE } from './design-fixtures.js';

describe('validate --fix never replaces an existing NAME.fixed.bat that holds other lines without --force', () => {
  const setup = () => {
    const d = tmp();
    const f = write(d, 'PB.bat', PB_FILE);
    const fixed = join(d, 'PB.fixed.bat');
    const first = cli(['validate', f, '--fix']);
    expect(first.code, first.stderr).toBe(1);
    expect(first.stdout).toMatch(/--fix: wrote .*PB\.fixed\.bat with \d+ added lines:/);
    return { d, f, fixed, bytes: readFileSync(fixed) };
  };

  test('a second run over an identical copy says it is unchanged and writes nothing (same inode, same bytes)', () => {
    const { f, fixed, bytes } = setup();
    const ino = statSync(fixed).ino;
    const r = cli(['validate', f, '--fix']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/PB\.bat: --fix: .*PB\.fixed\.bat is unchanged: it already holds the \d+ added lines; nothing written/);
    expect(r.stdout).not.toMatch(/--fix: wrote/);
    expect(statSync(fixed).ino).toBe(ino);
    expect(readFileSync(fixed)).toEqual(bytes);
    const j = JSON.parse(cli(['validate', f, '--fix', '--json']).stdout);
    expect(j[0].fixed.status).toBe('unchanged');
    expect(j[0].fixed.file).toBe(fixed);
  });

  test('a line the user added to the copy survives: one-line error naming the file, exit 2, file untouched; --json too', () => {
    const { d, f, fixed, bytes } = setup();
    const edited = Buffer.concat([bytes, Buffer.from('set BSP_MY_OWN_LINE=1\r\n', 'latin1')]);
    writeFileSync(fixed, edited);
    const r = cli(['validate', f, '--fix']);
    const line = expectUserError(r);
    expect(line).toBe(`wcecfg: ${fixed}: exists and differs from the fixed copy --fix would write (edited by hand?); nothing was written. Remove it or save it elsewhere and run again, or add --force to replace it`);
    expect(readFileSync(fixed)).toEqual(edited);
    const j = cli(['validate', f, '--fix', '--json']);
    expect(j.code).toBe(2);
    const entries = JSON.parse(j.stdout);
    expect(entries).toEqual([{ file: f, error: { message: expect.stringMatching(/PB\.fixed\.bat: exists and differs .* add --force to replace it$/), file: fixed } }]);
    expect(readFileSync(fixed)).toEqual(edited);
    // No temporary file and no manifest beside the user's design.
    expect(readdirSync(d).sort()).toEqual(['PB.bat', 'PB.fixed.bat']);
  });

  test('--force replaces it with the fixed copy (atomically: a new file renamed in), and says it wrote it', () => {
    const { d, f, fixed, bytes } = setup();
    writeFileSync(fixed, Buffer.concat([bytes, Buffer.from('set BSP_MY_OWN_LINE=1\r\n', 'latin1')]));
    const ino = statSync(fixed).ino;
    const r = cli(['validate', f, '--fix', '--force']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/--fix: wrote .*PB\.fixed\.bat with \d+ added lines:/);
    expect(readFileSync(fixed)).toEqual(bytes);
    expect(statSync(fixed).ino).not.toBe(ino);
    expect(readdirSync(d).sort()).toEqual(['PB.bat', 'PB.fixed.bat']);
    writeFileSync(fixed, 'other\r\n');
    const j = JSON.parse(cli(['validate', f, '--fix', '--force', '--json']).stdout);
    expect(j[0].fixed.status).toBe('written');
    expect(readFileSync(fixed)).toEqual(bytes);
  });

  test('a symbolic link where the copy goes is refused, even with --force, and its target is untouched', () => {
    const d = tmp();
    const f = write(d, 'PB.bat', PB_FILE);
    const victim = write(d, 'victim.txt', 'keep me\n');
    symlinkSync(victim, join(d, 'PB.fixed.bat'));
    for (const extra of [[], ['--force']]) {
      const line = expectUserError(cli(['validate', f, '--fix', ...extra]));
      expect(line).toMatch(/PB\.fixed\.bat: is a symbolic link; --fix writes the fixed copy only as a regular file: move it away$/);
      expect(readFileSync(victim, 'utf8')).toBe('keep me\n');
    }
  });

  test('--dry-run writes nothing and does not mind an existing copy', () => {
    const { f, fixed } = setup();
    writeFileSync(fixed, 'mine\r\n');
    const r = cli(['validate', f, '--fix', '--dry-run']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toMatch(/--dry-run: the fix would add \d+ lines:/);
    expect(readFileSync(fixed, 'utf8')).toBe('mine\r\n');
    expect(existsSync(fixed)).toBe(true);
  });
});
