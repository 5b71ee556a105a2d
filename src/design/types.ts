/** An OS design, read from a wcecfg JSON design, a Platform Builder batch file or a Platform Builder workspace (.pbxml). */
import type { FirewallOptions } from '../firewall/options.js';
export type { FirewallOptions };

export interface ClientEntry {
  name: string;
  messengerGuid: string;
  privateGuid: string;
  sessionManagerGuid: string;
  dotNetProvider?: boolean;
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
  /** Batch files: the line each variable was last set or cleared on. */
  lines: Map<string, number>;
  /** Problems that do not stop reading (a variable set twice, a non-Sysgen `set`). */
  warnings: Array<{ line?: number; message: string }>;
  cesysgenTree?: string;
  /** Raw JSON values, coerced by src/registry/model.ts (arrays: REG_MULTI_SZ strings or REG_BINARY bytes). */
  registry: Record<string, string | number | boolean | Array<string | number>>;
  firewall: FirewallOptions;
  clients: ClientEntry[];
  /** The JSON text, to place later errors on a line. */
  text?: string;
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
