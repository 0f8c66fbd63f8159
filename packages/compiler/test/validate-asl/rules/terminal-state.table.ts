import { terminalStateRule } from '../../../src/validate-asl/rules/terminal-state-rule.js';
import { machine, pass, scope } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

const loop = { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'W' }], Default: 'W' };

ruleTable(terminalStateRule, {
  valid: [
    { name: 'Succeed is terminal', definition: machine({ S: { Type: 'Succeed' } }) },
    { name: 'Fail is terminal', definition: machine({ F: { Type: 'Fail', Error: 'E' } }) },
    { name: 'End true is terminal', definition: machine({ P: pass() }) },
  ],
  invalid: [
    { name: 'machine loops forever', definition: machine({ W: { Type: 'Wait', Seconds: 1, Next: 'C' }, C: loop }), code: 'MISSING_END_STATE', pointer: '/States' },
    { name: 'branch loops forever', definition: machine({ P: { Type: 'Parallel', Branches: [scope({ W: { Type: 'Wait', Seconds: 1, Next: 'C' }, C: loop })], End: true } }), code: 'MISSING_END_STATE', pointer: '/States/P/Branches/0/States' },
  ],
});
