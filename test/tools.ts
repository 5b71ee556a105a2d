/** Real firewall tools from Debian's packages; skipped with a visible message locally, required in CI. */
import { spawnSync } from 'node:child_process';

function has(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { encoding: 'utf8' }).status === 0;
}

export const tools = {
  nft: has('nft', ['--version']),
  iptables: has('iptables-restore', ['--version']),
  ufw: has('/usr/bin/python3', ['-c', 'import ufw.applications']),
  firewalld: has('/usr/bin/python3', ['-c', 'import firewall.core.io.service']),
  chromium: has('chromium', ['--version']),
  graphviz: has('dot', ['-V']),
  pdfinfo: has('pdfinfo', ['-v']),
};

const missing = Object.entries(tools).filter(([, ok]) => !ok).map(([k]) => k);
if (missing.length) {
  if (process.env.CI) throw new Error(`CI needs these tools (.ci/run installs them): ${missing.join(', ')}`);
  console.warn(`\n*** Not installed, their tests are SKIPPED: ${missing.join(', ')} (see .ci/run) ***\n`);
}
