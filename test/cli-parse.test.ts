import { describe, expect, test } from 'vitest';
import { COMMANDS, GLOBAL_OPTIONS, quickParse, type Args } from '../src/commands/table.js';
import { buildYargs } from '../src/yargs-cli.js';

/** Parse with yargs, capturing the arguments the handler would get instead of running it. */
async function viaYargs(argv: string[]): Promise<Args> {
  let captured: Args | undefined;
  const specs = COMMANDS.map((c) => ({ ...c, load: async () => async (a: Args) => ((captured = a), 0) }));
  await buildYargs(argv, specs).exitProcess(false).parseAsync();
  if (!captured) throw new Error('yargs did not run the command');
  return captured;
}

const plain = [
  ['resolve'],
  ['resolve', '--json'],
  ['resolve', 'SYSGEN_TCPIP', 'SYSGEN_PM', '--tree'],
  ['resolve', '-d', 'x.bat'],
  ['resolve', '--design=x.json', '--catalog', 'a', '--catalog', 'b'],
  ['explain', 'SYSGEN_CREDMAN', '--design', 'x.json', '--json'],
  ['validate', 'a.bat', 'b.json', '--strict'],
  ['minimize', 'a.bat', '--format', 'json'],
  ['diff', 'a.json', 'b.json', '--merge-style'],
  ['catalog', 'list', '--area', 'Core'],
  ['catalog', 'show', 'SYSGEN_MESSENGER', '--json'],
];

describe('the fast path parses plain invocations exactly as yargs does', () => {
  test.each(plain)('%s', async (...argv) => {
    const q = quickParse(argv);
    expect(q, 'fast path should take it').toBeDefined();
    const y = await viaYargs(argv);
    const spec = COMMANDS.find((c) => c.name === argv[0])!;
    const keys = [...spec.positionals.map((p) => p.name), ...Object.keys({ ...GLOBAL_OPTIONS, ...spec.options }).flatMap((k) => [k, k.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())])];
    for (const k of new Set(keys)) expect(q!.args[k], k).toEqual(y[k]);
  });
});

describe('anything unusual goes to yargs', () => {
  test.each([
    ['--help'], ['resolve', '--help'], ['resolv'], ['resolve', '--jsn'], ['explain'], ['catalog', 'lst'], ['catalog', 'show'],
    ['minimize', 'a', '--format', 'xml'], ['diff', 'a'], ['resolve', '--design'], ['completion'], ['resolve', '--', 'x'], ['validate', 'a', '--strict=yes'],
  ])('%s', (...argv) => {
    expect(quickParse(argv)).toBeUndefined();
  });
});
