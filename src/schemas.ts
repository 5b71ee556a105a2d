/** The precompiled JSON Schema validators (src/build/schemas.mjs) and their error messages. */
import { UserError } from './errors.js';
import { schemaError } from './jsonfile.js';
import type { Validator } from './generated/validators.js';

type Kind = 'component' | 'area' | 'design' | 'manifest';
type AjvError = NonNullable<Validator['errors']>[number];

function describe(e: AjvError): string {
  if (e.keyword === 'additionalProperties') return `unknown property "${String(e.params.additionalProperty)}"`;
  if (e.keyword === 'enum') return `${e.message ?? 'invalid value'}: ${(e.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  if (e.keyword === 'required') return `missing required property "${String(e.params.missingProperty)}"`;
  return e.message ?? e.keyword;
}

let loaded: Record<Kind, Validator | undefined> | undefined;

/** Validate `value` (parsed from `text` in `file`) or throw a one-line UserError naming the line and JSON pointer. */
export type SchemaCheck = (kind: Kind, value: unknown, file: string, text: string) => void;

/**
 * The validators, loaded on first use (the built-in catalog, checked at build time, needs none), as a
 * synchronous check: a catalog of 10,000 files awaits the import once, not once per file.
 */
export async function schemaChecker(): Promise<SchemaCheck> {
  loaded ??= (await import('./generated/validators.js')) as unknown as Record<Kind, Validator | undefined>;
  return check;
}

function check(kind: Kind, value: unknown, file: string, text: string): void {
  const v = loaded![kind];
  if (!v) throw new Error(`internal error: no compiled schema for ${kind}; run npm run build`);
  if (v(value)) return;
  // Where the error is (line, JSON pointer) is worked out from the text only now.
  const e = v.errors?.[0];
  if (!e) throw new UserError(`${file}: does not match the ${kind} schema`);
  const pointer = e.keyword === 'additionalProperties' ? `${e.instancePath}/${String(e.params.additionalProperty)}` : e.instancePath;
  throw schemaError(file, text, pointer, describe(e));
}

export async function checkSchema(kind: Kind, value: unknown, file: string, text: string): Promise<void> {
  (await schemaChecker())(kind, value, file, text);
}
