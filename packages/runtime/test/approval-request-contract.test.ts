import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { APPROVAL_REQUEST_SCHEMA as COMPILER_SCHEMA } from '@agentflow/compiler';
import { AGENT_ADAPTER_REQUEST_SCHEMA, APPROVAL_REQUEST_KIND, APPROVAL_REQUEST_SCHEMA, type ApprovalRequestPayload } from '../src/index.js';

// strictRequired off: the `oneOf` branches (message or messageParts) name fields `properties` defines at the top.
const validate = new Ajv2020({ allErrors: true, strict: true, strictRequired: false }).compile(APPROVAL_REQUEST_SCHEMA);

const itemsOf = (schema: Readonly<Record<string, unknown>>, field: string): unknown => (schema['properties'] as Record<string, { items?: unknown }>)[field]?.items;

/** A request as a compiled approval step sends it once Step Functions has evaluated its JSONata. */
const request: ApprovalRequestPayload = {
  kind: APPROVAL_REQUEST_KIND,
  version: 1,
  taskToken: 'AQCEAAAAKgAAAAMAAAAAAAAAAe'.padEnd(600, 'x'),
  workflow: 'research-report',
  step: 'approve-draft',
  execution: 'arn:aws:states:us-east-1:111122223333:execution:research-report:run-1',
  topicArn: 'arn:aws:sns:us-east-1:111122223333:agentflow-report-reviewers',
  subject: 'Review: Solar',
  message: { title: 'Solar', body: 'text' },
  timeoutSeconds: 172_800,
  heartbeatSeconds: 43_200,
};

describe('the approval request contract (approval-request.schema.json)', () => {
  it('is the schema the compiler checks its emission against (its copy, kept equal by schema-copies.test.ts)', () => {
    expect(COMPILER_SCHEMA).toEqual(APPROVAL_REQUEST_SCHEMA);
  });

  it('accepts the typed request, with and without its optional fields, whatever JSON the message is', () => {
    expect(validate(request)).toBe(true);
    const { subject: _s, heartbeatSeconds: _h, ...bare } = request;
    expect(validate(bare)).toBe(true);
    for (const message of [null, 'text', 3, [1, 'a'], { nested: { deep: true } }]) expect(validate({ ...request, message })).toBe(true);
  });

  it.each([
    ['an unknown field', { ...request, reviewers: ['ana'] }, 'additionalProperties'],
    ['another kind', { ...request, kind: 'agentflow.adapter-request' }, 'const'],
    ['another version', { ...request, version: 2 }, 'const'],
    ['an empty token', { ...request, taskToken: '' }, 'minLength'],
    ['a token over 2,048 characters', { ...request, taskToken: 'x'.repeat(2049) }, 'maxLength'],
    ['a topic name instead of its ARN', { ...request, topicArn: 'agentflow-report-reviewers' }, 'pattern'],
    ['a zero timeout', { ...request, timeoutSeconds: 0 }, 'minimum'],
    ['a fractional heartbeat', { ...request, heartbeatSeconds: 1.5 }, 'type'],
    ['an execution id that is not an execution ARN', { ...request, execution: 'run-1' }, 'pattern'],
  ])('refuses %s', (_, value, keyword) => {
    expect(validate(value)).toBe(false);
    expect(validate.errors?.map((e) => e.keyword)).toContain(keyword);
  });

  it('requires every field but subject and heartbeatSeconds, and one of message and messageParts', () => {
    expect(validate({})).toBe(false);
    expect(validate.errors?.flatMap((e) => (e.keyword === 'required' ? [e.params['missingProperty']] : [])).sort()).toEqual(['execution', 'kind', 'message', 'messageParts', 'step', 'taskToken', 'timeoutSeconds', 'topicArn', 'version', 'workflow']);
    expect(validate.errors?.map((e) => e.keyword)).toContain('oneOf');
  });

  it("takes messageParts, the adapter's inputParts, in place of message, and never both", () => {
    const { message: _, ...rest } = request;
    const parts = ['Please review "Solar".\n\n', { expand: { $s3: 's3://bucket/agentflow/research-report/run-1/draft.json' }, path: ['body', 0] }, { expand: [1, 2] }];
    expect(validate({ ...rest, messageParts: parts })).toBe(true);
    expect(validate({ ...request, messageParts: parts })).toBe(false);
    expect(validate.errors?.map((e) => e.keyword)).toContain('oneOf');
    for (const bad of [[], [3], [{ path: ['body'] }], [{ expand: {}, path: [true] }], [{ expand: {}, extra: 1 }], 'text']) {
      expect(validate({ ...rest, messageParts: bad }), JSON.stringify(bad)).toBe(false);
    }
  });

  it('defines the messageParts items exactly as the adapter request defines its inputParts items, so the two cannot drift', () => {
    expect(itemsOf(APPROVAL_REQUEST_SCHEMA, 'messageParts')).toBeDefined();
    expect(itemsOf(APPROVAL_REQUEST_SCHEMA, 'messageParts')).toEqual(itemsOf(AGENT_ADAPTER_REQUEST_SCHEMA, 'inputParts'));
  });
});
