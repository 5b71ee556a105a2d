/** Messages a newcomer trial found wrong or inconsistent: each says the right thing, once, in the right shape. */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, cliPath, expectUserError, root, tmp, write } from './helpers.js';

/** Run the CLI with standard output on a terminal (`script` gives it one). */
function onTerminal(args: string): { status: number | null; stdout: string } {
  const t = spawnSync('script', ['-qec', `${process.execPath} ${cliPath} ${args}`, '/dev/null'], { encoding: 'utf8' });
  return { status: t.status, stdout: t.stdout };
}

describe('firewall checklist', () => {
  test('keep-alive: KeepAliveTime is the documented idle time before probes, KeepAliveInterval the time between them', () => {
    for (const format of ['text', 'md', 'json']) {
      const r = cli(['firewall', '--format', format]);
      expect(r.code).toBe(0);
      const text = r.stdout.replace(/\s+/g, ' ').replace(/\\_/g, '_'); // md escapes _
      expect(text).not.toMatch(/inferred\)?[^.]*keep-alive|keep-alive interval \(its CE name/);
      expect(text).toMatch(/keepAliveTime sets KeepAliveTime, the idle time before TCP keep-alive probes \(REG_DWORD ms, default 7,200,000 = 2 h;/);
      expect(text).toMatch(/keepAliveInterval sets KeepAliveInterval, the time between probes \(default 1000 ms\) \(ms884976\)/);
    }
  });
  test('the terminal checklist has the md and html section headings, in their order', () => {
    const text = cli(['firewall']).stdout;
    const headings = text.split('\n').filter((l, i, all) => /^[A-Z][a-z]+$/.test(l) && /^-+$/.test(all[i + 1] ?? ''));
    expect(headings).toEqual(['Ports', 'Network', 'Device', 'Verify']);
    expect(text).toMatch(/\nDevice\n------\n\[ \] TCP ports must be configured/);
    expect(text).toMatch(/\nVerify\n------\n\[ \] Sign in to Windows Messenger/);
  });
  test('--transfers out of range is a usage error like a non-number: command prefix and the --help hint', () => {
    for (const v of ['11', 'two']) {
      const r = cli(['firewall', '--transfers', v]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^wcecfg: firewall: --transfers: /);
      expect(r.stderr).toMatch(/\n\(run `wcecfg firewall --help` for usage\)\n$/);
    }
  });
});

describe('appsettings and register-client', () => {
  test('--current with a non-hex byte says it is not hex; a short value says it is not four bytes', () => {
    expect(expectUserError(cli(['appsettings', '--current', 'zz 03 00 80']))).toBe('wcecfg: --current: "zz 03 00 80" is not hex: "zz" is not a hex byte; write it as 62 03 00 80, 62,03,00,80 or 62030080');
    expect(expectUserError(cli(['appsettings', '--current', '62 03 00']))).toMatch(/is not exactly four bytes/);
  });
  test('register-client refuses UTF-16LE on a terminal, like appsettings --reg, and prints no GUIDs', () => {
    const t = onTerminal('register-client --name X');
    expect(t.status).toBe(2);
    expect(t.stdout).toMatch(/^wcecfg: register-client: a version 5 \.reg file is UTF-16LE, which a terminal cannot show; write it with --out FILE/);
    expect(t.stdout).not.toMatch(/generated --/);
    const a = onTerminal('appsettings --current 62030080 --reg');
    expect(a.stdout).toMatch(/^wcecfg: --reg: a version 5 \.reg file is UTF-16LE, which a terminal cannot show/);
    // reg4 is text: it may go to the terminal.
    expect(onTerminal('register-client --name X --format reg4').stdout).toMatch(/^REGEDIT4/);
  });
});

/** No "N = meaning" twice on one comment line. */
function saysEachValueOnce(reg: string): void {
  for (const line of reg.split(/\r?\n/).filter((l) => l.includes(';'))) {
    const pairs = [...line.matchAll(/\b(\d+) = /g)].map((m) => m[1]);
    expect(new Set(pairs).size, line).toBe(pairs.length);
  }
}

describe('project.reg comments say each thing once', () => {
  test('a default whose meaning lists the values is not followed by the value\'s meaning again', () => {
    const d = tmp('wcecfg-msg-');
    expect(cli(['generate', '--out', d]).code).toBe(0);
    const reg = readFileSync(join(d, 'project.reg'), 'latin1');
    expect(reg).toMatch(/transport to the SIP server: 1 = UDP, 2 = TCP, 4 = TLS; design option "transport"/);
    expect(reg).toMatch(/1 = manual \(ServerAddress\), 0 = automatic; design option "configurationMode"/);
    saysEachValueOnce(reg);
  });
  test('a value the design sets is not followed by its meaning again either', () => {
    const d = tmp('wcecfg-msg-');
    const design = write(d, 'd.json', JSON.stringify({ name: 'T', select: ['SYSGEN_MESSENGER'], registry: { transport: 'TCP' } }));
    expect(cli(['generate', '--design', design, '--out', join(d, 'o')]).code).toBe(0);
    const reg = readFileSync(join(d, 'o', 'project.reg'), 'latin1');
    expect(reg).toMatch(/"Transport"=dword:2/);
    expect(reg).toMatch(/transport to the SIP server: 1 = UDP, 2 = TCP, 4 = TLS; source [^\r\n]*\r?\n\s+; changes Microsoft's default 4 [^\r\n]*\r?\n\s+"Transport"=dword:2/);
    saysEachValueOnce(reg);
  });
  test('register-client --format ce: a fragment\'s header says nothing about a design\'s defaults', () => {
    const r = cli(['register-client', '--name', 'X', '--format', 'ce']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/Microsoft's defaults|this design changes/);
    expect(r.stdout).toMatch(/^; Messenger client X: project\.reg fragment, generated by wcecfg\.\r?\n; Windows CE registry file: no header line\. Each block is guarded by the module it configures\.\r?\n; Paste it into the OS design's project\.reg; it sets only the values below\.\r?\n/);
  });
});

describe('catalog list and the README say the same', () => {
  test('--area with a typo suggests the area', () => {
    expect(expectUserError(cli(['catalog', 'list', '--area', 'Securty']))).toMatch(/^wcecfg: --area: no Catalog area matches "Securty" \(did you mean Security\?\); areas: /);
    expect(expectUserError(cli(['catalog', 'list', '--area', 'xyzzy']))).not.toMatch(/did you mean/);
  });
  test('the README counts the items and areas catalog list shows', () => {
    const list = cli(['catalog', 'list']).stdout;
    const headings = list.split('\n').filter((l) => /^\S.* \(\d+\)$/.test(l));
    const items = Number(/^(\d+) items;/m.exec(list)![1]);
    const unassigned = headings.filter((h) => h.startsWith('Unassigned ('));
    const readme = readFileSync(join(root, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    expect(unassigned).toEqual(['Unassigned (1)']);
    expect(readme).toContain(`${items} items, ${items - 1} of them in ${headings.length - 1} Catalog areas`);
    expect(readme).toContain(`so \`catalog list\` shows ${headings.length} headings`);
  });
  test('generate --help and the README name every --only output; the command table has appsettings --format', () => {
    const help = cli(['generate', '--help']).stdout.replace(/\s+/g, ' ');
    expect(help).toMatch(/report\.md, report\.html and the firewall plan/);
    const only = /comma-separated outputs: ([a-z, -]+)/.exec(help)![1]!.split(/,\s*/).map((s) => s.trim());
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain(`\`--only ${only.join(',')}\` picks outputs`);
    expect(readme).toMatch(/\| `wcecfg appsettings [^\n]*--format reg5\\\|reg4\\\|ce/);
  });
});
