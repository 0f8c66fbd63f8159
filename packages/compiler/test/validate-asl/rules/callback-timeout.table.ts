import { callbackTimeoutRule } from '../../../src/validate-asl/rules/callback-timeout-rule.js';
import { machine, task } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

const callback = (extra: Record<string, unknown>) =>
  machine({ Wait: task('arn:aws:states:::sqs:sendMessage.waitForTaskToken', { Parameters: { QueueUrl: 'q', MessageBody: { 'token.$': '$$.Task.Token' } }, ...extra }) });

ruleTable(callbackTimeoutRule, {
  valid: [
    { name: 'with TimeoutSeconds', definition: callback({ TimeoutSeconds: 3600 }) },
    { name: 'with HeartbeatSeconds only', definition: callback({ TimeoutSeconds: undefined, HeartbeatSeconds: 600 }) },
  ],
  invalid: [{ name: 'neither', definition: callback({ TimeoutSeconds: undefined }), code: 'CALLBACK_WITHOUT_TIMEOUT', pointer: '/States/Wait', severity: 'warning' }],
});
