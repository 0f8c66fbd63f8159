import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { approvalRequest, httpEvent, linksOf, page, postEvent, refOf, startApprovalRig, START_MS, URL_BASE, type ApprovalRig } from './approval-support.js';

let rig: ApprovalRig;
beforeEach(async () => {
  rig = await startApprovalRig();
});
afterEach(async () => {
  await rig.close();
});

const SCRIPT = '<script>alert(1)</script>';

describe('what reaches pages, logs and messages', () => {
  it('escapes script-bearing workflow, step, reviewer and comments in every page', async () => {
    const reviewer = `"${SCRIPT}"@example.com`;
    const handler = rig.handler({ AGENTFLOW_APPROVAL_REVIEWERS: reviewer });
    const token = rig.openTask();
    await handler(approvalRequest(token, { workflow: `wf${SCRIPT}`, step: `step'"${SCRIPT}`, message: `Read this ${SCRIPT}` }));
    const { approve } = linksOf(rig.sns.published[0]!.message);
    const confirm = page(await handler(httpEvent('GET', approve)));
    const decided = page(await handler(postEvent({ ref: refOf(approve), comments: `fine ${SCRIPT} & <img src=x onerror=alert(2)>` })));
    expect([confirm.statusCode, decided.statusCode]).toEqual([200, 200]);
    for (const body of [confirm.body, decided.body]) {
      expect(body).not.toContain('<script>');
      expect(body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(body).not.toMatch(/<img/);
    }
    expect(confirm.body).toContain('<dd>step&#39;&quot;&lt;script&gt;');
    expect(decided.body).toContain('<dd>fine &lt;script&gt;alert(1)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(2)&gt;</dd>');
    // The request's message is never put in a page (it travels only in the plain-text notification).
    expect(confirm.body).not.toContain('Read this');
    // And no page runs a script at all: the policy allows none.
    for (const response of rig.pages) expect(response.headers['content-security-policy']).toMatch(/^default-src 'none';/);
    // The output keeps the comments as written: escaping is the page's business, not the workflow's.
    expect(JSON.parse(rig.sfn.task(token)!.output!)).toEqual({ approved: true, comments: `fine ${SCRIPT} & <img src=x onerror=alert(2)>`, reviewer });
  });

  it('never shows the raw task token in a page, a log line or a message, nor logs a reference', async () => {
    const handler = rig.handler({ AGENTFLOW_APPROVAL_REVIEWERS: 'alice@example.com,bob@example.com', AGENTFLOW_APPROVAL_LINK_TTL: '3600', AGENTFLOW_DEBUG: '1' });
    const tokens: string[] = [];
    const refs: string[] = [];
    const run = async (heartbeatSeconds?: number): Promise<{ token: string; approve: string; reject: string }> => {
      const token = rig.openTask();
      tokens.push(token);
      const before = rig.sns.published.length;
      await handler(approvalRequest(token, heartbeatSeconds === undefined ? {} : { heartbeatSeconds }));
      const links = rig.sns.published.slice(before).flatMap((m) => Object.values(linksOf(m.message)));
      refs.push(...links.map(refOf));
      return { token, ...linksOf(rig.sns.published[before]!.message) };
    };
    // Every path: confirm, decide, replay, timed out, expired, not allowed, throttled, failed, tampered.
    const a = await run(600);
    await handler(httpEvent('GET', a.approve));
    await handler(postEvent({ ref: refOf(a.approve), comments: 'ok' }));
    await handler(postEvent({ ref: refOf(a.reject) }));
    const b = await run();
    rig.sfn.timeOutTask(b.token);
    await handler(httpEvent('GET', b.reject));
    const c = await run();
    rig.sfn.faults.add({ operation: 'SendTaskSuccess', kind: 'throttle' });
    await handler(postEvent({ ref: refOf(c.approve) }));
    rig.sfn.faults.add({ operation: 'SendTaskSuccess', kind: 'access-denied' });
    await handler(postEvent({ ref: refOf(c.approve) }));
    await handler(postEvent({ ref: refOf(c.approve) }, { email: 'mallory@example.com' }));
    await handler(postEvent({ ref: `${refOf(c.approve).slice(0, -2)}AA` }));
    // A SendTaskSuccess the fake refuses with InvalidToken, whose message may quote the token: a token that is not a task's.
    const stray = rig.openTask();
    tokens.push(stray);
    rig.sfn.timeOutTask(stray);
    await handler(approvalRequest(stray, { heartbeatSeconds: 60 }));
    rig.clock = START_MS + 3600_000;
    await handler(httpEvent('GET', c.reject));

    expect(rig.pages.map((p) => p.statusCode)).toEqual([200, 200, 410, 410, 503, 500, 403, 403, 403]);
    const everything = [
      ...rig.lines,
      ...rig.pages.flatMap((p) => [p.body, ...Object.values(p.headers)]),
      ...rig.sns.published.flatMap((m) => [m.message, m.subject ?? '', JSON.stringify(m.messageAttributes)]),
    ].join('\n');
    expect(tokens).toHaveLength(4);
    for (const token of tokens) {
      expect(token).toMatch(/[+/=]/);
      for (const form of [token, encodeURIComponent(token), Buffer.from(token).toString('base64url'), token.slice(100, 140)]) expect(everything.includes(form), form.slice(0, 20)).toBe(false);
    }
    const logged = rig.lines.join('\n');
    expect(refs.length).toBeGreaterThanOrEqual(12);
    for (const ref of refs) expect(logged.includes(ref.split('.')[2]!.slice(0, 40))).toBe(false);
    // The refs do sit in the messages and in the confirmation page's form, which is their purpose.
    expect(rig.pages[0]!.body).toContain(refOf(a.approve));
    expect(rig.logs.map((l) => [l['event'], l['status']])).toEqual([
      ['notified', 'sent'],
      ['confirm-page', 200],
      ['decided', 200],
      ['refused', 410],
      ['notified', 'sent'],
      ['refused', 410],
      ['notified', 'sent'],
      ['refused', 503],
      ['refused', 500],
      ['refused', 403],
      ['refused', 403],
      ['notified', 'sent'],
      ['refused', 403],
    ]);
    expect(rig.logs[11]).toMatchObject({ level: 'WARN', heartbeat: 'failed', reason: 'TaskTimedOut' });
    expect(URL_BASE).toBe(new URL(a.approve).origin + new URL(a.approve).pathname);
  });
});
