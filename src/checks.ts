/** Design checks beyond the closure, run by `validate`: registry options (and later firewall options and clients). */
import type { Finding, OptionChecker } from './analyze.js';
import { optionValues } from './generate/options.js';
import { firewallOptionProblems } from './firewall/options.js';
import { portFactProblems } from './firewall/plan.js';
import { clientFindings } from './registration/client.js';

const registryOptions: OptionChecker = (catalog, design, resolution) =>
  optionValues(catalog, design, resolution).problems.map((p): Finding => ({ severity: 'error', code: 'registry-option', message: p.message }));

/** The design's firewall options and the port facts of the catalog items in its closure: every problem, listed. */
const firewallChecks: OptionChecker = (catalog, design, resolution) => {
  const findings = firewallOptionProblems(design).map((message): Finding => ({ severity: 'error', code: 'firewall-option', message }));
  for (const id of resolution.order) {
    const ports = resolution.items.get(id)!.component.ports;
    if (ports) for (const message of portFactProblems(catalog.files.get(id) ?? id, ports)) findings.push({ severity: 'error', code: 'firewall-ports', message });
  }
  return findings;
};

const clients: OptionChecker = (_catalog, design) =>
  clientFindings(design).map((f): Finding => ({ severity: f.severity, code: 'clients', message: f.message.startsWith(design.file) ? f.message : `${design.file}: ${f.message}` }));

export const designChecks: OptionChecker[] = [registryOptions, firewallChecks, clients];
