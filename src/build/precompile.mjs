// The build's code-generation jobs, one script each, run in order (each fails loudly on a missing
// input): the JSON Schemas compiled to validators, the templates precompiled, and the built-in
// catalog validated and hashed (it needs the validators).
await import('./schemas.mjs');
await import('./templates.mjs');
await import('./catalog-hashes.mjs');
