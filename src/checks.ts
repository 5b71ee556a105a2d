/** Design checks beyond the closure, run by `validate`: registry options (and later firewall options and clients). */
import type { Finding, OptionChecker } from './analyze.js';
import { optionValues } from './generate/options.js';

const registryOptions: OptionChecker = (catalog, design, resolution) =>
  optionValues(catalog, design, resolution).problems.map((p): Finding => ({ severity: 'error', code: 'registry-option', message: p.message }));

export const designChecks: OptionChecker[] = [registryOptions];
