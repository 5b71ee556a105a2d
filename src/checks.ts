/** Design checks beyond the closure: registry options, firewall options, messenger clients. */
import type { OptionChecker } from './analyze.js';

export const designChecks: OptionChecker[] = [];
