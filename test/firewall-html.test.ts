/** The printable checklist in headless Chromium: its own file, so it runs beside the other firewall tests. */
import { describe, expect, test } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, tmp, write } from './helpers.js';
import { tools } from './tools.js';

describe.skipIf(!tools.chromium)('the HTML page in headless Chromium', () => {
  const chromium = (dir: string, ...args: string[]) =>
    spawnSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${join(dir, 'profile')}`, '--hide-scrollbars', ...args], { encoding: 'latin1', timeout: 60_000 });
  test('renders every rule and checklist item, prints to PDF, and screenshots as a full page', () => {
    const d = tmp();
    const page = write(d, 'firewall.html', cli(['firewall', '--format', 'html', '--transfers', '3']).stdout);
    const blank = write(d, 'blank.html', '<!DOCTYPE html><html><body></body></html>');
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
    const shot = (src: string, png: string) => {
      const r = chromium(d, '--window-size=1000,1300', `--screenshot=${png}`, `file://${src}`);
      expect(r.status, r.stderr).toBe(0);
      const buf = readFileSync(png);
      expect(buf.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([buf.readUInt32BE(16), buf.readUInt32BE(20)]).toEqual([1000, 1300]);
      return buf.length;
    };
    // A page of tables and text compresses far worse than an empty page of the same size.
    expect(shot(page, join(d, 'page.png'))).toBeGreaterThan(20 * shot(blank, join(d, 'blank.png')));
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
