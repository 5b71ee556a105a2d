/**
 * What a template hands a format helper: every registered helper refuses a value of the wrong kind
 * (an object, a list, null, a missing value, true/false, NaN) with the helper and the field named,
 * instead of writing `[object Object]`; text and numbers still pass. And an OEM --templates
 * directory holds only templates wcecfg uses.
 */
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { join } from 'node:path';
import { readdirSync, readFileSync } from 'node:fs';
import { cli, expectUserError, tmp, write } from './helpers.js';
import { createRenderer, templateHelpers, TEMPLATE_NAMES } from '../src/render.js';
import { firewallHelpers } from '../src/firewall/render.js';
import { HelperRefusal, type Kind } from '../src/format/value.js';
import { UserError } from '../src/errors.js';

const helpers = templateHelpers(firewallHelpers);

/** A valid argument list for the helpers that take records (the others are built from their kinds). */
const RECORD_ARGS: Record<string, unknown[]> = {
  bibRow: [{ name: 'msmsgs.exe', memory: 'NK', flags: 'S' }],
  ceValue: [{ name: 'Help', type: 'REG_SZ', data: 'x' }],
  regKey: [{ path: 'HKEY_LOCAL_MACHINE\\Software\\X' }, 5],
  regValue: [{ name: 'N', type: 'REG_DWORD', data: 1 }, 5],
  portRange: [{ protocol: 'tcp', portFrom: 1863, portTo: 1863 }],
  protocolName: [{ protocol: 'udp', portFrom: null, portTo: null }],
};

const sample = (k: Kind): unknown => (k === 'text' ? 'x' : k === 'number' ? 1 : k === 'version' ? 5 : k === 'list' ? ['a'] : undefined);
function validArgs(name: string, params: readonly Kind[]): unknown[] {
  if (params.some((k) => typeof k === 'object')) {
    expect(RECORD_ARGS[name], `a valid argument list for ${name} in RECORD_ARGS`).toBeDefined();
    return RECORD_ARGS[name]!;
  }
  return params.map(sample);
}

/** Handlebars' options as it passes them: the helper's name, the hash, and where the call starts. */
const options = (name: string, hash: Record<string, unknown> = {}) => ({ name, hash, data: {}, loc: { start: { line: 3, column: 4 }, end: { line: 3, column: 20 } } });

/** The HelperRefusal a call throws, or undefined when it does not refuse the value's kind. */
function refusal(f: () => unknown): HelperRefusal | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    if (e instanceof HelperRefusal) return e;
    // The value's kind was accepted; the format may still refuse its content, in words.
    expect(e).toBeInstanceOf(UserError);
    return undefined;
  }
}

const BAD: Array<[string, unknown, RegExp]> = [
  ['an object', { name: 'Messenger' }, /is an object/],
  ['an array', ['a', 'b'], /is a list/],
  ['null', null, /is null/],
  ['undefined', undefined, /is missing \(undefined\)/],
  ['a boolean', true, /is true \(a yes\/no value\)/],
  ['NaN', Number.NaN, /is not a number \(NaN\)/],
  ['Infinity', Number.POSITIVE_INFINITY, /is an infinite number/],
];

describe('every registered helper checks the kind of each parameter', () => {
  const table = Object.entries(helpers);
  test('the table holds the helpers the built-in templates use', () => {
    for (const name of ['bat', 'batSet', 'ceKey', 'ceValue', 'ceComment', 'ceFlag', 'regKey', 'regValue', 'regComment', 'regHeader', 'regString', 'bibRow', 'md', 'mdCode', 'join', 'html', 'anchor', 'svg', 'csv', 'xml', 'xmlComment', 'netsh', 'rem', 'comment', 'nftString', 'portRange', 'protocolName', 'sourceId', 'eq', 'inc']) {
      expect(helpers[name], name).toBeDefined();
    }
    for (const [name, h] of table) expect(Array.isArray(h.params), `${name} declares its parameters`).toBe(true);
  });
  test.each(table)('%s: an object, an array, null, undefined, true, NaN are refused, naming the helper and the parameter', (name, h) => {
    const good = validArgs(name, h.params);
    expect(refusal(() => h(...good, options(name))), `${name} accepts ${JSON.stringify(good)}`).toBeUndefined();
    h.params.forEach((kind, i) => {
      for (const [what, bad, words] of BAD) {
        if (kind === 'list' && Array.isArray(bad)) continue; // a list is what it takes (its items are checked)
        const args = [...good];
        args[i] = bad;
        const r = refusal(() => h(...args, options(name)));
        expect(r, `${name} parameter ${i + 1}: ${what}`).toBeInstanceOf(HelperRefusal);
        expect(r!.message).toMatch(words);
        expect(r!.message).toContain(`{{${name}}}`);
        expect(r!.message).toContain(`parameter ${i + 1}`);
        expect(r!.message).not.toMatch(/\[object Object\]|\n/);
        expect(r!.loc).toEqual({ line: 3, column: 4 });
        // With field= the refusal names the field the template gave.
        const labelled = refusal(() => h(...args, options(name, { field: 'design name' })));
        expect(labelled!.message).toContain('the field "design name"');
      }
    });
  });
  test.each(table.filter(([, h]) => h.params.includes('text')))('%s: any string and any finite number pass the kind check', (name, h) => {
    const good = validArgs(name, h.params);
    const at = h.params.indexOf('text');
    fc.assert(fc.property(fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })), (v) => {
      const args = [...good];
      args[at] = v;
      expect(refusal(() => h(...args, options(name)))).toBeUndefined();
    }), { numRuns: 100 });
  });
  test('a number is written as its decimal text', () => {
    expect(helpers.bat!(42, options('bat'))).toBe('42');
    expect(helpers.html!(1.5, options('html'))).toBe('1.5');
    expect(helpers.inc!(0, options('inc'))).toBe(1);
    expect(helpers.eq!(1, '1', options('eq'))).toBe(true);
  });
  test('a field= label that is not text is refused too', () => {
    expect(() => helpers.bat!('x', options('bat', { field: { a: 1 } }))).toThrow(/field= is an object, but \{\{bat\}\} writes only text/);
  });
  test('a list for join holds only text or numbers', () => {
    expect(helpers.join!(['a', 2], ', ', options('join'))).toBe('a, 2');
    expect(() => helpers.join!(['a', {}], ', ', options('join'))).toThrow(HelperRefusal);
  });
});

describe('in a template: the template file, the line and the field as the template writes it', () => {
  const dir = tmp();
  const render = (body: string, data: object) => {
    write(dir, 'design.bat.hbs', body);
    return createRenderer({}, dir)('design.bat.hbs', data);
  };
  const place = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(UserError);
      return { message: (e as UserError).message, place: (e as UserError).place };
    }
    throw new Error('no error');
  };
  const file = join(dir, 'design.bat.hbs');
  test('a path, a ../ path, a subexpression and a literal', () => {
    const data = { design: { name: 'M', roots: ['A'] }, closure: [{ id: 'X' }] };
    expect(place(() => render('@echo off\nrem {{bat design}}\n', data))).toEqual({
      message: `${file}: line 2: the field "design" is an object, but {{bat}} writes only text or a number`,
      place: { file, line: 2 },
    });
    expect(place(() => render('@echo off\n{{#each closure}}\n{{batSet id ../design.roots field="roots"}}\n{{/each}}\n', data)).message)
      .toBe(`${file}: line 3: the field "../design.roots" (field="roots") is a list, but {{batSet}} writes only text or a number`);
    expect(place(() => render('rem {{bat design.name}} {{bat (eq design.name "M")}}\n', data)).message)
      .toBe(`${file}: line 1: the value of (eq design.name "M") is true (a yes/no value), but {{bat}} writes only text or a number`);
    expect(place(() => render('\n\nrem {{bat true}}\n', data)).message).toBe(`${file}: line 3: the value true is true (a yes/no value), but {{bat}} writes only text or a number`);
    expect(place(() => render('rem {{bat design.name field=design}}\n', data)).message).toBe(`${file}: line 1: field=design: the field "design" is an object, but {{bat}} writes only text`);
  });
  test('text and numbers are written as before', () => {
    expect(render('rem {{bat design.name}} {{bat n}}\n', { design: { name: 'M' }, n: 7 })).toBe('rem M 7\n');
  });
});

describe('generate --templates DIR', () => {
  const gen = (files: Record<string, string>, more: string[] = []) => {
    const d = tmp();
    for (const [name, body] of Object.entries(files)) write(d, `tpl/${name}`, body);
    return { d, r: cli(['generate', '--templates', join(d, 'tpl'), '--out', join(d, 'o'), '--only', 'bat', ...more]) };
  };
  test('{{bat design}}: exit 2, the template, line and field named, no [object Object] and nothing written', () => {
    const { d, r } = gen({ 'design.bat.hbs': '@echo off\nrem {{bat design}}: built\n' });
    const msg = expectUserError(r);
    expect(msg).toMatch(/tpl\/design\.bat\.hbs: line 2: the field "design" is an object, but \{\{bat\}\} writes only text or a number$/);
    expect(msg).not.toContain('[object Object]');
    expect(() => readdirSync(join(d, 'o'))).toThrow();
  });
  test('--json: the refusal, a misspelt field and a syntax error carry file and line as fields', () => {
    const json = (body: string) => {
      const { d, r } = gen({ 'design.bat.hbs': body }, ['--json']);
      expect(r.code).toBe(2);
      return { d, error: JSON.parse(r.stdout || r.stderr).error };
    };
    let { d, error } = json('@echo off\nrem {{bat design}}\n');
    expect(error).toMatchObject({ file: join(d, 'tpl', 'design.bat.hbs'), line: 2 });
    expect(error.message).toContain('the field "design" is an object');
    ({ d, error } = json('@echo off\n\nrem {{bat design.nmae}}\n'));
    expect(error).toEqual({ message: `${join(d, 'tpl', 'design.bat.hbs')}: line 3: the field "design.nmae" does not exist; check its spelling`, file: join(d, 'tpl', 'design.bat.hbs'), line: 3 });
    ({ d, error } = json('@echo off\nrem {{bat design.name}\n'));
    expect(error).toMatchObject({ file: join(d, 'tpl', 'design.bat.hbs'), line: 2 });
    expect(error.message).toMatch(/template syntax error/);
  });
  test('a misnamed template is an error naming the file, with a did-you-mean and the valid names', () => {
    const { d, r } = gen({ 'desgin.bat.hbs': '@echo off\nrem ACME\n' });
    const msg = expectUserError(r);
    expect(msg).toContain(`${join(d, 'tpl', 'desgin.bat.hbs')}: not a template wcecfg uses (did you mean design.bat.hbs?)`);
    for (const name of ['design.bat.hbs', 'project.reg.hbs', 'firewall/ufw.hbs']) expect(msg).toContain(name);
    expect(() => readdirSync(join(d, 'o'))).toThrow();
    const far = expectUserError(gen({ 'acme.hbs': 'x' }).r);
    expect(far).toMatch(/tpl\/acme\.hbs: not a template wcecfg uses; a --templates directory holds only these names: design\.bat\.hbs, /);
    const sub = expectUserError(gen({ 'firewall/uwf.hbs': 'x' }).r);
    expect(sub).toMatch(/tpl\/firewall\/uwf\.hbs: not a template wcecfg uses \(did you mean firewall\/ufw\.hbs\?\)/);
  });
  test('--json names the misnamed file as a field', () => {
    const { d, r } = gen({ 'desgin.bat.hbs': 'x' }, ['--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout || r.stderr).error).toMatchObject({ file: join(d, 'tpl', 'desgin.bat.hbs') });
  });
  test('every built-in name is accepted, and files that are not .hbs are left alone', () => {
    expect(TEMPLATE_NAMES).toContain('design.bat.hbs');
    expect(TEMPLATE_NAMES).toContain('firewall/nftables.nft.hbs');
    const { d, r } = gen({ 'design.bat.hbs': '@echo off\nrem ACME {{bat design.name}}\n', 'firewall/ufw.hbs': '# ufw\n', 'README.txt': 'notes' });
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(d, 'o', 'Messenger.bat'), 'latin1')).toBe('@echo off\r\nrem ACME Messenger\r\n');
  });
});
