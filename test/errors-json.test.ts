/**
 * --json errors carry where the mistake is as fields, not only inside the message:
 * {"error": {"message", "file"?, "line"?, "column"?, "pointer"?}} (README "JSON output").
 */
import { describe, expect, test } from 'vitest';
import { cli, tmp, write } from './helpers.js';
import { placeOf } from '../src/errors.js';

const dir = tmp('wcecfg-errjson-');
const broken = write(dir, 'broken.json', '{"name":"x","select":["SYSGEN_MESSENGER",]}');
const badValue = write(dir, 'badvalue.json', '{"name":"x","select":["SYSGEN_MESSENGER"],"registry":{"transport":"x"}}');
const noName = write(dir, 'noname.json', '{\n  "select": ["SYSGEN_MESSENGER"]\n}');
const unknownProp = write(dir, 'unknown.json', '{\n  "name": "x",\n  "select": ["SYSGEN_MESSENGER"],\n  "colour": 1\n}');
const longLine = write(dir, 'long.bat', `@echo off\r\nREM ${'x'.repeat(9000)}\r\n`);

function jsonError(args: string[]): Record<string, unknown> {
  const r = cli([...args, '--json']);
  expect(r.code).toBe(2);
  return (JSON.parse(r.stdout) as { error: Record<string, unknown> }).error;
}

describe('--json errors name file, line and pointer as fields', () => {
  test('malformed JSON: file, line and column', () => {
    const e = jsonError(['generate', '--design', broken]);
    expect(e).toMatchObject({ file: broken, line: 1, column: 42 });
    expect(e.message).toMatch(/malformed JSON/);
  });
  test('a schema error: file, line and pointer', () => {
    expect(jsonError(['generate', '--design', unknownProp])).toMatchObject({ file: unknownProp, line: 4, pointer: '/colour' });
    expect(jsonError(['generate', '--design', noName])).toMatchObject({ file: noName, line: 1, pointer: '/' });
  });
  test('a bad design value: file and pointer', () => {
    expect(jsonError(['generate', '--design', badValue])).toMatchObject({ file: badValue, pointer: '/registry/transport' });
  });
  test('a batch-file line error: file and line', () => {
    expect(jsonError(['resolve', '--design', longLine])).toMatchObject({ file: longLine, line: 2 });
  });
  test('a design file that does not exist, and a catalog file that is malformed: file', () => {
    expect(jsonError(['resolve', '--design', `${dir}/nosuch.json`])).toMatchObject({ file: `${dir}/nosuch.json` });
    const cat = write(dir, 'cat/bad.json', '{"id": ');
    expect(jsonError(['resolve', '--catalog', cat])).toMatchObject({ line: 1 });
  });
  test('a --catalog that does not exist, or is not a catalog: file', () => {
    expect(jsonError(['resolve', '--catalog', `${dir}/nosuch-catalog`])).toMatchObject({ file: `${dir}/nosuch-catalog` });
    const txt = write(dir, 'notes.txt', 'hello');
    expect(jsonError(['resolve', '--catalog', txt])).toMatchObject({ file: txt });
  });
  test('schema errors carry their place as given, not parsed back from the message (a folder named "x:1: y")', () => {
    // placeOf would read this message as file "…/x", line 1; the error names the real file, line and pointer.
    const odd = write(dir, 'x:1: y/unknown.json', '{\n  "name": "x",\n  "select": ["SYSGEN_MESSENGER"],\n  "colour": 1\n}');
    expect(placeOf(`${odd}:4: /colour: bad`).file).not.toBe(odd);
    expect(jsonError(['generate', '--design', odd])).toMatchObject({ file: odd, line: 4, pointer: '/colour' });
    const item = { id: 'SYSGEN_ODD', title: 'Odd', description: 'OEM item', area: 'OEM', confidence: 'documented', sources: ['oem'], modules: [], requires: [{ id: 'SYSGEN_CORE', kind: 'catalog', confidence: 'sure', source: 'oem' }] };
    const cat = write(dir, 'x:1: y/cat/SYSGEN_ODD.json', JSON.stringify(item, null, 2));
    expect(jsonError(['resolve', 'SYSGEN_ODD', '--catalog', cat])).toMatchObject({ file: cat, line: 15, pointer: '/requires/0/confidence' });
  });
  test('validate --json: each file\'s error object has the same fields', () => {
    const r = cli(['validate', '--json', broken, unknownProp]);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as Array<{ file: string; error: Record<string, unknown> }>;
    expect(out[0]!.error).toMatchObject({ file: broken, line: 1, column: 42 });
    expect(out[1]!.error).toMatchObject({ file: unknownProp, line: 4, pointer: '/colour' });
  });
  test('placeOf reads only messages that start with a line or a pointer', () => {
    expect(placeOf('a.bat:12: bad')).toEqual({ file: 'a.bat', line: 12 });
    expect(placeOf('a.json:3:7: bad')).toEqual({ file: 'a.json', line: 3, column: 7 });
    expect(placeOf('d.json:2: /registry/x: bad')).toEqual({ file: 'd.json', line: 2, pointer: '/registry/x' });
    expect(placeOf('d.json: /registry/x: bad')).toEqual({ file: 'd.json', pointer: '/registry/x' });
    expect(placeOf('unknown option: --x')).toEqual({});
  });
});
