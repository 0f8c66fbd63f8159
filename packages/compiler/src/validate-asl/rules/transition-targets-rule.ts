import { finding, type Finding } from '../finding.js';
import { joinPointer } from '../json/json-pointer.js';
import type { AslModel, AslScope } from '../model/asl-model.js';
import { closest } from '../model/json-value.js';
import { describeScope } from '../model/model-queries.js';
import type { AslRule } from './asl-rule.js';

/** StartAt, Next, Default, Choices[].Next and Catch[].Next must name a state of the same scope. */
export const transitionTargetsRule: AslRule = {
  name: 'transition-targets',
  codes: ['MISSING_TRANSITION_TARGET'],
  check(model) {
    const findings: Finding[] = [];
    for (const scope of model.scopes) {
      if (!scope.node) continue;
      const startAt = joinPointer(scope.pointer, 'StartAt');
      if (scope.states.length > 0) {
        const problem = missing(model, scope, scope.startAt, startAt, 'StartAt');
        if (problem) findings.push(problem);
      }
      for (const state of scope.states) {
        for (const transition of state.transitions) {
          const label = transition.via === 'Choice' ? 'Choice rule Next' : transition.via === 'Catch' ? 'Catch Next' : transition.via;
          const problem = missing(model, scope, transition.target, transition.pointer, `${label} of state "${state.name}"`);
          if (problem) findings.push(problem);
        }
      }
    }
    return findings;
  },
};

function missing(model: AslModel, scope: AslScope, target: unknown, pointer: string, what: string): Finding | undefined {
  if (typeof target !== 'string' || target === '' || scope.byName.has(target) || model.isPlaceholder(pointer, target)) return undefined;
  const elsewhere = model.states.find((s) => s.name === target);
  const guess = closest(target, scope.byName.keys());
  let hint: string;
  if (elsewhere) {
    hint = `"${target}" exists in ${describeScope(elsewhere.scope)}, but transitions cannot cross a Parallel branch or Map ItemProcessor boundary.`;
  } else if (guess) {
    hint = `Did you mean "${guess}"?`;
  } else {
    hint = `States in ${describeScope(scope)}: ${[...scope.byName.keys()].slice(0, 12).join(', ')}${scope.byName.size > 12 ? ', ...' : ''}.`;
  }
  return finding('MISSING_TRANSITION_TARGET', {
    message: `${what} names "${target}", which is not a state in ${describeScope(scope)}.`,
    pointer,
    hint,
  });
}
