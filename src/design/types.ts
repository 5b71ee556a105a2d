/** An OS design, read from a wcecfg JSON design, a Platform Builder batch file or a .pbxml workspace. */
import type { FirewallOptions } from '../firewall/options.js';
export type { FirewallOptions };

export interface ClientEntry {
  name: string;
  messengerGuid: string;
  privateGuid: string;
  sessionManagerGuid: string;
  dotNetProvider?: boolean;
}

/** A non-Sysgen `set` line of a batch design (BSP_*, IMG*, anything else): kept, and listed. */
export interface Setting {
  name: string;
  value: string;
  line?: number;
}

/** One line of a batch file as read: its text without the line end, and the line end itself. */
export interface BatchLine {
  text: string;
  /** `\r\n`, `\n` (or CRs before the LF), or '' for a last line without one. */
  eol: string;
}

/** A `set SYSGEN_X=...` statement that cmd executes. */
export interface SysgenSet {
  /** 1-based line number. */
  line: number;
  id: string;
  value: string;
  /** A plain, unconditional `set` line of its own: a round trip may remove or keep it whole. */
  plain: boolean;
}

/** What a round trip needs from a batch design: its lines byte for byte, and which ones are Sysgen selections. */
export interface BatchSource {
  lines: BatchLine[];
  sets: SysgenSet[];
  /** Variables that an `if` condition of the file reads: their lines are never removed. */
  tested: Set<string>;
}

export interface Design {
  kind: 'json' | 'batch' | 'pbxml';
  /** The file as the user named it (or the built-in default). */
  file: string;
  name: string;
  description?: string;
  /** Explicit selections, in the order written. */
  select: string[];
  exclude: string[];
  /** Batch files: variables cleared with `set SYSGEN_X=`. */
  cleared: string[];
  /** The line each variable was last set or cleared on (batch files; JSON designs: its place in "select"). */
  lines: Map<string, number>;
  /** Problems that do not stop reading (a `call` line, a condition wcecfg cannot evaluate, a variable set twice). */
  warnings: Array<{ line?: number; message: string }>;
  /** Batch files: the non-Sysgen `set` lines, kept as they are (absent: none). */
  settings?: Setting[];
  cesysgenTree?: string;
  /** Raw JSON values, coerced by src/registry/model.ts (arrays: REG_MULTI_SZ strings or REG_BINARY bytes). */
  registry: Record<string, string | number | boolean | Array<string | number>>;
  firewall: FirewallOptions;
  clients: ClientEntry[];
  /** The JSON text, to place later errors on a line. */
  text?: string;
  /** JSON designs: the object as read, so `minimize` keeps every field but "select". */
  json?: Record<string, unknown>;
  /** Batch files: the lines, for round trips. */
  batch?: BatchSource;
  /** .pbxml: the platform (OS design) name and its BSP, when the workspace names them. */
  platform?: string;
  bsp?: string;
  /** .pbxml: selected Catalog items of other vendors (`Item:<Vendor>:<Id>`), which wcecfg cannot resolve. */
  thirdParty?: ThirdPartyItem[];
}

export interface ThirdPartyItem {
  /** The CatalogItemId as written. */
  id: string;
  vendor: string;
  name: string;
  line: number;
}
