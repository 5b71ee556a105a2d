/**
 * The readers that keep large catalogs small: a text file read in one native call must read exactly
 * as the byte reader decodes it, and the .cec and .pbcxml parsers that hand over each top-level block
 * as it closes must see the same blocks as the whole tree holds.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readInput, readInputText } from '../src/read.js';
import { UserError } from '../src/errors.js';
import { parseCecTree, type CecNode } from '../src/catalog/cec.js';
import { parseXml, type XmlElement } from '../src/xml.js';
import { root, tmp } from './helpers.js';

describe('readInputText', () => {
  test('any bytes (BOMs, invalid UTF-8, NULs) read as readInput(...).toString("utf8") reads them', () => {
    const d = tmp();
    const f = join(d, 'x.json');
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ unit: 'binary', maxLength: 100 }).map((s) => new Uint8Array(Buffer.from('\uFEFF' + s)))), (bytes) => {
        writeFileSync(f, bytes);
        expect(readInputText(f)).toBe(readInput(f).toString('utf8'));
      }),
      { numRuns: 200 },
    );
  });
  test('the same refusals as readInput: missing, a directory, a FIFO, over the limit', () => {
    const d = tmp();
    const big = join(d, 'big.json');
    writeFileSync(big, 'x'.repeat(2000));
    const fifo = join(d, 'pipe.json');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const cases: Array<[string, RegExp]> = [
      [join(d, 'none.json'), /none\.json: no such catalog file$/],
      [d, /is a directory, not a catalog file$/],
      [fifo, /is a device, FIFO or socket, not a catalog file/],
    ];
    for (const [file, re] of cases) {
      expect(() => readInputText(file, 'catalog file')).toThrow(UserError);
      expect(() => readInputText(file, 'catalog file')).toThrow(re);
    }
    expect(() => readInputText(big, 'catalog file', big, 1000)).toThrow(/big\.json: .* is larger than wcecfg's limit for a catalog file/);
  });
});

/** A block as plain data, to compare trees. */
const plainCec = (n: CecNode): unknown => ({ name: n.name, line: n.line, args: n.args.map((a) => (typeof a === 'string' ? a : plainCec(a))) });
const plainXml = (e: XmlElement): unknown => ({ name: e.name, line: e.line, attrs: e.attrs, text: e.text, children: e.children.map(plainXml) });

describe('streaming parsers', () => {
  test('.cec: the blocks handed over one by one are the blocks of the whole tree, and none is kept', () => {
    const text = readFileSync(join(root, 'test/fixtures/pb/contoso.cec'), 'latin1');
    const whole = parseCecTree(text);
    const handed: CecNode[] = [];
    const kept = parseCecTree(text, (b) => handed.push(b));
    expect(whole.length).toBeGreaterThan(1);
    expect(handed.map(plainCec)).toEqual(whole.map(plainCec));
    expect(kept).toEqual([]);
  });
  test('.pbcxml: the root\'s children handed over as they close are the children of the whole tree, and none is kept', () => {
    const text = readFileSync(join(root, 'test/fixtures/pb/contoso-ce6.pbcxml'), 'utf8');
    const whole = parseXml(text, 'f.pbcxml');
    const handed: XmlElement[] = [];
    const r = parseXml(text, 'f.pbcxml', (el, top) => {
      expect(top.name).toBe(whole.name);
      handed.push(el);
    });
    expect(whole.children.length).toBeGreaterThan(1);
    expect(handed.map(plainXml)).toEqual(whole.children.map(plainXml));
    expect(r.children).toEqual([]);
  });
});
