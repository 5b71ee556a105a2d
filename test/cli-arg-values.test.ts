/**
 * Option values as users type them, through the built CLI: a flag given a value (`--dry-run=yes`),
 * an option that takes a value given none (`generate -o`), and shell completion after a command
 * name. Both parsers are reached: a line starting with the command takes the fast path, a line
 * starting with a global option (`--json generate ...`) goes to yargs.
 */
import { describe, expect, test } from 'vitest';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, expectUserError, tmp, write } from './helpers.js';

const KIOSK = join(import.meta.dirname, 'fixtures', 'pb', 'trial', 'KioskPhone.bat');

/** With --json a usage mistake is one JSON object on stdout, nothing on stderr, exit 2. */
function jsonError(args: string[]): string {
  const r = cli(args);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr).toBe('');
  const body = JSON.parse(r.stdout) as { error: { message: string } };
  return body.error.message;
}

describe('a flag given a value: true and false work, anything else is a usage error, and nothing is written', () => {
  test('validate --fix --dry-run=yes is refused and writes no fixed file (it used to write it)', () => {
    const d = tmp();
    write(d, 'KioskPhone.bat', readFileSync(KIOSK));
    const r = cli(['validate', 'KioskPhone.bat', '--fix', '--dry-run=yes'], { cwd: d });
    expect(expectUserError(r)).toBe('wcecfg: validate: --dry-run takes no value (got "yes"): write --dry-run, or leave it out');
    expect(r.stdout).toBe('');
    expect(readdirSync(d)).toEqual(['KioskPhone.bat']);
    // The same on the yargs path, and as JSON.
    const message = 'validate: --dry-run takes no value (got "yes"): write --dry-run, or leave it out';
    expect(jsonError(['validate', 'KioskPhone.bat', '--fix', '--dry-run=yes', '--json'])).toBe(message);
    expect(jsonError(['--json', 'validate', 'KioskPhone.bat', '--fix', '--dry-run=yes'])).toBe(message);
  });
  test('--dry-run=true is --dry-run, --dry-run=false is no dry run', () => {
    const d = tmp();
    write(d, 'KioskPhone.bat', readFileSync(KIOSK));
    const dry = cli(['validate', 'KioskPhone.bat', '--fix', '--dry-run=true'], { cwd: d });
    expect(dry.stdout).toBe(cli(['validate', 'KioskPhone.bat', '--fix', '--dry-run'], { cwd: d }).stdout);
    expect(dry.stdout).toMatch(/set SYSGEN_SHDOCVW=1/);
    expect(readdirSync(d)).toEqual(['KioskPhone.bat']);
    const fix = cli(['validate', 'KioskPhone.bat', '--fix', '--dry-run=false'], { cwd: d });
    expect(fix.code, fix.stderr).toBe(dry.code); // the same findings (exit 1), with the file written this time
    expect(readdirSync(d).sort()).toEqual(['KioskPhone.bat', 'KioskPhone.fixed.bat']);
  });
  test('register-client --uninstall=yes is refused and writes no install file', () => {
    const d = tmp();
    const r = cli(['register-client', '--name', 'X', '--uninstall=yes', '--out', 'x.reg'], { cwd: d });
    expect(expectUserError(r)).toBe('wcecfg: register-client: --uninstall takes no value (got "yes"): write --uninstall, or leave it out');
    expect(existsSync(join(d, 'x.reg'))).toBe(false);
  });
  test.each([
    [['resolve', '--tree=yes'], 'resolve: --tree takes no value (got "yes"): write --tree, or leave it out'],
    [['resolve', '--json=1'], 'resolve: --json takes no value (got "1"): write --json, or leave it out'],
    [['resolve', 'SYSGEN_PM', '--strict=yes'], 'resolve: --strict takes no value (got "yes"): write --strict, or leave it out'],
  ])('%s is a usage error, in text and in JSON, on both paths', (args, message) => {
    expect(expectUserError(cli(args))).toBe(`wcecfg: ${message}`);
    expect(jsonError([...args, '--json'])).toBe(message);
    expect(jsonError(['--json', ...args])).toBe(message);
  });
  test('--tree=true draws the tree, --tree=false does not', () => {
    const tree = cli(['resolve', 'SYSGEN_PM', '--tree']);
    expect(tree.code).toBe(0);
    expect(cli(['resolve', 'SYSGEN_PM', '--tree=true']).stdout).toBe(tree.stdout);
    const table = cli(['resolve', 'SYSGEN_PM']);
    expect(cli(['resolve', 'SYSGEN_PM', '--tree=false']).stdout).toBe(table.stdout);
    expect(table.stdout).not.toBe(tree.stdout);
  });
});

describe("an option without its value: our words, naming the option, not yargs' English", () => {
  test.each([
    [['generate', '-o'], 'generate: --out needs a value'],
    [['generate', '-ooo'], 'generate: -ooo: give -o its value as the next word (-o oo) or write --out=oo'],
    [['catalog', 'list', '--area'], 'catalog: --area needs a value'],
    [['resolve', '--design', '--tree'], 'resolve: --design needs a value'],
  ])('%s', (args, message) => {
    const d = tmp();
    expect(expectUserError(cli(args, { cwd: d }))).toBe(`wcecfg: ${message}`);
    expect(jsonError([...args, '--json'])).toBe(message);
    expect(jsonError(['--json', ...args])).toBe(message);
    expect(readdirSync(d)).toEqual([]);
  });
  test('help is still help: generate -o --help', () => {
    const r = cli(['generate', '-o', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wcecfg generate\n/);
  });
});

describe('shell completion after a command name (shells pass the program name first)', () => {
  const complete = (...words: string[]) => {
    const r = cli(['--get-yargs-completions', 'wcecfg', ...words]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    return r.stdout.split('\n').filter(Boolean);
  };
  test('Sysgen ids after resolve, catalog show and explain', () => {
    expect(complete('resolve', 'SYSGEN_TCP')).toContain('SYSGEN_TCPIP');
    expect(complete('resolve', 'SYSGEN_TCP').every((id) => id.startsWith('SYSGEN_TCP'))).toBe(true);
    expect(complete('resolve', 'SYSGEN_PM', 'SYSGEN_WINS')).toEqual(['SYSGEN_WINSOCK']);
    expect(complete('catalog', 'show', 'SYSGEN_MES')).toEqual(['SYSGEN_MESSENGER']);
    expect(complete('explain', 'SYSGEN_CRED')).toEqual(['SYSGEN_CREDMAN']);
  });
  test('command names still complete, and a half-typed option is not an error', () => {
    expect(complete('gen')).toContain('generate');
    expect(complete('generate', '-o')).not.toContain('SYSGEN_MESSENGER');
    expect(complete('validate', 'a.bat', '--dry-run=yes')).not.toContain('SYSGEN_MESSENGER');
  });
});
