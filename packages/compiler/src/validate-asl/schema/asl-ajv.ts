import { Ajv } from 'ajv';
import { ASL_SCHEMA } from './asl-schema.js';

export const ASL_SCHEMA_ID = String(ASL_SCHEMA['$id']);
export const SHALLOW_ID = 'https://agentflow.dev/schemas/asl-shallow.json';
/** The one-state validator: a state without descending into the States of its branches or processor. */
export const STATE_ID = `${SHALLOW_ID}#/$defs/state`;

/**
 * The ajv instance the ASL validators are generated from (scripts/generate-asl-validators.ts): the schema, and a
 * shallow twin whose States objects are checked only as objects of at least one entry. The compiler does not run
 * ajv itself; it imports the generated code, so that no start pays for compiling the schema (~200 ms).
 */
export function aslAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, code: { optimize: true, source: true, esm: true } });
  ajv.addVocabulary(['x-name', 'x-expected']);
  const defs = ASL_SCHEMA['$defs'] as Record<string, unknown>;
  ajv.addSchema(ASL_SCHEMA);
  ajv.addSchema({ ...ASL_SCHEMA, $id: SHALLOW_ID, $defs: { ...defs, states: { type: 'object', 'x-name': 'States', minProperties: 1 } } });
  return ajv;
}
