import { jsonataExpressionsRule } from '../../../src/validate-asl/rules/jsonata-expressions-rule.js';
import { jsonataMachine, machine, pass, task } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

ruleTable(jsonataExpressionsRule, {
  valid: [
    { name: 'expressions everywhere', definition: jsonataMachine({ T: task('arn:aws:states:::lambda:invoke', { Arguments: { FunctionName: 'f', Payload: { list: ['{% $states.input.a %}'] } }, TimeoutSeconds: '{% $states.input.t %}', Output: '{% $states.result.Payload %}', Assign: { r: '{% $states.result %}' }, Retry: [{ ErrorEquals: ['States.TaskFailed'] }] }) }) },
    { name: '$ inside predicates and lambdas', definition: jsonataMachine({ A: pass({ Output: '{% $states.input.items[$ > 2] ~> $map(function($v) { $v * 2 }) %}' }) }) },
    { name: 'errorOutput in a catcher', definition: jsonataMachine({ T: task(undefined, { Catch: [{ ErrorEquals: ['States.ALL'], Output: '{% $states.errorOutput %}', Next: 'F' }] }), F: { Type: 'Fail' } }) },
    { name: 'block with bindings', definition: jsonataMachine({ A: pass({ Output: '{% ($x := $states.input.n; $x * $x) %}' }) }) },
  ],
  invalid: [
    { name: 'syntax error', definition: jsonataMachine({ A: pass({ Output: '{% $states.input.( %}' }) }), code: 'INVALID_JSONATA', pointer: '/States/A/Output' },
    { name: 'empty expression', definition: jsonataMachine({ A: pass({ Output: { a: '{%  %}' } }) }), code: 'INVALID_JSONATA', pointer: '/States/A/Output/a' },
    { name: 'top-level $', definition: jsonataMachine({ A: pass({ Output: '{% $.orderId %}' }) }), code: 'JSONATA_ROOT_REFERENCE', pointer: '/States/A/Output' },
    { name: 'top-level $$ in a function argument', definition: jsonataMachine({ A: pass({ Output: '{% $string($$) %}' }) }), code: 'JSONATA_ROOT_REFERENCE', pointer: '/States/A/Output' },
    { name: 'unknown $states field', definition: jsonataMachine({ A: pass({ Output: '{% $states.inputs %}' }) }), code: 'INVALID_STATES_REFERENCE', pointer: '/States/A/Output' },
    { name: 'result in Arguments', definition: jsonataMachine({ T: task(undefined, { Arguments: { x: '{% $states.result %}' } }) }), code: 'INVALID_STATES_REFERENCE', pointer: '/States/T/Arguments/x', severity: 'warning' },
    { name: 'text around an expression', definition: jsonataMachine({ A: pass({ Output: 'Hello {% $states.input.name %}' }) }), code: 'JSONATA_NOT_EVALUATED', pointer: '/States/A/Output', severity: 'warning' },
    { name: 'expression in a JSONPath payload', definition: machine({ A: pass({ Parameters: { a: '{% $states.input %}' } }) }), code: 'JSONATA_NOT_EVALUATED', pointer: '/States/A/Parameters/a', severity: 'warning' },
  ],
});
