import { choiceStructureRule } from '../../../src/validate-asl/rules/choice-structure-rule.js';
import { jsonataMachine, machine, pass } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

const choice = (rule: Record<string, unknown>, build = machine) => build({ C: { Type: 'Choice', Choices: [rule], Default: 'D' }, D: pass() });

ruleTable(choiceStructureRule, {
  valid: [
    { name: 'Variable with one operator', definition: choice({ Variable: '$.a', StringEquals: 'x', Next: 'D' }) },
    { name: 'nested And/Or/Not', definition: choice({ And: [{ Variable: '$.a', IsPresent: true }, { Or: [{ Not: { Variable: '$.b', IsNull: true } }] }], Next: 'D' }) },
    { name: 'JSONata Condition', definition: choice({ Condition: '{% $states.input.ok %}', Next: 'D' }, jsonataMachine) },
  ],
  invalid: [
    { name: 'no Next on a top-level rule', definition: choice({ Variable: '$.a', IsPresent: true }), code: 'INVALID_CHOICE_RULE', pointer: '/States/C/Choices/0' },
    { name: 'Next on a nested rule', definition: choice({ Not: { Variable: '$.a', IsPresent: true, Next: 'D' }, Next: 'D' }), code: 'INVALID_CHOICE_RULE', pointer: '/States/C/Choices/0/Not/Next' },
    { name: 'two operators', definition: choice({ Variable: '$.a', IsPresent: true, IsNull: false, Next: 'D' }), code: 'INVALID_CHOICE_RULE', pointer: '/States/C/Choices/0' },
    { name: 'no operator', definition: choice({ Variable: '$.a', Next: 'D' }), code: 'INVALID_CHOICE_RULE', pointer: '/States/C/Choices/0' },
    { name: 'operator without Variable', definition: choice({ NumericEquals: 1, Next: 'D' }), code: 'INVALID_CHOICE_RULE', pointer: '/States/C/Choices/0' },
    { name: 'Variable on And', definition: choice({ Variable: '$.a', And: [{ Variable: '$.a', IsPresent: true }], Next: 'D' }), code: 'INVALID_CHOICE_RULE', pointer: '/States/C/Choices/0/Variable' },
    { name: 'JSONata rule without Condition', definition: choice({ Next: 'D' }, jsonataMachine), code: 'INVALID_CHOICE_RULE', pointer: '/States/C/Choices/0' },
  ],
});
