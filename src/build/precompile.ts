/**
 * Build step: compile the JSON Schemas in catalog/schema/ into standalone validation code
 * (dist/generated/validators.js), so the CLI never compiles a schema at run time.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv2020Module from 'ajv/dist/2020.js';
import standaloneModule from 'ajv/dist/standalone/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const schemaDir = join(root, 'catalog', 'schema');
const schemas: Record<string, string> = {
  component: 'component.schema.json',
  design: 'design.schema.json',
  manifest: 'appreg.schema.json',
};

type AjvCtor = typeof Ajv2020Module.default;
const Ajv2020 = ((Ajv2020Module as unknown as { default?: AjvCtor }).default ?? Ajv2020Module) as AjvCtor;
const standaloneCode = ((standaloneModule as unknown as { default?: typeof standaloneModule.default }).default ??
  standaloneModule) as typeof standaloneModule.default;

const ajv = new Ajv2020({ code: { source: true, esm: true }, allErrors: false, strict: true, allowUnionTypes: true });
const refs: Record<string, string> = {};
for (const [name, file] of Object.entries(schemas)) {
  let text: string;
  try {
    text = readFileSync(join(schemaDir, file), 'utf8');
  } catch {
    continue; // a schema a later feature adds
  }
  const schema = JSON.parse(text) as { $id: string };
  ajv.addSchema(schema);
  refs[name] = schema.$id;
}
const out = join(root, 'dist', 'generated', 'validators.js');
mkdirSync(dirname(out), { recursive: true });
// ajv's ESM output still calls require() for its small runtime helpers (ucs2length, equal).
const header = "import { createRequire } from 'node:module';\nconst require = createRequire(import.meta.url);\n";
writeFileSync(out, header + standaloneCode(ajv, refs).replace(/^"use strict";/, ''));
