/**
 * Template errors: a misspelt field is an error wherever it stands (printed, or passed to a helper,
 * its hash or a subexpression); every message names the template, the line and the field in words,
 * and Handlebars parse errors keep everything they say, on one line.
 */
import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { cli, expectUserError, tmp, write } from './helpers.js';
import { createRenderer, templateError } from '../src/render.js';

/** Generate the batch file with an OEM design.bat.hbs holding `body`; the one-line error. */
function batError(body: string): string {
  const d = tmp();
  write(d, 'tpl/design.bat.hbs', body);
  return expectUserError(cli(['generate', '--templates', join(d, 'tpl'), '--out', join(d, 'o'), '--only', 'bat']));
}

describe('a misspelt field inside a helper is an error like a plain one', () => {
  test('{{bat design.nmae}}: template, line and field named in words', () => {
    const msg = batError('@echo off\nrem {{bat design.name}}\nrem {{bat design.nmae}}\n');
    expect(msg).toMatch(/tpl\/design\.bat\.hbs: line 3: the field "design\.nmae" does not exist; check its spelling$/);
    expect(msg).not.toMatch(/\[object Object\]|undefined/);
  });
  test('in a hash value, a subexpression, and an #each', () => {
    expect(batError('@echo off\nrem {{bat design.name field=design.feild}}\n')).toMatch(/design\.bat\.hbs: line 2: the field "design\.feild" does not exist/);
    expect(batError('@echo off\n\nrem {{bat (bat design.nmae)}}\n')).toMatch(/design\.bat\.hbs: line 3: the field "design\.nmae" does not exist/);
    expect(batError('@echo off\n{{#each closre}}\nrem {{bat id}}\n{{/each}}\n')).toMatch(/design\.bat\.hbs: line 2: the field "closre" does not exist/);
    expect(batError('@echo off\n{{#each closure}}\nrem {{bat idd}}\n{{/each}}\n')).toMatch(/design\.bat\.hbs: line 3: the field "idd" does not exist/);
  });
  test('a missing field in the middle of a path: the line and the path are named', () => {
    expect(batError('@echo off\nrem {{bat design.name}}\nrem {{bat desgn.title.x}}\n')).toMatch(/design\.bat\.hbs: line 3 "desgn\.title": a field that does not exist is followed by "\.title"/);
  });
  test('#if and #unless still test whether an optional field is there', () => {
    const d = tmp();
    write(d, 'tpl/design.bat.hbs', '@echo off\n{{#if design.description}}rem {{bat design.description}}\n{{/if}}{{#unless design.nothing}}rem none\n{{/unless}}');
    const r = cli(['generate', '--templates', join(d, 'tpl'), '--out', join(d, 'o'), '--only', 'bat']);
    expect(r.code, r.stderr).toBe(0);
  });
  test('the built-in templates render with strict helper parameters (in-process, every output)', () => {
    const render = createRenderer();
    expect(() => render('desktop.reg.hbs', { keys: [], omitted: [], regVersion: 5 })).not.toThrow();
    expect(() => render('desktop.reg.hbs', { keys: [], regVersion: 5 })).toThrow(/desktop\.reg\.hbs: line 2 "omitted\.length": a field that does not exist is followed by "\.length"/);
  });
});

describe('parse errors are shown whole, on one line', () => {
  test('an unclosed block: line, excerpt, column and what Handlebars expected', () => {
    const msg = batError('@echo off\nrem {{bat design.name}\n');
    expect(msg).toMatch(/design\.bat\.hbs: line 2: template syntax error near "(\.\.\.|r)em \{\{bat design\.name\}" \(column \d+ of that excerpt\): Expecting .*'CLOSE'.*got 'INVALID'$/);
  });
  test('a block closed by the wrong name', () => {
    expect(batError('@echo off\n{{#each closure}}\n{{/if}}\n')).toMatch(/design\.bat\.hbs: line 2: each doesn't match if$/);
  });
  test('templateError never loses the message or prints [object Object]', () => {
    const parse = new Error("Parse error on line 4:\n...{{#each keys}}{{/ea\n---------------------^\nExpecting 'ID', got 'EOF'");
    expect(templateError('t.hbs', '', parse)).toBe(`t.hbs: line 4: template syntax error near "...{{#each keys}}{{/ea" (column 22 of that excerpt): Expecting 'ID', got 'EOF'`);
    const strict = Object.assign(new Error('"nmae" not defined in [object Object] - 2:6'), { lineNumber: 2, column: 6 });
    expect(templateError('t.hbs', 'x\n{{bat design.nmae field="f"}}', strict)).toBe('t.hbs: line 2: the field "design.nmae" does not exist; check its spelling');
  });
});
