import { joinPointer } from '../../validate-asl/json/json-pointer.js';
import { argumentsOf, field, isRecord, staticString, type Field, type StateAt } from '../asl-fields.js';
import { isS3Bucket, parseStateMachineArn, prefixPath, s3BucketArn, s3ObjectArn } from '../arns.js';
import type { IamBuilder } from '../builder.js';
import { REASON, SID } from '../grants.js';
import type { TaskScope } from './task-scope.js';

const SYNC_RULE = 'StepFunctionsGetEventsForStepFunctionsExecutionRule';

/**
 * Nested `states:startExecution`: StartExecution on the child; `.sync`/`.sync:2` also describe and stop its
 * executions and manage the events rule Step Functions uses to learn they finished (asl-facts §4).
 */
export function startExecution(b: IamBuilder, args: Field, sync: boolean): void {
  const { partition: p, region: r, account: a } = b.env;
  const sm = field(args, 'StateMachineArn');
  b.need({
    sid: SID.startChild,
    actions: ['states:StartExecution'],
    service: 'states',
    field: sm,
    what: 'child state machine',
    derive: (v) => (parseStateMachineArn(v) ? { resources: [v] } : undefined),
    example: `arn:${p}:states:${r}:${a}:stateMachine:PREFIX-*`,
    prefixArn: (prefix) => (prefix.startsWith('arn:') ? prefix : undefined),
    resourceType: 'stateMachine:',
  });
  if (!sync) return;
  const child = staticString(sm);
  const parsed = child === undefined ? undefined : parseStateMachineArn(child);
  if (parsed) {
    b.grant('stateMachine', SID.manageChild, ['states:DescribeExecution', 'states:StopExecution'], [`arn:${parsed.partition}:states:${parsed.region}:${parsed.account}:execution:${parsed.name}:*`], REASON.childExecutions);
  } else if (sm.kind === 'dynamic') {
    b.dynamic('stateMachine', { actions: ['states:DescribeExecution', 'states:StopExecution'], service: 'states', what: 'child executions', example: `arn:${p}:states:${r}:${a}:execution:PREFIX-*:*`, resourceType: 'execution:' }, sm.pointer, '');
  }
  b.grant('stateMachine', SID.syncRule, ['events:DescribeRule', 'events:PutRule', 'events:PutTargets'], [`arn:${p}:events:${r}:${a}:rule/${SYNC_RULE}`]);
}

/** A Map state in DISTRIBUTED mode starts child executions of this very state machine (asl-facts §4). */
export function distributedMap(b: IamBuilder, at: StateAt, scope: TaskScope): void {
  const processor = at.state['ItemProcessor'] ?? at.state['Iterator'];
  const config = isRecord(processor) ? processor['ProcessorConfig'] : undefined;
  if (isRecord(config) && config['Mode'] === 'DISTRIBUTED') {
    const { partition: p, region: r, account: a } = b.env;
    const own = parseStateMachineArn(scope.stateMachine.arn);
    const executions = own ? `arn:${own.partition}:states:${own.region}:${own.account}:execution:${own.name}/*` : `arn:${p}:states:${r}:${a}:execution:${scope.stateMachine.name}/*`;
    b.grant('stateMachine', SID.mapStart, ['states:StartExecution'], [scope.stateMachine.arn]);
    b.grant('stateMachine', SID.mapManage, ['states:DescribeExecution', 'states:StopExecution'], [executions], REASON.mapChildren);
  }
  itemReader(b, at);
  resultWriter(b, at);
}

function itemReader(b: IamBuilder, at: StateAt): void {
  const reader = at.state['ItemReader'];
  if (!isRecord(reader)) return;
  const pointer = joinPointer(at.pointer, 'ItemReader');
  const api = s3Api(reader['Resource']);
  const args = argumentsOf(reader, pointer);
  const bucket = field(args, 'Bucket');
  if (api === 'getObject') {
    s3Objects(b, bucket, field(args, 'Key'), 'object', ['s3:GetObject'], SID.mapRead, 'ItemReader object');
    const config = reader['ReaderConfig'];
    if (isRecord(config) && config['InputType'] === 'MANIFEST') {
      b.underivable('stateMachine', ['s3:GetObject'], 's3', 'objects an S3 inventory manifest lists', joinPointer(pointer, 'ReaderConfig', 'InputType'), `arn:${b.env.partition}:s3:::BUCKET/PREFIX/*`);
    }
  } else if (api === 'listObjectsV2') {
    s3Objects(b, bucket, { kind: 'missing', pointer: '' }, 'bucket', ['s3:ListBucket'], SID.mapList, 'ItemReader bucket');
  } else {
    b.error('iam-unsupported-integration', `ItemReader resource ${JSON.stringify(reader['Resource'])} is not one agentflow knows the permissions of.`, joinPointer(pointer, 'Resource'), 'Use arn:aws:states:::s3:getObject or arn:aws:states:::s3:listObjectsV2.');
  }
}

function resultWriter(b: IamBuilder, at: StateAt): void {
  const writer = at.state['ResultWriter'];
  if (!isRecord(writer) || writer['Resource'] === undefined) return;
  const pointer = joinPointer(at.pointer, 'ResultWriter');
  if (s3Api(writer['Resource']) !== 'putObject') {
    b.error('iam-unsupported-integration', `ResultWriter resource ${JSON.stringify(writer['Resource'])} is not one agentflow knows the permissions of.`, joinPointer(pointer, 'Resource'), 'Use arn:aws:states:::s3:putObject.');
    return;
  }
  const args = argumentsOf(writer, pointer);
  // Results are uploaded in parts, so the multipart actions come with PutObject (DG/iam-policies-eg-dist-map).
  s3Objects(b, field(args, 'Bucket'), field(args, 'Prefix'), 'prefix', ['s3:AbortMultipartUpload', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:PutObject'], SID.mapWrite, 'ResultWriter prefix', REASON.mapResults);
}

function s3Api(resource: unknown): string | undefined {
  if (typeof resource !== 'string') return undefined;
  return /^arn:[a-z-]+:states:::s3:([A-Za-z0-9]+)$/.exec(resource)?.[1];
}

/**
 * An S3 bucket + key (or key prefix) pair: an object ARN, `bucket/prefix/*`, or the bucket ARN. A dynamic part keeps
 * what is literal before it, so a dynamic key under a fixed bucket can still fall under the offload prefix.
 */
export function s3Objects(b: IamBuilder, bucket: Field, key: Field, mode: 'object' | 'prefix' | 'bucket', actions: readonly string[], sid: string, what: string, reason?: string): void {
  const { partition } = b.env;
  const example = `arn:${partition}:s3:::BUCKET/PREFIX/*`;
  const name = staticString(bucket);
  if (bucket.kind === 'missing') {
    b.error('iam-missing-resource', `The ${what} has no Bucket, so no S3 ARN can be granted.`, bucket.pointer);
    return;
  }
  if (bucket.kind === 'dynamic') {
    b.dynamic('stateMachine', { actions, service: 's3', what: `${what} bucket`, example }, bucket.pointer, '');
    return;
  }
  if (name === undefined || !isS3Bucket(name)) {
    b.error('iam-invalid-resource', `${JSON.stringify(bucket.value)} is not an S3 bucket name.`, bucket.pointer);
    return;
  }
  if (mode === 'bucket') {
    b.grant('stateMachine', sid, actions, [s3BucketArn(name, partition)]);
    return;
  }
  if (key.kind === 'dynamic') {
    b.dynamic('stateMachine', { actions, service: 's3', what, example }, key.pointer, s3ObjectArn(name, key.prefix, partition));
    return;
  }
  const keyValue = key.kind === 'missing' ? undefined : staticString(key);
  if (mode === 'object') {
    if (keyValue === undefined || keyValue === '') {
      b.error(key.kind === 'missing' ? 'iam-missing-resource' : 'iam-invalid-resource', `The ${what} needs a literal Key.`, key.pointer);
      return;
    }
    b.grant('stateMachine', sid, actions, [s3ObjectArn(name, keyValue, partition)]);
    return;
  }
  if (key.kind === 'static' && keyValue === undefined) {
    b.error('iam-invalid-resource', `The ${what} Prefix is not a string.`, key.pointer);
    return;
  }
  b.grant('stateMachine', sid, actions, [`${s3ObjectArn(name, prefixPath(keyValue ?? ''), partition)}*`], reason ?? REASON.mapResults);
}
