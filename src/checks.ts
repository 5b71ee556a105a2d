/**
 * Design checks beyond the closure, run by `validate`: registry options, firewall options and port
 * facts, and messenger clients. Each returns every problem it finds; each finding carries its place
 * as fields (the JSON pointer; the line, in the design's own JSON text; the file, when it is not the
 * design but a catalog file), not only inside its message.
 */
import type { Finding, OptionChecker, Severity } from './analyze.js';
import type { Design } from './design/types.js';
import { pointerLocator, type Position } from './jsonfile.js';
import { optionValues } from './generate/options.js';
import { firewallOptionProblems } from './firewall/options.js';
import { portFactProblems } from './firewall/plan.js';
import { clientFindings } from './registration/client.js';

/** Each JSON design's text scanned once, however many findings it has (300,000 registry options must stay linear). */
const locators = new WeakMap<Design, (pointer: string) => Position | undefined>();
function lineOf(design: Design, pointer: string): number | undefined {
  if (design.text === undefined) return undefined;
  let locate = locators.get(design);
  if (!locate) locators.set(design, (locate = pointerLocator(design.text)));
  return locate(pointer)?.line;
}

/** A finding of the design, placed at a JSON pointer of `file` (absent: the design file itself). */
function placed(design: Design, severity: Severity, code: string, message: string, pointer?: string, file = design.file): Finding {
  if (pointer === undefined) return { severity, code, message };
  if (file !== design.file) return { severity, code, message, file, pointer };
  const line = lineOf(design, pointer);
  return { severity, code, message, ...(line !== undefined ? { line } : {}), pointer };
}

const registryOptions: OptionChecker = (catalog, design, resolution) =>
  optionValues(catalog, design, resolution).problems.map((p): Finding => placed(design, 'error', 'registry-option', p.message, p.pointer, p.file));

/** The design's firewall options and the port facts of the catalog items in its closure: every problem, listed. */
const firewallChecks: OptionChecker = (catalog, design, resolution) => {
  const findings = firewallOptionProblems(design).map((p): Finding => placed(design, 'error', 'firewall-option', p.message, p.pointer, p.file));
  for (const id of resolution.order) {
    const ports = resolution.items.get(id)!.component.ports;
    if (!ports) continue;
    const file = catalog.files.get(id) ?? id;
    for (const p of portFactProblems(file, ports)) findings.push(placed(design, 'error', 'firewall-ports', p.message, p.pointer, file));
  }
  return findings;
};

const clients: OptionChecker = (_catalog, design) =>
  clientFindings(design).map((f): Finding => placed(design, f.severity, 'clients', f.message.startsWith(`${design.file}: `) ? f.message : `${design.file}: ${f.message}`, f.pointer));

export const designChecks: OptionChecker[] = [registryOptions, firewallChecks, clients];
