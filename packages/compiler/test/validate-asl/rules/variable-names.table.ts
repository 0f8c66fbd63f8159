import { variableNamesRule } from '../../../src/validate-asl/rules/variable-names-rule.js';
import { jsonataMachine, machine, pass, task } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

const assign = (block: Record<string, unknown>) => machine({ A: pass({ Assign: block }) });

ruleTable(variableNamesRule, {
  valid: [
    { name: 'identifiers', definition: assign({ orderId: 1, _private: 2, résumé: 3, 'camelCase.$': '$.x' }) },
    { name: '80 characters', definition: assign({ ['v'.repeat(80)]: 1 }) },
    { name: 'catcher and Choice rule Assign', definition: jsonataMachine({ T: task(undefined, { Catch: [{ ErrorEquals: ['States.ALL'], Assign: { err: '{% $states.errorOutput %}' }, Next: 'D' }] }), D: pass() }) },
  ],
  invalid: [
    { name: 'reserved "states"', definition: assign({ states: 1 }), code: 'INVALID_VARIABLE_NAME', pointer: '/States/A/Assign/states' },
    { name: 'starts with a digit', definition: assign({ '2fast': 1 }), code: 'INVALID_VARIABLE_NAME', pointer: '/States/A/Assign/2fast' },
    { name: 'contains a dash', definition: assign({ 'order-id': 1 }), code: 'INVALID_VARIABLE_NAME', pointer: '/States/A/Assign/order-id' },
    { name: '81 characters', definition: assign({ ['v'.repeat(81)]: 1 }), code: 'INVALID_VARIABLE_NAME', pointer: `/States/A/Assign/${'v'.repeat(81)}` },
    { name: 'in a Choice rule', definition: machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, Assign: { 'a b': 1 }, Next: 'D' }], Default: 'D' }, D: pass() }), code: 'INVALID_VARIABLE_NAME', pointer: '/States/C/Choices/0/Assign/a b' },
  ],
});
