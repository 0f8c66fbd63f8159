import { z } from 'zod';
import type { AnyInput, TextInput } from '../refs/value.js';
import { toExpr } from '../refs/value.js';
import { DslError } from '../errors.js';
import { args, makeTask, optionalExpr, resource, snsSubject, textExpr, WRITE_RESPONSE_BYTES, type TaskSpec } from './task-spec.js';

// What each call's task returns does not depend on its options: one schema per service, not one per call.
const MESSAGE_ID_OUTPUT = z.object({ MessageId: z.string().max(100) });
const ITEM_WRITE_OUTPUT = z.record(z.string(), z.unknown());
const PUT_EVENTS_OUTPUT = z.object({ FailedEntryCount: z.number().int().min(0).max(10) });

/**
 * Amazon SNS (`arn:aws:states:::sns:publish`).
 *
 * @example
 * ```ts
 * import { sns } from '@agentflow/dsl';
 * const notify = sns.publish({ topic: 'alerts', subject: 'Report ready', message: 'A report was published.' });
 * ```
 */
export const sns = {
  publish(options: { readonly topic: string; readonly message: AnyInput; readonly subject?: TextInput }): TaskSpec<{ MessageId: string }> {
    return makeTask({
      resource: 'sns:publish',
      arguments: args({
        TopicArn: resource('sns-topic', options.topic, 'arn', 'sns.publish topic'),
        Subject: snsSubject(options.subject, 'sns.publish subject'),
        Message: textExpr(options.message, 'sns.publish message'),
      }),
      output: MESSAGE_ID_OUTPUT,
      resultBytes: WRITE_RESPONSE_BYTES,
    });
  },
};

/**
 * Amazon SQS (`arn:aws:states:::sqs:sendMessage`).
 *
 * @example
 * ```ts
 * import { sqs } from '@agentflow/dsl';
 * const enqueue = sqs.sendMessage({ queue: 'work', body: { kind: 'reindex' } });
 * ```
 */
export const sqs = {
  sendMessage(options: { readonly queue: string; readonly body: AnyInput }): TaskSpec<{ MessageId: string }> {
    return makeTask({
      resource: 'sqs:sendMessage',
      arguments: args({
        QueueUrl: resource('sqs-queue', options.queue, 'url', 'sqs.sendMessage queue'),
        MessageBody: textExpr(options.body, 'sqs.sendMessage body'),
      }),
      output: MESSAGE_ID_OUTPUT,
      resultBytes: WRITE_RESPONSE_BYTES,
    });
  },
};

/** A DynamoDB item in attribute-value form, e.g. `{ id: { S: ref } }`. */
export type DynamoItem = { readonly [attribute: string]: AnyInput };

/** A conditional write, e.g. `conditionExpression: 'attribute_not_exists(id)'` for write-once records. */
interface Condition {
  readonly conditionExpression?: string;
  readonly expressionAttributeNames?: Record<string, string>;
  readonly expressionAttributeValues?: DynamoItem;
}

function conditionArgs(options: Condition) {
  return {
    ConditionExpression: optionalExpr(options.conditionExpression, 'conditionExpression'),
    ExpressionAttributeNames: optionalExpr(options.expressionAttributeNames, 'expressionAttributeNames'),
    ExpressionAttributeValues: optionalExpr(options.expressionAttributeValues, 'expressionAttributeValues'),
  };
}

/**
 * Amazon DynamoDB item operations (`arn:aws:states:::dynamodb:*`).
 *
 * @example
 * ```ts
 * import { dynamodb } from '@agentflow/dsl';
 * const save = dynamodb.putItem({ table: 'reports', item: { id: { S: 'r-1' }, status: { S: 'published' } } });
 * ```
 */
export const dynamodb = {
  getItem<S extends z.ZodType = z.ZodUnknown>(options: { readonly table: string; readonly key: DynamoItem; readonly consistentRead?: boolean; readonly output?: S }): TaskSpec<z.infer<S>> {
    return makeTask({
      resource: 'dynamodb:getItem',
      arguments: args({
        TableName: resource('dynamodb-table', options.table, 'name', 'dynamodb.getItem table'),
        Key: toExpr(options.key, 'dynamodb.getItem key'),
        ConsistentRead: optionalExpr(options.consistentRead, 'consistentRead'),
      }),
      output: options.output ?? z.unknown(),
    });
  },
  putItem(options: { readonly table: string; readonly item: DynamoItem } & Condition): TaskSpec<Record<string, unknown>> {
    return makeTask({
      resource: 'dynamodb:putItem',
      arguments: args({
        TableName: resource('dynamodb-table', options.table, 'name', 'dynamodb.putItem table'),
        Item: toExpr(options.item, 'dynamodb.putItem item'),
        ...conditionArgs(options),
      }),
      output: ITEM_WRITE_OUTPUT,
      resultBytes: WRITE_RESPONSE_BYTES,
    });
  },
  updateItem(options: { readonly table: string; readonly key: DynamoItem; readonly updateExpression: string } & Condition): TaskSpec<Record<string, unknown>> {
    return makeTask({
      resource: 'dynamodb:updateItem',
      arguments: args({
        TableName: resource('dynamodb-table', options.table, 'name', 'dynamodb.updateItem table'),
        Key: toExpr(options.key, 'dynamodb.updateItem key'),
        UpdateExpression: toExpr(options.updateExpression, 'updateExpression'),
        ...conditionArgs(options),
      }),
      output: ITEM_WRITE_OUTPUT,
      resultBytes: WRITE_RESPONSE_BYTES,
    });
  },
  deleteItem(options: { readonly table: string; readonly key: DynamoItem } & Condition): TaskSpec<Record<string, unknown>> {
    return makeTask({
      resource: 'dynamodb:deleteItem',
      arguments: args({
        TableName: resource('dynamodb-table', options.table, 'name', 'dynamodb.deleteItem table'),
        Key: toExpr(options.key, 'dynamodb.deleteItem key'),
        ...conditionArgs(options),
      }),
      output: ITEM_WRITE_OUTPUT,
      resultBytes: WRITE_RESPONSE_BYTES,
    });
  },
};

export interface EventEntry {
  /** Logical event-bus name from the config; omit for the account's default bus. */
  readonly bus?: string;
  readonly source: string;
  readonly detailType: string;
  readonly detail: AnyInput;
}

/**
 * Amazon EventBridge (`arn:aws:states:::events:putEvents`).
 *
 * @example
 * ```ts
 * import { events } from '@agentflow/dsl';
 * const announce = events.putEvents({ entries: [{ source: 'research', detailType: 'ReportPublished', detail: { ok: true } }] });
 * ```
 */
export const events = {
  putEvents(options: { readonly entries: readonly EventEntry[] }): TaskSpec<{ FailedEntryCount: number }> {
    if (!Array.isArray(options.entries) || options.entries.length === 0 || options.entries.length > 10) {
      throw new DslError('invalid-task', 'events.putEvents takes 1 to 10 entries.');
    }
    const entries = options.entries.map((e, i) =>
      args({
        EventBusName: resource('event-bus', e.bus ?? 'default', 'arn', `entries[${i}].bus`),
        Source: toExpr(e.source, `entries[${i}].source`),
        DetailType: toExpr(e.detailType, `entries[${i}].detailType`),
        Detail: toExpr(e.detail, `entries[${i}].detail`),
      }),
    );
    return makeTask({
      resource: 'events:putEvents',
      arguments: args({ Entries: { kind: 'list', items: entries } }),
      output: PUT_EVENTS_OUTPUT,
      resultBytes: WRITE_RESPONSE_BYTES,
    });
  },
};

/**
 * AWS Lambda (`arn:aws:states:::lambda:invoke`); the step's value is the function's response payload.
 *
 * @example
 * ```ts
 * import { lambda } from '@agentflow/dsl';
 * import { z } from 'zod';
 * const render = lambda.invoke({ function: 'render-pdf', payload: { id: 'r-1' }, output: z.object({ key: z.string().max(1024) }) });
 * ```
 */
export const lambda = {
  invoke<S extends z.ZodType = z.ZodUnknown>(options: { readonly function: string; readonly payload: AnyInput; readonly output?: S; readonly waitForCallback?: boolean }): TaskSpec<z.infer<S>> {
    return makeTask({
      resource: 'lambda:invoke',
      pattern: options.waitForCallback ? 'wait-for-task-token' : 'request-response',
      arguments: args({
        FunctionName: resource('lambda-function', options.function, 'arn', 'lambda.invoke function'),
        Payload: toExpr(options.payload, 'lambda.invoke payload'),
      }),
      resultPath: options.waitForCallback ? '' : 'Payload',
      output: options.output ?? z.unknown(),
      isLambda: true,
    });
  },
};

const SDK_NAME = /^[a-z][a-z0-9]*$/;
const SDK_ACTION = /^[a-z][a-zA-Z0-9]*$/;

/**
 * Any AWS SDK action (`arn:aws:states:::aws-sdk:<service>:<action>`). Parameters are PascalCase as in the API reference.
 *
 * @example
 * ```ts
 * import { awsSdk } from '@agentflow/dsl';
 * const head = awsSdk('s3', 'headObject', { arguments: { Bucket: 'reports', Key: 'latest.json' } });
 * ```
 */
export function awsSdk<S extends z.ZodType = z.ZodUnknown>(
  service: string,
  action: string,
  options: { readonly arguments: { readonly [name: string]: AnyInput }; readonly output?: S; readonly waitForCallback?: boolean },
): TaskSpec<z.infer<S>> {
  if (!SDK_NAME.test(service) || !SDK_ACTION.test(action)) {
    throw new DslError('invalid-task', `awsSdk('${service}', '${action}'): service must be lowercase (e.g. 's3') and action camelCase (e.g. 'getObject').`);
  }
  return makeTask({
    resource: `aws-sdk:${service}:${action}`,
    pattern: options.waitForCallback ? 'wait-for-task-token' : 'request-response',
    arguments: toExpr(options.arguments, `awsSdk ${service}:${action} arguments`),
    output: options.output ?? z.unknown(),
  });
}
