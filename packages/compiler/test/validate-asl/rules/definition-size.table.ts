import { definitionSizeRule } from '../../../src/validate-asl/rules/definition-size-rule.js';
import { machine, pass } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

ruleTable(definitionSizeRule, {
  valid: [{ name: 'half a megabyte', definition: machine({ A: pass({ Result: 'x'.repeat(500_000) }) }) }],
  invalid: [
    { name: 'over 1 MB of ASCII', definition: machine({ A: pass({ Result: 'x'.repeat(1_048_600) }) }), code: 'DEFINITION_TOO_LARGE', pointer: '' },
    { name: 'over 1 MB in UTF-8 bytes, under in characters', definition: machine({ A: pass({ Result: 'é'.repeat(600_000) }) }), code: 'DEFINITION_TOO_LARGE', pointer: '' },
  ],
});
