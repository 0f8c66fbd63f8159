import { finding, type Finding } from '../finding.js';
import { joinPointer } from '../json/json-pointer.js';
import { closest, own } from '../model/json-value.js';
import { objectItems } from '../model/model-queries.js';
import type { AslRule } from './asl-rule.js';
import { isPredefinedError, PREDEFINED_ERRORS as PREDEFINED } from '../predefined-errors.js';


/** States.ALL stands alone in the last retrier/catcher; names in the States. namespace must exist. */
export const errorEqualsRule: AslRule = {
  name: 'error-equals',
  codes: ['INVALID_STATES_ALL', 'UNKNOWN_STATES_ERROR'],
  check(model) {
    const findings: Finding[] = [];
    for (const state of model.states) {
      for (const field of ['Retry', 'Catch'] as const) {
        const items = objectItems(state, field);
        const total = Array.isArray(state.node ? own(state.node, field) : undefined) ? (own(state.node!, field) as unknown[]).length : 0;
        for (const { value, pointer } of items) {
          const errors = own(value, 'ErrorEquals');
          if (!Array.isArray(errors)) continue;
          const index = Number(pointer.slice(pointer.lastIndexOf('/') + 1));
          const kind = field === 'Retry' ? 'retrier' : 'catcher';
          errors.forEach((name, i) => {
            if (typeof name !== 'string' || !name.startsWith('States.')) return;
            // Built only for a finding: most names are valid, and this runs for every retrier and catcher.
            const at = (): string => joinPointer(pointer, 'ErrorEquals', i);
            if (name === 'States.ALL') {
              if (errors.length > 1) {
                findings.push(
                  finding('INVALID_STATES_ALL', {
                    message: `"States.ALL" must be the only error name in its ErrorEquals (${kind} ${index} of state "${state.name}").`,
                    pointer: at(),
                    hint: `States.ALL already matches every error; remove the other names or move them to an earlier ${kind}.`,
                  }),
                );
              }
              if (index !== total - 1) {
                findings.push(
                  finding('INVALID_STATES_ALL', {
                    message: `The ${kind} with "States.ALL" must be the last one in ${field} of state "${state.name}".`,
                    pointer: at(),
                    hint: `${field === 'Retry' ? 'Retriers' : 'Catchers'} are tried in order, so the ones after States.ALL could never match; move it to the end.`,
                  }),
                );
              }
            } else if (!isPredefinedError(name)) {
              const guess = closest(name, PREDEFINED);
              findings.push(
                finding('UNKNOWN_STATES_ERROR', {
                  message: `"${name}" is not a predefined Step Functions error, so this ${kind} never matches it.`,
                  pointer: at(),
                  hint: guess ? `Did you mean "${guess}"?` : `The States. namespace is reserved; predefined errors are ${PREDEFINED.join(', ')}.`,
                }),
              );
            }
          });
        }
      }
    }
    return findings;
  },
};
