import { variableReferencesRule } from '../../../src/validate-asl/rules/variable-references-rule.js';
import { jsonataMachine, machine, map, pass, scope } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

ruleTable(variableReferencesRule, {
  valid: [
    { name: 'JSONPath read after Assign', definition: machine({ A: pass({ Assign: { id: 1 }, End: undefined, Next: 'B' }), B: pass({ Parameters: { 'x.$': '$id', 'y.$': 'States.Format(\'{}\', $id)' } }) }) },
    { name: 'JSONata locals, lambdas and built-ins', definition: jsonataMachine({ A: pass({ Output: '{% ($n := 2; $map($states.input.xs, function($v) { $v * $n }) ~> $sum) %}' }) }) },
    { name: 'outer variable read in a nested scope', definition: jsonataMachine({ A: pass({ Assign: { k: 1 }, End: undefined, Next: 'M' }), M: map(scope({ I: pass({ Output: '{% $k %}' }) }), { ItemsPath: undefined, Items: [1] }) }) },
    { name: 'literal that only looks like a variable', definition: machine({ A: pass({ Parameters: { price: '$amount' } }) }) },
  ],
  invalid: [
    { name: 'JSONPath read of an unknown variable', definition: machine({ A: pass({ Parameters: { 'x.$': '$orderld' } }) }), code: 'UNKNOWN_VARIABLE', pointer: '/States/A/Parameters/x.$', severity: 'warning' },
    { name: 'JSONata read of an unknown variable', definition: jsonataMachine({ A: pass({ Output: '{% $total + 1 %}' }) }), code: 'UNKNOWN_VARIABLE', pointer: '/States/A/Output', severity: 'warning' },
    { name: 'inner variable read outside', definition: jsonataMachine({ M: map(scope({ I: pass({ Assign: { inner: 1 } }) }), { ItemsPath: undefined, Items: [1], End: undefined, Next: 'After' }), After: pass({ Output: '{% $inner %}' }) }), code: 'UNKNOWN_VARIABLE', pointer: '/States/After/Output', severity: 'warning' },
  ],
});
