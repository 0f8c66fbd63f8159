import { errorEqualsRule } from '../../../src/validate-asl/rules/error-equals-rule.js';
import { machine, task } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

const failed = { Failed: { Type: 'Fail' } };

ruleTable(errorEqualsRule, {
  valid: [
    { name: 'States.ALL alone and last', definition: machine({ T: task(undefined, { Retry: [{ ErrorEquals: ['States.Timeout'] }, { ErrorEquals: ['States.ALL'] }] }) }) },
    { name: 'HTTP status errors', definition: machine({ T: task('arn:aws:states:::http:invoke', { Retry: [{ ErrorEquals: ['States.Http.StatusCode.429', 'States.Http.Socket'] }] }) }) },
    { name: 'custom errors outside States.', definition: machine({ T: task(undefined, { Catch: [{ ErrorEquals: ['MyApp.Conflict'], Next: 'Failed' }] }), ...failed }) },
  ],
  invalid: [
    { name: 'States.ALL not last in Retry', definition: machine({ T: task(undefined, { Retry: [{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['States.Timeout'] }] }) }), code: 'INVALID_STATES_ALL', pointer: '/States/T/Retry/0/ErrorEquals/0' },
    { name: 'States.ALL with other names in Catch', definition: machine({ T: task(undefined, { Catch: [{ ErrorEquals: ['Oops', 'States.ALL'], Next: 'Failed' }] }), ...failed }), code: 'INVALID_STATES_ALL', pointer: '/States/T/Catch/0/ErrorEquals/1' },
    { name: 'misspelt States. error', definition: machine({ T: task(undefined, { Retry: [{ ErrorEquals: ['States.TimeOut'] }] }) }), code: 'UNKNOWN_STATES_ERROR', pointer: '/States/T/Retry/0/ErrorEquals/0', severity: 'warning' },
  ],
});
