import { elements, field, isRecord, staticString, valueField, type Field } from '../asl-fields.js';
import { lambdaArns, parseArn, parseStateMachineArn, pascal, queueArn, sidWord, tableArn } from '../arns.js';
import type { IamBuilder } from '../builder.js';
import { REASON } from '../grants.js';
import { invokeModel } from './bedrock.js';
import { dynamodbTableNeed, eventsPutEvents } from './optimized.js';
import { s3Objects } from './states.js';
import { joinPointer } from '../../validate-asl/json/json-pointer.js';

/** SDK service names (as in `aws-sdk:<service>:…`) whose IAM prefix differs. */
const IAM_PREFIX: Record<string, string> = {
  sfn: 'states',
  sesv2: 'ses',
  bedrockruntime: 'bedrock',
  bedrockagentruntime: 'bedrock',
  bedrockagent: 'bedrock',
  bedrockagentcore: 'bedrock-agentcore',
  bedrockagentcorecontrol: 'bedrock-agentcore',
  cloudwatchlogs: 'logs',
  eventbridge: 'events',
  acmpca: 'acm-pca',
  elasticloadbalancingv2: 'elasticloadbalancing',
};

/** SDK calls authorized by an IAM action of another name. */
const ACTION_OF: Record<string, readonly string[]> = {
  'lambda:invoke': ['lambda:InvokeFunction'],
  's3:listObjectsV2': ['s3:ListBucket'],
  's3:listObjects': ['s3:ListBucket'],
  's3:listObjectVersions': ['s3:ListBucketVersions'],
  's3:headObject': ['s3:GetObject'],
  's3:headBucket': ['s3:ListBucket'],
  's3:deleteObjects': ['s3:DeleteObject'],
  'bedrockruntime:converse': ['bedrock:InvokeModel'],
  'bedrockruntime:converseStream': ['bedrock:InvokeModelWithResponseStream'],
};

/** The IAM actions an `aws-sdk:<service>:<action>` Task needs. */
export function sdkActions(service: string, action: string): readonly string[] {
  return ACTION_OF[`${service}:${action}`] ?? [`${IAM_PREFIX[service] ?? service}:${pascal(action)}`];
}

interface SdkCall {
  readonly b: IamBuilder;
  readonly sid: string;
  readonly service: string;
  readonly action: string;
  readonly actions: readonly string[];
  readonly args: Field;
}

type Deriver = (call: SdkCall) => boolean;

/**
 * `aws-sdk:<service>:<action>`: the IAM action on the resource its parameters name, for the services below. Any
 * other call, or one whose resource these rules cannot find, needs allowWildcards.
 */
export function awsSdk(b: IamBuilder, service: string, action: string, args: Field, resourcePointer: string): void {
  const iamService = IAM_PREFIX[service] ?? service;
  const call: SdkCall = { b, sid: `CallAwsSdk${sidWord(service)}`, service, action, actions: sdkActions(service, action), args };
  const derive = DERIVERS[iamService];
  if (derive?.(call)) return;
  const { partition: p, region: r, account: a } = b.env;
  b.underivable('stateMachine', call.actions, iamService, `aws-sdk:${service}:${action} call`, resourcePointer, `arn:${p}:${iamService}:${r}:${a}:RESOURCE`);
}

const DERIVERS: Record<string, Deriver> = {
  s3: (c) => {
    const bucket = field(c.args, 'Bucket');
    if (bucket.kind === 'missing') return false;
    if (c.action === 'copyObject') {
      copySource(c);
      s3Objects(c.b, bucket, field(c.args, 'Key'), 'object', ['s3:PutObject'], c.sid, 'copy destination');
      return true;
    }
    if (c.action === 'deleteObjects') {
      const objects = field(field(c.args, 'Delete'), 'Objects');
      const list = objects.kind === 'missing' ? [] : elements(objects);
      if (list.length === 0) return false;
      // A dynamic element is a whole `{Key, VersionId}` object: nothing of its key is known.
      for (const o of list) s3Objects(c.b, bucket, o.kind === 'dynamic' ? { kind: 'dynamic', pointer: o.pointer, prefix: '' } : field(o, 'Key'), 'object', c.actions, c.sid, 'deleted object');
      return true;
    }
    const key = field(c.args, 'Key');
    s3Objects(c.b, bucket, key, key.kind === 'missing' ? 'bucket' : 'object', c.actions, c.sid, `S3 ${c.action} ${key.kind === 'missing' ? 'bucket' : 'object'}`);
    return true;
  },
  dynamodb: (c) => {
    const table = field(c.args, 'TableName');
    if (table.kind !== 'missing') {
      c.b.need(dynamodbTableNeed(c.b, c.actions[0]!, table, c.sid));
      // Query and Scan on an index are authorized on the index ARN.
      const indexField = field(c.args, 'IndexName');
      const index = staticString(indexField);
      const arn = tableArn(staticString(table) ?? '', c.b.env);
      if (index !== undefined && arn !== undefined) c.b.grant('stateMachine', c.sid, c.actions, [`${arn}/index/${index}`]);
      if (indexField.kind === 'dynamic') {
        c.b.dynamic('stateMachine', { actions: c.actions, service: 'dynamodb', what: 'DynamoDB index', example: `${arn ?? 'TABLE_ARN'}/index/*` }, indexField.pointer, arn ? `${arn}/index/` : '');
      }
      return true;
    }
    const requests = field(c.args, 'RequestItems');
    if (requests.kind === 'dynamic') {
      c.b.need(dynamodbTableNeed(c.b, c.actions[0]!, requests, c.sid));
      return true;
    }
    if (requests.kind === 'static' && isRecord(requests.value)) {
      for (const name of Object.keys(requests.value)) c.b.need(dynamodbTableNeed(c.b, c.actions[0]!, valueField(name, joinPointer(requests.pointer, name)), c.sid));
      return true;
    }
    return false;
  },
  sqs: (c) => {
    const url = field(c.args, 'QueueUrl');
    if (url.kind === 'missing') return false;
    c.b.need({
      sid: c.sid,
      actions: c.actions,
      service: 'sqs',
      field: url,
      what: 'SQS queue',
      derive: (v) => {
        const arn = queueArn(v, c.b.env);
        return arn ? { resources: [arn] } : undefined;
      },
      example: `arn:${c.b.env.partition}:sqs:${c.b.env.region}:${c.b.env.account}:PREFIX-*`,
    });
    return true;
  },
  sns: (c) => arnField(c, ['TopicArn', 'TargetArn', 'ResourceArn'], 'sns', 'SNS topic'),
  lambda: (c) => {
    const fn = field(c.args, 'FunctionName');
    if (fn.kind === 'missing') return false;
    c.b.need({
      sid: c.sid,
      actions: c.actions,
      service: 'lambda',
      field: fn,
      what: 'Lambda function',
      derive: (v) => {
        const arns = lambdaArns(v, c.b.env);
        return arns && { resources: arns.resources, ...(arns.wildcard ? { reason: REASON.lambdaQualifiers } : {}) };
      },
      example: `arn:${c.b.env.partition}:lambda:${c.b.env.region}:${c.b.env.account}:function:PREFIX-*`,
    });
    return true;
  },
  states: (c) => {
    const sm = field(c.args, 'StateMachineArn');
    if (sm.kind !== 'missing') {
      c.b.need({
        sid: c.sid,
        actions: c.actions,
        service: 'states',
        field: sm,
        what: 'state machine',
        derive: (v) => (parseStateMachineArn(v) ? { resources: [v] } : undefined),
        example: `arn:${c.b.env.partition}:states:${c.b.env.region}:${c.b.env.account}:stateMachine:PREFIX-*`,
        resourceType: 'stateMachine:',
      });
      return true;
    }
    return arnField(c, ['ExecutionArn'], 'states', 'execution');
  },
  secretsmanager: (c) => {
    const secret = field(c.args, 'SecretId');
    if (secret.kind === 'missing') return false;
    const { partition: p, region: r, account: a } = c.b.env;
    c.b.need({
      sid: c.sid,
      actions: c.actions,
      service: 'secretsmanager',
      field: secret,
      what: 'secret',
      derive: (v) => {
        if (v.startsWith('arn:')) return parseArn(v)?.service === 'secretsmanager' ? { resources: [v] } : undefined;
        return /^[A-Za-z0-9/_+=.@-]{1,512}$/.test(v) ? { resources: [`arn:${p}:secretsmanager:${r}:${a}:secret:${v}-??????`], reason: REASON.secretSuffix } : undefined;
      },
      example: `arn:${p}:secretsmanager:${r}:${a}:secret:PREFIX/*`,
    });
    return true;
  },
  ssm: (c) => {
    // Only the parameter APIs name parameters; `Name` means a document, an association… elsewhere.
    if (!/Parameters?$/.test(c.action)) return false;
    const { partition: p, region: r, account: a } = c.b.env;
    const names = field(c.args, 'Names');
    const list = names.kind === 'missing' ? [field(c.args, 'Name')] : elements(names);
    if (list.length === 0 || list.some((f) => f.kind === 'missing')) return false;
    for (const name of list) {
      c.b.need({
        sid: c.sid,
        actions: c.actions,
        service: 'ssm',
        field: name,
        what: 'SSM parameter',
        derive: (v) => (v.startsWith('arn:') ? (parseArn(v)?.service === 'ssm' ? { resources: [v] } : undefined) : { resources: [`arn:${p}:ssm:${r}:${a}:parameter/${v.replace(/^\//, '')}`] }),
        example: `arn:${p}:ssm:${r}:${a}:parameter/PREFIX/*`,
      });
    }
    return true;
  },
  events: (c) => {
    if (c.action !== 'putEvents') return false;
    eventsPutEvents(c.b, c.args, c.sid);
    return true;
  },
  bedrock: (c) => {
    if (c.service === 'bedrockruntime' && field(c.args, 'ModelId').kind !== 'missing') {
      invokeModel(c.b, c.args, c.actions[0]);
      return true;
    }
    if (c.service === 'bedrockagentruntime' && c.action === 'invokeAgent') {
      const agent = staticString(field(c.args, 'AgentId'));
      const alias = staticString(field(c.args, 'AgentAliasId'));
      const { partition: p, region: r, account: a } = c.b.env;
      if (agent === undefined || alias === undefined) return false;
      c.b.grant('stateMachine', c.sid, c.actions, [`arn:${p}:bedrock:${r}:${a}:agent-alias/${agent}/${alias}`]);
      return true;
    }
    return false;
  },
  ses: (c) => {
    if (c.action !== 'sendEmail') return false;
    const { partition: p, region: r, account: a } = c.b.env;
    const identityArn = field(c.args, 'FromEmailAddressIdentityArn');
    const from = field(c.args, 'FromEmailAddress');
    const example = `arn:${p}:ses:${r}:${a}:identity/example.com`;
    if (identityArn.kind !== 'missing') {
      c.b.need({ sid: c.sid, actions: c.actions, service: 'ses', field: identityArn, what: 'SES identity', derive: (v) => (parseArn(v)?.service === 'ses' ? { resources: [v] } : undefined), example });
    } else {
      // SES authorizes the identity the sender verified: the address itself or its domain, so both are named.
      c.b.need({
        sid: c.sid,
        actions: c.actions,
        service: 'ses',
        field: from,
        what: 'sender address',
        derive: (v) => {
          const address = /<([^<>]+)>\s*$/.exec(v)?.[1] ?? v.trim();
          const domain = /^[^@\s]+@([A-Za-z0-9.-]+)$/.exec(address)?.[1];
          return domain ? { resources: [`arn:${p}:ses:${r}:${a}:identity/${address}`, `arn:${p}:ses:${r}:${a}:identity/${domain}`] } : undefined;
        },
        example,
      });
    }
    const configSet = field(c.args, 'ConfigurationSetName');
    if (configSet.kind !== 'missing') {
      c.b.need({ sid: c.sid, actions: c.actions, service: 'ses', field: configSet, what: 'SES configuration set', derive: (v) => ({ resources: [`arn:${p}:ses:${r}:${a}:configuration-set/${v}`] }), example: `arn:${p}:ses:${r}:${a}:configuration-set/*` });
    }
    return true;
  },
};

/** The first of `keys` present, as an ARN of `service`. */
function arnField(c: SdkCall, keys: readonly string[], service: string, what: string): boolean {
  const present = keys.map((k) => field(c.args, k)).find((f) => f.kind !== 'missing');
  if (!present) return false;
  c.b.need({
    sid: c.sid,
    actions: c.actions,
    service,
    field: present,
    what,
    derive: (v) => (parseArn(v)?.service === service ? { resources: [v] } : undefined),
    example: `arn:${c.b.env.partition}:${service}:${c.b.env.region}:${c.b.env.account}:PREFIX-*`,
    prefixArn: (prefix) => (prefix.startsWith('arn:') ? prefix : undefined),
  });
  return true;
}

/** `CopySource` is `bucket/key` (URL-encoded, maybe with `?versionId=`): GetObject on the source object. */
function copySource(c: SdkCall): void {
  const source = field(c.args, 'CopySource');
  const value = staticString(source);
  if (value === undefined) {
    c.b.dynamic('stateMachine', { actions: ['s3:GetObject'], service: 's3', what: 'copy source', example: `arn:${c.b.env.partition}:s3:::BUCKET/PREFIX/*` }, source.pointer, '');
    return;
  }
  const decoded = decodeURIComponent(value.replace(/^\//, '').split('?')[0]!);
  const slash = decoded.indexOf('/');
  if (slash <= 0 || slash === decoded.length - 1) {
    c.b.error('iam-invalid-resource', `CopySource '${value}' is not 'bucket/key'.`, source.pointer);
    return;
  }
  c.b.grant('stateMachine', c.sid, ['s3:GetObject'], [`arn:${c.b.env.partition}:s3:::${decoded}`]);
}
