import { stateNamesRule } from '../../../src/validate-asl/rules/state-names-rule.js';
import { machine, map, pass, scope } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

const eighty = 'x'.repeat(80);
const eightyOne = 'x'.repeat(81);

ruleTable(stateNamesRule, {
  valid: [
    { name: '80 characters', definition: machine({ [eighty]: pass() }) },
    { name: '80 non-BMP characters count as 80', definition: machine({ ['😀'.repeat(80)]: pass() }) },
    { name: 'spaces and punctuation', definition: machine({ 'Send e-mail (retry #2)': pass() }) },
  ],
  invalid: [
    { name: '81 characters', definition: machine({ [eightyOne]: pass() }), code: 'INVALID_STATE_NAME', pointer: `/States/${eightyOne}` },
    { name: 'control character', definition: machine({ 'tab\there': pass() }), code: 'INVALID_STATE_NAME', pointer: '/States/tab\there' },
    { name: 'empty name', definition: { StartAt: '', States: { '': pass() } }, code: 'INVALID_STATE_NAME', pointer: '/States/' },
    {
      name: 'same name in two branches',
      definition: machine({ P: { Type: 'Parallel', Branches: [scope({ Log: pass() }), scope({ Log: pass() })], End: true } }),
      code: 'DUPLICATE_STATE_NAME',
      pointer: '/States/P/Branches/1/States/Log',
    },
    { name: 'inner state named like the outer one', definition: machine({ M: map(scope({ M: pass() })) }), code: 'DUPLICATE_STATE_NAME', pointer: '/States/M' },
  ],
});
