/** Catalog types; they mirror catalog/schema/component.schema.json. */

export type Confidence = 'documented' | 'inferred';
export type ItemConfidence = 'documented' | 'build-rule' | 'inferred';
export type EdgeKind = 'catalog' | 'build-rule';

export interface Requirement {
  id: string;
  kind: EdgeKind;
  confidence: Confidence;
  source: string;
  note?: string;
  /** The cesysgen rule does not fire when this variable is set. */
  unless?: string;
  /** Internal __SYSGEN_ variables the rule passes through (folded into this item). */
  via?: string[];
  /** How the page's dependency name was mapped to this variable (Catalog dependencies from ce50-sysgen-facts). */
  mapping?: 'documented' | 'inferred';
  /** Where the Catalog dependency was read: a CE 5.0 page, the Standard SDK list, a CE 6.0 / CE .NET 4.2 twin page, ... */
  origin?: 'ce50' | 'ce50-includes' | 'ce60-twin' | 'ce42-only' | 'inferred-parent';
}

export interface BibPlacement {
  section: 'MODULES' | 'FILES';
  memory: string;
  flags: string;
}

export interface Module {
  name: string;
  role: 'exe' | 'dll' | 'resources' | 'lib' | 'module' | 'coredll-component' | 'nk-component' | 'component';
  file?: string;
  fileConfidence?: Confidence;
  item?: string;
  source?: string;
  note?: string;
  via?: string[];
  /** The OEM places this module in project.bib with this row (absent when the OS tree's .bib ships it). */
  bib?: BibPlacement;
  /** The OS tree .bib that already places this module: project.bib writes no row for it. */
  shippedBy?: string;
}

export interface RegistryFact {
  key: string;
  /** "" is the key's default value (`@`). */
  name: string;
  type: 'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_MULTI_SZ' | 'REG_DWORD' | 'REG_QWORD' | 'REG_BINARY';
  /** Coerced by src/registry/model.ts coerceRegValue, like a design's value. */
  default?: string | number | Array<string | number>;
  option?: string;
  allowed?: Array<{ value: number; meaning: string }>;
  unit?: string;
  min?: number;
  max?: number;
  meaning: string;
  source: string;
  confidence: Confidence;
  note?: string;
  /** Where `default` comes from: the shipped .reg file that writes it, or the binary's internal default. */
  defaultFrom?: string;
  /** The module whose @CESYSGEN flag guards this value (default: cesysgenFlag.module). */
  module?: string;
}

export interface PortFact {
  id: string;
  protocol: 'tcp' | 'udp';
  portFrom: number | null;
  portTo: number | null;
  direction: 'inbound' | 'outbound' | 'both';
  side: 'local' | 'remote';
  required: boolean;
  dynamic?: boolean;
  scalesWith?: 'transfers';
  purpose: string;
  source: string;
}

export interface NetworkNote {
  id: string;
  text: string;
  source: string;
  proxyTypes?: string[];
}

export interface Component {
  id: string;
  title: string;
  titleConfidence?: Confidence;
  description: string;
  descriptionConfidence?: Confidence;
  area: string;
  areaConfidence?: Confidence;
  confidence: ItemConfidence;
  overrides?: boolean;
  requires: Requirement[];
  modules: Module[];
  /** `overridable`: the design option cesysgenTree may replace the flag's OS-tree prefix (this item's modules only). */
  cesysgenFlag?: { module: string; flag: string; confidence: Confidence; note?: string; overridable?: boolean };
  folded?: string[];
  hardware?: string[];
  notes?: string[];
  sources: string[];
  registry?: RegistryFact[];
  ports?: PortFact[];
  networkNotes?: NetworkNote[];
}

export interface Catalog {
  /** Components by id, in id order. */
  items: Map<string, Component>;
  /** The file each component came from. */
  files: Map<string, string>;
  /** Sysgen variables removed in CE 5.0 (ms923645). */
  removed: Set<string>;
  /** Variables of a later CE version that CE 5.0 does not have (catalog/later-versions.json): id -> note with its source. */
  later: Map<string, string>;
  /** Problems in Platform Builder catalog files and trees that did not stop loading. */
  warnings?: Array<{ file: string; line?: number; message: string }>;
  /** The Platform Builder tree read with --wince-root, and how its build rules differ from the built-in ones. */
  tree?: import('./wince-root.js').TreeInfo;
  /** Catalog item ids of .pbcxml items (`item:vendor:name`, lower case) → the Sysgen variable they set. */
  itemIds?: Map<string, string>;
}
