/** A registry fragment, independent of the file format it is written in. */
export type RegType = 'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_DWORD' | 'REG_QWORD' | 'REG_BINARY' | 'REG_MULTI_SZ' | 'REG_NONE';

export interface RegValue {
  /** null: the key's default value (`@`). */
  name: string | null;
  type: RegType;
  data: string | number | bigint | Uint8Array | string[];
  /** Delete this value (`"Name"=-`) instead of setting it. */
  remove?: boolean;
  /** Where the value came from (a design field or manifest pointer), for error messages. */
  field?: string;
  /** Comment lines written above the value. */
  comments?: string[];
}

export interface RegKey {
  path: string;
  values: RegValue[];
  /** Delete the key and its subtree (`[-KEY]`). */
  remove?: boolean;
  field?: string;
}
