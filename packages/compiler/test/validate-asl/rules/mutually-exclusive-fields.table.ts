import { mutuallyExclusiveFieldsRule } from '../../../src/validate-asl/rules/mutually-exclusive-fields-rule.js';
import { DISTRIBUTED, machine, map, pass, scope, task } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

const inner = scope({ I: pass() });

ruleTable(mutuallyExclusiveFieldsRule, {
  valid: [
    { name: 'TimeoutSecondsPath alone', definition: machine({ T: task(undefined, { TimeoutSeconds: undefined, TimeoutSecondsPath: '$.t' }) }) },
    { name: 'Wait with Timestamp', definition: machine({ W: { Type: 'Wait', Timestamp: '2030-01-01T00:00:00Z', End: true } }) },
    { name: 'Fail with ErrorPath and Cause', definition: machine({ F: { Type: 'Fail', ErrorPath: '$.e', Cause: 'c' } }) },
  ],
  invalid: [
    { name: 'TimeoutSeconds and TimeoutSecondsPath', definition: machine({ T: task(undefined, { TimeoutSecondsPath: '$.t' }) }), code: 'MUTUALLY_EXCLUSIVE_FIELDS', pointer: '/States/T/TimeoutSecondsPath' },
    { name: 'Seconds and Timestamp', definition: machine({ W: { Type: 'Wait', Seconds: 5, Timestamp: '2030-01-01T00:00:00Z', End: true } }), code: 'MUTUALLY_EXCLUSIVE_FIELDS', pointer: '/States/W/Timestamp' },
    { name: 'Error and ErrorPath', definition: machine({ F: { Type: 'Fail', Error: 'E', ErrorPath: '$.e' } }), code: 'MUTUALLY_EXCLUSIVE_FIELDS', pointer: '/States/F/ErrorPath' },
    { name: 'ItemProcessor and Iterator', definition: machine({ M: map(inner, { Iterator: scope({ J: pass() }) }) }), code: 'MUTUALLY_EXCLUSIVE_FIELDS', pointer: '/States/M/Iterator' },
    { name: 'ItemSelector and Parameters', definition: machine({ M: map(inner, { ItemSelector: {}, Parameters: {} }) }), code: 'MUTUALLY_EXCLUSIVE_FIELDS', pointer: '/States/M/Parameters' },
    { name: 'MaxItems and MaxItemsPath', definition: machine({ M: map(scope({ I: pass() }, { ProcessorConfig: DISTRIBUTED }), { ItemsPath: undefined, ItemReader: { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'JSON', MaxItems: 5, MaxItemsPath: '$.n' }, Parameters: { Bucket: 'b', Key: 'k' } } }) }), code: 'MUTUALLY_EXCLUSIVE_FIELDS', pointer: '/States/M/ItemReader/ReaderConfig/MaxItemsPath' },
    { name: 'Wait with no duration', definition: machine({ W: { Type: 'Wait', End: true } }), code: 'MISSING_REQUIRED_FIELD', pointer: '/States/W' },
    { name: 'Map with no processor', definition: machine({ M: { Type: 'Map', End: true } }), code: 'MISSING_REQUIRED_FIELD', pointer: '/States/M' },
    { name: 'ItemBatcher without a limit', definition: machine({ M: map(scope({ I: pass() }, { ProcessorConfig: DISTRIBUTED }), { ItemBatcher: { BatchInput: {} } }) }), code: 'MISSING_REQUIRED_FIELD', pointer: '/States/M/ItemBatcher' },
  ],
});
