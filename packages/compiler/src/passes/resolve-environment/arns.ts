import type { ResourceExpr } from '@agentflow/dsl';
import type { Environment } from '../../config/project-config.js';
import { stateMachineArnFor } from '../../config/state-machine-name.js';

/** Builds the ARN (or name, or URL) a resource field needs; values that are already ARNs pass through. */
export function arnFor(env: Environment, type: ResourceExpr['type'], form: ResourceExpr['form'], value: string): string {
  const { partition: p, region: r, account: a } = env;
  const isArn = value.startsWith('arn:');
  switch (type) {
    case 'sns-topic':
      return isArn ? value : `arn:${p}:sns:${r}:${a}:${value}`;
    case 'lambda-function':
      return isArn ? value : `arn:${p}:lambda:${r}:${a}:function:${value}`;
    case 'event-bus':
      return isArn ? value : `arn:${p}:events:${r}:${a}:event-bus/${value}`;
    case 'dynamodb-table':
      if (form === 'name') return isArn ? value.slice(value.indexOf('/') + 1) : value;
      return isArn ? value : `arn:${p}:dynamodb:${r}:${a}:table/${value}`;
    case 'state-machine':
      // `value` is the workflow's name; the environment's pattern names its state machine.
      return stateMachineArnFor(env, value);
    case 'sqs-queue': {
      if (value.startsWith('https://')) return value;
      const name = isArn ? value.split(':').pop()! : value;
      const domain = p === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
      return `https://sqs.${r}.${domain}/${a}/${name}`;
    }
  }
}
