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
  bib?: BibPlacement;
}

export interface RegistryFact {
  key: string;
  name: string;
  type: 'REG_SZ' | 'REG_DWORD' | 'REG_MULTI_SZ' | 'REG_BINARY' | 'REG_EXPAND_SZ';
  default?: string | number;
  option?: string;
  allowed?: Array<{ value: number; meaning: string }>;
  unit?: string;
  min?: number;
  max?: number;
  meaning: string;
  source: string;
  confidence: Confidence;
  note?: string;
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
  cesysgenFlag?: { module: string; flag: string; confidence: Confidence; note?: string };
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
}
