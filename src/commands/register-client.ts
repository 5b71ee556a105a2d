import { UserError } from '../errors.js';
import { CLIENTS_TITLE, clientKey, clientUninstallKey, newGuid, normalizeGuid, type Client } from '../registration/client.js';
import { messengerGuard, regFile, type RegFormat } from '../registration/write.js';
import { catalogFor } from './common.js';
import { writeOutputs } from '../write.js';
import { out, refuseUtf16OnTerminal, outJson } from '../output.js';
import { basename, dirname } from 'node:path';
import { lstatSync } from 'node:fs';
import { readInput } from '../read.js';
import { registeredClients, type GuidValue, type RegisteredClient } from '../registration/read.js';
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

/** The registry value each GUID option sets under the client's key. */
const VALUE_OF: Record<string, string> = { '--messenger-guid': 'MessengerGuid', '--private-guid': 'MessengerPrivateGuid', '--session-manager-guid': 'MsgrSessionManagerGuid' };

/**
 * The registration document: Messenger creates the COM classes whose CLSIDs the Clients key names.
 * A GUID wcecfg makes up names no class, so it only stands in for the client's own.
 */
export const PLACEHOLDER_NOTE = 'generated GUIDs are placeholders for your own COM classes: Windows Messenger creates the classes registered under these CLSIDs, so register your client\'s classes (IMessenger, IMessengerPrivate, IMsgrSessionManager) under them, or pass your classes\' CLSIDs instead';

/** The clients registered in the file --out names, if it is a regular file (anything else is the writer's to refuse). */
function clientsIn(file: string): RegisteredClient[] {
  try {
    if (!lstatSync(file).isFile()) return [];
  } catch {
    return [];
  }
  return registeredClients(readInput(file, 'output file', file));
}

const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

export async function run(a: RegisterClientArgs): Promise<number> {
  const format = a.format ?? 'reg5';
  const force = a.force ?? false;
  const generated: string[] = [];
  /** GUIDs taken from the client's key already in --out, and GUIDs given that replace them there (--force). */
  const kept: string[] = [];
  const replaced: Array<{ option: string; was: string }> = [];
  const placeholders = new Set<string>();
  // Checked before any GUID is made up: a refused run must not print GUIDs the user never gets to keep.
  if (a.out === undefined && !a.json && format === 'reg5') refuseUtf16OnTerminal('register-client', `${a.uninstall ? 'uninstall' : 'client'}.reg`);
  // The same client must keep its GUIDs: a client registered in --out already keeps those it has there.
  const existing = a.out !== undefined ? clientsIn(a.out) : [];
  const mine = a.uninstall ? undefined : existing.find((c) => c.name.toLowerCase() === a.name.toLowerCase());
  const others = existing.filter((c) => c !== mine);
  if (others.length && !force) {
    const what = a.uninstall ? 'the uninstall file' : `a file registering ${JSON.stringify(a.name)}`;
    throw new UserError(`${a.out}: registers ${JSON.stringify(others[0]!.name)}${others.length > 1 ? ` and ${plural(others.length - 1, 'more client')}` : ''}; writing ${what} there would lose ${others.length > 1 ? 'their' : 'its'} GUIDs: choose another --out, or add --force to replace it`, undefined, { file: a.out });
  }
  const conflicts: string[] = [];
  const guid = (v: string | undefined, flag: string) => {
    const valueName = VALUE_OF[flag]! as GuidValue;
    const old = mine?.guids[valueName];
    let was: string | undefined;
    if (old) {
      try {
        was = normalizeGuid(old.data, `${a.out}: ${valueName} of ${JSON.stringify(mine!.name)}`);
      } catch {
        was = undefined;
      }
    }
    if (v !== undefined) {
      const given = normalizeGuid(v, flag);
      if (was !== undefined && was !== given) {
        if (!force) conflicts.push(`${valueName} ${was}; ${flag} ${given} would replace it: pass ${flag} ${was} to keep it`);
        else replaced.push({ option: flag, was });
      }
      return given;
    }
    if (was !== undefined) {
      kept.push(flag);
      if (old!.placeholder) placeholders.add(valueName);
      return was;
    }
    if (mine && !force) {
      conflicts.push(old ? `${valueName} ${JSON.stringify(old.data)}, which is not a GUID: pass ${flag} to set it` : `no ${valueName}: pass ${flag} to set it`);
      return '';
    }
    generated.push(flag);
    placeholders.add(valueName);
    return newGuid();
  };
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
    if (conflicts.length) {
      throw new UserError(`${a.out}: already registers ${JSON.stringify(mine!.name)} with ${conflicts[0]}${conflicts.length > 1 ? ` (and ${plural(conflicts.length - 1, 'more GUID')} like it)` : ''}; or add --force to replace ${conflicts.length > 1 ? 'them' : 'it'}`, undefined, { file: a.out });
    }
    // The CE layout is generate's project.reg block, guarded by the msmsgs module flag from the catalog.
    const ce = format === 'ce' ? { header: `Messenger client ${client.name}`, title: CLIENTS_TITLE, guard: messengerGuard(await catalogFor(a)) } : undefined;
    content = regFile([clientKey(client, '--name', placeholders)], format, ce);
  }
  const status = a.out !== undefined ? writeOutputs(dirname(a.out), [{ name: basename(a.out), content }], { force })[0]!.status : undefined;
  const note = placeholders.size > 0;
  if (a.json) {
    outJson({
      ...(client ? { client } : { uninstall: a.name }), generated,
      ...(kept.length ? { kept, keptFrom: a.out } : {}), ...(replaced.length ? { replaced } : {}),
      ...(note ? { note: PLACEHOLDER_NOTE } : {}), format, ...(a.out ? { out: a.out, status } : {}),
    });
    return 0;
  }
  if (!a.out) process.stdout.write(content);
  // The GUIDs wcecfg made up must be kept: the same client needs the same GUIDs next time.
  const say = a.out ? (s: string) => out(s) : (s: string) => process.stderr.write(s);
  if (a.out) say(status === 'unchanged' ? `${a.out} is unchanged\n` : `wrote ${a.out}\n`);
  const value = (flag: string) => (flag === '--messenger-guid' ? client!.messengerGuid : flag === '--private-guid' ? client!.privateGuid : client!.sessionManagerGuid);
  for (const flag of kept) say(`kept ${flag} ${value(flag)} (the GUID ${a.out} already gives ${JSON.stringify(mine!.name)})\n`);
  for (const r of replaced) say(`replaced ${flag(r.option)} ${r.was} with ${value(r.option)} (--force)\n`);
  for (const flag of generated) say(`generated ${flag} ${value(flag)} (keep it: pass it next time)\n`);
  if (note) say(`note: ${PLACEHOLDER_NOTE}\n`);
  return 0;
}

/** The registry value an option sets, for messages about the file. */
const flag = (option: string) => VALUE_OF[option]!;
