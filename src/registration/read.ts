/**
 * Reads back the messenger clients a registration file holds: the keys under
 * MessengerService\Clients that register-client writes, in any of its formats (a version 5 .reg is
 * UTF-16LE with a BOM; REGEDIT4 and CE project.reg text are single-byte), with their three GUID
 * values and whether wcecfg marked each as a placeholder it generated (the CE layout's comment).
 * Only what register-client needs to keep a client's GUIDs; not a general .reg parser.
 */
import { CLIENTS_KEY, PLACEHOLDER_COMMENT } from './client.js';

export const GUID_VALUES = ['MessengerGuid', 'MessengerPrivateGuid', 'MsgrSessionManagerGuid'] as const;
export type GuidValue = (typeof GUID_VALUES)[number];

export interface RegisteredClient {
  /** The key name as the file writes it. */
  name: string;
  /** Each GUID value the key sets, as written (not checked), and whether wcecfg's comment calls it a placeholder. */
  guids: Partial<Record<GuidValue, { data: string; placeholder: boolean }>>;
}

const VALUE_LINE = /^"(MessengerGuid|MessengerPrivateGuid|MsgrSessionManagerGuid)"\s*=\s*"([^"\\]*)"\s*$/i;

function decode(buf: Buffer): string {
  if (buf[0] === 0xff && buf[1] === 0xfe) return buf.subarray(2).toString('utf16le');
  return buf.toString('latin1');
}

/** The clients a file registers (keys being deleted, `[-...]`, are not registrations). */
export function registeredClients(buf: Buffer): RegisteredClient[] {
  const prefix = `${CLIENTS_KEY}\\`.toLowerCase();
  const clients: RegisteredClient[] = [];
  let current: RegisteredClient | undefined;
  let placeholder = false;
  for (const raw of decode(buf).split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      current = undefined;
      placeholder = false;
      // The key ends at the last "]" on the line (a client name may hold "]").
      const end = line.lastIndexOf(']');
      const path = end > 0 ? line.slice(1, end) : '';
      if (path.toLowerCase().startsWith(prefix) && !path.slice(prefix.length).includes('\\') && path.length > prefix.length) {
        current = { name: path.slice(prefix.length), guids: {} };
        clients.push(current);
      }
      continue;
    }
    if (!current) continue;
    if (line.startsWith(';')) {
      if (line.includes(PLACEHOLDER_COMMENT)) placeholder = true;
      continue;
    }
    if (line.startsWith('"') || line.startsWith('@')) {
      const m = VALUE_LINE.exec(line);
      if (m) {
        const name = GUID_VALUES.find((v) => v.toLowerCase() === m[1]!.toLowerCase())!;
        current.guids[name] = { data: m[2]!, placeholder };
      }
      placeholder = false;
    }
  }
  return clients;
}
