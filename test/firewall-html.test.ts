/** The printable checklist in headless Chromium: its own file, so it runs beside the other firewall tests. */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tmp, write } from './helpers.js';
import { tools } from './tools.js';
import { chromium, expectNonBlankScreenshot } from './support/chromium.js';

describe.skipIf(!tools.chromium)('the HTML page in headless Chromium', () => {
  test('renders every rule and checklist item, prints to PDF, and screenshots as a full page', () => {
    const d = tmp();
    const page = write(d, 'firewall.html', cli(['firewall', '--format', 'html', '--transfers', '3']).stdout);
    const dom = chromium(d, '--dump-dom', `file://${page}`);
    expect(dom.status, dom.stderr).toBe(0);
    const rulesTable = /<table id="rules">([\s\S]*?)<\/table>/.exec(dom.stdout)![1]!;
    expect(rulesTable.match(/<tr>/g)!.length).toBe(1 + 7);
    // The Markdown's sections, in its order, and the fields IT fills in.
    expect([...dom.stdout.matchAll(/<h[23]>([^<]+)<\/h[23]>/g)].map((m) => m[1])).toEqual(['Port rules', 'Checklist', 'Ports', 'Network', 'Device', 'Verify']);
    const md = cli(['firewall', '--format', 'md', '--transfers', '3']).stdout;
    expect([...md.matchAll(/^#{2,3} (.+)$/gm)].map((m) => m[1])).toEqual(['Port rules', 'Checklist', 'Ports', 'Network', 'Device', 'Verify']);
    expect([...dom.stdout.matchAll(/<label for="[^"]+">([^<]+)<\/label><input /g)].map((m) => m[1])).toEqual(['Site', 'Device address', 'Gateway', 'Date', 'Checked by']);
    expect(dom.stdout.match(/<li data-group=/g)!.length).toBe(JSON.parse(cli(['firewall', '--json', '--transfers', '3']).stdout).checklist.length);
    expectNonBlankScreenshot(d, page, 1000, 1300);
    const pdf = chromium(d, '--no-pdf-header-footer', `--print-to-pdf=${join(d, 'page.pdf')}`, `file://${page}`);
    expect(pdf.status, pdf.stderr).toBe(0);
    expect(readFileSync(join(d, 'page.pdf')).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  }, 120_000);
  test.skipIf(!tools.pdfinfo)('the default plan prints on one A4 sheet and on one Letter sheet', () => {
    const d = tmp();
    const html = cli(['firewall', '--format', 'html']).stdout;
    for (const [size, points] of [['A4', /595(\.\d+)? x 842(\.\d+)? pts|594\.96 x 841\.92 pts/], ['letter', /612 x 792 pts/]] as const) {
      const page = write(d, `${size}.html`, html.replace('@page { margin: 12mm; }', `@page { margin: 12mm; size: ${size}; }`));
      const pdf = join(d, `${size}.pdf`);
      const r = chromium(d, '--no-pdf-header-footer', `--print-to-pdf=${pdf}`, `file://${page}`);
      expect(r.status, r.stderr).toBe(0);
      const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' }).stdout;
      expect(info, size).toMatch(points);
      expect(info, size).toMatch(/^Pages:\s+1$/m);
    }
  }, 120_000);
});
