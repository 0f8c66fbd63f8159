import { fakeAwsEnv, startFakeSns, startFakeSsm, startFakeStepFunctions, type FakeSns, type FakeSsm, type FakeStepFunctions } from '@agentflow/aws-fakes';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACCOUNT, approvalRequest, EXECUTION, httpEvent, KEY_1, KEY_PARAMETER, linksOf, page, postEvent, refOf, TOPIC, URL_BASE } from './approval-support.js';

/**
 * `approvalHandler`, the Lambda entry point, with nothing injected: its clients come from the environment as in
 * Lambda (region, credentials, and here the endpoints through AWS_ENDPOINT_URL_SFN/SNS/SSM, research file E5), its
 * settings from AGENTFLOW_APPROVAL_* variables.
 */
let sfn: FakeStepFunctions;
let sns: FakeSns;
let ssm: FakeSsm;
const saved = { ...process.env };
beforeAll(async () => {
  [sfn, sns, ssm] = await Promise.all([startFakeStepFunctions({ account: ACCOUNT }), startFakeSns({ account: ACCOUNT, topics: [TOPIC] }), startFakeSsm({ account: ACCOUNT })]);
  ssm.setParameter(KEY_PARAMETER, KEY_1, 'SecureString');
  Object.assign(process.env, fakeAwsEnv({ sfn: sfn.endpoint, sns: sns.endpoint, ssm: ssm.endpoint }), {
    AWS_MAX_ATTEMPTS: '1',
    AGENTFLOW_APPROVAL_URL: URL_BASE,
    AGENTFLOW_APPROVAL_KEY_PARAMETER: KEY_PARAMETER,
    AGENTFLOW_APPROVAL_REVIEWERS: 'alice@example.com',
    AGENTFLOW_APPROVAL_COMMENTS_MAX: '500',
  });
});
afterAll(async () => {
  process.env = saved;
  await Promise.all([sfn.close(), sns.close(), ssm.close()]);
});

describe('approvalHandler (the Lambda entry point)', () => {
  it('reads its endpoints and settings from the environment, notifies, confirms and decides', async () => {
    const { approvalHandler } = await import('../src/index.js');
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    try {
      const token = sfn.openTask({ executionArn: EXECUTION });
      expect(await approvalHandler(approvalRequest(token, { heartbeatSeconds: 900 }))).toMatchObject({ notified: 1 });
      expect(sns.published.map((m) => m.messageAttributes['reviewer']?.stringValue)).toEqual(['alice@example.com']);
      const { approve } = linksOf(sns.published[0]!.message);
      const confirm = page(await approvalHandler(httpEvent('GET', approve)));
      expect(confirm.body).toContain('maxlength="500"');
      expect(page(await approvalHandler(postEvent({ ref: refOf(approve), comments: 'Go.' }))).statusCode).toBe(200);
      expect(sfn.task(token)).toMatchObject({ status: 'succeeded', heartbeats: 2, output: '{"approved":true,"comments":"Go.","reviewer":"alice@example.com"}' });
      const lines = log.mock.calls.map(([line]) => JSON.parse(String(line)) as Record<string, unknown>);
      expect(lines.map((l) => l['event'])).toEqual(['notified', 'confirm-page', 'decided']);
    } finally {
      log.mockRestore();
    }
  });
});
