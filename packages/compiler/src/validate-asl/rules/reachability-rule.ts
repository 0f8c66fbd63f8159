import { finding, type Finding } from '../finding.js';
import { describeScope, likelyTypoTargets } from '../model/model-queries.js';
import type { AslRule } from './asl-rule.js';

/** Every state must be reachable from its scope's StartAt through Next, Default, Choice and Catch. */
export const reachabilityRule: AslRule = {
  name: 'reachability',
  codes: ['UNREACHABLE_STATE'],
  check(model) {
    const findings: Finding[] = [];
    for (const scope of model.scopes) {
      const start = typeof scope.startAt === 'string' ? scope.byName.get(scope.startAt) : undefined;
      if (!start) continue;
      // A placeholder transition may lead anywhere in the scope, so nothing can be called unreachable.
      const templated = scope.states.some((s) => s.transitions.some((t) => model.isPlaceholder(t.pointer, t.target)));
      if (templated) continue;
      const reached = new Set([start.name]);
      const queue = [start];
      while (queue.length > 0) {
        const state = queue.pop()!;
        for (const { target } of state.transitions) {
          if (typeof target !== 'string' || reached.has(target)) continue;
          const next = scope.byName.get(target);
          if (next) {
            reached.add(target);
            queue.push(next);
          }
        }
      }
      const typos = likelyTypoTargets(model, scope);
      for (const state of scope.states) {
        if (reached.has(state.name) || typos.has(state.name)) continue;
        findings.push(
          finding('UNREACHABLE_STATE', {
            message: `State "${state.name}" cannot be reached from StartAt "${start.name}" in ${describeScope(scope)}.`,
            pointer: state.pointer,
            target: 'key',
            hint: 'Point a Next, Default, Choice rule or Catch at it, or delete it. Step Functions rejects unreachable states.',
          }),
        );
      }
    }
    return findings;
  },
};
