import { InvalidParameterException, NotFoundException, PublishCommand, SNSClient, type PublishCommandInput, type SNSClientConfig } from '@aws-sdk/client-sns';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { FAKE_CREDENTIALS } from '../src/credentials.js';
import { startFakeSns, type FakeSns } from '../src/index.js';
import { fastRetry } from './sfn-support.js';

const TOPIC = 'arn:aws:sns:us-east-1:123456789012:approvals';
let fake: FakeSns;

beforeEach(async () => {
  fake = await startFakeSns({ topics: [TOPIC] });
});
afterEach(async () => {
  await fake.close();
});

async function publish(input: Partial<PublishCommandInput>, maxAttempts = 1, endpoint = fake.endpoint) {
  const client = new SNSClient({ endpoint, region: 'us-east-1', credentials: FAKE_CREDENTIALS, retryStrategy: fastRetry(maxAttempts) as SNSClientConfig['retryStrategy'] });
  try {
    return await client.send(new PublishCommand({ TopicArn: TOPIC, ...input } as PublishCommandInput));
  } finally {
    client.destroy();
  }
}

const refusal = (input: Partial<PublishCommandInput>) => publish(input).then(
  () => {
    throw new Error('expected a refusal');
  },
  (e: unknown) => e as Error & { $metadata: { httpStatusCode?: number } },
);

describe('Publish', () => {
  test('records the message, subject and attributes, and returns counter-based message ids', async () => {
    const first = await publish({
      Subject: 'Approval needed: orders/review',
      Message: 'Approve: https://example.test/a?ref=v1.abc+/=',
      MessageAttributes: { reviewer: { DataType: 'String', StringValue: 'ana@example.com' }, attempt: { DataType: 'Number', StringValue: '2' } },
    });
    const second = await publish({ Message: '{"é":"ü"}' });
    expect([first.MessageId, second.MessageId]).toEqual(['00000000-0000-4000-d000-000000000001', '00000000-0000-4000-d000-000000000002']);
    expect(first.$metadata.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(fake.published).toEqual([
      {
        topicArn: TOPIC,
        subject: 'Approval needed: orders/review',
        message: 'Approve: https://example.test/a?ref=v1.abc+/=',
        messageAttributes: { reviewer: { dataType: 'String', stringValue: 'ana@example.com' }, attempt: { dataType: 'Number', stringValue: '2' } },
        messageId: first.MessageId,
      },
      { topicArn: TOPIC, message: '{"é":"ü"}', messageAttributes: {}, messageId: second.MessageId },
    ]);
    expect(fake.calls.map((c) => [c.operation, c.input.TopicArn])).toEqual([
      ['Publish', TOPIC],
      ['Publish', TOPIC],
    ]);
  });

  test('without a topics option any well-formed topic ARN exists', async () => {
    const open = await startFakeSns();
    try {
      await publish({ TopicArn: 'arn:aws:sns:eu-west-1:210987654321:other', Message: 'm' }, 1, open.endpoint);
      expect(open.published.map((m) => m.topicArn)).toEqual(['arn:aws:sns:eu-west-1:210987654321:other']);
    } finally {
      await open.close();
    }
  });

  test('an unknown topic is NotFound (HTTP 404)', async () => {
    const error = await refusal({ TopicArn: `${TOPIC}-missing`, Message: 'm' });
    expect(error).toBeInstanceOf(NotFoundException);
    expect([error.message, error.$metadata.httpStatusCode]).toEqual(['Topic does not exist', 404]);
    expect(fake.published).toEqual([]);
  });

  test('a missing or empty message is InvalidParameter', async () => {
    for (const input of [{}, { Message: '' }]) {
      const error = await refusal(input);
      expect(error).toBeInstanceOf(InvalidParameterException);
      expect([error.message, error.$metadata.httpStatusCode]).toEqual(['Invalid parameter: Empty message', 400]);
    }
  });

  test('a malformed topic ARN is InvalidParameter', async () => {
    const error = await refusal({ TopicArn: 'approvals', Message: 'm' });
    expect([error.name, error.message]).toEqual(['InvalidParameterException', expect.stringMatching(/^Invalid parameter: TopicArn/)]);
  });

  test('262,144 bytes of message and attributes pass; one more byte is InvalidParameter', async () => {
    const attributes = { reviewer: { DataType: 'String', StringValue: 'ana@example.com' } };
    const attributeBytes = 'reviewer'.length + 'String'.length + 'ana@example.com'.length;
    // Two-byte characters, so a limit counted in characters would be caught.
    const full = `${'é'.repeat(1000)}${'x'.repeat(262_144 - attributeBytes - 2000)}`;
    await publish({ Message: full, MessageAttributes: attributes });
    const error = await refusal({ Message: `${full}x`, MessageAttributes: attributes });
    expect([error.name, error.message]).toEqual(['InvalidParameterException', 'Invalid parameter: Message too long (262145 bytes with attributes; at most 262144)']);
    expect(fake.published).toHaveLength(1);
  });

  test('a subject of 100 printable ASCII characters passes; longer, line breaks, non-ASCII or control characters are InvalidParameter', async () => {
    await publish({ Subject: 's'.repeat(100), Message: 'm' });
    for (const subject of ['s'.repeat(101), 'line\nbreak', 'carriage\rreturn', 'café', 'tab\there', ' leading space']) {
      const error = await refusal({ Subject: subject, Message: 'm' });
      expect([error.name, error.message], subject).toEqual(['InvalidParameterException', expect.stringMatching(/^Invalid parameter: Subject Reason: /)]);
    }
    expect(fake.published).toHaveLength(1);
  });

  test('a String attribute without a value is ParameterValueInvalid', async () => {
    const error = await refusal({ Message: 'm', MessageAttributes: { reviewer: { DataType: 'String', StringValue: '' } } });
    expect([error.name, error.message]).toEqual(['InvalidParameterValueException', "The message attribute 'reviewer' must contain non-empty message attribute value for message attribute type 'String'."]);
  });
});

describe('faults and wire protocol', () => {
  test('throttling (Throttled, HTTP 429) is retried by the SDK, and surfaces when retries run out', async () => {
    fake.faults.add({ operation: 'Publish', kind: 'throttle', times: 2 });
    expect((await publish({ Message: 'm' }, 3)).$metadata.attempts).toBe(3);
    fake.faults.add({ operation: 'Publish', kind: 'throttle', times: Infinity });
    const error = await refusal({ Message: 'm' });
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['ThrottledException', 429]);
    expect(fake.published).toHaveLength(1);
  });

  test('a server error (InternalError, HTTP 500) is retried', async () => {
    fake.faults.add({ operation: 'Publish', kind: 'server-error' });
    expect((await publish({ Message: 'm' }, 2)).$metadata.attempts).toBe(2);
    fake.faults.add({ operation: 'Publish', kind: 'server-error' });
    const error = await refusal({ Message: 'm' });
    expect([error.name, error.$metadata.httpStatusCode]).toEqual(['InternalErrorException', 500]);
  });

  test('a dropped connection is retried, and with no retries left is a socket error', async () => {
    fake.faults.add({ operation: 'Publish', kind: 'drop' });
    expect((await publish({ Message: 'm' }, 2)).$metadata.attempts).toBe(2);
    fake.faults.add({ operation: 'Publish', kind: 'drop' });
    const error = await refusal({ Message: 'm' });
    expect(`${(error as { code?: string }).code} ${error.message}`).toMatch(/ECONNRESET|socket hang up/);
    expect(fake.published).toHaveLength(1);
  });

  test('access-denied is AuthorizationError (HTTP 403) naming the topic, and is not retried', async () => {
    fake.faults.add({ operation: 'Publish', kind: 'access-denied' });
    const error = await publish({ Message: 'm' }, 3).catch((e: unknown) => e as Error & { $metadata: { httpStatusCode?: number } });
    expect([(error as Error).name, (error as { $metadata: { httpStatusCode?: number } }).$metadata.httpStatusCode]).toEqual(['AuthorizationErrorException', 403]);
    expect((error as Error).message).toMatch(`is not authorized to perform: SNS:Publish on resource: ${TOPIC}`);
    expect(fake.calls).toHaveLength(1);
  });

  test('AWS_ENDPOINT_URL_SNS points a client with no endpoint option at the fake', async () => {
    const saved = process.env.AWS_ENDPOINT_URL_SNS;
    process.env.AWS_ENDPOINT_URL_SNS = fake.endpoint;
    const client = new SNSClient({ region: 'us-east-1', credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
    try {
      await client.send(new PublishCommand({ TopicArn: TOPIC, Message: 'via env' }));
      expect(fake.published.map((m) => m.message)).toEqual(['via env']);
    } finally {
      client.destroy();
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL_SNS;
      else process.env.AWS_ENDPOINT_URL_SNS = saved;
    }
  });

  test('another action is InvalidAction', async () => {
    const response = await fetch(`${fake.endpoint}/`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'Action=Subscribe&Version=2010-03-31' });
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/<Code>InvalidAction<\/Code>/);
  });
});
