import { finding, type Finding } from '../finding.js';
import { joinPointer } from '../json/json-pointer.js';
import { own } from '../model/json-value.js';
import type { AslRule } from './asl-rule.js';

/** Under a JSONata top level, nothing may switch back to JSONPath. */
export const queryLanguageNestingRule: AslRule = {
  name: 'query-language-nesting',
  codes: ['JSONPATH_STATE_IN_JSONATA_MACHINE'],
  check(model) {
    if (model.queryLanguage !== 'JSONata') return [];
    const findings: Finding[] = [];
    const hint = 'Convert the state to JSONata (Arguments/Output/Assign with {% %} expressions), or make the state machine JSONPath and opt individual states into JSONata.';
    for (const state of model.states) {
      if (state.node && own(state.node, 'QueryLanguage') === 'JSONPath') {
        findings.push(
          finding('JSONPATH_STATE_IN_JSONATA_MACHINE', {
            message: `State "${state.name}" sets "QueryLanguage": "JSONPath", but the state machine's QueryLanguage is JSONata.`,
            pointer: joinPointer(state.pointer, 'QueryLanguage'),
            hint,
          }),
        );
      }
    }
    for (const scope of model.scopes) {
      if (scope.owner && scope.node && own(scope.node, 'QueryLanguage') === 'JSONPath') {
        findings.push(
          finding('JSONPATH_STATE_IN_JSONATA_MACHINE', {
            message: `A nested scope sets "QueryLanguage": "JSONPath" inside a JSONata state machine.`,
            pointer: joinPointer(scope.pointer, 'QueryLanguage'),
            hint,
          }),
        );
      }
    }
    return findings;
  },
};
