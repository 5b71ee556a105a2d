/** Design checks beyond the closure, run by `validate`: registry options (and later firewall options and clients). */
import type { Finding, OptionChecker } from './analyze.js';
import { optionValues } from './generate/options.js';
import { firewallOptions } from './firewall/options.js';
import { UserError } from './errors.js';
import { clientFindings } from './registration/client.js';

const registryOptions: OptionChecker = (catalog, design, resolution) =>
  optionValues(catalog, design, resolution).problems.map((p): Finding => ({ severity: 'error', code: 'registry-option', message: p.message }));

const firewallChecks: OptionChecker = (_catalog, design) => {
  try {
    firewallOptions(design);
    return [];
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    return [{ severity: 'error', code: 'firewall-option', message: e.message }];
  }
};

const clients: OptionChecker = (_catalog, design) =>
  clientFindings(design).map((f): Finding => ({ severity: f.severity, code: 'clients', message: f.message.startsWith(design.file) ? f.message : `${design.file}: ${f.message}` }));

export const designChecks: OptionChecker[] = [registryOptions, firewallChecks, clients];
