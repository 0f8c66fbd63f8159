import { finding, type Finding } from '../finding.js';
import { joinPointer } from '../json/json-pointer.js';
import type { AslModel, AslScope, AslState, AslTransition } from '../model/asl-model.js';
import { describeScope, suggestStateName } from '../model/model-queries.js';
import type { AslRule } from './asl-rule.js';

/** StartAt, Next, Default, Choices[].Next and Catch[].Next must name a state of the same scope. */
export const transitionTargetsRule: AslRule = {
  name: 'transition-targets',
  codes: ['MISSING_TRANSITION_TARGET'],
  check(model) {
    const findings: Finding[] = [];
    // First state of each name anywhere in the machine: one map, not a scan per dangling target.
    const firstByName = new Map<string, AslState>();
    for (const state of model.states) if (!firstByName.has(state.name)) firstByName.set(state.name, state);
    for (const scope of model.scopes) {
      if (!scope.node) continue;
      const startAt = joinPointer(scope.pointer, 'StartAt');
      if (scope.states.length > 0) {
        const problem = missing(model, firstByName, scope, scope.startAt, startAt, undefined, undefined);
        if (problem) findings.push(problem);
      }
      for (const state of scope.states) {
        for (const transition of state.transitions) {
          const problem = missing(model, firstByName, scope, transition.target, transition.pointer, state, transition.via);
          if (problem) findings.push(problem);
        }
      }
    }
    return findings;
  },
};

/** `state` and `via`: the transition's state and kind, undefined for the scope's StartAt (named only in a finding). */
function missing(
  model: AslModel,
  firstByName: ReadonlyMap<string, AslState>,
  scope: AslScope,
  target: unknown,
  pointer: string,
  state: AslState | undefined,
  via: AslTransition['via'] | undefined,
): Finding | undefined {
  if (typeof target !== 'string' || target === '' || scope.byName.has(target) || model.isPlaceholder(pointer, target)) return undefined;
  const label = via === 'Choice' ? 'Choice rule Next' : via === 'Catch' ? 'Catch Next' : via;
  const what = state ? `${label} of state "${state.name}"` : 'StartAt';
  const elsewhere = firstByName.get(target);
  const guess = suggestStateName(scope, target);
  let hint: string;
  if (elsewhere) {
    hint = `"${target}" exists in ${describeScope(elsewhere.scope)}, but transitions cannot cross a Parallel branch or Map ItemProcessor boundary.`;
  } else if (guess) {
    hint = `Did you mean "${guess}"?`;
  } else {
    hint = `States in ${describeScope(scope)}: ${firstNames(scope)}.`;
  }
  return finding('MISSING_TRANSITION_TARGET', {
    message: `${what} names "${target}", which is not a state in ${describeScope(scope)}.`,
    pointer,
    hint,
  });
}

/** The first dozen state names of a scope; taken without copying every name, since it is built per dangling target. */
function firstNames(scope: AslScope): string {
  const names: string[] = [];
  for (const name of scope.byName.keys()) {
    if (names.length === 12) return `${names.join(', ')}, ...`;
    names.push(name);
  }
  return names.join(', ');
}
