import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Finding } from '../finding.js';
import type { AslModel } from '../model/asl-model.js';
import { translateAjvErrors } from './ajv-error-translator.js';
import { allStates } from './all-states.js';
import * as generated from './asl-validators.generated.js';

/** Scopes deeper than this are not in the model's state list (see build-model); their states are found afresh. */
const MODEL_SCOPE_DEPTH = 64;

/**
 * The ASL schema's validators, generated ahead of time (asl-ajv.ts, scripts/generate-asl-validators.ts): compiling
 * the schema with ajv at the first check cost ~200 ms of every cold start.
 */
const validators = {
  /** The top level with each States object checked only as an object of at least one entry. */
  root: generated.root as ValidateFunction,
  /** One state, without descending into the States of its branches or processor. */
  state: generated.state as ValidateFunction,
};

/**
 * Checks the definition against the ASL schema one state at a time. In a single call ajv concatenates each
 * state's errors onto everything collected so far, which made 19,000 invalid states take minutes; per state,
 * the work is linear. Error paths are re-rooted at the state's pointer before translation.
 *
 * A definition nested deeper than the model goes has its states listed by allStates() instead; so no validator of
 * the whole definition is needed, whose generated code was half of the validators' and loaded with every compile.
 */
export function checkSchema(model: AslModel): Finding[] {
  const { root, state } = validators;
  const states =
    model.scopes.some((scope) => scope.depth > MODEL_SCOPE_DEPTH)
      ? allStates(model.definition)
      : model.states.map((s) => ({ pointer: s.pointer, value: s.node ?? ownValue(s.scope.node, s.name) }));
  const errors: ErrorObject[] = [];
  if (!root(model.definition)) errors.push(...((root.errors ?? []) as ErrorObject[]));
  for (const s of states) {
    if (state(s.value)) continue;
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
