import { finding, type Finding } from '../finding.js';
import { joinPointer } from '../json/json-pointer.js';
import { containsPlaceholder } from '../json/placeholders.js';
import { assignBlocks, variableOfKey } from '../model/model-queries.js';
import { variableNameProblem } from '../syntax/variable-name.js';
import type { AslRule } from './asl-rule.js';

/** Assign keys are valid variable names: ID_Start/ID_Continue, at most 80 characters, not "states". */
export const variableNamesRule: AslRule = {
  name: 'variable-names',
  codes: ['INVALID_VARIABLE_NAME'],
  check(model) {
    const findings: Finding[] = [];
    for (const state of model.states) {
      for (const { assign, pointer } of assignBlocks(state)) {
        for (const key of Object.keys(assign)) {
          if (containsPlaceholder(key)) continue;
          const name = variableOfKey(key);
          const problem = variableNameProblem(name);
          if (!problem) continue;
          findings.push(
            finding('INVALID_VARIABLE_NAME', {
              message: `"${name}" is not a valid variable name in state "${state.name}": ${problem}.`,
              pointer: joinPointer(pointer, key),
              target: 'key',
              hint: 'Variable names look like identifiers: orderId, retry_count, résumé. "states" is reserved.',
            }),
          );
        }
      }
    }
    return findings;
  },
};
