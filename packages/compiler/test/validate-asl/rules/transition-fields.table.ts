import { transitionFieldsRule } from '../../../src/validate-asl/rules/transition-fields-rule.js';
import { machine, pass, task } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

ruleTable(transitionFieldsRule, {
  valid: [
    { name: 'Next', definition: machine({ A: pass({ End: undefined, Next: 'B' }), B: pass() }) },
    { name: 'End false with Next', definition: machine({ A: pass({ End: false, Next: 'B' }), B: pass() }) },
  ],
  invalid: [
    { name: 'Task with neither', definition: machine({ T: task(undefined, { End: undefined }), Done: { Type: 'Succeed' } }), code: 'MISSING_NEXT_OR_END', pointer: '/States/T' },
    { name: 'End false without Next', definition: machine({ A: pass({ End: false }), Done: { Type: 'Succeed' } }), code: 'MISSING_NEXT_OR_END', pointer: '/States/A' },
    { name: 'both Next and End', definition: machine({ A: pass({ Next: 'B' }), B: pass() }), code: 'NEXT_WITH_END', pointer: '/States/A/End' },
  ],
});
