import { heartbeatTimeoutRule } from '../../../src/validate-asl/rules/heartbeat-timeout-rule.js';
import { machine, task } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

const activity = 'arn:aws:states:us-east-1:123456789012:activity:review';

ruleTable(heartbeatTimeoutRule, {
  valid: [
    { name: 'heartbeat below timeout', definition: machine({ T: task(activity, { TimeoutSeconds: 600, HeartbeatSeconds: 60 }) }) },
    { name: 'heartbeat without timeout', definition: machine({ T: task(activity, { TimeoutSeconds: undefined, HeartbeatSeconds: 60 }) }) },
    { name: 'CloudFormation intrinsic timeout', definition: machine({ T: task(activity, { TimeoutSeconds: { Ref: 'Timeout' }, HeartbeatSeconds: 60 }) }) },
  ],
  invalid: [
    { name: 'equal', definition: machine({ T: task(activity, { TimeoutSeconds: 60, HeartbeatSeconds: 60 }) }), code: 'INVALID_HEARTBEAT', pointer: '/States/T/HeartbeatSeconds' },
    { name: 'greater', definition: machine({ T: task(activity, { TimeoutSeconds: 60, HeartbeatSeconds: 3600 }) }), code: 'INVALID_HEARTBEAT', pointer: '/States/T/HeartbeatSeconds' },
  ],
});
