/**
 * outJson streams --json output in pieces instead of building one string: what reaches stdout must
 * be JSON.stringify(value, null, 2) and a line end, byte for byte, for any JSON value, with Rows
 * (elements made while printing) read as the arrays they stand for.
 */
import { afterEach, describe, expect, test, vi } from 'vitest';
import fc from 'fast-check';
import { outJson, Rows } from '../src/output.js';

const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 300) };

/** What outJson writes, and the pieces it was written in. */
function capture(value: unknown): { text: string; pieces: number[] } {
  const pieces: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    pieces.push(String(chunk));
    return true;
  });
  try {
    outJson(value);
  } finally {
    spy.mockRestore();
  }
  return { text: pieces.join(''), pieces: pieces.map((p) => p.length) };
}

const expected = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

/** Replace some arrays by Rows over the same elements: what outJson prints must not change. */
function withRows(value: unknown, pick: () => boolean): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => withRows(v, pick));
    return pick() ? new Rows(items.length, (i) => items[i]) : items;
  }
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withRows(v, pick)]));
  return value;
}

afterEach(() => vi.restoreAllMocks());

describe('outJson', () => {
  test('any JSON value prints as JSON.stringify(value, null, 2)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), (v) => {
        expect(capture(v).text).toBe(expected(v));
      }),
      RUNS,
    );
  });

  test('Rows anywhere print as the arrays they stand for', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.infiniteStream(fc.boolean()), (v, s) => {
        const it = s[Symbol.iterator]();
        expect(capture(withRows(v, () => it.next().value as boolean)).text).toBe(expected(v));
      }),
      RUNS,
    );
  });

  test('what JSON.stringify leaves out or turns to null: undefined and functions in objects and arrays, toJSON, empty containers, strings with line breaks', () => {
    const v = {
      a: undefined,
      f: () => 1,
      list: [undefined, () => 1, 'x\ny', { b: undefined }, [], {}],
      when: { toJSON: () => ({ at: 'then\r\n', deep: [[1, [2]]] }) },
      rows: new Rows(2, (i) => (i === 0 ? undefined : { toJSON: () => 'made' })),
      empty: new Rows(0, () => 1),
    };
    const plain = { ...v, rows: [undefined, 'made'], empty: [] };
    expect(capture(v).text).toBe(expected(plain));
  });

  test('a large output goes out in pieces of about 64 KiB, elements made one at a time', () => {
    let made = 0;
    const n = 20_000;
    const item = (i: number) => ({ id: `SYSGEN_BENCH_${String(i).padStart(6, '0')}`, requiredBy: ['A', 'B'], inferred: i % 7 === 0 });
    const rows = new Rows(n, (i) => {
      made++;
      return item(i);
    });
    const { text, pieces } = capture({ roots: ['X'], closure: rows });
    expect(made).toBe(n);
    expect(text).toBe(expected({ roots: ['X'], closure: Array.from({ length: n }, (_, i) => item(i)) }));
    expect(pieces.length).toBeGreaterThan(20);
    // Every piece but the last is at least 64 KiB and at most one element's text over it.
    for (const p of pieces.slice(0, -1)) {
      expect(p).toBeGreaterThanOrEqual(65536);
      expect(p).toBeLessThan(65536 + 400);
    }
  });
});
