/**
 * Third-party messenger clients ("Using the Registration Mechanism"): a key under
 * HKLM\Software\Microsoft\MessengerService\Clients\<name> with three GUID strings and the
 * isDotNetProvider flag; and the AppSettings auto-sign-in bit.
 */
import { randomUUID } from 'node:crypto';
import { UserError } from '../errors.js';
import { rejectChars, CONTROL } from '../format/text.js';
import { registryCollisions, type RegKey } from '../registry/model.js';

export const CLIENTS_KEY = 'HKEY_LOCAL_MACHINE\\Software\\Microsoft\\MessengerService\\Clients';

export interface Client {
  name: string;
  messengerGuid: string;
  privateGuid: string;
  sessionManagerGuid: string;
  dotNetProvider: boolean;
}

/**
 * GUIDs in the document's form, xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx without braces (upper case).
 * Braces and the 32-digit form are normalised; anything else is refused.
 */
export function normalizeGuid(input: string, field: string): string {
  const s = input.trim();
  const m = /^\{?([0-9a-fA-F]{8})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{4})-?([0-9a-fA-F]{12})\}?$/.exec(s);
  if (!m || (s.startsWith('{') !== s.endsWith('}'))) {
    throw new UserError(`${field}: "${input}" is not a GUID; write it as xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (32 hex digits)`);
  }
  return m.slice(1).join('-').toUpperCase();
}

export function newGuid(): string {
  return randomUUID().toUpperCase();
}

/** A client name becomes a registry key name: no backslash (it would make a subkey), no control characters. */
export function checkClientName(name: string, field: string): string {
  if (name.trim() === '') throw new UserError(`${field}: the client name is empty`);
  if (name !== name.trim()) throw new UserError(`${field}: "${name}" has leading or trailing spaces, which would become part of the key name`);
  rejectChars(name, /\\/, field, 'a messenger client name', 'it would make a subkey');
  rejectChars(name, CONTROL, field, 'a messenger client name');
  if (name.length > 255) throw new UserError(`${field}: a key name is at most 255 characters`);
  return name;
}

export function clientKey(c: Client, field = 'client'): RegKey {
  return {
    path: `${CLIENTS_KEY}\\${checkClientName(c.name, field)}`,
    field,
    values: [
      { name: 'MessengerGuid', type: 'REG_SZ', data: c.messengerGuid, comments: ['class implementing IMessenger, IMessenger2, IMessenger3'] },
      { name: 'MessengerPrivateGuid', type: 'REG_SZ', data: c.privateGuid, comments: ['class implementing IMessengerPrivate'] },
      { name: 'MsgrSessionManagerGuid', type: 'REG_SZ', data: c.sessionManagerGuid, comments: ['class implementing IMsgrSessionManager'] },
      { name: 'isDotNetProvider', type: 'REG_DWORD', data: c.dotNetProvider ? 1 : 0, comments: [c.dotNetProvider ? '1: this client is the .NET Messenger Service provider' : '0: not the .NET provider'] },
    ],
  };
}

/** The design's clients as registry keys, each naming its JSON pointer (for collision messages). */
export function clientKeys(file: string, clients: readonly Client[]): RegKey[] {
  return clients.map((c, i) => clientKey(c, `${file}: /clients/${i}/name`));
}

/** Uninstall removes the client's key and nothing else. */
export function clientUninstallKey(name: string, field = 'client'): RegKey {
  return { path: `${CLIENTS_KEY}\\${checkClientName(name, field)}`, field, values: [], remove: true };
}

export const APPSETTINGS_KEY = 'HKEY_CURRENT_USER\\Software\\Microsoft\\MessengerService';
/** The document's mask, applied to the four bytes in the order the document writes them. */
export const AUTOSIGNIN_MASK = 0x00040000;

/** "62 03 00 80", "62,03,00,80" or "62030080": exactly four bytes. */
export function parseAppSettings(text: string, field = '--current'): number[] {
  const t = text.trim();
  let parts: string[];
  if (/^[0-9a-fA-F]{8}$/.test(t)) parts = t.match(/../g)!;
  else parts = t.split(/[\s,]+/).filter(Boolean);
  if (parts.length !== 4 || !parts.every((p) => /^[0-9a-fA-F]{2}$/.test(p))) {
    throw new UserError(`${field}: "${text}" is not exactly four bytes; write it as 62 03 00 80, 62,03,00,80 or 62030080`);
  }
  return parts.map((p) => parseInt(p, 16));
}

/**
 * The document writes the value as bytes 62 03 00 80 and the mask as 0x00040000; setting the mask
 * turns 62 03 00 80 into 62 07 00 80. So the mask is read in the same order as the bytes are
 * written: byte 1 (the second) gets 0x04. (Read as a little-endian DWORD instead, the mask would
 * land on byte 2 and give 62 03 04 80, which is not the document's example.)
 */
export function setAutoSignin(bytes: number[], enabled: boolean): number[] {
  const mask = [(AUTOSIGNIN_MASK >>> 24) & 0xff, (AUTOSIGNIN_MASK >>> 16) & 0xff, (AUTOSIGNIN_MASK >>> 8) & 0xff, AUTOSIGNIN_MASK & 0xff];
  return bytes.map((b, i) => (enabled ? b & ~mask[i]! : b | mask[i]!) & 0xff);
}

export function autoSigninDisabled(bytes: number[]): boolean {
  return (bytes[1]! & 0x04) !== 0;
}

export const hex = (bytes: number[]) => bytes.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(' ');

/** The design's clients with their GUIDs normalised; a bad GUID names its JSON pointer. */
export function designClients(design: { file: string; clients: Array<{ name: string; messengerGuid: string; privateGuid: string; sessionManagerGuid: string; dotNetProvider?: boolean }> }): Client[] {
  return design.clients.map((c, i) => ({
    name: checkClientName(c.name, `${design.file}: /clients/${i}/name`),
    messengerGuid: normalizeGuid(c.messengerGuid, `${design.file}: /clients/${i}/messengerGuid`),
    privateGuid: normalizeGuid(c.privateGuid, `${design.file}: /clients/${i}/privateGuid`),
    sessionManagerGuid: normalizeGuid(c.sessionManagerGuid, `${design.file}: /clients/${i}/sessionManagerGuid`),
    dotNetProvider: c.dotNetProvider ?? false,
  }));
}

/** What validate says about the design's clients. */
export function clientFindings(design: Parameters<typeof designClients>[0]): Array<{ severity: 'error' | 'warning' | 'note'; message: string }> {
  let clients: Client[];
  try {
    clients = designClients(design);
  } catch (e) {
    if (e instanceof UserError) return [{ severity: 'error', message: e.message }];
    throw e;
  }
  const out: Array<{ severity: 'error' | 'warning' | 'note'; message: string }> = [];
  // The same rule generate applies (src/registry/model.ts): names differing only in case are one key.
  for (const c of registryCollisions(clientKeys(design.file, clients))) out.push({ severity: 'error', message: c.message });
  const providers = clients.filter((c) => c.dotNetProvider);
  const why = 'the document: if a previously installed client has isDotNetProvider set, Windows Messenger disables its own .NET Messenger Service and that client becomes the .NET provider';
  if (providers.length > 1) out.push({ severity: 'warning', message: `${providers.length} clients claim to be the .NET provider (${providers.map((c) => c.name).join(', ')}); only one can be: ${why}` });
  else if (providers.length === 1) out.push({ severity: 'note', message: `${providers[0]!.name} is the .NET provider: ${why}` });
  const seen = new Map<string, string>();
  for (const c of clients) {
    for (const [label, g] of [['MessengerGuid', c.messengerGuid], ['MessengerPrivateGuid', c.privateGuid], ['MsgrSessionManagerGuid', c.sessionManagerGuid]] as const) {
      const prior = seen.get(g);
      if (prior) out.push({ severity: 'warning', message: `${c.name} ${label} ${g} is also ${prior}; each client must generate its own GUIDs` });
      else seen.set(g, `${c.name} ${label}`);
    }
  }
  return out;
}
