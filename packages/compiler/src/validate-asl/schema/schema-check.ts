import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Finding } from '../finding.js';
import type { AslModel } from '../model/asl-model.js';
import { ASL_SCHEMA } from './asl-schema.js';
import { translateAjvErrors } from './ajv-error-translator.js';

/** Scopes deeper than this are not in the model's state list (see build-model), so the whole schema runs instead. */
const MODEL_SCOPE_DEPTH = 64;

const SHALLOW_ID = 'https://agentflow.dev/schemas/asl-shallow.json';

interface Validators {
  /** The whole definition in one call, nested States included. */
  readonly full: ValidateFunction;
  /** The top level with each States object checked only as an object of at least one entry. */
  readonly root: ValidateFunction;
  /** One state, without descending into the States of its branches or processor. */
  readonly state: ValidateFunction;
}

let compiled: Validators | undefined;

/** Compiled on first use and shared by every later validation. */
function validators(): Validators {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true, code: { optimize: true } });
    ajv.addVocabulary(['x-name', 'x-expected']);
    const defs = ASL_SCHEMA['$defs'] as Record<string, unknown>;
    const shallow = { ...ASL_SCHEMA, $id: SHALLOW_ID, $defs: { ...defs, states: { type: 'object', 'x-name': 'States', minProperties: 1 } } };
    ajv.addSchema(ASL_SCHEMA);
    ajv.addSchema(shallow);
    compiled = {
      full: ajv.getSchema(String(ASL_SCHEMA['$id']))!,
      root: ajv.getSchema(SHALLOW_ID)!,
      state: ajv.getSchema(`${SHALLOW_ID}#/$defs/state`)!,
    };
  }
  return compiled;
}

/**
 * Checks the definition against the ASL schema one state at a time. In a single call ajv concatenates each
 * state's errors onto everything collected so far, which made 19,000 invalid states take minutes; per state,
 * the work is linear. Error paths are re-rooted at the state's pointer before translation.
 */
export function checkSchema(model: AslModel): Finding[] {
  const { full, root, state } = validators();
  if (model.scopes.some((scope) => scope.depth > MODEL_SCOPE_DEPTH)) {
    if (full(model.definition)) return [];
    return translateAjvErrors((full.errors ?? []) as ErrorObject[], model);
  }
  const errors: ErrorObject[] = [];
  if (!root(model.definition)) errors.push(...((root.errors ?? []) as ErrorObject[]));
  for (const s of model.states) {
    const value = s.node ?? ownValue(s.scope.node, s.name);
    if (state(value)) continue;
    for (const error of (state.errors ?? []) as ErrorObject[]) errors.push({ ...error, instancePath: s.pointer + error.instancePath });
  }
  return errors.length === 0 ? [] : translateAjvErrors(errors, model);
}

/** The raw value of a state that is not an object (the model keeps only object states' fields). */
function ownValue(scopeNode: Record<string, unknown> | undefined, name: string): unknown {
  const states = scopeNode?.['States'];
  return typeof states === 'object' && states !== null && Object.prototype.hasOwnProperty.call(states, name)
    ? (states as Record<string, unknown>)[name]
    : undefined;
}
