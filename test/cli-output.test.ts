/** What the CLI prints around the commands: version, help, JSON errors, exit codes, output at scale. */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, cliPath, expectUserError, root, tmp, write, INFERRED, MESSENGER_CLOSURE } from './helpers.js';
import { table } from '../src/output.js';

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };

describe('--version', () => {
  test('prints the package version from any directory', () => {
    const r = cli(['--version'], { cwd: tmp() });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${pkg.version}\n`);
    expect(JSON.parse(cli(['--version', '--json']).stdout)).toEqual({ version: pkg.version });
  });
  test('from an unpacked tarball, away from the repository', () => {
    const d = tmp();
    // --ignore-scripts: the suite has just built dist/; a pack here must not rebuild it under other tests.
    const pack = spawnSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', d], { cwd: root, encoding: 'utf8' });
    expect(pack.status, pack.stderr).toBe(0);
    const [info] = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
    expect(info!.files.map((f) => f.path)).toContain('dist/cli.js');
    // What a user runs, and nothing of the repository's own tooling (the one-off facts import).
    expect(info!.files.map((f) => f.path).filter((p) => p.startsWith('catalog/tools/'))).toEqual([]);
    expect(info!.files.map((f) => f.path)).toContain('catalog/components/core-os-services.json');
    expect(spawnSync('tar', ['-xzf', join(d, info!.filename), '-C', d]).status).toBe(0);
    const r = spawnSync(process.execPath, [join(d, 'package', 'dist', 'cli.js'), '--version'], { cwd: d, encoding: 'utf8' });
    expect(r.stdout).toBe(`${pkg.version}\n`);
  });
  test('the resolve footer counts in words that agree: 1 item, 2 items', () => {
    expect(cli(['resolve', 'SYSGEN_1394']).stdout).toMatch(/\n1 item from SYSGEN_1394; /);
    expect(cli(['resolve', 'SYSGEN_1394', '--tree']).stdout).toMatch(/\n1 item from SYSGEN_1394; /);
  });
  test('is listed once, at the top level only', () => {
    expect(cli(['--help']).stdout.match(/--version/g)).toHaveLength(1);
    expect(cli(['resolve', '--help']).stdout).not.toMatch(/--version/);
  });
  test('the package builds at prepack (the tarball ships dist/), not at install', () => {
    const s = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts as Record<string, string>;
    expect(s.prepare).toBeUndefined();
    expect(s.prepack).toMatch(/npm run build/);
    expect(s.test).toMatch(/npm run build/);
  });
});

describe('help', () => {
  test('examples are printed whole, each on its own line, however narrow the terminal', () => {
    const r = spawnSync(process.execPath, [cliPath, 'register-client', '--help'], { encoding: 'utf8', env: { ...process.env, COLUMNS: '40' } });
    const lines = r.stdout.split('\n');
    for (const example of [
      'wcecfg register-client --name "My Messenger" --messenger-guid {6B...} --private-guid ... --session-manager-guid ... --dotnet-provider',
      'wcecfg register-client --name "My Messenger" --uninstall --out remove.reg',
    ]) {
      expect(lines.map((l) => l.trim()), example).toContain(example);
    }
  });
  test('completion --help shows help, not the script', () => {
    const r = cli(['completion', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^wcecfg completion\n/);
    expect(r.stdout).toMatch(/wcecfg completion >> ~\/\.bashrc/);
    expect(r.stdout).not.toMatch(/begin-wcecfg-completions/);
    expect(cli(['completion']).stdout).toMatch(/begin-wcecfg-completions/);
  });
  test('a usage error in a subcommand points at that subcommand\'s help', () => {
    const r = cli(['generate', '--out', 'a', '--out', 'b']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('wcecfg: generate: --out was given 2 times; give it once\n(run `wcecfg generate --help` for usage)\n');
    expect(cli(['resolv']).stderr).toMatch(/\(run `wcecfg --help` for usage\)/);
  });
});

describe('options given twice are usage errors naming the option (never a TypeError)', () => {
  test.each([
    [['generate', '--out', 'a', '--out', 'b'], '--out'],
    [['generate', '--only', 'bat', '--only', 'reg'], '--only'],
    [['catalog', 'list', '--area', 'a', '--area', 'b'], '--area'],
    [['generate', '--out=a', '-o', 'b'], '--out'],
  ])('%s', (args, option) => {
    const line = expectUserError(cli(args));
    expect(line).toContain(option);
    expect(line).not.toMatch(/TypeError|undefined/);
  });
  test('a non-number for a number option is named, never NaN', () => {
    expect(expectUserError(cli(['firewall', '--transfers', 'two']))).toBe('wcecfg: firewall: --transfers: "two" is not a whole number');
  });
});

describe('--json: every outcome is JSON on standard output', () => {
  const parse = (r: { stdout: string }) => JSON.parse(r.stdout) as { error?: { message: string; file?: string; line?: number; pointer?: string } };
  test('a usage error', () => {
    const r = cli(['resolve', '--jsn', '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('');
    expect(parse(r)).toEqual({ error: { message: 'resolve: unknown option --jsn (did you mean --json?)' } });
    expect(parse(cli(['resolv', '--json'])).error!.message).toMatch(/unknown command "resolv"/);
  });
  test('a bad file: the file, line and JSON pointer as fields', () => {
    const d = tmp();
    const f = write(d, 'bad.json', '{\n  "name": "X",\n  "select": ["SYSGEN_MESSENGER", "messenger"]\n}\n');
    const r = cli(['resolve', '--design', f, '--json']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('');
    expect(parse(r).error).toMatchObject({ message: expect.stringMatching(/bad\.json:3: \/select\/1: must match pattern/), file: expect.stringMatching(/bad\.json$/), line: 3, pointer: '/select/1' });
  });
  test('a command\'s own refusal', () => {
    const r = cli(['explain', 'SYSGEN_CREDMANN', '--json']);
    expect(r.code).toBe(2);
    expect(parse(r).error!.message).toMatch(/unknown Sysgen variable SYSGEN_CREDMANN \(did you mean SYSGEN_CREDMAN\?\)/);
  });
  test('success', () => {
    for (const args of [['resolve'], ['explain', 'SYSGEN_CREDMAN'], ['catalog', 'list'], ['firewall'], ['appsettings', '--current', '62030080']]) {
      const r = cli([...args, '--json']);
      expect(r.code, args.join(' ')).toBe(0);
      expect(() => JSON.parse(r.stdout), args.join(' ')).not.toThrow();
    }
  });
});

describe('an internal error is a bug: its own exit code, said so, no stack unless WCECFG_DEBUG=1', () => {
  // A preloaded module makes the first write to standard output throw, as a bug in wcecfg would.
  const d = tmp();
  const boom = write(d, 'boom.mjs', "const w = process.stdout.write.bind(process.stdout); let first = true;\nprocess.stdout.write = (...a) => { if (first) { first = false; throw new TypeError('boom'); } return w(...a); };\n");
  const run = (env: Record<string, string>, ...extra: string[]) =>
    spawnSync(process.execPath, ['--import', boom, cliPath, 'resolve', ...extra], { encoding: 'utf8', env: { ...process.env, ...env } });
  test('plain', () => {
    const r = run({ WCECFG_DEBUG: '' });
    expect(r.status).toBe(70);
    expect(r.stderr).toMatch(/^wcecfg: internal error: boom \(this is a bug in wcecfg; please report it/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
  test('WCECFG_DEBUG=1 shows where', () => {
    const r = run({ WCECFG_DEBUG: '1' });
    expect(r.status).toBe(70);
    expect(r.stderr).toMatch(/TypeError: boom\n\s+at /);
  });
  test('--json', () => {
    const r = run({ WCECFG_DEBUG: '' }, '--json');
    expect(r.status).toBe(70);
    expect(JSON.parse(r.stdout)).toEqual({ error: { message: expect.stringMatching(/^internal error: boom/), internal: true } });
  });
});

describe('explain: each requirement once, with all its edges under it', () => {
  test('a Catalog dependency and a build rule to the same item', () => {
    const d = tmp();
    const comp = (id: string, requires: Array<[string, string]>) =>
      JSON.stringify({ id, title: id, description: 'OEM item', area: 'OEM', confidence: 'documented', sources: ['oem'], modules: [], requires: requires.map(([r, kind]) => ({ id: r, kind, confidence: 'documented', source: `${kind} source` })) });
    write(d, 'SYSGEN_OEM_A.json', comp('SYSGEN_OEM_A', [['SYSGEN_OEM_B', 'catalog'], ['SYSGEN_OEM_B', 'build-rule']]));
    write(d, 'SYSGEN_OEM_B.json', comp('SYSGEN_OEM_B', []));
    const r = cli(['explain', 'SYSGEN_OEM_A', '--catalog', d]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/SYSGEN_OEM_B/g)).toHaveLength(2); // once under requires, once in "pulls in"
    expect(r.stdout).toMatch(/ {4}SYSGEN_OEM_B\n {6}\[catalog, documented: catalog source\]\n {6}\[build-rule, documented: build-rule source\]/);
    const j = JSON.parse(cli(['explain', 'SYSGEN_OEM_A', '--catalog', d, '--json']).stdout);
    expect(j.requires).toEqual([{ id: 'SYSGEN_OEM_B', edges: [expect.objectContaining({ kind: 'catalog' }), expect.objectContaining({ kind: 'build-rule' })] }]);
  });
});

describe('resolve --tree', () => {
  test('the footer says [inferred], as the body does', () => {
    const r = cli(['resolve', '--tree']);
    expect(r.stdout).toMatch(/\[inferred\]/);
    expect(r.stdout).toMatch(new RegExp(`${INFERRED.length} inferred \\(marked \\[inferred\\]`));
    expect(r.stdout).not.toMatch(/marked \*/);
  });
  test('--json gives the tree: each item once, with its parent and depth', () => {
    const j = JSON.parse(cli(['resolve', '--tree', '--json']).stdout);
    expect(j.tree[0]).toMatchObject({ id: 'SYSGEN_MESSENGER', parent: null, depth: 0 });
    expect(j.tree).toHaveLength(MESSENGER_CLOSURE.length);
    expect(new Set(j.tree.map((n: { id: string }) => n.id)).size).toBe(MESSENGER_CLOSURE.length);
    const byId = new Map<string, { parent: string | null; depth: number }>(j.tree.map((n: { id: string; parent: string | null; depth: number }) => [n.id, n]));
    for (const n of byId.values()) if (n.parent) expect(byId.get(n.parent)!.depth).toBe(n.depth - 1);
    expect(j.inferred).toBe(INFERRED.length);
  });
  test('a chain 20,000 items deep (the old recursive drawing overflowed the stack) draws, with bounded indentation', () => {
    const d = tmp();
    const dir = join(d, 'chain');
    mkdirSync(dir);
    const n = 20_000;
    const id = (i: number) => `SYSGEN_CHAIN_${String(i).padStart(5, '0')}`;
    for (let i = 0; i < n; i++) {
      writeFileSync(join(dir, `${id(i)}.json`), JSON.stringify({ id: id(i), title: 't', description: 'd', area: 'OEM', confidence: 'documented', sources: ['s'], modules: [], requires: i > 0 ? [{ id: id(i - 1), kind: 'catalog', confidence: 'documented', source: 's' }] : [] }));
    }
    const r = spawnSync(process.execPath, [cliPath, 'resolve', id(n - 1), '--catalog', dir, '--tree'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(new RegExp(`^${id(n - 1)}  t$`));
    expect(lines.filter((l) => l.includes(id(0)))).toHaveLength(1);
    expect(Math.max(...lines.slice(0, 100).map((l) => l.length))).toBeLessThan(200);
    expect(lines.reduce((m, l) => (l.length > m ? l.length : m), 0)).toBeLessThan(300);
    expect(r.stdout).toMatch(/20000 items from SYSGEN_CHAIN_19999/);
  }, 120_000);
});

describe('output at scale', () => {
  test('a reader that stops early (| head -1) ends the output quietly, no EPIPE stack', () => {
    const dir = tmp();
    const id = (i: number) => `SYSGEN_PIPE_${String(i).padStart(4, '0')}`;
    for (let i = 0; i < 3000; i++) {
      writeFileSync(join(dir, `${id(i)}.json`), JSON.stringify({ id: id(i), title: 'a title long enough to fill the pipe', description: 'd', area: 'OEM', confidence: 'documented', sources: ['s'], modules: [], requires: i > 0 ? [{ id: id(i - 1), kind: 'catalog', confidence: 'documented', source: 's' }] : [] }));
    }
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${cliPath}" catalog list --catalog "${dir}" | head -1; echo "status \${PIPESTATUS[0]}" >&2`], { encoding: 'utf8' });
    // catalog list groups by area: the first line names the first area.
    expect(r.stdout).toMatch(/^Applications - End User \(\d+\)\n$/);
    expect(r.stderr).toBe('status 0\n');
  });
  test('a table of 200,000 rows', () => {
    const rows = Array.from({ length: 200_000 }, (_, i) => [String(i), `SYSGEN_X${i}`, 'title']);
    const t = table(['#', 'ID', 'TITLE'], rows);
    expect(t.split('\n')).toHaveLength(200_003);
    expect(t.split('\n')[1]).toBe('------  --------------  -----');
  });
});

describe('appsettings', () => {
  test('without --enable/--disable it reports the state and says nothing changed', () => {
    const r = cli(['appsettings', '--current', '62 07 00 80']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('62 07 00 80\n');
    expect(r.stderr).toBe('auto-sign-in is disabled in 62 07 00 80 (nothing changed; --disable-autosignin or --enable-autosignin changes it)\n');
    expect(r.stderr).not.toMatch(/\bwas\b/);
    expect(JSON.parse(cli(['appsettings', '--current', '62070080', '--json']).stdout)).toMatchObject({ changed: false, autoSignin: false });
  });
  test('--reg refuses to write UTF-16 to a terminal; --out writes the file', () => {
    // `script` gives the CLI a terminal for standard output.
    const t = spawnSync('script', ['-qec', `${process.execPath} ${cliPath} appsettings --current 62030080 --reg`, '/dev/null'], { encoding: 'utf8' });
    expect(t.status).toBe(2);
    expect(t.stdout).toMatch(/--reg: a version 5 \.reg file is UTF-16LE, which a terminal cannot show; write it with --out FILE/);
    const d = tmp();
    const r = cli(['appsettings', '--current', '62030080', '--disable-autosignin', '--reg', '--out', join(d, 'a.reg')]);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(d, 'a.reg')).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
  });
});
