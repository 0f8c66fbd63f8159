import { taskTimeoutRule } from '../../../src/validate-asl/rules/task-timeout-rule.js';
import { machine, task } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

ruleTable(taskTimeoutRule, {
  valid: [
    { name: 'TimeoutSeconds', definition: machine({ T: task() }) },
    { name: 'TimeoutSecondsPath', definition: machine({ T: task(undefined, { TimeoutSeconds: undefined, TimeoutSecondsPath: '$.timeout' }) }) },
    { name: 'HTTP task (service caps it at 60 s)', definition: machine({ T: task('arn:aws:states:::http:invoke', { TimeoutSeconds: undefined, Parameters: { ApiEndpoint: 'https://x', Method: 'GET', Authentication: { ConnectionArn: 'arn:aws:events:us-east-1:123456789012:connection/c/1' } } }) }) },
  ],
  invalid: [
    { name: 'no timeout', definition: machine({ T: task(undefined, { TimeoutSeconds: undefined }) }), code: 'TASK_WITHOUT_TIMEOUT', pointer: '/States/T', severity: 'warning' },
    { name: 'nested in a branch', definition: machine({ P: { Type: 'Parallel', End: true, Branches: [{ StartAt: 'T', States: { T: task(undefined, { TimeoutSeconds: undefined }) } }] } }), code: 'TASK_WITHOUT_TIMEOUT', pointer: '/States/P/Branches/0/States/T', severity: 'warning' },
  ],
});
