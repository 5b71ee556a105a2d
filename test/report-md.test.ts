/**
 * report.md as `wcecfg generate` writes it, for the built-in design and for a Platform Builder batch
 * design with variables outside the catalog. Expectations come from project.reg, the terminal,
 * `wcecfg validate` and the resolver, never from the report itself.
 */
import { describe, expect, test } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli } from './helpers.js';
import { BATCH_FIXTURE, generateTo, plain } from './support/report.js';
import { loadCatalog } from '../src/catalog/load.js';
import { loadDesign } from '../src/design/load.js';
import { resolve } from '../src/resolve.js';

const section = (md: string, heading: string) => {
  const at = md.indexOf(`## ${heading}`);
  expect(at, heading).toBeGreaterThanOrEqual(0);
  const end = md.indexOf('\n## ', at + 3);
  return md.slice(at, end < 0 ? undefined : end);
};

describe('report.md', () => {
  test('no registry value written: says so in words, no table of only a header; every default project.reg comments is listed', () => {
    const { out } = generateTo();
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    const reg = readFileSync(join(out, 'project.reg'), 'utf8');
    // project.reg of the built-in design writes no value line ("name"=... or @=...), only comments.
    expect(reg.split(/\r?\n/).filter((l) => /^\s*("|@=)/.test(l))).toEqual([]);
    const written = section(md, 'Registry values written');
    expect(written).not.toContain('| Key |');
    expect(written).toMatch(/^None: the design changes none of Microsoft's defaults/m);
    const defaults = reg.split(/\r?\n/).filter((l) => /^\s+; default, /.test(l)).length;
    expect(defaults).toBeGreaterThan(0);
    const rows = section(md, "Microsoft's defaults").split('\n').filter((l) => l.startsWith('| HKEY'));
    expect(rows.length).toBe(defaults);
  }, 60_000);

  test('a batch design: N Catalog items + M outside the catalog, the same count as the terminal', async () => {
    const { out, stdout } = generateTo(['--design', BATCH_FIXTURE]);
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    const design = await loadDesign(BATCH_FIXTURE, {});
    const catalog = await loadCatalog();
    const r = resolve(catalog, design.select, { exclude: design.exclude, outsiders: 'leaf' });
    const outside = r.order.filter((id) => !catalog.items.has(id));
    expect(outside.length).toBeGreaterThan(0);
    const total = Number(/^(\d+) items:/m.exec(stdout)![1]);
    expect(total).toBe(r.order.length);
    expect(md).toContain(`The closure has ${total} items: ${total - outside.length} Catalog items and ${outside.length} variables outside the catalog.`);
    expect(md).not.toMatch(/The closure has \d+ Catalog items/);
  }, 60_000);

  test('"Variables outside the catalog" keeps what validate says of each, did-you-mean hints and later-version names included', () => {
    const { out } = generateTo(['--design', BATCH_FIXTURE]);
    const list = plain(section(readFileSync(join(out, 'report.md'), 'utf8'), 'Variables outside the catalog'));
    const v = cli(['validate', '--json', BATCH_FIXTURE]);
    const findings = (JSON.parse(v.stdout) as Array<{ findings: Array<{ code: string; id?: string; message: string }> }>)[0]!.findings
      .filter((f) => ['unknown', 'removed', 'later-version'].includes(f.code));
    expect(findings.some((f) => f.message.includes('did you mean'))).toBe(true);
    expect(findings.some((f) => f.code === 'later-version')).toBe(true);
    for (const f of findings) {
      // validate's words up to the role ("; selected: kept as ..."), which the list's heading says once.
      expect(list, f.id).toContain(f.message.slice(0, f.message.lastIndexOf('; selected')));
      if (f.code === 'later-version') expect(list).toContain(`\`${f.id}\` (later CE version)`);
    }
  }, 60_000);

  test('the Basis column does not call a documented variable "inferred": it says which inference it is', async () => {
    const { out } = generateTo();
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    const design = await loadDesign(undefined, {});
    const r = resolve(await loadCatalog(), design.select, { exclude: design.exclude });
    const edgesOnly = r.order.filter((id) => r.items.get(id)!.inferred && r.items.get(id)!.component.confidence !== 'inferred');
    expect(edgesOnly.length).toBeGreaterThan(0);
    for (const id of edgesOnly) {
      const row = md.split('\n').find((l) => l.includes(`| \`${id}\` |`))!;
      expect(row, id).toMatch(/\*\*inferred requirements only\*\* \|$/);
      expect(row).not.toContain('**inferred variable**');
    }
  }, 60_000);
});
