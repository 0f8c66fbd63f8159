import { finding, type Finding } from '../finding.js';
import { joinPointer } from '../json/json-pointer.js';
import { own } from '../model/json-value.js';
import { classifyTaskResource } from '../resources/resource-classifier.js';
import type { AslRule } from './asl-rule.js';

/** Task resources are known integrations with a pattern the service supports, Lambda ARNs or activity ARNs. */
export const taskResourceRule: AslRule = {
  name: 'task-resource',
  codes: ['INVALID_RESOURCE'],
  check(model) {
    const findings: Finding[] = [];
    for (const state of model.states) {
      if (state.type !== 'Task' || !state.node) continue;
      const resource = own(state.node, 'Resource');
      if (typeof resource !== 'string' || resource === '') continue;
      const verdict = classifyTaskResource(resource);
      if (!verdict.ok) {
        findings.push(
          finding('INVALID_RESOURCE', {
            message: `${verdict.message.replace(/\.$/, '')} (state "${state.name}").`,
            pointer: joinPointer(state.pointer, 'Resource'),
            hint: verdict.hint,
          }),
        );
      }
    }
    return findings;
  },
};
