import { queryLanguageNestingRule } from '../../../src/validate-asl/rules/query-language-nesting-rule.js';
import { jsonataMachine, machine, map, pass, scope } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

ruleTable(queryLanguageNestingRule, {
  valid: [
    { name: 'explicit JSONata inside JSONata', definition: jsonataMachine({ A: pass({ QueryLanguage: 'JSONata' }) }) },
    { name: 'JSONPath machine with a JSONPath state', definition: machine({ A: pass({ QueryLanguage: 'JSONPath' }) }) },
  ],
  invalid: [
    { name: 'JSONPath state in a JSONata machine', definition: jsonataMachine({ A: pass({ QueryLanguage: 'JSONPath' }) }), code: 'JSONPATH_STATE_IN_JSONATA_MACHINE', pointer: '/States/A/QueryLanguage' },
    { name: 'JSONPath state deep in a JSONata machine', definition: jsonataMachine({ M: map(scope({ I: pass({ QueryLanguage: 'JSONPath' }) }), { ItemsPath: undefined }) }), code: 'JSONPATH_STATE_IN_JSONATA_MACHINE', pointer: '/States/M/ItemProcessor/States/I/QueryLanguage' },
  ],
});
