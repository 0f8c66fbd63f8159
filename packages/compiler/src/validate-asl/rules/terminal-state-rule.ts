import { finding, type Finding } from '../finding.js';
import { joinPointer } from '../json/json-pointer.js';
import type { AslModel, AslScope } from '../model/asl-model.js';
import { has } from '../model/json-value.js';
import { describeScope } from '../model/model-queries.js';
import type { AslRule } from './asl-rule.js';

/** Each scope needs a way to finish: a Succeed, a Fail, or a state with "End": true. */
export const terminalStateRule: AslRule = {
  name: 'terminal-state',
  codes: ['MISSING_END_STATE'],
  check(model) {
    const findings: Finding[] = [];
    for (const scope of model.scopes) {
      if (scope.states.length === 0 || scope.states.some((s) => s.isTerminal) || hasRootCause(model, scope)) continue;
      findings.push(
        finding('MISSING_END_STATE', {
          message: `${capitalize(describeScope(scope))} has no terminal state.`,
          pointer: joinPointer(scope.pointer, 'States'),
          target: 'key',
          hint: 'Add a Succeed or Fail state, or set "End": true on the last state.',
        }),
      );
    }
    return findings;
  },
};

/** A dangling transition or a state missing Next/End already explains the missing terminal state. */
function hasRootCause(model: AslModel, scope: AslScope): boolean {
  return scope.states.some(
    (state) =>
      (state.node && state.type && NEEDS_TRANSITION.has(state.type) && !has(state.node, 'Next') && !state.isTerminal) ||
      state.transitions.some(
        (t) => typeof t.target === 'string' && !scope.byName.has(t.target) && !model.isPlaceholder(t.pointer, t.target),
      ),
  );
}

const NEEDS_TRANSITION = new Set(['Task', 'Pass', 'Wait', 'Parallel', 'Map']);

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
