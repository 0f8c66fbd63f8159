import type { Environment } from '../config/project-config.js';
import { s3BucketArn, type ArnEnv } from './arns.js';
import type { IamBuilder, Offload } from './builder.js';
import { REASON, SID } from './grants.js';

/** CloudWatch Logs vended delivery, which Step Functions logging uses (asl-facts §4, Logs). */
const LOG_DELIVERY = [
  'logs:CreateLogDelivery',
  'logs:DeleteLogDelivery',
  'logs:DescribeLogGroups',
  'logs:DescribeResourcePolicies',
  'logs:GetLogDelivery',
  'logs:ListLogDeliveries',
  'logs:PutLogEvents',
  'logs:PutResourcePolicy',
  'logs:UpdateLogDelivery',
];
const XRAY = ['xray:GetSamplingRules', 'xray:GetSamplingTargets', 'xray:PutTelemetryRecords', 'xray:PutTraceSegments'];

/** State machine settings the ASL does not show: logging, tracing, its own encryption key. Each only when configured. */
export function stateMachineSettings(b: IamBuilder, env: Environment): void {
  if (env.logging && env.logging.level !== 'OFF') b.grant('stateMachine', SID.logDelivery, LOG_DELIVERY, ['*'], REASON.logDelivery);
  if (env.tracing) b.grant('stateMachine', SID.xray, XRAY, ['*'], REASON.xray);
  if (env.kms?.stateMachine) b.grant('stateMachine', SID.kmsWorkflow, ['kms:Decrypt', 'kms:GenerateDataKey'], [env.kms.stateMachine]);
}

/**
 * Customer managed keys of resources the roles already use: a role that reads an offloaded object needs
 * `kms:Decrypt` on the bucket's key, one that writes needs `kms:GenerateDataKey` too (and Decrypt, for multipart
 * uploads), a ResultWriter `kms:Encrypt` as well (asl-facts §4, Distributed Map); a role that publishes to an
 * encrypted topic needs `kms:GenerateDataKey` and `kms:Decrypt` on the topic's key. Derived from the grants made so
 * far, so a key is granted to exactly the roles that touch its resource. Call after every other grant.
 */
export function keysOfUsedResources(b: IamBuilder, env: Environment, arnEnv: ArnEnv, offload: Offload | undefined): void {
  const offloadKey = env.kms?.offload;
  const objects = offload ? `${s3BucketArn(offload.bucket, arnEnv.partition)}/` : undefined;
  const topicKeys = Object.entries(env.kms?.topics ?? {}).map(([logical, key]) => ({ topic: topicArn(env.topics[logical]!, arnEnv), key }));
  for (const grant of [...b.grants.grants]) {
    if (offloadKey && objects && grant.resources.some((r) => r.startsWith(objects))) {
      const writes = grant.actions.includes('s3:PutObject');
      const reads = grant.actions.includes('s3:GetObject');
      const actions = [...(writes || reads ? ['kms:Decrypt'] : []), ...(grant.sid === SID.mapWrite ? ['kms:Encrypt'] : []), ...(writes ? ['kms:GenerateDataKey'] : [])];
      if (actions.length > 0) b.grant(grant.role, SID.kmsOffload, actions, [offloadKey]);
    }
    if (grant.actions.includes('sns:Publish')) {
      const keys = topicKeys.filter((t) => grant.resources.some((r) => globMatch(r, t.topic))).map((t) => t.key);
      if (keys.length > 0) b.grant(grant.role, SID.kmsTopics, ['kms:Decrypt', 'kms:GenerateDataKey'], keys);
    }
  }
}

function topicArn(configured: string, env: ArnEnv): string {
  return configured.startsWith('arn:') ? configured : `arn:${env.partition}:sns:${env.region}:${env.account}:${configured}`;
}

/** IAM's resource matching: `*` any run of characters, `?` one character. */
function globMatch(pattern: string, value: string): boolean {
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replaceAll('*', '.*').replaceAll('?', '.');
  return new RegExp(`^${source}$`, 's').test(value);
}
