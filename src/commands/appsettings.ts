import { basename, dirname } from 'node:path';
import { APPSETTINGS_KEY, APPSETTINGS_TITLE, autoSigninDisabled, hex, parseAppSettings, setAutoSignin } from '../registration/client.js';
import { messengerGuard, regFile, type RegFormat } from '../registration/write.js';
import { writeOutputs } from '../write.js';
import { catalogFor } from './common.js';
import { out, refuseUtf16OnTerminal, outJson } from '../output.js';
import type { GlobalArgs } from './common.js';

interface AppSettingsArgs extends GlobalArgs {
  current: string;
  disableAutosignin?: boolean;
  enableAutosignin?: boolean;
  reg?: boolean;
  format?: RegFormat;
  out?: string;
  force?: boolean;
}

const state = (bytes: number[]) => (autoSigninDisabled(bytes) ? 'disabled' : 'enabled');

export async function run(a: AppSettingsArgs): Promise<number> {
  const before = parseAppSettings(a.current);
  const asked = a.disableAutosignin || a.enableAutosignin;
  const after = a.disableAutosignin ? setAutoSignin(before, false) : a.enableAutosignin ? setAutoSignin(before, true) : before;
  const format = a.format ?? 'reg5';
  let content: Buffer | undefined;
  if (a.reg) {
    // UTF-16LE on a terminal is unreadable and cannot be copied back out: a file, or a pipe, only.
    if (a.out === undefined && !a.json && format === 'reg5') refuseUtf16OnTerminal('--reg', 'appsettings.reg');
    const key = { path: APPSETTINGS_KEY, values: [{ name: 'AppSettings', type: 'REG_BINARY' as const, data: Uint8Array.from(after), comments: [`auto-sign-in ${state(after)}: bit 0x04 of the second byte (the document's mask 0x00040000)`] }] };
    // --format ce: generate's project.reg layout, guarded by the msmsgs module flag from the catalog.
    const ce = format === 'ce' ? { header: 'Windows Messenger AppSettings', title: APPSETTINGS_TITLE, guard: messengerGuard(await catalogFor(a)) } : undefined;
    content = regFile([key], format, ce);
    if (a.out !== undefined) writeOutputs(dirname(a.out), [{ name: basename(a.out), content }], { force: a.force ?? false });
  }
  if (a.json) {
    outJson({ before: hex(before), after: hex(after), changed: hex(before) !== hex(after), autoSignin: !autoSigninDisabled(after), key: APPSETTINGS_KEY, value: 'AppSettings', type: 'REG_BINARY', ...(a.out !== undefined ? { out: a.out } : {}) });
    return 0;
  }
  if (content && a.out === undefined) {
    process.stdout.write(content);
    return 0;
  }
  if (content) out(`wrote ${a.out}\n`);
  else out(`${hex(after)}\n`);
  if (!asked) process.stderr.write(`auto-sign-in is ${state(before)} in ${hex(before)} (nothing changed; --disable-autosignin or --enable-autosignin changes it)\n`);
  else if (hex(before) === hex(after)) process.stderr.write(`auto-sign-in was already ${state(after)}: ${hex(after)} is unchanged\n`);
  else process.stderr.write(`auto-sign-in ${state(after)} (was ${state(before)}: ${hex(before)})\n`);
  return 0;
}
