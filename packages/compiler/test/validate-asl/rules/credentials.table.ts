import { credentialsRule } from '../../../src/validate-asl/rules/credentials-rule.js';
import { jsonataMachine, machine, task } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

ruleTable(credentialsRule, {
  valid: [
    { name: 'RoleArn', definition: machine({ T: task(undefined, { Credentials: { RoleArn: 'arn:aws:iam::123456789012:role/r' } }) }) },
    { name: 'RoleArn.$', definition: machine({ T: task(undefined, { Credentials: { 'RoleArn.$': '$.role' } }) }) },
    { name: 'JSONata RoleArn', definition: jsonataMachine({ T: task(undefined, { Credentials: { RoleArn: '{% $states.input.role %}' } }) }) },
  ],
  invalid: [{ name: 'empty Credentials', definition: machine({ T: task(undefined, { Credentials: {} }) }), code: 'INVALID_CREDENTIALS', pointer: '/States/T/Credentials' }],
});
