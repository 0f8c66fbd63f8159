import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApprovalHandler } from '../src/index.js';
import { approvalRequest, httpEvent, KEY_1, KEY_2, KEY_PARAMETER, linksOf, page, postEvent, refOf, startApprovalRig, START_MS, URL_BASE, type ApprovalRig } from './approval-support.js';

let rig: ApprovalRig;
beforeEach(async () => {
  rig = await startApprovalRig();
});
afterEach(async () => {
  await rig.close();
});

/** Notifies for a fresh task; returns its token and the first message's links. */
async function notified(handler: ApprovalHandler, fields: Record<string, unknown> = {}): Promise<{ token: string; approve: string; reject: string; messages: string[] }> {
  const token = rig.openTask();
  const before = rig.sns.published.length;
  await handler(approvalRequest(token, fields));
  const messages = rig.sns.published.slice(before).map((m) => m.message);
  return { token, ...linksOf(messages[0]!), messages };
}

const callbacks = (): string[] => rig.sfn.calls.map((c) => c.operation).filter((op) => op === 'SendTaskSuccess' || op === 'SendTaskFailure');

describe('GET: the confirmation page', () => {
  it('probes the task with a heartbeat, shows what is asked and a form, and never decides (a scanner may prefetch)', async () => {
    const handler = rig.handler();
    const { token, approve, reject } = await notified(handler);
    for (const link of [approve, reject, approve]) {
      const response = page(await handler(httpEvent('GET', link)));
      expect(response.statusCode).toBe(200);
    }
    expect(callbacks()).toEqual([]);
    expect(rig.sfn.task(token)).toMatchObject({ status: 'open', heartbeats: 3 });
    const response = page(await handler(httpEvent('GET', approve)));
    expect(response.headers).toEqual({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'",
      'referrer-policy': 'no-referrer',
      'x-content-type-options': 'nosniff',
    });
    expect(response.body).toContain('<dt>Workflow</dt><dd>research-report</dd><dt>Step</dt><dd>approve-draft</dd><dt>Execution</dt><dd>run-42</dd>');
    // No action: the form posts back to the address the browser opened (stage, custom domain or Function URL alike).
    expect(response.body).toContain('<form method="post">');
    expect(response.body).toContain(`<input type="hidden" name="ref" value="${refOf(approve)}">`);
    expect(response.body).toContain('<textarea id="comments" name="comments" maxlength="2000"></textarea>');
    expect(response.body.match(/<button/g)).toHaveLength(1);
    expect(response.body).toContain('<button type="submit">Approve</button>');
    expect(page(await handler(httpEvent('GET', reject))).body).toContain('<button type="submit">Reject</button>');
    expect(rig.logs.at(-1)).toEqual({ level: 'INFO', event: 'confirm-page', workflow: 'research-report', step: 'approve-draft', execution: 'run-42', action: 'reject', status: 200 });
  });

  it('answers 410 once the task timed out, 403 once the link expired', async () => {
    const handler = rig.handler({ AGENTFLOW_APPROVAL_LINK_TTL: '3600' });
    const { token, approve } = await notified(handler);
    rig.sfn.timeOutTask(token);
    const gone = page(await handler(httpEvent('GET', approve)));
    expect([gone.statusCode, gone.body]).toEqual([410, expect.stringContaining('This request has already been decided or is no longer waiting for a decision.')]);
    rig.clock = START_MS + 3600_000;
    const expired = page(await handler(httpEvent('GET', approve)));
    expect([expired.statusCode, expired.body]).toEqual([403, expect.stringContaining('This link has expired.')]);
    expect(rig.logs.slice(-2).map((l) => [l['event'], l['status'], l['reason']])).toEqual([
      ['refused', 410, 'TaskTimedOut'],
      ['refused', 403, 'expired'],
    ]);
  });
});

describe('POST: the decision', () => {
  it('approves with SendTaskSuccess {approved, comments}, then refuses a replay with 410', async () => {
    const handler = rig.handler();
    const { token, approve, reject } = await notified(handler);
    const response = page(await handler(postEvent({ ref: refOf(approve), comments: 'Looks good.\r\nShip it.' })));
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('<h1>Approved</h1>');
    expect(rig.sfn.task(token)).toMatchObject({ status: 'succeeded', output: JSON.stringify({ approved: true, comments: 'Looks good.\nShip it.' }) });
    expect(rig.logs.at(-1)).toEqual({ level: 'INFO', event: 'decided', workflow: 'research-report', step: 'approve-draft', execution: 'run-42', action: 'approve', status: 200 });
    for (const link of [approve, reject]) {
      const replay = page(await handler(postEvent({ ref: refOf(link) })));
      expect(replay.statusCode).toBe(410);
      expect(replay.body).toContain('already been decided or is no longer waiting');
    }
    expect(callbacks()).toEqual(['SendTaskSuccess', 'SendTaskSuccess', 'SendTaskSuccess']);
    expect(rig.sfn.task(token)?.output).toBe(JSON.stringify({ approved: true, comments: 'Looks good.\nShip it.' }));
  });

  it('rejects with a successful callback {approved: false}, from a base64 body, leaving out empty comments', async () => {
    const handler = rig.handler();
    const { token, reject } = await notified(handler);
    const response = page(await handler(postEvent({ ref: refOf(reject), comments: '  ' }, { base64: true })));
    expect([response.statusCode, response.body.includes('<h1>Rejected</h1>')]).toEqual([200, true]);
    expect(rig.sfn.task(token)).toMatchObject({ status: 'succeeded', output: '{"approved":false}' });
  });

  it('names the reviewer: the link\'s, or the signed-in one when a JWT authorizer is attached', async () => {
    const handler = rig.handler({ AGENTFLOW_APPROVAL_REVIEWERS: 'alice@example.com,bob@example.com' });
    const first = await notified(handler);
    const confirm = page(await handler(httpEvent('GET', first.approve)));
    expect(confirm.body).toContain('<dt>Reviewer</dt><dd>alice@example.com</dd>');
    const decided = page(await handler(postEvent({ ref: refOf(first.approve) })));
    expect(decided.body).toContain('<dt>Reviewer</dt><dd>alice@example.com</dd>');
    expect(rig.sfn.task(first.token)?.output).toBe('{"approved":true,"reviewer":"alice@example.com"}');
    expect(rig.logs.at(-1)).toMatchObject({ event: 'decided', reviewer: 'alice@example.com' });

    const second = await notified(handler);
    const bobLinks = linksOf(second.messages[1]!);
    expect(page(await handler(postEvent({ ref: refOf(bobLinks.reject) }, { email: 'Bob@Example.com' }))).statusCode).toBe(200);
    expect(rig.sfn.task(second.token)?.output).toBe('{"approved":false,"reviewer":"Bob@Example.com"}');
  });

  it('refuses with 403 a reviewer taken off the list, and a signed-in reviewer other than the link\'s', async () => {
    const { token, approve } = await notified(rig.handler({ AGENTFLOW_APPROVAL_REVIEWERS: 'alice@example.com' }));
    // A new deployment dropped alice: her links stop working.
    const dropped = page(await rig.handler({ AGENTFLOW_APPROVAL_REVIEWERS: 'bob@example.com' })(postEvent({ ref: refOf(approve) })));
    expect([dropped.statusCode, dropped.body.includes('You are not allowed to decide this request.')]).toEqual([403, true]);
    const handler = rig.handler({ AGENTFLOW_APPROVAL_REVIEWERS: 'alice@example.com' });
    const other = page(await handler(httpEvent('GET', approve, { email: 'mallory@example.com' })));
    expect(other.statusCode).toBe(403);
    expect(page(await handler(postEvent({ ref: refOf(approve) }, { email: 'mallory@example.com' }))).statusCode).toBe(403);
    // The page says "not allowed" only; the log says which check.
    expect(other.body).not.toContain('mallory');
    expect(rig.logs.slice(-3).map((l) => l['reason'])).toEqual(['reviewer-not-listed', 'signed-in-as-another-reviewer', 'signed-in-as-another-reviewer']);
    expect(callbacks()).toEqual([]);
    expect(rig.sfn.task(token)?.status).toBe('open');
    // With no allow-list, a link sent without one cannot be made to name a reviewer on it.
    const open = await notified(rig.handler());
    expect(page(await rig.handler({ AGENTFLOW_APPROVAL_REVIEWERS: 'alice@example.com' })(httpEvent('GET', open.approve))).statusCode).toBe(403);
  });

  it('refuses a signed-in reviewer longer than the outcome holds (ApprovalOutcome: reviewer at most 256)', async () => {
    const { token, approve } = await notified(rig.handler());
    const long = `${'a'.repeat(250)}@example.com`;
    const refused = page(await rig.handler()(postEvent({ ref: refOf(approve) }, { email: long })));
    expect(refused.statusCode).toBe(403);
    expect(rig.logs.at(-1)).toMatchObject({ reason: 'reviewer-too-long' });
    expect(rig.sfn.task(token)?.status).toBe('open');
    const fits = page(await rig.handler()(postEvent({ ref: refOf(approve) }, { email: `${'a'.repeat(244)}@example.com` })));
    expect(fits.statusCode).toBe(200);
  });

  it('refuses comments over the limit with 413 and decides nothing', async () => {
    const handler = rig.handler({ AGENTFLOW_APPROVAL_COMMENTS_MAX: '10' });
    const { token, approve } = await notified(handler);
    expect(page(await handler(httpEvent('GET', approve))).body).toContain('maxlength="10"');
    const response = page(await handler(postEvent({ ref: refOf(approve), comments: 'x'.repeat(11) })));
    expect([response.statusCode, response.body.includes('The comments are longer than 10 characters.')]).toEqual([413, true]);
    // CRLF counts as one character, as the browser counted it against maxlength.
    expect(page(await handler(postEvent({ ref: refOf(approve), comments: 'abcd\r\nefgh\r\n' }))).statusCode).toBe(200);
    expect(rig.sfn.task(token)?.output).toBe(JSON.stringify({ approved: true, comments: 'abcd\nefgh\n' }));
  });
});

describe('references that do not open', () => {
  it('refuses a forged, tampered, foreign-key or expired reference with 403, saying only invalid or expired', async () => {
    const handler = rig.handler({ AGENTFLOW_APPROVAL_LINK_TTL: '60' });
    const { token, approve } = await notified(handler);
    const ref = refOf(approve);
    const [version, kid, data] = ref.split('.') as [string, string, string];
    const bytes = Buffer.from(data, 'base64url');
    bytes[20] = bytes[20]! ^ 0x01;
    const tampered = `${version}.${kid}.${bytes.toString('base64url')}`;
    const forged = `v1.${kid}.${Buffer.alloc(80, 7).toString('base64url')}`;
    const foreign = (await (async () => {
      const other = await startApprovalRig({ keys: KEY_2 });
      try {
        const t = other.openTask();
        await other.handler()(approvalRequest(t));
        return refOf(linksOf(other.sns.published[0]!.message).approve);
      } finally {
        await other.close();
      }
    })()) as string;
    for (const bad of [tampered, forged, foreign, 'not-a-ref', `${ref}x`]) {
      for (const event of [httpEvent('GET', `${URL_BASE}?ref=${encodeURIComponent(bad)}`), postEvent({ ref: bad })]) {
        const response = page(await handler(event));
        expect(response.statusCode, bad).toBe(403);
        expect(response.body).toContain('This link is not valid.');
      }
    }
    rig.clock = START_MS + 60_000;
    const expired = page(await handler(postEvent({ ref })));
    expect([expired.statusCode, expired.body.includes('This link has expired.')]).toEqual([403, true]);
    expect(callbacks()).toEqual([]);
    expect(rig.sfn.task(token)).toMatchObject({ status: 'open', heartbeats: 0 });
    expect(new Set(rig.logs.filter((l) => l['event'] === 'refused').map((l) => l['reason']))).toEqual(new Set(['ref-tampered', 'ref-malformed', 'ref-unknown-key', 'expired']));
  });

  it('opens links sealed with the old key after a rotation, and learns a new key another container already uses', async () => {
    const oldContainer = rig.handler();
    const before = await notified(oldContainer);
    rig.ssm.setParameter(KEY_PARAMETER, `${KEY_2},${KEY_1}`, 'SecureString');
    const newContainer = rig.handler();
    const after = await notified(newContainer);
    expect(refOf(after.approve).split('.')[1]).not.toBe(refOf(before.approve).split('.')[1]);
    expect(page(await newContainer(postEvent({ ref: refOf(before.approve) }))).statusCode).toBe(200);
    // The old container's cache is fresh, but an unknown kid makes it read the parameter again (30 s apart at most).
    rig.clock += 30_000;
    expect(page(await oldContainer(postEvent({ ref: refOf(after.reject) }))).statusCode).toBe(200);
    expect(rig.sfn.task(after.token)?.output).toBe('{"approved":false}');
  });
});

describe('the other answers', () => {
  it('405 for other methods with Allow, 400 without a ref', async () => {
    const handler = rig.handler();
    const put = page(await handler(httpEvent('PUT', `${URL_BASE}?ref=x`)));
    expect([put.statusCode, put.headers['allow']]).toEqual([405, 'GET, POST']);
    expect(page(await handler(httpEvent('HEAD', URL_BASE))).statusCode).toBe(405);
    expect(page(await handler(httpEvent('GET', URL_BASE))).statusCode).toBe(400);
    expect(page(await handler(postEvent({ comments: 'no ref' }))).statusCode).toBe(400);
  });

  it('503 "try again" when Step Functions throttles or fails, 500 without details for anything else', async () => {
    const handler = rig.handler();
    const { token, approve } = await notified(handler);
    rig.sfn.faults.add({ operation: 'SendTaskSuccess', kind: 'throttle' });
    const throttled = page(await handler(postEvent({ ref: refOf(approve) })));
    expect([throttled.statusCode, throttled.headers['retry-after'], throttled.body.includes('Try again in a minute.')]).toEqual([503, '60', true]);
    rig.sfn.faults.add({ operation: 'SendTaskHeartbeat', kind: 'server-error' });
    expect(page(await handler(httpEvent('GET', approve))).statusCode).toBe(503);
    rig.sfn.faults.add({ operation: 'SendTaskSuccess', kind: 'drop' });
    expect(page(await handler(postEvent({ ref: refOf(approve) }))).statusCode).toBe(503);
    rig.sfn.faults.add({ operation: 'SendTaskSuccess', kind: 'access-denied' });
    const denied = page(await handler(postEvent({ ref: refOf(approve) })));
    expect(denied.statusCode).toBe(500);
    expect(denied.body).toContain('The request could not be handled.');
    expect(denied.body).not.toMatch(/AccessDenied|states:|arn:/);
    expect(rig.logs.at(-1)).toMatchObject({ level: 'ERROR', event: 'refused', status: 500, reason: 'AccessDeniedException' });
    // Still open: a later press decides.
    expect(page(await handler(postEvent({ ref: refOf(approve) }))).statusCode).toBe(200);
    expect(rig.sfn.task(token)?.status).toBe('succeeded');
  });

  it('500 with the setting named in the log when the environment is broken', async () => {
    const handler = rig.handler({ AGENTFLOW_APPROVAL_COMMENTS_MAX: 'lots' });
    const response = page(await handler(httpEvent('GET', `${URL_BASE}?ref=v1.00000000.AAAA`)));
    expect(response.statusCode).toBe(500);
    expect(response.body).not.toContain('AGENTFLOW');
    expect(rig.logs.at(-1)).toMatchObject({ level: 'ERROR', status: 500, reason: 'SettingsError', detail: expect.stringContaining('AGENTFLOW_APPROVAL_COMMENTS_MAX="lots"') });
  });
});
