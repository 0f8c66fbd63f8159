import { distributedMapRule } from '../../../src/validate-asl/rules/distributed-map-rule.js';
import { DISTRIBUTED, machine, map, pass, scope } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

const distributed = scope({ I: pass() }, { ProcessorConfig: DISTRIBUTED });
const inline = scope({ I: pass() });
const reader = { Resource: 'arn:aws:states:::s3:getObject', ReaderConfig: { InputType: 'CSV', CSVHeaderLocation: 'FIRST_ROW' }, Parameters: { Bucket: 'b', Key: 'k.csv' } };

ruleTable(distributedMapRule, {
  valid: [
    { name: 'full distributed map', definition: machine({ M: map(distributed, { ItemsPath: undefined, ItemReader: reader, ItemBatcher: { MaxItemsPerBatch: 10 }, ResultWriter: { Resource: 'arn:aws:states:::s3:putObject', Parameters: { Bucket: 'b', Prefix: 'p' } }, ToleratedFailurePercentage: 12.5, Label: 'Rows' }) }) },
    { name: 'listObjectsV2 reader', definition: machine({ M: map(distributed, { ItemsPath: undefined, ItemReader: { Resource: 'arn:aws:states:::s3:listObjectsV2', Parameters: { Bucket: 'b' } } }) }) },
    { name: 'inline map with plain fields', definition: machine({ M: map(inline, { MaxConcurrency: 4 }) }) },
  ],
  invalid: [
    { name: 'ItemReader on an inline map', definition: machine({ M: map(inline, { ItemsPath: undefined, ItemReader: reader }) }), code: 'DISTRIBUTED_MAP_ONLY_FIELD', pointer: '/States/M/ItemReader' },
    { name: 'Label on an inline map', definition: machine({ M: map(inline, { Label: 'x' }) }), code: 'DISTRIBUTED_MAP_ONLY_FIELD', pointer: '/States/M/Label' },
    { name: 'ToleratedFailureCount on an inline map', definition: machine({ M: map(inline, { ToleratedFailureCount: 1 }) }), code: 'DISTRIBUTED_MAP_ONLY_FIELD', pointer: '/States/M/ToleratedFailureCount' },
    { name: 'ExecutionType on an inline map', definition: machine({ M: map(scope({ I: pass() }, { ProcessorConfig: { Mode: 'INLINE', ExecutionType: 'EXPRESS' } })) }), code: 'DISTRIBUTED_MAP_ONLY_FIELD', pointer: '/States/M/ItemProcessor/ProcessorConfig/ExecutionType' },
    { name: 'distributed without ExecutionType', definition: machine({ M: map(scope({ I: pass() }, { ProcessorConfig: { Mode: 'DISTRIBUTED' } })) }), code: 'MISSING_REQUIRED_FIELD', pointer: '/States/M/ItemProcessor/ProcessorConfig' },
    { name: 'reader with a Lambda resource', definition: machine({ M: map(distributed, { ItemsPath: undefined, ItemReader: { ...reader, Resource: 'arn:aws:states:::lambda:invoke' } }) }), code: 'INVALID_RESOURCE', pointer: '/States/M/ItemReader/Resource' },
    { name: 'writer with getObject', definition: machine({ M: map(distributed, { ResultWriter: { Resource: 'arn:aws:states:::s3:getObject', Parameters: { Bucket: 'b', Prefix: 'p' } } }) }), code: 'INVALID_RESOURCE', pointer: '/States/M/ResultWriter/Resource' },
  ],
});
