import { basename } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import type { Environment } from '../../compiler/src/config/project-config.js';
import { isAllowed } from '../../compiler/test/iam/helpers/iam-evaluator.js';
import { environments, workflowFiles } from '../../compiler/test/iam/helpers/load-workflows.js';
import { ADAPTER_ERRORS } from '../src/index.js';
import { grantUsed, listsPrefix, startIamRig, type AwsCall } from './iam-rig.js';
import { driveSeed, type SeedDrive } from './seed-drive.js';
import { failure, lambdaContext } from './support.js';

/**
 * The agent adapter's IAM, from what it does rather than from the ASL: every seed workflow runs in the simulator with
 * its agent steps played by the real adapter handler (real SDK clients, loopback fakes), and every AWS call the handler
 * makes is checked against the adapter role's policy that compile emits for that workflow — each call allowed, each
 * grant used — and against the other workflows' adapter policies, which must deny it.
 */

const ENVIRONMENTS = environments();
const FILES = workflowFiles().map((f) => ({ file: f, name: basename(f) }));

/**
 * Statements the seed runs cannot show: Lambda writes the function's logs with the role's credentials, and S3 checks
 * s3:ListBucket only when a pointer names a missing object, which the last test of each environment does.
 */
const NOT_FROM_RUNS = new Set(['WriteAdapterLogs', 'ListOwnOffloadPrefixSoMissingKeysAre404']);

/**
 * The KMS calls S3 makes with the caller's credentials for objects encrypted with the offload key (S3 User Guide,
 * "Using server-side encryption with AWS KMS keys", permissions): GenerateDataKey to write, Decrypt to read and to
 * complete multipart writes.
 */
function kmsCallsOf(calls: readonly AwsCall[], env: Environment): AwsCall[] {
  const key = env.kms?.offload;
  if (!key || !env.offload) return [];
  const objects = `arn:${env.partition}:s3:::${env.offload.bucket}/`;
  return calls.flatMap((c): AwsCall[] => {
    if (!c.resource.startsWith(objects)) return [];
    if (c.action === 's3:PutObject') return [{ action: 'kms:GenerateDataKey', resource: key }, { action: 'kms:Decrypt', resource: key }];
    return c.action === 's3:GetObject' ? [{ action: 'kms:Decrypt', resource: key }] : [];
  });
}

/** Each grant (statement, action, resource) of the policy that no call of `calls` uses. */
function unusedGrants(drive: SeedDrive, calls: readonly AwsCall[]): string[] {
  const out: string[] = [];
  for (const s of drive.policy.Statement) {
    for (const action of s.Action) for (const resource of s.Resource ?? []) if (!grantUsed(action, resource, calls)) out.push(`${s.Sid} ${action} ${resource}`);
  }
  return out;
}

const key = (c: AwsCall) => `${c.action} ${c.resource}`;

describe.each(ENVIRONMENTS)('environment $name', ({ name: envName, env }) => {
  const drives = new Map<string, SeedDrive>();
  beforeAll(async () => {
    for (const { file, name } of FILES) drives.set(name, await driveSeed(file, envName, env));
  }, 300_000);

  test.for(FILES.map((f) => f.name))('%s: every call the adapter makes is allowed by the compiled adapter policy', (name) => {
    const drive = drives.get(name)!;
    expect(drive.requests.length).toBeGreaterThan(0);
    expect(drive.calls.filter((c) => c.action === 'bedrock:InvokeAgent').length).toBeGreaterThan(0);
    // The clients refused nothing, and the evaluator agrees call by call.
    expect(drive.denied.map(key)).toEqual([]);
    expect(drive.calls.filter((c) => !isAllowed(drive.policy, c.action, c.resource)).map(key)).toEqual([]);
    // S3's KMS calls on the role's behalf for the encrypted offload bucket are allowed too.
    expect(kmsCallsOf(drive.calls, env).filter((c) => !isAllowed(drive.policy, c.action, c.resource)).map(key)).toEqual([]);
    // The recording saw every request the fakes received: no call went round it.
    expect(drive.received).toBe(drive.calls.length);
    // A run that never reaches its end would leave later steps unexercised.
    expect(drive.outcomes).toContain('SUCCEEDED');
  });

  test.for(FILES.map((f) => f.name))('%s: every grant of the adapter policy is used by some call, or is the function\'s logging or the missing-key listing', (name) => {
    const drive = drives.get(name)!;
    const unused = unusedGrants(drive, [...drive.calls, ...kmsCallsOf(drive.calls, env)]);
    const expected = drive.policy.Statement.filter((s) => NOT_FROM_RUNS.has(s.Sid)).flatMap((s) => s.Action.flatMap((a) => (s.Resource ?? []).map((r) => `${s.Sid} ${a} ${r}`)));
    expect(expected.length).toBeGreaterThan(0);
    expect(unused).toEqual(expected);
  });

  test('an offloading seed writes its answers, and reads them back, only under its own prefix', () => {
    const drive = drives.get('research-report.ts')!;
    const prefix = `arn:${env.partition}:s3:::${env.offload!.bucket}/${env.offload!.prefix}/research-report/`;
    const puts = drive.calls.filter((c) => c.action === 's3:PutObject');
    const gets = drive.calls.filter((c) => c.action === 's3:GetObject');
    expect(puts.length).toBeGreaterThan(0);
    expect(gets.length).toBeGreaterThan(0);
    expect([...puts, ...gets].filter((c) => !c.resource.startsWith(prefix)).map(key)).toEqual([]);
  });

  test("one workflow's adapter policy denies every call another workflow's adapter makes", () => {
    const problems: string[] = [];
    let pairs = 0;
    for (const a of drives.values()) {
      const own = new Set(a.calls.map(key));
      for (const b of drives.values()) {
        if (a === b) continue;
        for (const call of new Map(b.calls.map((c) => [key(c), c])).values()) {
          if (own.has(key(call))) continue;
          pairs++;
          if (isAllowed(a.policy, call.action, call.resource)) problems.push(`${a.name}'s adapter may ${key(call)} (a call of ${b.name})`);
          // Nor may it learn which of B's objects exist: S3 lists (and answers 404) only with ListBucket on the key.
          if (call.action.startsWith('s3:') && env.offload) {
            const objectKey = call.resource.slice(`arn:${env.partition}:s3:::${env.offload.bucket}/`.length);
            if (listsPrefix(a.policy, env.partition, env.offload.bucket, objectKey)) problems.push(`${a.name}'s adapter may list ${b.name}'s ${objectKey}`);
          }
        }
      }
    }
    expect(problems).toEqual([]);
    expect(pairs).toBeGreaterThan(100);
  });

  test("a forged request naming another workflow's agent or objects is refused by the adapter's own policy", async () => {
    const a = drives.get('research-report.ts')!;
    const b = drives.get('sequential.ts')!;
    const own = a.requests.find((r) => r['offload'] !== undefined)!;
    const other = b.requests[0]!;
    const otherPrefix = `${env.offload!.prefix}/sequential/forged-1`;
    const rig = await startIamRig({ policy: a.policy, place: a.place, buckets: [env.offload!.bucket], listBucket: false });
    try {
      rig.s3.put(env.offload!.bucket, `${otherPrefix}/answer.json`, '{"secret":"of sequential"}');
      const agent = await failure(rig.handler({ ...own, agentId: other['agentId'], agentAliasId: other['agentAliasId'] }, lambdaContext()));
      expect(agent.name).toBe(ADAPTER_ERRORS.AgentFailed);
      expect(agent.message).toContain('AccessDeniedException');
      rig.answer(String(own['agentId']), String(own['sessionId']), JSON.stringify({ url: 'https://example.com', summary: 's' }));
      const offload = own['offload'] as Record<string, unknown>;
      const write = await failure(rig.handler({ ...own, offload: { ...offload, key: `${otherPrefix}/write.json` } }, lambdaContext()));
      expect(write.name).toBe(ADAPTER_ERRORS.OffloadFailed);
      const { inputText: _, ...rest } = own;
      const read = await failure(rig.handler({ ...rest, inputParts: [{ expand: { $s3: `s3://${env.offload!.bucket}/${otherPrefix}/answer.json` } }] }, lambdaContext()));
      expect(read.name).toBe(ADAPTER_ERRORS.OffloadFailed);
      // Each refusal is the policy's: the same calls are what B's own adapter policy allows.
      expect(rig.denied.map((c) => c.action)).toEqual(['bedrock:InvokeAgent', 's3:PutObject', 's3:GetObject']);
      for (const call of rig.denied) expect(isAllowed(b.policy, call.action, call.resource)).toBe(true);
      // Nothing denied reached the fakes; the agent was invoked once, for the write.
      expect(rig.agent.calls.map((c) => c.agentId)).toEqual([own['agentId']]);
      expect(rig.s3.calls.filter((c) => c.operation === 'PutObject').map((c) => c.key)).toEqual([]);
    } finally {
      await rig.close();
    }
  });

  test('a pointer to a missing object under its own prefix is Agentflow.OffloadMissing under the compiled role; elsewhere, OffloadFailed', async () => {
    const a = drives.get('research-report.ts')!;
    const bucket = env.offload!.bucket;
    const missing = `${env.offload!.prefix}/research-report/exec-gone/summarize/0.json`;
    const listing = listsPrefix(a.policy, env.partition, bucket, missing);
    // The compiled role lets S3 say "no such key" for its own prefix, and for no other.
    expect(listing).toBe(true);
    expect(listsPrefix(a.policy, env.partition, bucket, `${env.offload!.prefix}/research-report-2/exec/step.json`)).toBe(false);
    expect(listsPrefix(a.policy, env.partition, bucket, `${env.offload!.prefix}/routing/exec/step.json`)).toBe(false);
    const rig = await startIamRig({ policy: a.policy, place: a.place, buckets: [bucket], listBucket: listing });
    try {
      const own = a.requests.find((r) => Array.isArray(r['inputParts']))!;
      const error = await failure(rig.handler({ ...own, inputParts: [{ expand: { $s3: `s3://${bucket}/${missing}` } }] }, lambdaContext()));
      expect(error.name).toBe(ADAPTER_ERRORS.OffloadMissing);
      expect(error.message).toContain(`s3://${bucket}/${missing} does not exist`);
      expect(rig.agent.calls).toEqual([]);
    } finally {
      await rig.close();
    }
  });
});
