import { reachabilityRule } from '../../../src/validate-asl/rules/reachability-rule.js';
import { machine, pass, task } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

ruleTable(reachabilityRule, {
  valid: [
    { name: 'reachable through Catch only', definition: machine({ T: task(undefined, { Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Recover' }] }), Recover: pass() }) },
    { name: 'loop back to the start', definition: machine({ A: pass({ End: undefined, Next: 'C' }), C: { Type: 'Choice', Choices: [{ Variable: '$.again', BooleanEquals: true, Next: 'A' }], Default: 'Done' }, Done: { Type: 'Succeed' } }) },
  ],
  invalid: [
    { name: 'orphan state', definition: machine({ A: pass(), Orphan: pass() }), code: 'UNREACHABLE_STATE', pointer: '/States/Orphan' },
    { name: 'island that only references itself', definition: machine({ A: pass(), X: pass({ End: undefined, Next: 'Y' }), Y: pass({ End: undefined, Next: 'X' }) }), code: 'UNREACHABLE_STATE', pointer: '/States/Y' },
    { name: 'unreachable inside a branch', definition: machine({ P: { Type: 'Parallel', Branches: [{ StartAt: 'B1', States: { B1: pass(), B2: pass() } }], End: true } }), code: 'UNREACHABLE_STATE', pointer: '/States/P/Branches/0/States/B2' },
  ],
});
