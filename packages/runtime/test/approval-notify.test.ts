import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPROVAL_ERRORS } from '../src/index.js';
import { approvalRequest, failure, KEY_1, KEY_PARAMETER, linksOf, refOf, startApprovalRig, START_MS, TOPIC, URL_BASE, type ApprovalRig } from './approval-support.js';

let rig: ApprovalRig;
beforeEach(async () => {
  rig = await startApprovalRig();
});
afterEach(async () => {
  await rig.close();
});

describe('an approval request (invoked by Step Functions)', () => {
  it('publishes one message with both links, the details and the expiry, and renews a declared heartbeat', async () => {
    const token = rig.openTask();
    const handler = rig.handler();
    expect(await handler(approvalRequest(token, { heartbeatSeconds: 3600 }))).toEqual({ notified: 1, expiresAt: '2030-01-02T00:00:00.000Z' });
    expect(rig.sns.published).toHaveLength(1);
    const [message] = rig.sns.published;
    expect(message).toMatchObject({ topicArn: TOPIC, subject: 'Approval needed: research-report / approve-draft', messageAttributes: {} });
    const links = linksOf(message!.message);
    expect(links.approve.startsWith(`${URL_BASE}?ref=v1.`)).toBe(true);
    expect(refOf(links.approve)).not.toBe(refOf(links.reject));
    expect(message!.message).toBe(
      [
        'Please review the draft.',
        '',
        `Approve: ${links.approve}`,
        `Reject: ${links.reject}`,
        '',
        'Workflow: research-report',
        'Step: approve-draft',
        'Execution: run-42',
        'The links expire at 2030-01-02T00:00:00Z.',
        '',
        'Opening a link asks for confirmation; nothing is decided until the button is pressed.',
        '',
      ].join('\n'),
    );
    expect(rig.sfn.task(token)).toMatchObject({ status: 'open', heartbeats: 1 });
    expect(rig.logs).toEqual([
      { level: 'INFO', event: 'notified', workflow: 'research-report', step: 'approve-draft', execution: 'run-42', status: 'sent', messages: 1, expiresAt: '2030-01-02T00:00:00.000Z', heartbeat: 'sent' },
    ]);
    // GetParameter asked for the decrypted SecureString.
    expect(rig.ssm.calls.map((c) => c.input)).toEqual([{ Name: KEY_PARAMETER, WithDecryption: true }]);
  });

  it('sends no heartbeat when none is declared, and caps the links by AGENTFLOW_APPROVAL_LINK_TTL', async () => {
    const token = rig.openTask();
    expect(await rig.handler({ AGENTFLOW_APPROVAL_LINK_TTL: '600' })(approvalRequest(token))).toEqual({ notified: 1, expiresAt: '2030-01-01T00:10:00.000Z' });
    expect(rig.sfn.task(token)?.heartbeats).toBe(0);
    expect(rig.sfn.calls.map((c) => c.operation)).toEqual([]);
    expect(rig.sns.published[0]!.message).toContain('The links expire at 2030-01-01T00:10:00Z.');
  });

  it('with an allow-list, publishes one message per reviewer, each with its own links and the reviewer attribute', async () => {
    const token = rig.openTask();
    const handler = rig.handler({ AGENTFLOW_APPROVAL_REVIEWERS: 'alice@example.com, bob@example.com' });
    expect(await handler(approvalRequest(token, { subject: 'Draft ready: «Q3»', message: { title: 'Q3', words: 812 } }))).toMatchObject({ notified: 2 });
    expect(rig.sns.published.map((m) => [m.subject, m.messageAttributes])).toEqual([
      ['Draft ready: ?Q3?', { reviewer: { dataType: 'String', stringValue: 'alice@example.com' } }],
      ['Draft ready: ?Q3?', { reviewer: { dataType: 'String', stringValue: 'bob@example.com' } }],
    ]);
    const [alice, bob] = rig.sns.published.map((m) => linksOf(m.message));
    expect(new Set([alice!.approve, alice!.reject, bob!.approve, bob!.reject]).size).toBe(4);
    expect(rig.sns.published[0]!.message.startsWith('{\n  "title": "Q3",\n  "words": 812\n}\n\nApprove: ')).toBe(true);
    expect(rig.logs[0]).toMatchObject({ event: 'notified', messages: 2, reviewers: ['alice@example.com', 'bob@example.com'] });
    expect(rig.logs[0]).not.toHaveProperty('subject');
    // AGENTFLOW_DEBUG adds the subject and the largest message's size.
    await rig.handler({ AGENTFLOW_DEBUG: '1' })(approvalRequest(token));
    expect(rig.logs[1]).toMatchObject({ subject: 'Approval needed: research-report / approve-draft', messageBytes: Buffer.byteLength(rig.sns.published[2]!.message) });
  });

  it('cuts a message too large for SNS, keeps the links, and says how much it left out', async () => {
    const token = rig.openTask();
    const handler = rig.handler({ AGENTFLOW_APPROVAL_REVIEWERS: 'alice@example.com' });
    await handler(approvalRequest(token, { message: 'x'.repeat(300_000) }));
    const [message] = rig.sns.published;
    // The fake refuses anything over 262,144 bytes with the attributes, so being published proves the fit.
    const cut = /\[(\d+) bytes of this message were left out: an SNS message holds at most 262144 bytes\.\]/.exec(message!.message);
    expect(Number(cut?.[1])).toBeGreaterThan(300_000 - 262_144);
    expect(Buffer.byteLength(message!.message) + Buffer.byteLength('reviewerStringalice@example.com')).toBeLessThanOrEqual(262_144);
    expect(linksOf(message!.message).approve.startsWith(URL_BASE)).toBe(true);
    expect(rig.logs[0]).toMatchObject({ cutBytes: Number(cut?.[1]) });
  });

  it('fails with Agentflow.ApprovalNotifyFailed when the key, the topic or a setting is wrong, naming the fix', async () => {
    const token = rig.openTask();
    const missingKey = await failure(rig.handler({ AGENTFLOW_APPROVAL_KEY_PARAMETER: '/agentflow/other/approval-key' })(approvalRequest(token)));
    expect(missingKey.name).toBe(APPROVAL_ERRORS.NotifyFailed);
    expect(missingKey.message).toBe(
      'The reviewers were not notified: cannot read the link key parameter /agentflow/other/approval-key from SSM (ParameterNotFound): create it: aws ssm put-parameter --type SecureString --name /agentflow/other/approval-key --value "$(openssl rand -base64 32)".',
    );

    const noTopic = await failure(rig.handler()(approvalRequest(token, { topicArn: 'arn:aws:sns:us-east-1:111122223333:nobody' })));
    expect(noTopic.name).toBe(APPROVAL_ERRORS.NotifyFailed);
    expect(noTopic.message).toContain('cannot publish the approval request to arn:aws:sns:us-east-1:111122223333:nobody (NotFound');

    rig.sns.faults.add({ operation: 'Publish', kind: 'throttle' });
    const throttled = await failure(rig.handler()(approvalRequest(token)));
    expect(throttled.name).toBe(APPROVAL_ERRORS.NotifyFailed);
    expect(throttled.message).toMatch(/\(Throttl\w*\): try again; the Task fails with a name a Retry can match\.$/);

    rig.ssm.faults.add({ operation: 'GetParameter', kind: 'drop' });
    expect((await failure(rig.handler()(approvalRequest(token)))).name).toBe(APPROVAL_ERRORS.NotifyFailed);

    const noUrl = await failure(rig.handler({ AGENTFLOW_APPROVAL_URL: undefined })(approvalRequest(token)));
    expect(noUrl).toMatchObject({ name: APPROVAL_ERRORS.NotifyFailed, message: expect.stringContaining('AGENTFLOW_APPROVAL_URL is not set') });

    rig.ssm.setParameter(KEY_PARAMETER, 'short', 'SecureString');
    const badKey = await failure(rig.handler()(approvalRequest(token)));
    expect(badKey.message).toBe(`The reviewers were not notified: key 1 of the SSM parameter ${KEY_PARAMETER} is not 32 bytes in base64 (44 characters); make each key with: openssl rand -base64 32`);
    expect(rig.sns.published).toHaveLength(0);
    expect(rig.logs.map((l) => [l['level'], l['status'], l['reason']])).toEqual(Array(6).fill(['ERROR', 'failed', APPROVAL_ERRORS.NotifyFailed]));
  });

  it('refuses an event that is neither a request nor an HTTP event, and a request that breaks the contract, by name', async () => {
    const handler = rig.handler();
    const neither = await failure(handler({ Records: [] }));
    expect(neither).toMatchObject({ name: APPROVAL_ERRORS.InvalidRequest });
    expect(neither.message).toBe(
      "The approval responder got an object with the fields Records: neither an approval request (kind 'agentflow.approval-request', sent by a compiled approval step) nor an HTTP request in payload format 2.0 (an API Gateway HTTP API route or a Lambda Function URL; REST APIs send format 1.0, which is not served).",
    );
    expect((await failure(handler('text'))).message).toContain('The approval responder got string: neither');
    const broken = await failure(handler(approvalRequest('t', { timeoutSeconds: 0 })));
    expect(broken).toMatchObject({ name: APPROVAL_ERRORS.InvalidRequest, message: expect.stringContaining('/timeoutSeconds must be >= 1') });
    expect(rig.sns.calls).toHaveLength(0);
  });

  it('keeps the key for 5 minutes per container, then reads it again (a rotation reaches running containers)', async () => {
    const handler = rig.handler();
    const token = rig.openTask();
    await handler(approvalRequest(token));
    rig.clock = START_MS + 4 * 60_000;
    await handler(approvalRequest(token));
    expect(rig.ssm.calls).toHaveLength(1);
    const newKey = Buffer.alloc(32, 0x33).toString('base64');
    rig.ssm.setParameter(KEY_PARAMETER, `${newKey}\n${KEY_1}`, 'SecureString');
    rig.clock = START_MS + 5 * 60_000;
    await handler(approvalRequest(token));
    expect(rig.ssm.calls).toHaveLength(2);
    const kids = rig.sns.published.map((m) => refOf(linksOf(m.message).approve).split('.')[1]);
    expect(kids[0]).toBe(kids[1]);
    expect(kids[2]).not.toBe(kids[0]);
  });
});
