import { finding, type Finding } from '../finding.js';
import { joinPointer } from '../json/json-pointer.js';
import { has, own } from '../model/json-value.js';
import type { AslRule } from './asl-rule.js';

const NEEDS_TRANSITION = new Set(['Task', 'Pass', 'Wait', 'Parallel', 'Map']);

/** Task, Pass, Wait, Parallel and Map states need exactly one of Next and "End": true. */
export const transitionFieldsRule: AslRule = {
  name: 'transition-fields',
  codes: ['MISSING_NEXT_OR_END', 'NEXT_WITH_END'],
  check(model) {
    const findings: Finding[] = [];
    for (const state of model.states) {
      if (!state.node || !state.type || !NEEDS_TRANSITION.has(state.type)) continue;
      const next = has(state.node, 'Next');
      const end = own(state.node, 'End') === true;
      if (!next && !end) {
        findings.push(
          finding('MISSING_NEXT_OR_END', {
            message: `${state.type} state "${state.name}" has neither "Next" nor "End": true.`,
            pointer: state.pointer,
            target: 'key',
            hint: 'Add "Next": "<state name>" to continue, or "End": true to finish the execution here.',
          }),
        );
      } else if (next && end) {
        findings.push(
          finding('NEXT_WITH_END', {
            message: `State "${state.name}" has both "Next" and "End": true.`,
            pointer: joinPointer(state.pointer, 'End'),
            target: 'key',
            hint: 'Keep "Next" to continue, or remove it and keep "End": true to finish.',
          }),
        );
      }
    }
    return findings;
  },
};
