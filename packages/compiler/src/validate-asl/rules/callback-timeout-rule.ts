import { finding, type Finding } from '../finding.js';
import { has } from '../model/json-value.js';
import type { AslRule } from './asl-rule.js';
import { callbackTasks } from './callback-tasks.js';

const BOUNDS = ['TimeoutSeconds', 'TimeoutSecondsPath', 'HeartbeatSeconds', 'HeartbeatSecondsPath'];

/** A `.waitForTaskToken` Task with no timeout and no heartbeat waits up to a year for a lost token. */
export const callbackTimeoutRule: AslRule = {
  name: 'callback-timeout',
  codes: ['CALLBACK_WITHOUT_TIMEOUT'],
  check(model) {
    const findings: Finding[] = [];
    for (const state of callbackTasks(model)) {
      if (BOUNDS.some((field) => has(state.node, field))) continue;
      findings.push(
        finding('CALLBACK_WITHOUT_TIMEOUT', {
          message: `Callback task "${state.name}" (.waitForTaskToken) has neither TimeoutSeconds nor HeartbeatSeconds.`,
          pointer: state.pointer,
          target: 'key',
          hint: 'If the token is lost, the execution waits for a year. Set "TimeoutSeconds" (e.g. 86400 for a day-long approval) and catch States.Timeout.',
        }),
      );
    }
    return findings;
  },
};
