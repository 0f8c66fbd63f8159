import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APPROVAL_ERRORS } from '../src/index.js';
import { approvalRequest, failure, linksOf, OFFLOAD_BUCKET, startApprovalRig, type ApprovalRig } from './approval-support.js';

/** Where research-report's `draft` step offloads its answer; the approval message splices its `body`. */
const DRAFT_KEY = 'agentflow/research-report/run-42/draft.json';
const DRAFT_URI = `s3://${OFFLOAD_BUCKET}/${DRAFT_KEY}`;
/** The message parts research-report's "Approve Draft" sends once Step Functions has evaluated them. */
const PARTS = ['Please review the report "Solar".\n\n', { expand: { $s3: DRAFT_URI }, path: ['body'] }, '\n\nSources: ', { expand: { $s3: DRAFT_URI }, path: ['sources'] }];

let rig: ApprovalRig;
beforeEach(async () => {
  rig = await startApprovalRig();
});
afterEach(async () => {
  await rig.close();
});

function partsRequest(token: string, fields: Record<string, unknown> = {}): Record<string, unknown> {
  const { message: _, ...request } = approvalRequest(token, fields);
  return { ...request, messageParts: PARTS };
}

describe('an approval request whose message splices offloaded values (messageParts)', () => {
  it('reads them from the offload bucket and sends the reviewers the text, a string as written and anything else as JSON', async () => {
    rig.s3.put(OFFLOAD_BUCKET, DRAFT_KEY, JSON.stringify({ title: 'Solar', body: '# Solar\n\nPanels got cheaper.', sources: ['a.example', 'b.example'] }));
    const token = rig.openTask();
    expect(await rig.handler()(partsRequest(token))).toMatchObject({ notified: 1 });
    const [message] = rig.sns.published;
    const links = linksOf(message!.message);
    expect(message!.message.slice(0, message!.message.indexOf('\n\nApprove: '))).toBe('Please review the report "Solar".\n\n# Solar\n\nPanels got cheaper.\n\nSources: ["a.example","b.example"]');
    expect(links.approve).toMatch(/\?ref=v1\./);
    expect(message!.message).not.toContain('s3://');
    // Read once per expand part, nothing written.
    expect(rig.s3.calls).toEqual([
      { operation: 'GetObject', bucket: OFFLOAD_BUCKET, key: DRAFT_KEY },
      { operation: 'GetObject', bucket: OFFLOAD_BUCKET, key: DRAFT_KEY },
    ]);
  });

  it('cuts the expanded text, not the links, when it is too large for SNS', async () => {
    rig.s3.put(OFFLOAD_BUCKET, DRAFT_KEY, JSON.stringify({ body: 'x'.repeat(300_000), sources: [] }));
    await rig.handler()(partsRequest(rig.openTask()));
    const [message] = rig.sns.published;
    const cut = /\[(\d+) bytes of this message were left out: an SNS message holds at most 262144 bytes\.\]/.exec(message!.message);
    expect(Number(cut?.[1])).toBeGreaterThan(300_000 - 262_144);
    expect(linksOf(message!.message).reject).toMatch(/\?ref=v1\./);
    expect(rig.logs[0]).toMatchObject({ status: 'sent', cutBytes: Number(cut?.[1]) });
  });

  it('fails with Agentflow.ApprovalNotifyFailed naming the object and the grant when it is missing or denied, never the token, and notifies nobody', async () => {
    const token = rig.openTask();
    const missing = await failure(rig.handler()(partsRequest(token)));
    expect(missing.name).toBe(APPROVAL_ERRORS.NotifyFailed);
    expect(missing.message).toBe(
      `The reviewers were not notified: the approval message splices ${DRAFT_URI}, which could not be read (it does not exist (NoSuchKey): the step that offloaded it did not write it, or it was deleted). The responder role needs s3:GetObject on it (roles.approvalResponder of <workflow>.iam.json, Sid ReadOffloadedPayloadsToShowReviewers, on the workflow's offload prefix).`,
    );

    rig.s3.put(OFFLOAD_BUCKET, DRAFT_KEY, '{"body":"text"}');
    rig.s3.faults.add({ operation: 'GetObject', kind: 'access-denied' });
    const denied = await failure(rig.handler()(partsRequest(token)));
    expect(denied.name).toBe(APPROVAL_ERRORS.NotifyFailed);
    expect(denied.message).toContain(`splices ${DRAFT_URI}, which could not be read (AccessDenied, which S3 also answers for a missing object when the role may not list the bucket). The responder role needs s3:GetObject on it`);

    rig.s3.put(OFFLOAD_BUCKET, DRAFT_KEY, 'not json');
    const garbled = await failure(rig.handler()(partsRequest(token)));
    expect(garbled.message).toContain(`splices ${DRAFT_URI}, which could not be read (it is not a JSON document)`);

    for (const error of [missing, denied, garbled]) expect(error.message).not.toContain(token);
    expect(rig.lines.join('\n')).not.toContain(token);
    expect(rig.sns.calls).toHaveLength(0);
    expect(rig.logs.map((l) => [l['level'], l['status'], l['reason']])).toEqual(Array(3).fill(['ERROR', 'failed', APPROVAL_ERRORS.NotifyFailed]));
  });

  it('refuses a request with both message and messageParts, or with neither, as breaking the contract', async () => {
    const token = rig.openTask();
    const both = await failure(rig.handler()({ ...partsRequest(token), message: 'text' }));
    expect(both).toMatchObject({ name: APPROVAL_ERRORS.InvalidRequest, message: expect.stringContaining('/ must match exactly one schema in oneOf') });
    const { messageParts: _, ...neither } = partsRequest(token);
    const none = await failure(rig.handler()(neither));
    expect(none.message).toContain("/ must have required property 'message'");
    const badPart = await failure(rig.handler()({ ...partsRequest(token), messageParts: [{ expand: 1, extra: true }] }));
    expect(badPart.message).toContain("/messageParts/0 must NOT have additional properties ('extra')");
    expect(rig.s3.calls).toHaveLength(0);
    expect(rig.sns.calls).toHaveLength(0);
  });
});
