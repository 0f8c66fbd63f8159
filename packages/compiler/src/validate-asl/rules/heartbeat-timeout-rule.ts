import { finding, type Finding } from '../finding.js';
import { joinPointer } from '../json/json-pointer.js';
import { isInteger, own } from '../model/json-value.js';
import type { AslRule } from './asl-rule.js';

/** A Task's HeartbeatSeconds must be smaller than its TimeoutSeconds. */
export const heartbeatTimeoutRule: AslRule = {
  name: 'heartbeat-timeout',
  codes: ['INVALID_HEARTBEAT'],
  check(model) {
    const findings: Finding[] = [];
    for (const state of model.states) {
      if (state.type !== 'Task' || !state.node) continue;
      const timeout = own(state.node, 'TimeoutSeconds');
      const heartbeat = own(state.node, 'HeartbeatSeconds');
      const timeoutAt = joinPointer(state.pointer, 'TimeoutSeconds');
      const heartbeatAt = joinPointer(state.pointer, 'HeartbeatSeconds');
      if (!isInteger(timeout) || !isInteger(heartbeat)) continue;
      if (model.isPlaceholder(timeoutAt, timeout) || model.isPlaceholder(heartbeatAt, heartbeat)) continue;
      if (heartbeat >= timeout) {
        findings.push(
          finding('INVALID_HEARTBEAT', {
            message: `HeartbeatSeconds (${heartbeat}) of state "${state.name}" must be less than its TimeoutSeconds (${timeout}).`,
            pointer: heartbeatAt,
            hint: 'A heartbeat is a shorter deadline between worker check-ins; lower HeartbeatSeconds or raise TimeoutSeconds.',
          }),
        );
      }
    }
    return findings;
  },
};
