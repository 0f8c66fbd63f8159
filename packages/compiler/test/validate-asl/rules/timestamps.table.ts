import { timestampsRule } from '../../../src/validate-asl/rules/timestamps-rule.js';
import { jsonataMachine, machine, pass } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

const wait = (timestamp: unknown, build = machine) => build({ W: { Type: 'Wait', Timestamp: timestamp, End: true } });

ruleTable(timestampsRule, {
  valid: [
    { name: 'Z', definition: wait('2030-02-28T23:59:59Z') },
    { name: 'fraction and offset', definition: wait('2030-02-28T23:59:59.123456+05:30') },
    { name: 'leap day', definition: wait('2028-02-29T00:00:00Z') },
    { name: 'JSONata expression', definition: wait('{% $states.input.at %}', jsonataMachine) },
    { name: 'JSONata state, literal', definition: wait('2030-02-28T23:59:59Z', jsonataMachine) },
    { name: 'JSONata constant expression', definition: wait("{% '2030-02-28T23:59:59Z' %}", jsonataMachine) },
    { name: 'Choice operand', definition: machine({ C: { Type: 'Choice', Choices: [{ Variable: '$.t', TimestampEquals: '2030-01-01T00:00:00Z', Next: 'D' }], Default: 'D' }, D: pass() }) },
  ],
  invalid: [
    { name: 'lowercase t and z', definition: wait('2030-02-28t23:59:59z'), code: 'INVALID_TIMESTAMP', pointer: '/States/W/Timestamp' },
    { name: 'date only', definition: wait('2030-02-28'), code: 'INVALID_TIMESTAMP', pointer: '/States/W/Timestamp' },
    { name: 'no such day', definition: wait('2029-02-29T00:00:00Z'), code: 'INVALID_TIMESTAMP', pointer: '/States/W/Timestamp' },
    { name: 'missing zone', definition: wait('2030-02-28T23:59:59'), code: 'INVALID_TIMESTAMP', pointer: '/States/W/Timestamp' },
    { name: 'JSONata state, date only', definition: wait('2030-02-28', jsonataMachine), code: 'INVALID_TIMESTAMP', pointer: '/States/W/Timestamp' },
    { name: 'JSONata state, words', definition: wait('tomorrow', jsonataMachine), code: 'INVALID_TIMESTAMP', pointer: '/States/W/Timestamp' },
    { name: 'JSONata constant expression, no zone', definition: wait("{% '2030-02-28T23:59:59' %}", jsonataMachine), code: 'INVALID_TIMESTAMP', pointer: '/States/W/Timestamp' },
    { name: 'JSONata constant expression, a number', definition: wait('{% 1767225600 %}', jsonataMachine), code: 'INVALID_TIMESTAMP', pointer: '/States/W/Timestamp' },
    { name: 'JSONPath state does not evaluate {% %}', definition: wait("{% '2030-02-28T23:59:59Z' %}"), code: 'INVALID_TIMESTAMP', pointer: '/States/W/Timestamp' },
    { name: 'nested Choice operand', definition: machine({ C: { Type: 'Choice', Choices: [{ Not: { Variable: '$.t', TimestampLessThan: 'tomorrow' }, Next: 'D' }], Default: 'D' }, D: pass() }), code: 'INVALID_TIMESTAMP', pointer: '/States/C/Choices/0/Not/TimestampLessThan' },
  ],
});
