/** Render a build plan into the files `wcecfg generate` writes (all in memory; nothing is written here). */
import { UserError } from '../errors.js';
import { didYouMean } from '../suggest.js';
import { encodeBat } from '../format/bat.js';
import { encodeCe } from '../format/cereg.js';
import { encodeReg, type RegVersion } from '../format/reg.js';
import { checkFileName, type OutFile } from '../write.js';
import type { Render } from '../render.js';
import type { BuildPlan } from './plan.js';
import type { FirewallPlan } from '../firewall/plan.js';
import { encodeFirewall, FILE_NAMES, renderFirewall } from '../firewall/render.js';
import type { ReportView } from '../graph/report.js';

export const OUTPUT_KINDS = ['bat', 'reg', 'bib', 'report', 'desktop-reg', 'firewall'] as const;
export type OutputKind = (typeof OUTPUT_KINDS)[number];

export function parseOnly(list: string | undefined, kinds: readonly string[] = OUTPUT_KINDS): Set<string> {
  if (list === undefined) return new Set(kinds);
  const out = new Set<string>();
  for (const k of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!kinds.includes(k)) throw new UserError(`--only: unknown output "${k}"${didYouMean(k, kinds)}; choose from ${kinds.join(', ')}`);
    out.add(k);
  }
  if (out.size === 0) throw new UserError('--only: name at least one output');
  return out;
}

export function renderOutputs(plan: BuildPlan, render: Render, only: Set<string>, regVersion: RegVersion, firewall?: FirewallPlan, reportHtml?: ReportView): OutFile[] {
  const files: OutFile[] = [];
  const batName = checkFileName(`${plan.design.name}.bat`, 'the design name, as a batch file name,');
  if (only.has('bat')) files.push({ name: batName, content: encodeBat(render('design.bat.hbs', plan)) });
  if (only.has('reg')) files.push({ name: 'project.reg', content: encodeCe(render('project.reg.hbs', plan)) });
  if (only.has('bib')) files.push({ name: 'project.bib', content: encodeCe(render('project.bib.hbs', plan)) });
  if (only.has('desktop-reg')) files.push({ name: 'desktop.reg', content: encodeReg(render('desktop.reg.hbs', { keys: plan.desktopKeys, omitted: plan.desktopOmitted, regVersion }), regVersion) });
  if (only.has('report')) files.push({ name: 'report.md', content: Buffer.from(render('report.md.hbs', plan), 'utf8') });
  if (only.has('report') && reportHtml) files.push({ name: 'report.html', content: Buffer.from(render('report.html.hbs', reportHtml), 'utf8') });
  if (only.has('firewall') && firewall) {
    // The checklist IT ticks, a printable page, and the rule files the design asks for.
    const formats = [...new Set(['md', 'html', ...firewall.options.formats])].filter((f) => f !== 'text') as Array<keyof typeof FILE_NAMES>;
    for (const f of formats) files.push({ name: FILE_NAMES[f], content: encodeFirewall(renderFirewall(firewall, f, render)) });
  }
  return files;
}
