import { finding, type Finding } from '../finding.js';
import { joinPointer } from '../json/json-pointer.js';
import { containsPlaceholder } from '../json/placeholders.js';
import { own, walkValues } from '../model/json-value.js';
import type { AslRule } from './asl-rule.js';
import { callbackTasks } from './callback-tasks.js';

/** A `.waitForTaskToken` Task must hand the token to whoever resumes the execution. */
export const callbackTokenRule: AslRule = {
  name: 'callback-token',
  codes: ['TASK_TOKEN_NOT_PASSED'],
  check(model) {
    const findings: Finding[] = [];
    for (const state of callbackTasks(model)) {
      let passed = false;
      let templated = false;
      for (const field of ['Parameters', 'Arguments']) {
        walkValues(own(state.node, field), joinPointer(state.pointer, field), (value, path) => {
          if (model.isPlaceholder(path.pointer(), value) || containsPlaceholder(value)) templated = true;
          if (typeof value === 'string' && /Task\.Token/.test(value)) passed = true;
        });
      }
      if (passed || templated) continue;
      findings.push(
        finding('TASK_TOKEN_NOT_PASSED', {
          message: `Callback task "${state.name}" does not pass the task token in its request.`,
          pointer: joinPointer(state.pointer, 'Resource'),
          hint: 'Include the token so the worker can call SendTaskSuccess: "TaskToken.$": "$$.Task.Token" (JSONPath) or "TaskToken": "{% $states.context.Task.Token %}" (JSONata).',
        }),
      );
    }
    return findings;
  },
};
