import { pathFieldsRule } from '../../../src/validate-asl/rules/path-fields-rule.js';
import { machine, map, pass, scope } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

const choice = (rule: Record<string, unknown>) => machine({ C: { Type: 'Choice', Choices: [{ ...rule, Next: 'D' }], Default: 'D' }, D: pass() });

ruleTable(pathFieldsRule, {
  valid: [
    { name: 'InputPath and OutputPath forms', definition: machine({ A: pass({ InputPath: '$.detail', OutputPath: '$..items[?(@.ok)]' }) }) },
    { name: 'ResultPath into the input', definition: machine({ A: pass({ ResultPath: "$.result['a b'][0]" }) }) },
    { name: 'ItemsPath from the context object', definition: machine({ M: map(scope({ I: pass() }), { ItemsPath: '$$.Execution.Input.items' }) }) },
    { name: 'Choice Variable reading a variable', definition: choice({ Variable: '$order.total', NumericGreaterThan: 5 }) },
    { name: 'CausePath with a string intrinsic', definition: machine({ F: { Type: 'Fail', CausePath: "States.Format('bad {}', $.id)" } }) },
  ],
  invalid: [
    { name: 'InputPath without $', definition: machine({ A: pass({ InputPath: 'detail' }) }), code: 'INVALID_JSONPATH', pointer: '/States/A/InputPath' },
    { name: 'OutputPath ending in a dot', definition: machine({ A: pass({ OutputPath: '$.a.' }) }), code: 'INVALID_JSONPATH', pointer: '/States/A/OutputPath' },
    { name: 'ResultPath into the context', definition: machine({ A: pass({ ResultPath: '$$.Execution' }) }), code: 'INVALID_JSONPATH', pointer: '/States/A/ResultPath' },
    { name: 'ResultPath into a variable', definition: machine({ A: pass({ ResultPath: '$total' }) }), code: 'INVALID_JSONPATH', pointer: '/States/A/ResultPath' },
    { name: 'ResultPath with a filter', definition: machine({ A: pass({ ResultPath: '$.a[?(@.x)]' }) }), code: 'INVALID_JSONPATH', pointer: '/States/A/ResultPath' },
    { name: 'ItemsPath with a wildcard', definition: machine({ M: map(scope({ I: pass() }), { ItemsPath: '$.a[*].b' }) }), code: 'INVALID_JSONPATH', pointer: '/States/M/ItemsPath' },
    { name: 'Catch ResultPath', definition: machine({ A: { Type: 'Task', Resource: 'arn:aws:states:::aws-sdk:sts:getCallerIdentity', TimeoutSeconds: 5, Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: 'error', Next: 'D' }], End: true }, D: pass() }), code: 'INVALID_JSONPATH', pointer: '/States/A/Catch/0/ResultPath' },
    { name: 'Choice Variable', definition: choice({ Variable: '$.a[', IsPresent: true }), code: 'INVALID_JSONPATH', pointer: '/States/C/Choices/0/Variable' },
    { name: 'Choice *Path operand', definition: choice({ Variable: '$.a', StringEqualsPath: 'b' }), code: 'INVALID_JSONPATH', pointer: '/States/C/Choices/0/StringEqualsPath' },
    { name: 'nested Choice rule', definition: choice({ Not: { Variable: '$ .a', IsNull: true } }), code: 'INVALID_JSONPATH', pointer: '/States/C/Choices/0/Not/Variable' },
    { name: 'SecondsPath', definition: machine({ W: { Type: 'Wait', SecondsPath: '$.[', End: true } }), code: 'INVALID_JSONPATH', pointer: '/States/W/SecondsPath' },
    { name: 'CausePath with an undefined escape', definition: machine({ F: { Type: 'Fail', CausePath: "States.Format('failed:\\t{}', $.why)" } }), code: 'INVALID_INTRINSIC_ESCAPE', pointer: '/States/F/CausePath' },
    { name: 'ErrorPath with a non-string intrinsic', definition: machine({ F: { Type: 'Fail', ErrorPath: 'States.ArrayLength($.a)' } }), code: 'INVALID_INTRINSIC', pointer: '/States/F/ErrorPath' },
  ],
});
