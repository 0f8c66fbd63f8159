import { queryLanguageFieldsRule } from '../../../src/validate-asl/rules/query-language-fields-rule.js';
import { DISTRIBUTED, jsonataMachine, machine, map, pass, scope, task } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

ruleTable(queryLanguageFieldsRule, {
  valid: [
    { name: 'JSONata state in a JSONPath machine', definition: machine({ A: pass({ QueryLanguage: 'JSONata', Output: '{% $states.input %}' }) }) },
    { name: 'Assign in both languages', definition: machine({ A: pass({ Assign: { a: 1 }, Next: 'B', End: undefined }), B: pass({ QueryLanguage: 'JSONata', Assign: { b: '{% $a %}' } }) }) },
    {
      name: 'JSONata reader arguments',
      definition: jsonataMachine({ M: map(scope({ I: pass() }, { ProcessorConfig: DISTRIBUTED }), { ItemsPath: undefined, ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON' }, Arguments: { Bucket: 'b', Key: 'k' } } }) }),
    },
  ],
  invalid: [
    { name: 'Parameters in JSONata', definition: jsonataMachine({ T: task(undefined, { Parameters: {} }) }), code: 'JSONPATH_FIELD_IN_JSONATA_STATE', pointer: '/States/T/Parameters' },
    { name: 'ResultPath in JSONata', definition: jsonataMachine({ A: pass({ ResultPath: '$.x' }) }), code: 'JSONPATH_FIELD_IN_JSONATA_STATE', pointer: '/States/A/ResultPath' },
    { name: 'ItemsPath in JSONata', definition: jsonataMachine({ M: map(scope({ I: pass() })) }), code: 'JSONPATH_FIELD_IN_JSONATA_STATE', pointer: '/States/M/ItemsPath' },
    { name: '.$ key in Arguments', definition: jsonataMachine({ T: task(undefined, { Arguments: { nested: { 'a.$': '$.a' } } }) }), code: 'JSONPATH_FIELD_IN_JSONATA_STATE', pointer: '/States/T/Arguments/nested/a.$' },
    { name: 'Variable in a JSONata Choice', definition: jsonataMachine({ C: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Variable: '$.a', Next: 'D' }], Default: 'D' }, D: pass() }), code: 'JSONPATH_FIELD_IN_JSONATA_STATE', pointer: '/States/C/Choices/0/Variable' },
    { name: 'catcher ResultPath in JSONata', definition: jsonataMachine({ T: task(undefined, { Catch: [{ ErrorEquals: ['States.ALL'], ResultPath: '$.e', Next: 'D' }] }), D: pass() }), code: 'JSONPATH_FIELD_IN_JSONATA_STATE', pointer: '/States/T/Catch/0/ResultPath' },
    { name: 'Output in JSONPath', definition: machine({ A: pass({ Output: {} }) }), code: 'JSONATA_FIELD_IN_JSONPATH_STATE', pointer: '/States/A/Output' },
    { name: 'Arguments in JSONPath', definition: machine({ T: task(undefined, { Arguments: {} }) }), code: 'JSONATA_FIELD_IN_JSONPATH_STATE', pointer: '/States/T/Arguments' },
    { name: 'Items in JSONPath', definition: machine({ M: map(scope({ I: pass() }), { ItemsPath: undefined, Items: [1, 2] }) }), code: 'JSONATA_FIELD_IN_JSONPATH_STATE', pointer: '/States/M/Items' },
    { name: 'JSONata TimeoutSeconds in JSONPath', definition: machine({ T: task(undefined, { TimeoutSeconds: '{% 5 %}' }) }), code: 'JSONATA_FIELD_IN_JSONPATH_STATE', pointer: '/States/T/TimeoutSeconds' },
    { name: 'Condition in JSONPath', definition: machine({ C: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'D' }], Default: 'D' }, D: pass() }), code: 'JSONATA_FIELD_IN_JSONPATH_STATE', pointer: '/States/C/Choices/0/Condition' },
  ],
});
