import { transitionTargetsRule } from '../../../src/validate-asl/rules/transition-targets-rule.js';
import { machine, map, pass, scope, task } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

ruleTable(transitionTargetsRule, {
  valid: [
    { name: 'Next, Default, Choice and Catch targets in scope', definition: machine({
      A: task(undefined, { End: undefined, Next: 'B', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }] }),
      B: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'Done' }], Default: 'Failed' },
      Done: { Type: 'Succeed' },
      Failed: { Type: 'Fail' },
    }) },
    { name: 'nested scopes use their own names', definition: machine({ M: map(scope({ Inner: pass({ End: undefined, Next: 'Inner2' }), Inner2: pass() })) }) },
    { name: 'a placeholder target', definition: machine({ A: pass({ End: undefined, Next: '${NextState}' }), B: pass() }) },
  ],
  invalid: [
    { name: 'Next typo', definition: machine({ A: pass({ End: undefined, Next: 'b' }), B: pass() }), code: 'MISSING_TRANSITION_TARGET', pointer: '/States/A/Next' },
    { name: 'StartAt names nothing', definition: { StartAt: 'Nope', States: { A: pass() } }, code: 'MISSING_TRANSITION_TARGET', pointer: '/StartAt' },
    { name: 'Default names nothing', definition: machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsNull: true, Next: 'D' }], Default: 'Gone' }, D: pass() }), code: 'MISSING_TRANSITION_TARGET', pointer: '/States/C/Default' },
    { name: 'Choice rule names nothing', definition: machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsNull: true, Next: 'Gone' }], Default: 'D' }, D: pass() }), code: 'MISSING_TRANSITION_TARGET', pointer: '/States/C/Choices/0/Next' },
    { name: 'Catch names nothing', definition: machine({ T: task(undefined, { Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Gone' }] }) }), code: 'MISSING_TRANSITION_TARGET', pointer: '/States/T/Catch/0/Next' },
    { name: 'branch StartAt names an outer state', definition: machine({ P: { Type: 'Parallel', Branches: [{ StartAt: 'P', States: { X: pass() } }], End: true } }), code: 'MISSING_TRANSITION_TARGET', pointer: '/States/P/Branches/0/StartAt' },
    { name: 'item processor jumps out', definition: machine({ M: map(scope({ I: pass({ End: undefined, Next: 'After' }) }), { End: undefined, Next: 'After' }), After: pass() }), code: 'MISSING_TRANSITION_TARGET', pointer: '/States/M/ItemProcessor/States/I/Next' },
  ],
});
