import { mapLabelRule } from '../../../src/validate-asl/rules/map-label-rule.js';
import { DISTRIBUTED, machine, map, pass, scope } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

const labelled = (label: string, inner = 'I') => map(scope({ [inner]: pass() }, { ProcessorConfig: DISTRIBUTED }), { Label: label });

ruleTable(mapLabelRule, {
  valid: [
    { name: 'letters, digits, - and _', definition: machine({ M: labelled('Process-Rows_2025') }) },
    { name: '40 characters', definition: machine({ M: labelled('L'.repeat(40)) }) },
    { name: 'placeholder', definition: machine({ M: labelled('${MapLabel}') }) },
  ],
  invalid: [
    { name: 'whitespace', definition: machine({ M: labelled('my label') }), code: 'INVALID_LABEL_NAME', pointer: '/States/M/Label' },
    { name: 'special character', definition: machine({ M: labelled('rows:2025') }), code: 'INVALID_LABEL_NAME', pointer: '/States/M/Label' },
    { name: '41 characters', definition: machine({ M: labelled('L'.repeat(41)) }), code: 'INVALID_LABEL_NAME', pointer: '/States/M/Label' },
    { name: 'empty', definition: machine({ M: labelled('') }), code: 'INVALID_LABEL_NAME', pointer: '/States/M/Label' },
    { name: 'used twice', definition: machine({ A: { ...labelled('rows'), End: undefined, Next: 'B' }, B: labelled('rows', 'J') }), code: 'DUPLICATE_LABEL_NAME', pointer: '/States/B/Label' },
  ],
});
