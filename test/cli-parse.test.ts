/**
 * One argument spec, two parsers: util.parseArgs on the fast path, yargs for everything else. Both
 * end in argsFor (src/argv.ts); these tests check that, given the same command line, they give the
 * handler the same arguments or report the same usage mistake.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { COMMANDS, GLOBAL_OPTIONS, type Args, type CommandSpec, type OptSpec } from '../src/commands/table.js';
import { fastParse, valueProblem, type Parsed } from '../src/argv.js';
import { buildYargs } from '../src/yargs-cli.js';

class Usage extends Error {
  constructor(readonly usage: string) {
    super(usage);
  }
}

/** Parse with yargs, capturing what the handler would get (or the usage message) instead of running it. */
async function viaYargs(argv: string[]): Promise<Parsed> {
  let captured: Args | undefined;
  const specs: CommandSpec[] = COMMANDS.map((c) => ({ ...c, load: async () => async (a: Args) => ((captured = a), 0) }));
  const y = buildYargs(argv, specs, (_cmd, message) => {
    throw new Usage(message);
  }).exitProcess(false);
  try {
    await y.parseAsync();
  } catch (e) {
    if (e instanceof Usage) return { usage: e.usage };
    throw e;
  }
  if (!captured) throw new Error(`yargs did not run the command: ${argv.join(' ')}`);
  return { args: captured };
}

function viaFast(argv: string[]): Parsed | undefined {
  return fastParse(argv, COMMANDS)?.parsed;
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
  ['firewall', '--transfers', '3', '--proxy-port=1080', '--format', 'nftables'],
  ['register-client', '--name', 'My Messenger', '--dotnet-provider', '-o', 'x.reg'],
  ['appsettings', '--current', '62 03 00 80', '--disable-autosignin'],
  // A flag may be written --flag=true or --flag=false.
  ['resolve', 'SYSGEN_PM', '--tree=true'],
  ['resolve', '--tree=false', '--json=false'],
  ['validate', 'a.bat', '--fix', '--dry-run=false'],
];

describe('plain invocations take the fast path and give exactly what yargs gives', () => {
  test.each(plain)('%s', async (...argv) => {
    const fast = viaFast(argv);
    expect(fast && 'args' in fast, JSON.stringify(fast)).toBe(true);
    expect(fast).toEqual(await viaYargs(argv));
  });
  test('handler arguments are typed values: numbers are numbers, repeatable options are lists', () => {
    expect(viaFast(['firewall', '--transfers', '3', '--catalog', 'a', '--catalog', 'b'])).toEqual({ args: { transfers: 3, catalog: ['a', 'b'] } });
    expect(viaFast(['diff', 'a', 'b', '--merge-style'])).toEqual({ args: { a: 'a', b: 'b', mergeStyle: true } });
    expect(viaFast(['resolve'])).toEqual({ args: { ids: [] } });
  });
});

describe('usage mistakes: the same message from both parsers, naming the option', () => {
  const cases: Array<[string[], RegExp]> = [
    [['generate', '--out', 'a', '--out', 'b'], /^generate: --out was given 2 times; give it once$/],
    [['generate', '--only', 'x', '--only', 'y'], /^generate: --only was given 2 times/],
    [['catalog', 'list', '--area', 'a', '--area', 'b'], /^catalog: --area was given 2 times/],
    [['generate', '-o', 'a', '--out=b'], /^generate: --out was given 2 times/],
    [['firewall', '--transfers', 'two'], /^firewall: --transfers: "two" is not a whole number$/],
    [['firewall', '--transfers', '1.5'], /--transfers: "1\.5" is not a whole number/],
    [['firewall', '--format', 'nft'], /--format: "nft" is not one of .* \(did you mean nftables\?\)$/],
    [['firewall', '--format', 'pdf'], /--format: "pdf" is not one of [^(]*$/],
    [['resolve', '--jsn'], /^resolve: unknown option --jsn \(did you mean --json\?\)$/],
    [['catalog', 'lst'], /^catalog: "lst" is not one of list, show, search \(did you mean list\?\)$/],
    [['diff', 'a', 'b', 'c'], /^diff: unexpected argument "c"$/],
    [['explain'], /^explain: <id> is missing$/],
    [['register-client'], /^register-client needs --name/],
    [['catalog', 'show'], /^catalog show needs a Sysgen variable/],
  ];
  test.each(cases)('%s', async (argv, message) => {
    const y = await viaYargs(argv);
    expect(y).toEqual({ usage: expect.stringMatching(message) });
    const fast = viaFast(argv);
    if (fast) expect(fast).toEqual(y);
  });
});

describe('option values judged from the spec and the words typed: both parsers, the same words', () => {
  const cases: Array<[string[], string]> = [
    // A flag with a value other than true or false: both parsers used to read it as false (or skip it).
    [['validate', 'KioskPhone.bat', '--fix', '--dry-run=yes'], 'validate: --dry-run takes no value (got "yes"): write --dry-run, or leave it out'],
    [['register-client', '--name', 'X', '--uninstall=yes'], 'register-client: --uninstall takes no value (got "yes"): write --uninstall, or leave it out'],
    [['resolve', '--tree=yes'], 'resolve: --tree takes no value (got "yes"): write --tree, or leave it out'],
    [['resolve', '--json=1'], 'resolve: --json takes no value (got "1"): write --json, or leave it out'],
    [['resolve', 'SYSGEN_PM', '--strict=yes', '--json'], 'resolve: --strict takes no value (got "yes"): write --strict, or leave it out'],
    [['resolve', '--tree='], 'resolve: --tree takes no value (got ""): write --tree, or leave it out'],
    [['resolve', '--tree=TRUE'], 'resolve: --tree takes no value (got "TRUE"): write --tree, or leave it out'],
    // An option that takes a value, without one: in argsFor's words, not yargs' "Not enough arguments following".
    [['generate', '-o'], 'generate: --out needs a value'],
    [['catalog', 'list', '--area'], 'catalog: --area needs a value'],
    [['resolve', '--design'], 'resolve: --design needs a value'],
    [['resolve', '--design', '-x'], 'resolve: --design needs a value'],
    [['resolve', '--design', '--json'], 'resolve: --design needs a value'],
    [['firewall', '--transfers', '--json'], 'firewall: --transfers needs a value'],
    // A short option glued to its value: util.parseArgs reads -ooo as -o oo, yargs as -o -o -o.
    [['generate', '-ooo'], 'generate: -ooo: give -o its value as the next word (-o oo) or write --out=oo'],
    [['explain', 'X', '-dshow'], 'explain: -dshow: give -d its value as the next word (-d show) or write --design=show'],
  ];
  test.each(cases)('%s', async (argv, message) => {
    expect(viaFast(argv)).toEqual({ usage: message });
    expect(await viaYargs(argv)).toEqual({ usage: message });
  });
  test('yargs judges them too when the fast path leaves the line to it', async () => {
    expect(viaFast(['--json', 'resolve', '--tree=yes'])).toBeUndefined();
    expect(await viaYargs(['--json', 'resolve', '--tree=yes'])).toEqual({ usage: expect.stringMatching(/^resolve: --tree takes no value/) });
    expect(await viaYargs(['--json', 'explain', 'X', '-dshow'])).toEqual({ usage: expect.stringMatching(/^explain: -dshow: give -d its value/) });
    expect(await viaYargs(['--json', 'generate', '-o'])).toEqual({ usage: 'generate: --out needs a value' });
    expect(await viaYargs(['--json', 'catalog', 'list', '--area'])).toEqual({ usage: 'catalog: --area needs a value' });
  });
  test('values that are not mistakes: a negative number, a lone dash, -o=value, a word after --', async () => {
    expect(await viaYargs(['firewall', '--transfers', '-1'])).toEqual({ args: { transfers: -1 } });
    expect(await viaYargs(['generate', '-o', '-'])).toEqual({ args: { out: '-' } });
    expect(await viaYargs(['generate', '-o=build'])).toEqual({ args: { out: 'build' } });
    expect(viaFast(['resolve', '--', '--tree=yes'])).toBeUndefined();
    expect(await viaYargs(['resolve', '--', '--tree=yes'])).toEqual({ args: { ids: ['--tree=yes'] } });
  });
  test('help still wins: `generate -o --help` is a request for help', () => {
    expect(viaFast(['generate', '-o', '--help'])).toBeUndefined();
    expect(viaFast(['resolve', '--tree=yes', '-h'])).toBeUndefined();
  });
});

describe('anything unusual goes to yargs', () => {
  test.each([
    ['--help'], ['resolve', '--help'], ['resolve', '-h'], ['--version'], ['completion'], ['resolve', '--', 'x'],
    ['resolve', '--no-json'], ['resolve', '--design', '-1'], ['generate', '-o=x'],
  ])('%s', (...argv) => {
    expect(fastParse(argv, COMMANDS)).toBeUndefined();
  });
});

/** Command lines generated from the spec: mostly right, often wrong, in every spelling a user might type. */
function invocation(spec: CommandSpec): fc.Arbitrary<string[]> {
  const options: Record<string, OptSpec> = { ...GLOBAL_OPTIONS, ...spec.options };
  const text = fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom('a', 'x.json', 'My Design.bat', 'SYSGEN_TCPIP', 'é ü', 'a=b', '0', '3', 'list', 'show') },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '-1', '--x', '-') },
    { weight: 1, arbitrary: fc.string({ maxLength: 8 }) },
  );
  const value = (o: OptSpec): fc.Arbitrary<string> =>
    o.choices ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...o.choices) }, { weight: 1, arbitrary: fc.constantFrom(...o.choices).map((c) => c.slice(1)) }, { weight: 1, arbitrary: text })
    : o.type === 'number' ? fc.oneof({ weight: 4, arbitrary: fc.integer({ min: -5, max: 70000 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('two', '1.5', '007', '0x10', '1e3', ' 3') }, { weight: 1, arbitrary: text })
    : text;
  const optionPiece = fc.oneof(
    ...Object.entries(options).map(([name, o]) => {
      const spellings: Array<fc.WeightedArbitrary<string[]>> = [];
      if (o.type === 'boolean') {
        spellings.push({ weight: 6, arbitrary: fc.constant([`--${name}`]) }, { weight: 1, arbitrary: fc.constant([`--no-${name}`]) }, { weight: 1, arbitrary: fc.constantFrom('true', 'false', 'x', 'yes', '1', '0', '', 'TRUE', 'no').map((v) => [`--${name}=${v}`]) });
        if (o.alias) spellings.push({ weight: 2, arbitrary: fc.constant([`-${o.alias}`]) });
      } else {
        spellings.push({ weight: 4, arbitrary: value(o).map((v) => [`--${name}`, v]) }, { weight: 3, arbitrary: value(o).map((v) => [`--${name}=${v}`]) }, { weight: 1, arbitrary: fc.constant([`--${name}`]) });
        if (o.alias) spellings.push({ weight: 2, arbitrary: value(o).map((v) => [`-${o.alias}`, v]) }, { weight: 1, arbitrary: value(o).map((v) => [`-${o.alias}${v}`]) });
      }
      return fc.oneof(...spellings);
    }),
  );
  const positional = fc.oneof(...spec.positionals.flatMap((p) => (p.choices ? [fc.constantFrom(...p.choices)] : [])), text).filter((t) => !t.startsWith('-'));
  const piece = fc.oneof(
    { weight: 8, arbitrary: optionPiece },
    { weight: 1, arbitrary: positional.map((t) => [t]) },
    { weight: 1, arbitrary: fc.constantFrom(['--jsn'], ['--desing', 'x'], ['-q'], ['--'], ['--outt=a'], ['-'], ['-ox']) },
  );
  // The positionals a command needs, usually given, sometimes not.
  const needed = fc.tuple(...spec.positionals.map((p) => (p.required || p.array ? fc.option(positional, { freq: 6, nil: undefined }) : fc.option(positional, { freq: 2, nil: undefined }))));
  return fc.tuple(needed, fc.array(piece, { maxLength: 5 })).map(([pos, ps]) => [spec.name, ...(pos as Array<string | undefined>).filter((p): p is string => p !== undefined), ...ps.flat()]);
}

describe('property: the fast path never disagrees with yargs', () => {
  test('on thousands of generated invocations', async () => {
    const seen = { args: 0, usage: 0, yargs: 0, flagValues: 0, valueProblems: 0 };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...COMMANDS).chain(invocation), async (argv) => {
        const spec = COMMANDS.find((c) => c.name === argv[0])!;
        const options: Record<string, OptSpec> = { ...GLOBAL_OPTIONS, ...spec.options };
        const end = argv.indexOf('--');
        const flagValue = argv.slice(0, end < 0 ? undefined : end).some((w) => w.startsWith('--') && w.includes('=') && options[w.slice(2, w.indexOf('='))]?.type === 'boolean');
        if (flagValue) seen.flagValues++;
        const f = viaFast(argv);
        const y = await viaYargs(argv);
        // A flag with a value, a missing value, a glued short option: whichever parser gets the line,
        // it reports the problem valueProblem finds, in those words (never yargs' English, never off).
        const problem = valueProblem(spec, argv.slice(1));
        if (problem) {
          seen.valueProblems++;
          expect(y, argv.join(' ')).toEqual({ usage: problem });
        }
        if (f === undefined) {
          seen.yargs++;
          return;
        }
        seen['args' in f ? 'args' : 'usage']++;
        expect(y, argv.join(' ')).toEqual(f);
      }),
      { numRuns: 2000 },
    );
    // Both outcomes of the fast path are exercised, many times, and so are flags written with a
    // value (true and false included) and lines with a value problem.
    expect(seen.args, JSON.stringify(seen)).toBeGreaterThan(400);
    expect(seen.usage, JSON.stringify(seen)).toBeGreaterThan(400);
    expect(seen.flagValues, JSON.stringify(seen)).toBeGreaterThan(100);
    expect(seen.valueProblems, JSON.stringify(seen)).toBeGreaterThan(200);
  }, 120_000);
});
