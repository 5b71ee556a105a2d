/**
 * Every command, its positionals and options, in one declarative table. The yargs parser (help,
 * completion, errors) is built from it, and so is the fast path that runs plain invocations
 * without loading yargs at all; a test checks the two agree.
 */
import { FIREWALL_FLAG_SPECS, FORMATS } from '../firewall/formats.js';

export type OptType = 'string' | 'boolean' | 'number';

export interface OptSpec {
  type: OptType;
  describe: string;
  /** May be given more than once; the handler gets every value, in order. */
  repeatable?: boolean;
  /** The command cannot run without it. */
  required?: boolean;
  alias?: string;
  choices?: readonly string[];
}

export interface PosSpec {
  name: string;
  describe: string;
  required: boolean;
  array?: boolean;
  choices?: readonly string[];
}

/** The value an option gives its handler, from its spec. */
type ValueOf<O> = O extends { type: 'boolean' } ? boolean : O extends { type: 'number' } ? number : O extends { choices: readonly (infer C)[] } ? C : string;
type OptValue<O> = O extends { repeatable: true } ? Array<ValueOf<O>> : ValueOf<O>;
type Camel<S extends string> = S extends `${infer A}-${infer B}` ? `${A}${Capitalize<Camel<B>>}` : S;
type OptionArgs<O> = { -readonly [K in keyof O & string as O[K] extends { required: true } ? Camel<K> : never]: OptValue<O[K]> } & {
  -readonly [K in keyof O & string as O[K] extends { required: true } ? never : Camel<K>]?: OptValue<O[K]>;
};
type PosValue<P> = P extends { array: true } ? string[] : P extends { choices: readonly (infer C)[] } ? C : string;
type PosArgs<P extends readonly PosSpec[]> = { -readonly [E in P[number] as E extends { required: true } | { array: true } ? E['name'] : never]: PosValue<E> } & {
  -readonly [E in P[number] as E extends { required: true } | { array: true } ? never : E['name']]?: PosValue<E>;
};

/** The options every command takes, as handlers get them. */
export type GlobalArgs = OptionArgs<typeof GLOBAL_OPTIONS>;

/** A command's handler arguments, worked out from its spec: what argsFor (src/argv.ts) builds. */
export type ArgsOf<C extends { options: object; positionals: readonly PosSpec[] }> = OptionArgs<typeof GLOBAL_OPTIONS> & OptionArgs<C['options']> & PosArgs<C['positionals']>;

export type Args = Record<string, unknown>;
export type Handler<A = never> = (args: A) => Promise<number>;

export interface CommandSpec {
  name: string;
  describe: string;
  positionals: readonly PosSpec[];
  options: Readonly<Record<string, OptSpec>>;
  examples: ReadonlyArray<readonly [string, string]>;
  /** Text shown after the options in --help. */
  epilogue?: string;
  /** A check the table cannot express: a message when the arguments do not fit. */
  check?: (args: Args) => string | undefined;
  load: () => Promise<(args: Args) => Promise<number>>;
}

/** The declarative part of a CommandSpec: what the table writes for each command. */
type CommandDef = Omit<CommandSpec, 'check' | 'load'>;

/**
 * One command of the table: its spec, then how it runs. The handler's parameter type is checked
 * against the arguments the spec produces (ArgsOf), so a handler cannot read an option the table
 * does not declare, or read it as the wrong type.
 */
function command<const D extends CommandDef>(d: D, run: { check?: (a: ArgsOf<D>) => string | undefined; load: () => Promise<Handler<ArgsOf<D>>> }): CommandSpec {
  // argsFor (src/argv.ts) builds exactly ArgsOf<D> from this spec; this is the one place that relies on it.
  return { ...d, ...run } as unknown as CommandSpec;
}

export const GLOBAL_OPTIONS = {
  catalog: { type: 'string', repeatable: true, describe: 'add an OEM catalog on top of the built-in one: a folder, a component .json, a .cec or a .pbcxml file (repeatable)' },
  'wince-root': { type: 'string', describe: 'a Platform Builder tree (default: $_WINCEROOT): read its catalog files and the build rules of its cesysgen.bat' },
  json: { type: 'boolean', describe: 'print machine-readable JSON, errors included' },
} as const satisfies Record<string, OptSpec>;

const strict = { type: 'boolean', describe: 'variables the CE 5.0 catalog does not hold (unknown, removed, later versions) are errors, not warnings' } as const satisfies OptSpec;

const outDir = { type: 'string', alias: 'o', describe: 'output directory (default: ./out)' } as const satisfies OptSpec;
const force = { type: 'boolean', describe: 'overwrite files that were edited since wcecfg wrote them' } as const satisfies OptSpec;
const regVersion = { type: 'string', choices: ['4', '5'], describe: 'desktop .reg format: 5 (UTF-16LE, default) or 4 (REGEDIT4, ASCII)' } as const satisfies OptSpec;
const regFormat = { type: 'string', choices: ['reg5', 'reg4', 'ce'], describe: 'desktop .reg version 5 (default) or 4, or a CE project.reg fragment' } as const satisfies OptSpec;
const templates = { type: 'string', describe: 'directory of templates that replace the built-in ones of the same name' } as const satisfies OptSpec;

const design = { type: 'string', alias: 'd', describe: 'design file (JSON, Platform Builder .pbxml workspace or batch file); default: the built-in Messenger design' } as const satisfies OptSpec;

export const COMMANDS: CommandSpec[] = [
  command({
    name: 'generate',
    describe: 'write the OS design batch file, project.reg, project.bib, a desktop .reg, report.md, report.html and the firewall plan (firewall.md, firewall.html)',
    positionals: [],
    options: {
      design,
      out: outDir,
      only: { type: 'string', describe: 'comma-separated outputs: bat, reg, bib, report, desktop-reg, firewall' },
      force,
      'reg-version': regVersion,
      templates,
      strict,
    },
    examples: [
      ['$0 generate', 'the built-in Messenger design into ./out'],
      ['$0 generate --design MyDesign.json --out build/files', 'your design into build/files'],
      ['$0 generate --only bat,reg --json', 'just the batch file and project.reg; report as JSON'],
    ],
  }, {
    load: () => import('./generate.js').then((m) => m.run),
  }),
  command({
    name: 'firewall',
    describe: 'the Windows Messenger port plan and checklist, in the format IT uses',
    positionals: [],
    options: {
      design,
      format: { type: 'string', alias: 'f', choices: FORMATS, describe: 'output format (default: text)' },
      ...FIREWALL_FLAG_SPECS,
      templates,
    },
    examples: [
      ['$0 firewall', 'the port plan and checklist as a table'],
      ['$0 firewall --format md > firewall.md', 'a checklist IT can tick'],
      ['$0 firewall --format nftables --device-ip 192.168.1.50 --wan-if eth0', 'forward rules, and DNAT for traffic arriving on eth0, for a Linux gateway'],
      ['$0 firewall --transfers 1 --proxy-type SOCKS5 --proxy-host proxy.example.com --proxy-port 1080', 'one transfer at a time, through a SOCKS5 proxy'],
    ],
  }, {
    load: () => import('./firewall.js').then((m) => m.run),
  }),
  command({
    name: 'register-client',
    describe: 'register a third-party messenger client under MessengerService\\Clients (or remove it with --uninstall)',
    positionals: [],
    options: {
      name: { type: 'string', required: true, describe: 'the client key name, e.g. "My Messenger"' },
      'messenger-guid': { type: 'string', describe: 'class implementing IMessenger, IMessenger2, IMessenger3 (generated if omitted)' },
      'private-guid': { type: 'string', describe: 'class implementing IMessengerPrivate (generated if omitted)' },
      'session-manager-guid': { type: 'string', describe: 'class implementing IMsgrSessionManager (generated if omitted)' },
      'dotnet-provider': { type: 'boolean', describe: 'this client is the .NET Messenger Service provider (isDotNetProvider = 1)' },
      format: regFormat,
      out: { type: 'string', alias: 'o', describe: 'write to this file (default: standard output)' },
      uninstall: { type: 'boolean', describe: "a .reg file that removes the client's key and nothing else" },
      force: { type: 'boolean', describe: 'overwrite --out even if it was edited since wcecfg wrote it, registers another client, or gives this client other GUIDs than those passed (GUIDs not passed are still kept from --out)' },
    },
    examples: [
      ['$0 register-client --name "My Messenger" --out mymsgr.reg', 'new GUIDs are generated and printed; run again, it keeps the GUIDs mymsgr.reg gives the client'],
      ['$0 register-client --name "My Messenger" --messenger-guid {6B...} --private-guid ... --session-manager-guid ... --dotnet-provider', 'the client becomes the .NET provider'],
      ['$0 register-client --name "My Messenger" --uninstall --out remove.reg', 'remove the client key'],
    ],
  }, {
    load: () => import('./register-client.js').then((m) => m.run),
  }),
  command({
    name: 'appsettings',
    describe: "set or clear Windows Messenger's auto-sign-in bit in the AppSettings value",
    positionals: [],
    options: {
      current: { type: 'string', required: true, describe: 'the current 4-byte AppSettings value: "62 03 00 80", 62,03,00,80 or 62030080' },
      'disable-autosignin': { type: 'boolean', describe: 'set the mask 0x00040000 (auto-sign-in off)' },
      'enable-autosignin': { type: 'boolean', describe: 'clear the mask 0x00040000 (auto-sign-in on)' },
      reg: { type: 'boolean', describe: 'print a .reg file setting HKCU\\Software\\Microsoft\\MessengerService AppSettings' },
      format: { ...regFormat, describe: `with --reg: ${regFormat.describe}` },
      out: { type: 'string', alias: 'o', describe: 'with --reg: write the .reg file here (a version 5 file is UTF-16LE, not for a terminal)' },
      force: { type: 'boolean', describe: 'overwrite --out even if it was edited since wcecfg wrote it' },
    },
    examples: [
      ['$0 appsettings --current "62 03 00 80" --disable-autosignin', 'prints 62 07 00 80, the document\'s example'],
      ['$0 appsettings --current 62030080 --disable-autosignin --reg --out appsettings.reg', 'the REG_BINARY value as a .reg file'],
      ['$0 appsettings --current 62030080', 'says whether auto-sign-in is on in this value, and changes nothing'],
    ],
    epilogue:
      'The mask 0x00040000 is applied to the four bytes in the order the document writes them (62 03 00 80): ' +
      'read as a big-endian number it is 00 04 00 00, so it is bit 0x04 of the second byte, and 62 03 00 80 becomes 62 07 00 80, as in the document. ' +
      '(Taken as a little-endian DWORD it would hit the third byte and give 62 03 04 80, which is not the document\'s example.)',
  }, {
    check: (a) => {
      if (a.disableAutosignin && a.enableAutosignin) return '--disable-autosignin and --enable-autosignin contradict each other; give one';
      // These shape the --reg file only: without --reg they would be ignored without a word.
      for (const [given, flag] of [[a.out !== undefined, '--out'], [a.format !== undefined, '--format'], [a.force === true, '--force']] as const) {
        if (given && !a.reg) return `${flag} applies to the --reg file only; add --reg`;
      }
      return undefined;
    },
    load: () => import('./appsettings.js').then((m) => m.run),
  }),
  command({
    name: 'appreg',
    describe: 'shell and application registration: install.reg and uninstall.reg from a manifest',
    positionals: [{ name: 'manifest', required: true, describe: 'manifest JSON (catalog/schema/appreg.schema.json)' }],
    options: {
      out: outDir,
      'reg-version': regVersion,
      force,
    },
    examples: [['$0 appreg myapp.json --out reg', 'reg/install.reg and reg/uninstall.reg']],
  }, {
    load: () => import('./appreg.js').then((m) => m.run),
  }),
  command({
    name: 'catalog',
    describe: 'list the catalog by area, search it, or show one component',
    positionals: [
      { name: 'action', required: true, choices: ['list', 'show', 'search'], describe: 'list: every component, by Catalog area; show: one component; search: find components' },
      { name: 'id', required: false, describe: 'Sysgen variable for show; text for search (variable, Catalog name, area or module)' },
    ],
    options: { area: { type: 'string', describe: 'list only the Catalog area with this name (any case), or the areas containing this text' } },
    examples: [
      ['$0 catalog list', 'every component, grouped by Catalog area, with its confidence'],
      ['$0 catalog list --area security', 'the Security area only'],
      ['$0 catalog search bluetooth', 'which variables are the Bluetooth stack and its parts'],
      ['$0 catalog show SYSGEN_MESSENGER', 'requirements with provenance, modules, registry options and ports'],
    ],
  }, {
    check: (a) => (a.action === 'show' && !a.id ? 'catalog show needs a Sysgen variable, e.g. wcecfg catalog show SYSGEN_MESSENGER' : a.action === 'search' && !a.id ? 'catalog search needs some text, e.g. wcecfg catalog search bluetooth' : undefined),
    load: () => import('./catalog.js').then((m) => (a) => (a.action === 'show' && a.id !== undefined ? m.show({ ...a, id: a.id }) : a.action === 'search' ? m.search(a) : m.list(a))),
  }),
  command({
    name: 'resolve',
    describe: 'print the closure of the design (or of the given Sysgen variables) in dependency order',
    positionals: [{ name: 'ids', required: false, array: true, describe: 'roots to resolve instead of the design' }],
    options: { design, tree: { type: 'boolean', describe: 'draw the closure as a tree of shortest chains' }, strict },
    examples: [
      ['$0 resolve', 'the closure of the built-in Messenger design'],
      ['$0 resolve SYSGEN_TCPIP --tree', 'what TCP/IP pulls in, as a tree'],
      ['$0 resolve --design MyDesign.bat --json', 'machine-readable closure of an existing batch design'],
    ],
  }, {
    load: () => import('./resolve.js').then((m) => m.run),
  }),
  command({
    name: 'explain',
    describe: 'why an item is in the design, and what it pulls in',
    positionals: [{ name: 'id', required: true, describe: 'Sysgen variable' }],
    options: { design, strict },
    examples: [['$0 explain SYSGEN_CREDMAN', 'the chain from SYSGEN_MESSENGER and every requirer with provenance']],
  }, {
    load: () => import('./explain.js').then((m) => m.run),
  }),
  command({
    name: 'graph',
    describe: 'the closure as a directed graph (requirer -> requirement), in Graphviz DOT or SVG',
    positionals: [{ name: 'ids', required: false, array: true, describe: 'roots to draw instead of the design' }],
    options: {
      design,
      format: { type: 'string', alias: 'f', choices: ['dot', 'svg'], describe: 'dot, or svg (drawn in-process); default: svg when --out ends in .svg, else dot' },
      out: { type: 'string', alias: 'o', describe: 'write to this file (default: standard output)' },
      focus: { type: 'string', describe: 'only what leads to this item and what it pulls in' },
      force,
    },
    examples: [
      ['$0 graph | dot -Tpng -o closure.png', 'the closure of the built-in Messenger design, drawn by Graphviz'],
      ['$0 graph --out closure.svg', 'an SVG drawn in-process (no Graphviz needed)'],
      ['$0 graph --focus SYSGEN_TCPIP --format svg > tcpip.svg', 'why TCP/IP is here and what it pulls in'],
    ],
  }, {
    load: () => import('./graph.js').then((m) => m.run),
  }),
  command({
    name: 'validate',
    describe: 'check designs: missing requirements, unknown variables, redundant selections (exit 1 with findings)',
    positionals: [{ name: 'files', required: true, array: true, describe: 'design files (JSON, .pbxml workspace or batch file)' }],
    options: {
      strict: { type: 'boolean', describe: 'warnings fail too, and variables the catalog does not hold are errors' },
      fix: { type: 'boolean', describe: 'write the missing set lines into a copy of each batch design (NAME.fixed.bat), keeping every other line' },
      'dry-run': { type: 'boolean', describe: 'with --fix: print the lines the fix would add; write nothing' },
      force: { type: 'boolean', describe: 'with --fix: replace an existing NAME.fixed.bat that holds other lines (without it, such a copy is left alone and the file is an error)' },
    },
    examples: [
      ['$0 validate MyDesign.bat', 'is this batch design complete before a two-hour build?'],
      ['$0 validate MyDesign.bat --fix', 'MyDesign.fixed.bat: the same file with the missing set lines added'],
      ['$0 validate MyDesign.pbxml MyDesign.bat', 'the workspace and its batch file: variables only one of them selects are findings'],
      ['$0 validate a.json b.bat --json', 'findings as JSON'],
    ],
  }, {
    load: () => import('./validate.js').then((m) => m.run),
  }),
  command({
    name: 'minimize',
    describe: 'print the smallest set of explicit selections that gives the same closure',
    positionals: [{ name: 'file', required: true, describe: 'design file' }],
    options: { format: { type: 'string', choices: ['json', 'bat'], describe: 'output format (default: the input kind)' }, strict },
    examples: [['$0 minimize MyDesign.bat > Minimal.bat', 'keep only the selections nothing else implies']],
  }, {
    load: () => import('./minimize.js').then((m) => m.run),
  }),
  command({
    name: 'diff',
    describe: 'compare the closures of two designs (-removed, changed, +added)',
    positionals: [
      { name: 'a', required: true, describe: 'old design' },
      { name: 'b', required: true, describe: 'new design' },
    ],
    options: { 'merge-style': { type: 'boolean', describe: 'print set lines that turn A into B' }, strict },
    examples: [['$0 diff old.bat new.json', 'what the new design adds and drops']],
    epilogue: 'Exits like diff(1): 0 when the two closures are the same, 1 when they differ, 2 on trouble (an unreadable design; with --strict, a variable the catalog does not hold).',
  }, {
    load: () => import('./diff.js').then((m) => m.run),
  }),
];

export const COMMAND_NAMES = [...COMMANDS.map((c) => c.name), 'completion'];
