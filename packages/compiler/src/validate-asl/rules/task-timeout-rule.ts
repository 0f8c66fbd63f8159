import { finding, type Finding } from '../finding.js';
import { has, own } from '../model/json-value.js';
import type { AslRule } from './asl-rule.js';

/** Every Task should have a deadline; callbacks are covered by callback-timeout with a sharper message. */
export const taskTimeoutRule: AslRule = {
  name: 'task-timeout',
  codes: ['TASK_WITHOUT_TIMEOUT'],
  check(model) {
    const findings: Finding[] = [];
    for (const state of model.states) {
      if (state.type !== 'Task' || !state.node) continue;
      if (has(state.node, 'TimeoutSeconds') || has(state.node, 'TimeoutSecondsPath')) continue;
      const resource = own(state.node, 'Resource');
      // HTTP Tasks are capped at 60 seconds by the service; callbacks have their own rule.
      if (typeof resource === 'string' && (/:http:invoke$/.test(resource) || resource.includes('.waitForTaskToken'))) continue;
      findings.push(
        finding('TASK_WITHOUT_TIMEOUT', {
          message: `Task state "${state.name}" has no TimeoutSeconds.`,
          pointer: state.pointer,
          target: 'key',
          hint: 'Set "TimeoutSeconds" a little above the longest expected run; otherwise a hung worker can hold the execution for up to a year.',
        }),
      );
    }
    return findings;
  },
};
