import { finding, type Finding } from '../finding.js';
import { has } from '../model/json-value.js';
import { objectField } from '../model/model-queries.js';
import type { AslRule } from './asl-rule.js';

/** A Task's Credentials must name the role to assume. */
export const credentialsRule: AslRule = {
  name: 'credentials',
  codes: ['INVALID_CREDENTIALS'],
  check(model) {
    const findings: Finding[] = [];
    for (const state of model.states) {
      const credentials = objectField(state.node, 'Credentials', state.pointer);
      if (!credentials || has(credentials.value, 'RoleArn') || has(credentials.value, 'RoleArn.$')) continue;
      findings.push(
        finding('INVALID_CREDENTIALS', {
          message: `Credentials of state "${state.name}" has no RoleArn.`,
          pointer: credentials.pointer,
          target: 'key',
          hint: 'Add "RoleArn": "arn:aws:iam::<account-id>:role/<name>" (or "RoleArn.$" with a path in JSONPath, "{% ... %}" in JSONata).',
        }),
      );
    }
    return findings;
  },
};
