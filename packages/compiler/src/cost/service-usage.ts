import type { AslState } from './state-graph.js';
import { arrayOf } from './state-graph.js';

/** Requests one entry (one attempt) of a state makes to services other than Step Functions. */
export interface StateUsage {
  readonly adapterInvocations: number;
  readonly otherLambdaInvocations: number;
  readonly snsPublishes: number;
  readonly eventBridgeEvents: number;
  readonly sqsRequests: number;
  readonly dynamodbReads: number;
  readonly dynamodbWrites: number;
  readonly s3Puts: number;
  readonly s3Gets: number;
}

export type UsageKind = keyof StateUsage;

export const USAGE_KINDS: readonly UsageKind[] = ['adapterInvocations', 'otherLambdaInvocations', 'snsPublishes', 'eventBridgeEvents', 'sqsRequests', 'dynamodbReads', 'dynamodbWrites', 's3Puts', 's3Gets'];

const NONE: StateUsage = { adapterInvocations: 0, otherLambdaInvocations: 0, snsPublishes: 0, eventBridgeEvents: 0, sqsRequests: 0, dynamodbReads: 0, dynamodbWrites: 0, s3Puts: 0, s3Gets: 0 };

const DYNAMODB_READS = /:dynamodb:(getItem|query|scan|batchGetItem)$/i;
const DYNAMODB_WRITES = /:dynamodb:(putItem|updateItem|deleteItem|batchWriteItem)$/i;

/**
 * What entering a state costs outside Step Functions, read from its own fields (nested Map/Parallel states count for
 * themselves). The counts follow what each integration does:
 * - an agent Task (`lambda:invoke` with `Payload.agentId`) is one adapter invocation; its `Payload.offload` is one S3
 *   PUT (plus one per array field written apart for a Distributed Map reader), and each `expand` part it reads back is
 *   one S3 GET (docs/agent-adapter.md, docs/payload.md);
 * - an approval (`lambda:invoke.waitForTaskToken` with `Payload.kind` agentflow.approval-request) is one responder
 *   invocation that publishes one SNS message, and one more invocation when the reviewer's decision arrives
 *   (docs/agent-adapter.md, Approvals);
 * - `bedrock:invokeModel` with `Input.S3Uri` / `Output.S3Uri` reads or writes S3 once each;
 * - a Distributed Map's `ItemReader` is one GET, its `ResultWriter` three PUTs (manifest, SUCCEEDED and FAILED files);
 * - `events:putEvents` is one event per entry; SNS, SQS and DynamoDB tasks one request each (one request unit).
 */
export function stateUsage(state: AslState): StateUsage {
  const usage: { -readonly [K in UsageKind]: number } = { ...NONE };
  const resource = typeof state['Resource'] === 'string' ? state['Resource'] : '';
  const args = (state['Arguments'] ?? {}) as Record<string, unknown>;
  const payload = (args['Payload'] ?? {}) as Record<string, unknown>;
  if (resource.startsWith('arn:aws:states:::lambda:invoke')) {
    if (typeof payload['agentId'] === 'string') usage.adapterInvocations += 1;
    else if (payload['kind'] === 'agentflow.approval-request') {
      usage.otherLambdaInvocations += 2;
      usage.snsPublishes += 1;
    } else usage.otherLambdaInvocations += 1;
    const offload = payload['offload'] as { arrays?: unknown } | undefined;
    if (offload) usage.s3Puts += 1 + (Array.isArray(offload.arrays) ? offload.arrays.length : 0);
  }
  usage.s3Gets += countKey(args, 'expand');
  if (resource.includes(':bedrock:invokeModel')) {
    if (hasS3Uri(args['Input'])) usage.s3Gets += 1;
    if (hasS3Uri(args['Output'])) usage.s3Puts += 1;
  }
  if (resource.includes(':sns:publish')) usage.snsPublishes += 1;
  if (resource.includes(':events:putEvents')) usage.eventBridgeEvents += Math.max(1, arrayOf(args['Entries']).length);
  if (resource.includes(':sqs:sendMessage')) usage.sqsRequests += 1;
  if (DYNAMODB_READS.test(resource.replace(/\.[a-zA-Z:0-9]+$/, ''))) usage.dynamodbReads += 1;
  if (DYNAMODB_WRITES.test(resource.replace(/\.[a-zA-Z:0-9]+$/, ''))) usage.dynamodbWrites += 1;
  if (/:s3:putObject$/i.test(resource)) usage.s3Puts += 1;
  if (/:s3:getObject$/i.test(resource)) usage.s3Gets += 1;
  if (state['ItemReader'] !== undefined) usage.s3Gets += 1;
  if (state['ResultWriter'] !== undefined) usage.s3Puts += 3;
  return usage;
}

function hasS3Uri(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'S3Uri' in value;
}

/** How many times a key occurs anywhere inside a JSON value. */
function countKey(value: unknown, key: string): number {
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + countKey(v, key), 0);
  if (typeof value !== 'object' || value === null) return 0;
  return Object.entries(value).reduce((n, [k, v]) => n + (k === key ? 1 : 0) + countKey(v, key), 0);
}
