import { GetObjectCommand, HeadObjectCommand, NoSuchKey, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FAKE_CREDENTIALS } from '../src/credentials.js';
import { startFakeS3, type FakeS3 } from '../src/s3/index.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

let fake: FakeS3;
let client: S3Client;
beforeEach(async () => {
  fake = await startFakeS3({ buckets: ['offload-bucket'] });
  client = new S3Client({ endpoint: fake.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
});
afterEach(async () => {
  client.destroy();
  await fake.close();
});

describe('fake S3 with the real client (path style)', () => {
  it('puts, heads and gets an object under a nested key, and records the calls', async () => {
    await client.send(new PutObjectCommand({ Bucket: 'offload-bucket', Key: 'agentflow/wf/e1/step/0.json', Body: '{"a":"é"}', ContentType: 'application/json' }));
    const head = await client.send(new HeadObjectCommand({ Bucket: 'offload-bucket', Key: 'agentflow/wf/e1/step/0.json' }));
    expect(head.ETag).toMatch(/^"[0-9a-f]{32}"$/);
    const got = await client.send(new GetObjectCommand({ Bucket: 'offload-bucket', Key: 'agentflow/wf/e1/step/0.json' }));
    expect(await got.Body!.transformToString()).toBe('{"a":"é"}');
    expect(fake.objects()).toEqual({ 's3://offload-bucket/agentflow/wf/e1/step/0.json': '{"a":"é"}' });
    expect(fake.calls.map((c) => c.operation)).toEqual(['PutObject', 'HeadObject', 'GetObject']);
  });

  it('answers a missing key with NoSuchKey (Get) and NotFound (Head), and an unknown bucket with NoSuchBucket', async () => {
    await expect(client.send(new GetObjectCommand({ Bucket: 'offload-bucket', Key: 'missing.json' }))).rejects.toBeInstanceOf(NoSuchKey);
    await expect(client.send(new HeadObjectCommand({ Bucket: 'offload-bucket', Key: 'missing.json' }))).rejects.toMatchObject({ name: 'NotFound', $metadata: { httpStatusCode: 404 } });
    await expect(client.send(new PutObjectCommand({ Bucket: 'other', Key: 'k', Body: 'x' }))).rejects.toMatchObject({ name: 'NoSuchBucket' });
  });

  it('injects faults from the FaultPlan, then serves again', async () => {
    fake.faults.add({ operation: 'PutObject', kind: 'access-denied' });
    const refused = await client.send(new PutObjectCommand({ Bucket: 'offload-bucket', Key: 'k', Body: 'x' })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(S3ServiceException);
    expect(refused).toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    expect(fake.text('offload-bucket', 'k')).toBeUndefined();
    await client.send(new PutObjectCommand({ Bucket: 'offload-bucket', Key: 'k', Body: 'x' }));
    expect(fake.text('offload-bucket', 'k')).toBe('x');
  });
});

describe('fake S3 for a caller without s3:ListBucket', () => {
  it('answers a missing key with 403 AccessDenied, as S3 does', async () => {
    const denied = await startFakeS3({ buckets: ['b'], withoutListBucket: true });
    const s3 = new S3Client({ endpoint: denied.endpoint, forcePathStyle: true, region: 'us-east-1', credentials: FAKE_CREDENTIALS, maxAttempts: 1 });
    try {
      await expect(s3.send(new GetObjectCommand({ Bucket: 'b', Key: 'missing' }))).rejects.toMatchObject({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } });
    } finally {
      s3.destroy();
      await denied.close();
    }
  });
});
