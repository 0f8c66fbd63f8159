import { elements, field, staticString, type Field } from '../asl-fields.js';
import { eventBusArn, lambdaArns, parseArn, pascal, queueArn, tableArn } from '../arns.js';
import type { IamBuilder } from '../builder.js';
import { REASON, SID } from '../grants.js';
import type { TaskScope } from './task-scope.js';

/**
 * `lambda:invoke[.waitForTaskToken]`: the function ARN and `ARN:*`; the workflow's agent adapter and approval responder
 * are told apart by their ARNs, and their payloads reported (the agents, the reviewers' topic).
 */
export function lambdaInvoke(b: IamBuilder, args: Field, scope: TaskScope): void {
  const fn = field(args, 'FunctionName');
  const value = staticString(fn);
  const resources = value === undefined ? undefined : lambdaArns(value, b.env)?.resources;
  const isAdapter = sameResources(resources, scope.adapterResources);
  const isResponder = !isAdapter && sameResources(resources, scope.responderResources);
  b.need({
    sid: isAdapter ? SID.invokeAgentAdapter : isResponder ? SID.invokeApprovalResponder : SID.invokeLambda,
    actions: ['lambda:InvokeFunction'],
    service: 'lambda',
    field: fn,
    what: 'Lambda function',
    derive: (v) => {
      const arns = lambdaArns(v, b.env);
      // The responder's note also says why the execution role invokes it rather than publishing to the topic.
      const reason = isResponder ? `${REASON.lambdaQualifiers} ${REASON.invokeApprovalResponder}` : REASON.lambdaQualifiers;
      return arns && { resources: arns.resources, ...(arns.wildcard ? { reason } : {}) };
    },
    example: `arn:${b.env.partition}:lambda:${b.env.region}:${b.env.account}:function:PREFIX-*`,
    prefixArn: (p) => (p.startsWith('arn:') ? p : /^\d/.test(p) ? undefined : `arn:${b.env.partition}:lambda:${b.env.region}:${b.env.account}:function:${p}`),
  });
  if (isAdapter) scope.adapterCall(field(args, 'Payload'));
  if (isResponder) scope.approvalCall(field(args, 'Payload'));
}

function sameResources(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((r, i) => r === b[i]);
}

/**
 * The approval responder notifies the reviewers on the request's `topicArn`, so its role, not the execution role,
 * publishes there (docs/iam.md, "Approval responder").
 */
export function notifyReviewers(b: IamBuilder, payload: Field): void {
  b.need({
    role: 'approvalResponder',
    sid: SID.notifyReviewers,
    actions: ['sns:Publish'],
    service: 'sns',
    field: field(payload, 'topicArn'),
    what: 'SNS topic',
    derive: (v) => (parseArn(v)?.service === 'sns' ? { resources: [v] } : undefined),
    example: `arn:${b.env.partition}:sns:${b.env.region}:${b.env.account}:PREFIX-*`,
    prefixArn: (p) => (p.startsWith('arn:') ? p : undefined),
  });
}

/** `sns:publish[.waitForTaskToken]`: the topic (or target) ARN; SMS to a phone number has no ARN. */
export function snsPublish(b: IamBuilder, args: Field, callback: boolean): void {
  const sid = callback ? SID.publishApproval : SID.publishSns;
  const topic = field(args, 'TopicArn');
  const target = field(args, 'TargetArn');
  const phone = field(args, 'PhoneNumber');
  if (topic.kind === 'missing' && target.kind === 'missing' && phone.kind !== 'missing') {
    // No service on purpose: no ARN pattern can authorize SMS, only listing the action itself in allowWildcards.
    b.dynamic('stateMachine', { actions: ['sns:Publish'], service: '', what: 'SMS recipient', example: 'sns:Publish' }, phone.pointer, '', {
      code: 'iam-unscopable-resource',
      message: `SNS authorizes SMS to a phone number (at ${phone.pointer}) only on "*"`,
      hint: "Publish to a topic instead, or accept Resource \"*\" for this action by adding 'sns:Publish' to allowWildcards.",
    });
    return;
  }
  b.need({
    sid,
    actions: ['sns:Publish'],
    service: 'sns',
    field: topic.kind === 'missing' && target.kind !== 'missing' ? target : topic,
    what: 'SNS topic',
    derive: (v) => (parseArn(v)?.service === 'sns' ? { resources: [v] } : undefined),
    example: `arn:${b.env.partition}:sns:${b.env.region}:${b.env.account}:PREFIX-*`,
    prefixArn: (p) => (p.startsWith('arn:') ? p : undefined),
  });
}

export function sqsSendMessage(b: IamBuilder, args: Field): void {
  b.need({
    sid: SID.sendSqs,
    actions: ['sqs:SendMessage'],
    service: 'sqs',
    field: field(args, 'QueueUrl'),
    what: 'SQS queue',
    derive: (v) => {
      const arn = queueArn(v, b.env);
      return arn ? { resources: [arn] } : undefined;
    },
    example: `arn:${b.env.partition}:sqs:${b.env.region}:${b.env.account}:PREFIX-*`,
  });
}

/** DynamoDB's optimized item APIs: `dynamodb:GetItem` etc. on `table/NAME`. */
export function dynamodbItem(b: IamBuilder, api: string, args: Field): void {
  b.need(dynamodbTableNeed(b, `dynamodb:${pascal(api)}`, field(args, 'TableName'), SID.dynamodbItems));
}

export function dynamodbTableNeed(b: IamBuilder, action: string, table: Field, sid: string) {
  return {
    sid,
    actions: [action],
    service: 'dynamodb',
    field: table,
    what: 'DynamoDB table',
    derive: (v: string) => {
      const arn = tableArn(v, b.env);
      return arn ? { resources: [arn] } : undefined;
    },
    example: `arn:${b.env.partition}:dynamodb:${b.env.region}:${b.env.account}:table/PREFIX-*`,
    prefixArn: (p: string) => (p.startsWith('arn:') ? p : `arn:${b.env.partition}:dynamodb:${b.env.region}:${b.env.account}:table/${p}`),
  };
}

/** `events:putEvents`: each entry's bus, the account's default bus when an entry names none. */
export function eventsPutEvents(b: IamBuilder, args: Field, sid: string = SID.putEvents): void {
  const entries = field(args, 'Entries');
  if (entries.kind === 'missing') {
    b.error('iam-missing-resource', 'putEvents has no Entries, so no event bus can be granted.', entries.pointer);
    return;
  }
  for (const entry of elements(entries)) {
    b.need({
      sid,
      actions: ['events:PutEvents'],
      service: 'events',
      field: entry.kind === 'dynamic' ? entry : field(entry, 'EventBusName'),
      what: 'event bus',
      derive: (v) => {
        const arn = eventBusArn(v, b.env);
        return arn ? { resources: [arn] } : undefined;
      },
      example: `arn:${b.env.partition}:events:${b.env.region}:${b.env.account}:event-bus/*`,
      prefixArn: (p) => (p.startsWith('arn:') ? p : `arn:${b.env.partition}:events:${b.env.region}:${b.env.account}:event-bus/${p}`),
      whenMissing: 'default',
    });
  }
}
