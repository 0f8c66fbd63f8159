import { variableScopeRule } from '../../../src/validate-asl/rules/variable-scope-rule.js';
import { DISTRIBUTED, machine, map, pass, scope } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

const outer = pass({ Assign: { total: 0 }, End: undefined, Next: 'Fan' });

ruleTable(variableScopeRule, {
  valid: [
    { name: 'inner scope reads but does not assign', definition: machine({ Init: outer, Fan: { Type: 'Parallel', Branches: [scope({ Use: pass({ Assign: { local: 1 } }) })], End: true } }) },
    { name: 'sibling branches may reuse a name', definition: machine({ Fan: { Type: 'Parallel', Branches: [scope({ A: pass({ Assign: { x: 1 } }) }), scope({ B: pass({ Assign: { x: 2 } }) })], End: true } }) },
    { name: 'distributed map children are separate executions', definition: machine({ Init: pass({ Assign: { n: 0 }, End: undefined, Next: 'M' }), M: map(scope({ I: pass({ Assign: { n: 1 } }) }, { ProcessorConfig: DISTRIBUTED })) }) },
    {
      name: 'a distributed map nested in a distributed child starts executions of its own',
      definition: machine({ M: map(scope({ Set: pass({ Assign: { n: 1 }, End: undefined, Next: 'Inner' }), Inner: map(scope({ I: pass({ Assign: { n: 2 } }) }, { ProcessorConfig: DISTRIBUTED })) }, { ProcessorConfig: DISTRIBUTED })) }),
    },
  ],
  invalid: [
    { name: 'branch assigns an outer name', definition: machine({ Init: outer, Fan: { Type: 'Parallel', Branches: [scope({ Add: pass({ Assign: { total: 1 } }) })], End: true } }), code: 'VARIABLE_SCOPE', pointer: '/States/Fan/Branches/0/States/Add/Assign/total' },
    { name: 'map iteration assigns an outer name', definition: machine({ Init: pass({ Assign: { n: 0 }, End: undefined, Next: 'M' }), M: map(scope({ I: pass({ Assign: { 'n.$': '$.x' } }) })) }), code: 'VARIABLE_SCOPE', pointer: '/States/M/ItemProcessor/States/I/Assign/n.$' },
    {
      name: 'an inline map inside a distributed child assigns a name of that child',
      definition: machine({ M: map(scope({ Set: pass({ Assign: { n: 1 }, End: undefined, Next: 'Inner' }), Inner: map(scope({ I: pass({ Assign: { n: 2 } }) })) }, { ProcessorConfig: DISTRIBUTED })) }),
      code: 'VARIABLE_SCOPE',
      pointer: '/States/M/ItemProcessor/States/Inner/ItemProcessor/States/I/Assign/n',
    },
    { name: 'grandchild assigns a grandparent name', definition: machine({ Init: outer, Fan: { Type: 'Parallel', Branches: [scope({ M: map(scope({ I: pass({ Assign: { total: 2 } }) })) })], End: true } }), code: 'VARIABLE_SCOPE', pointer: '/States/Fan/Branches/0/States/M/ItemProcessor/States/I/Assign/total' },
  ],
});
