/**
 * SVG from DOT in-process, with Graphviz compiled to WebAssembly (@viz-js/viz), so no system
 * Graphviz is needed. The library (1.2 MB of JavaScript and WebAssembly) is imported here only, and
 * this module is imported only by the commands that draw (graph, and generate for report.html).
 */
import { setFlagsFromString } from 'node:v8';

let baseline = false;

export async function dotToSvg(dot: string): Promise<string> {
  if (!baseline) {
    // One layout is too short for V8's optimising WebAssembly tier to pay off: compiling Graphviz's
    // hot functions with it took longer (about 400 ms here) than the whole layout on the baseline
    // compiler (about 60 ms). The flag affects WebAssembly only, and only from here on.
    setFlagsFromString('--liftoff-only');
    baseline = true;
  }
  const { instance } = await import('@viz-js/viz');
  const viz = await instance();
  const r = viz.render(dot, { format: 'svg' });
  if (r.status !== 'success') {
    // The DOT is ours and escaped: a failure here is a bug, not a user's mistake.
    throw new Error(`Graphviz could not lay out the graph: ${r.errors.map((e) => e.message).join('; ')}`);
  }
  return r.output;
}

/**
 * The SVG for a page: no XML prolog, DOCTYPE or comments, and sized by its viewBox so it scales to
 * the width of the page (Graphviz writes a fixed size in points).
 */
export function inlineSvg(svg: string): string {
  const start = svg.indexOf('<svg');
  let s = svg.slice(start).replace(/<!--[\s\S]*?-->\n?/g, '');
  s = s.replace(/^<svg([^>]*)>/, (_, attrs: string) => {
    const w = /\swidth="([\d.]+)pt"/.exec(attrs)?.[1];
    const cleaned = attrs.replace(/\s(width|height)="[^"]*"/g, '');
    return `<svg${cleaned} role="img" class="graph"${w ? ` style="max-width:${Math.round(Number(w) * 4 / 3)}px"` : ''}>`;
  });
  return s.trim();
}

/**
 * Graphviz sizes each box for Helvetica's widths. Where a viewer has neither Helvetica nor Arial
 * (a bare Linux desktop), name faces with the same widths, or a condensed one, before the wide
 * default sans-serif that would spill text out of the boxes.
 */
export const FONT_FALLBACK = 'Arial, Helvetica, "Liberation Sans", "Nimbus Sans", "DejaVu Sans Condensed", sans-serif';

export function withFontFallback(svg: string): string {
  return svg.replace(/<svg\b[^>]*>/, (open) => `${open}\n<style>text { font-family: ${FONT_FALLBACK}; }</style>`);
}
