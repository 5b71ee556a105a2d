/** register-client: generated GUIDs are said to be placeholders; --format ce has generate's CE layout. */
import { describe, expect, test } from 'vitest';
import { join } from 'node:path';
import { cli, tmp } from './helpers.js';

const G = ['6B0F4C41-1111-2222-3333-444455556666', '6B0F4C41-1111-2222-3333-444455556667', '6B0F4C41-1111-2222-3333-444455556668'];

describe('register-client says generated GUIDs are placeholders for your own COM classes', () => {
  test('on the terminal, with --out, and in --json; not when every GUID was given', () => {
    const placeholder = /note: generated GUIDs are placeholders for your own COM classes: Windows Messenger creates the classes registered under these CLSIDs/;
    expect(cli(['register-client', '--name', 'X']).stderr).toMatch(placeholder);
    expect(cli(['register-client', '--name', 'X', '--out', join(tmp(), 'x.reg')]).stdout).toMatch(placeholder);
    expect(JSON.parse(cli(['register-client', '--name', 'X', '--json', '--private-guid', G[1]!]).stdout).note).toMatch(/placeholders for your own COM classes/);
    const given = cli(['register-client', '--name', 'X', '--messenger-guid', G[0]!, '--private-guid', G[1]!, '--session-manager-guid', G[2]!]);
    expect(given.code).toBe(0);
    expect(given.stderr).not.toMatch(/placeholder/);
    expect(JSON.parse(cli(['register-client', '--name', 'X', '--json', '--messenger-guid', G[0]!, '--private-guid', G[1]!, '--session-manager-guid', G[2]!]).stdout).note).toBeUndefined();
  });
});
