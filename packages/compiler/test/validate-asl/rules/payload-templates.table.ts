import { payloadTemplatesRule } from '../../../src/validate-asl/rules/payload-templates-rule.js';
import { machine, pass, task } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

const params = (parameters: unknown) => machine({ A: pass({ Parameters: parameters }) });

ruleTable(payloadTemplatesRule, {
  valid: [
    { name: 'paths, context and variables', definition: params({ 'a.$': '$.a', 'b.$': '$$.Execution.Id', 'c.$': '$', nested: { 'd.$': '$.d' }, list: [{ 'e.$': '$.e' }] }) },
    { name: 'intrinsics with escapes', definition: params({ 'a.$': "States.Format('it\\'s {} \\{ok\\}', $.x)", 'b.$': 'States.Array()' }) },
    { name: 'literal values next to templates', definition: params({ price: '$100', 'total.$': '$.total' }) },
    { name: 'Pass Result is literal', definition: machine({ A: pass({ Result: { 'not.$': 'evaluated at all' } }) }) },
    { name: 'placeholder value', definition: params({ 'a.$': '${PathFromTemplate}' }) },
    { name: 'Assign in JSONPath', definition: machine({ A: pass({ Assign: { 'x.$': '$.x', y: 1 } }) }) },
  ],
  invalid: [
    { name: 'literal in a .$ key', definition: params({ 'bucket.$': 'my-bucket' }), code: 'INVALID_JSONPATH', pointer: '/States/A/Parameters/bucket.$' },
    { name: 'number in a .$ key', definition: params({ 'n.$': 5 }), code: 'INVALID_JSONPATH', pointer: '/States/A/Parameters/n.$' },
    { name: 'bad path deep inside', definition: params({ a: [{ b: { 'c.$': '$.x[' } }] }), code: 'INVALID_JSONPATH', pointer: '/States/A/Parameters/a/0/b/c.$' },
    { name: 'ResultSelector', definition: machine({ T: task(undefined, { ResultSelector: { 'x.$': 'States.Nope()' } }) }), code: 'INVALID_INTRINSIC', pointer: '/States/T/ResultSelector/x.$' },
    { name: 'Assign value', definition: machine({ A: pass({ Assign: { 'x.$': 'States.MathAdd($.a)' } }) }), code: 'INVALID_INTRINSIC', pointer: '/States/A/Assign/x.$' },
    { name: 'catcher Assign', definition: machine({ T: task(undefined, { Catch: [{ ErrorEquals: ['States.ALL'], Assign: { 'e.$': '$.Error]' }, Next: 'F' }] }), F: { Type: 'Fail' } }), code: 'INVALID_JSONPATH', pointer: '/States/T/Catch/0/Assign/e.$' },
    { name: 'undefined escape in an intrinsic string', definition: params({ 'a.$': "States.Format('line\\n{}', $.x)" }), code: 'INVALID_INTRINSIC_ESCAPE', pointer: '/States/A/Parameters/a.$' },
    { name: 'undefined escape in a nested intrinsic', definition: params({ 'a.$': "States.Array(States.Format('C:\\Temp'))" }), code: 'INVALID_INTRINSIC_ESCAPE', pointer: '/States/A/Parameters/a.$' },
    { name: 'undefined escape in an Assign intrinsic', definition: machine({ A: pass({ Assign: { 'x.$': "States.Format('\\d{}', $.a)" } }) }), code: 'INVALID_INTRINSIC_ESCAPE', pointer: '/States/A/Assign/x.$' },
    { name: 'x and x.$ together', definition: params({ id: 'fixed', 'id.$': '$.id' }), code: 'DUPLICATE_FIELD_AFTER_EVALUATION', pointer: '/States/A/Parameters/id.$' },
  ],
});
