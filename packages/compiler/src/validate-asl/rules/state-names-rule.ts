import { finding, type Finding } from '../finding.js';
import type { AslState } from '../model/asl-model.js';
import { describeScope } from '../model/model-queries.js';
import type { AslRule } from './asl-rule.js';

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** State names: 1 to 80 characters, no control characters, unique across every nested scope. */
export const stateNamesRule: AslRule = {
  name: 'state-names',
  codes: ['INVALID_STATE_NAME', 'DUPLICATE_STATE_NAME'],
  check(model) {
    const findings: Finding[] = [];
    const first = new Map<string, AslState>();
    for (const state of model.states) {
      const length = [...state.name].length;
      const problem =
        length === 0 ? 'is empty' : length > 80 ? `is ${length} characters long (at most 80)` : CONTROL.test(state.name) ? 'contains a control character' : undefined;
      if (problem && !model.isPlaceholder(state.pointer, state.name)) {
        findings.push(
          finding('INVALID_STATE_NAME', {
            message: `State name "${state.name.length > 90 ? `${state.name.slice(0, 87)}...` : state.name}" ${problem}.`,
            pointer: state.pointer,
            target: 'key',
            hint: 'Use 1 to 80 characters without control characters; move long descriptions to "Comment".',
          }),
        );
      }
      const earlier = first.get(state.name);
      if (!earlier) {
        first.set(state.name, state);
      } else if (earlier.scope !== state.scope) {
        findings.push(
          finding('DUPLICATE_STATE_NAME', {
            message: `State name "${state.name}" is used in ${describeScope(state.scope)} and already in ${describeScope(earlier.scope)}.`,
            pointer: state.pointer,
            target: 'key',
            hint: 'State names must be unique across the whole state machine, including Parallel branches and Map processors; rename one.',
            related: [{ message: `"${state.name}" is first defined here`, pointer: earlier.pointer, target: 'key' }],
          }),
        );
      }
    }
    return findings;
  },
};
