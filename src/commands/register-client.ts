import { UserError } from '../errors.js';
import { CLIENTS_TITLE, clientKey, clientUninstallKey, newGuid, normalizeGuid, type Client } from '../registration/client.js';
import { messengerGuard, regFile, type RegFormat } from '../registration/write.js';
import { catalogFor } from './common.js';
import { writeOutputs } from '../write.js';
import { out, refuseUtf16OnTerminal, outJson } from '../output.js';
import { basename, dirname } from 'node:path';
import type { GlobalArgs } from './common.js';

export interface RegisterClientArgs extends GlobalArgs {
  name: string;
  messengerGuid?: string;
  privateGuid?: string;
  sessionManagerGuid?: string;
  dotnetProvider?: boolean;
  format?: RegFormat;
  out?: string;
  uninstall?: boolean;
  force?: boolean;
}

/**
 * The registration document: Messenger creates the COM classes whose CLSIDs the Clients key names.
 * A GUID wcecfg makes up names no class, so it only stands in for the client's own.
 */
const VALUE_OF: Record<string, string> = { '--messenger-guid': 'MessengerGuid', '--private-guid': 'MessengerPrivateGuid', '--session-manager-guid': 'MsgrSessionManagerGuid' };

export const PLACEHOLDER_NOTE = 'generated GUIDs are placeholders for your own COM classes: Windows Messenger creates the classes registered under these CLSIDs, so register your client\'s classes (IMessenger, IMessengerPrivate, IMsgrSessionManager) under them, or pass your classes\' CLSIDs instead';

export async function run(a: RegisterClientArgs): Promise<number> {
  const format = a.format ?? 'reg5';
  const generated: string[] = [];
  const guid = (v: string | undefined, flag: string) => {
    if (v !== undefined) return normalizeGuid(v, flag);
    generated.push(flag);
    return newGuid();
  };
  // Checked before any GUID is made up: a refused run must not print GUIDs the user never gets to keep.
  if (a.out === undefined && !a.json && format === 'reg5') refuseUtf16OnTerminal('register-client', `${a.uninstall ? 'uninstall' : 'client'}.reg`);
  let content: Buffer;
  let client: Client | undefined;
  if (a.uninstall) {
    if (format === 'ce') throw new UserError('--uninstall: a CE project.reg is built into the image; remove the client from the design instead');
    content = regFile([clientUninstallKey(a.name, '--name')], format);
  } else {
    client = {
      name: a.name,
      messengerGuid: guid(a.messengerGuid, '--messenger-guid'),
      privateGuid: guid(a.privateGuid, '--private-guid'),
      sessionManagerGuid: guid(a.sessionManagerGuid, '--session-manager-guid'),
      dotNetProvider: a.dotnetProvider ?? false,
    };
    const placeholders = new Set(generated.map((flag) => VALUE_OF[flag]!));
    // The CE layout is generate's project.reg block, guarded by the msmsgs module flag from the catalog.
    const ce = format === 'ce' ? { header: `Messenger client ${client.name}`, title: CLIENTS_TITLE, guard: messengerGuard(await catalogFor(a)) } : undefined;
    content = regFile([clientKey(client, '--name', placeholders)], format, ce);
  }
  if (a.out !== undefined) writeOutputs(dirname(a.out), [{ name: basename(a.out), content }], { force: a.force ?? false });
  if (a.json) {
    outJson({ ...(client ? { client } : { uninstall: a.name }), generated, ...(generated.length ? { note: PLACEHOLDER_NOTE } : {}), format, ...(a.out ? { out: a.out } : {}) });
    return 0;
  }
  if (!a.out) process.stdout.write(content);
  // The GUIDs wcecfg made up must be kept: the same client needs the same GUIDs next time.
  const say = a.out ? (s: string) => out(s) : (s: string) => process.stderr.write(s);
  if (a.out) say(`wrote ${a.out}\n`);
  for (const flag of generated) {
    const v = flag === '--messenger-guid' ? client!.messengerGuid : flag === '--private-guid' ? client!.privateGuid : client!.sessionManagerGuid;
    say(`generated ${flag} ${v} (keep it: pass it next time)\n`);
  }
  if (generated.length) say(`note: ${PLACEHOLDER_NOTE}\n`);
  return 0;
}
