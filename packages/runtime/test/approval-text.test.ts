import { describe, expect, it } from 'vitest';
import { isHttpEvent, parseHttpEvent } from '../src/approval/http-event.js';
import { link, notificationText, SNS_MESSAGE_LIMIT, subjectOf } from '../src/approval/notify.js';
import { parseApprovalRequest } from '../src/approval/request.js';
import type { ApprovalRequestPayload } from '../src/index.js';
import { approvalSettings } from '../src/approval/settings.js';

const REQUEST: ApprovalRequestPayload = {
  kind: 'agentflow.approval-request',
  version: 1,
  taskToken: 'tok',
  workflow: 'research-report',
  step: 'approve-draft',
  execution: 'arn:aws:states:us-east-1:111122223333:execution:research-report:run-7',
  topicArn: 'arn:aws:sns:us-east-1:111122223333:approvals',
  message: 'Please review the draft.',
  timeoutSeconds: 3600,
};
const LINKS = { approve: 'https://x.example/a?ref=v1.aaaaaaaa.A', reject: 'https://x.example/a?ref=v1.aaaaaaaa.R' };

describe('the notification text', () => {
  it('shows the message, both links, what it is about, the expiry in UTC and that a link decides nothing', () => {
    expect(notificationText(REQUEST, LINKS, 1_900_000_000, 0)).toEqual({
      cutBytes: 0,
      text: [
        'Please review the draft.',
        '',
        `Approve: ${LINKS.approve}`,
        `Reject: ${LINKS.reject}`,
        '',
        'Workflow: research-report',
        'Step: approve-draft',
        'Execution: run-7',
        'The links expire at 2030-03-17T17:46:40Z.',
        '',
        'Opening a link asks for confirmation; nothing is decided until the button is pressed.',
        '',
      ].join('\n'),
    });
    expect(notificationText({ ...REQUEST, message: { draft: 's3://b/k', words: 812 } }, LINKS, 1_900_000_000, 0).text).toMatch(/^\{\n {2}"draft": "s3:\/\/b\/k",\n {2}"words": 812\n\}\n\nApprove: /);
  });

  it('cuts only the message, on a character boundary, to fit SNS with the attributes, and says how much it left out', () => {
    const message = `${'é'.repeat(140_000)}END`;
    const attributes = Buffer.byteLength('reviewerStringalice@example.com');
    const { text, cutBytes } = notificationText({ ...REQUEST, message }, LINKS, 1_900_000_000, attributes);
    const bytes = Buffer.byteLength(text, 'utf8');
    expect(bytes).toBeLessThanOrEqual(SNS_MESSAGE_LIMIT - attributes);
    expect(bytes).toBeGreaterThan(SNS_MESSAGE_LIMIT - attributes - 8);
    expect(text).not.toContain('\uFFFD');
    expect(text).not.toContain('END');
    expect(text).toContain(`[${cutBytes} bytes of this message were left out: an SNS message holds at most 262144 bytes.]`);
    expect(cutBytes).toBe(Buffer.byteLength(message) - Buffer.byteLength(text.split('\n\n[')[0]!));
    expect(text).toContain(`Approve: ${LINKS.approve}\nReject: ${LINKS.reject}\n`);
  });

  it('makes the subject one SNS accepts: printable ASCII, no line breaks, under 100 characters', () => {
    expect(subjectOf(REQUEST)).toBe('Approval needed: research-report / approve-draft');
    expect(subjectOf({ ...REQUEST, subject: '  Ship it?\r\nNow — «please»' })).toBe('Ship it? Now ? ?please?');
    const long = subjectOf({ ...REQUEST, subject: 'x'.repeat(300) });
    expect(long).toHaveLength(99);
    expect(long.endsWith('...')).toBe(true);
  });

  it('adds the ref to the URL with ? or &', () => {
    expect(link('https://h.example/approve', 'v1.a.b')).toBe('https://h.example/approve?ref=v1.a.b');
    expect(link('https://h.example/approve?stage=1', 'v1.a.b')).toBe('https://h.example/approve?stage=1&ref=v1.a.b');
  });
});

describe('the approval request', () => {
  it('names every fault by its JSON pointer against approval-request.schema.json and never quotes the token', () => {
    const secret = 'SECRET-TOKEN-VALUE';
    let error: Error | undefined;
    try {
      parseApprovalRequest({ kind: 'agentflow.approval-request', version: 2, taskToken: `${secret}${'x'.repeat(2048)}`, workflow: '', step: 's', execution: 'x', topicArn: 'arn:aws:sns:us-east-1:1:t', timeoutSeconds: 0, extra: 1 });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.name).toBe('Agentflow.InvalidRequest');
    for (const part of [
      '/version must be equal to constant',
      '/workflow must NOT have fewer than 1 characters',
      "/ must have required property 'message'",
      '/timeoutSeconds must be >= 1',
      '/execution must match pattern',
      '/topicArn must match pattern',
      "/ must NOT have additional properties ('extra')",
      '/taskToken must NOT have more than 2048 characters',
    ]) {
      expect(error?.message).toContain(part);
    }
    expect(error?.message).not.toContain(secret);
    expect(parseApprovalRequest({ ...REQUEST, heartbeatSeconds: 600 })).toMatchObject({ heartbeatSeconds: 600 });
  });
});

describe('settings', () => {
  it('reads the variables, with defaults', () => {
    expect(approvalSettings({ AGENTFLOW_APPROVAL_KEY_PARAMETER: '/k' })).toEqual({ keyParameter: '/k', commentsMax: 2000, debug: false });
    expect(
      approvalSettings({
        AGENTFLOW_APPROVAL_KEY_PARAMETER: '/k',
        AGENTFLOW_APPROVAL_URL: 'https://h.example/a',
        AGENTFLOW_APPROVAL_REVIEWERS: ' alice@example.com, bob@example.com ,',
        AGENTFLOW_APPROVAL_LINK_TTL: '600',
        AGENTFLOW_APPROVAL_COMMENTS_MAX: '10',
        AGENTFLOW_DEBUG: '1',
      }),
    ).toEqual({ keyParameter: '/k', url: 'https://h.example/a', reviewers: ['alice@example.com', 'bob@example.com'], linkTtlSeconds: 600, commentsMax: 10, debug: true });
  });

  it('names the variable and the fix for each bad value', () => {
    const base = { AGENTFLOW_APPROVAL_KEY_PARAMETER: '/k' };
    expect(() => approvalSettings({})).toThrow(/^AGENTFLOW_APPROVAL_KEY_PARAMETER is not set: set it to the name of the SSM SecureString parameter/);
    expect(() => approvalSettings({ ...base, AGENTFLOW_APPROVAL_URL: 'nope' })).toThrow('AGENTFLOW_APPROVAL_URL="nope" is not a URL');
    expect(() => approvalSettings({ ...base, AGENTFLOW_APPROVAL_URL: 'https://h.example/a#x' })).toThrow('has a fragment');
    expect(() => approvalSettings({ ...base, AGENTFLOW_APPROVAL_LINK_TTL: '1h' })).toThrow('AGENTFLOW_APPROVAL_LINK_TTL="1h" is not a whole number from 1 to');
    expect(() => approvalSettings({ ...base, AGENTFLOW_APPROVAL_COMMENTS_MAX: '4001' })).toThrow('AGENTFLOW_APPROVAL_COMMENTS_MAX="4001" is not a whole number from 0 to 4000');
    expect(() => approvalSettings({ ...base, AGENTFLOW_APPROVAL_REVIEWERS: 'alice' })).toThrow('AGENTFLOW_APPROVAL_REVIEWERS holds "alice", which is not an e-mail address');
  });
});

describe('payload format 2.0 events', () => {
  it('decodes base64 bodies, lower-cases header names and reads the JWT email claim', () => {
    const event = {
      version: '2.0',
      rawPath: '/approval',
      rawQueryString: 'ref=v1.ab.cd&x=%2B',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: Buffer.from('ref=v1.ab.cd&comments=a+b%26c').toString('base64'),
      isBase64Encoded: true,
      requestContext: { http: { method: 'post', path: '/approval' }, authorizer: { jwt: { claims: { email: 'alice@example.com' } } } },
    };
    expect(isHttpEvent(event)).toBe(true);
    expect(isHttpEvent({ ...event, version: '1.0' })).toBe(false);
    const request = parseHttpEvent(event);
    expect(request).toMatchObject({ method: 'POST', path: '/approval', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'ref=v1.ab.cd&comments=a+b%26c', email: 'alice@example.com' });
    expect(request.query.get('x')).toBe('+');
    expect(new URLSearchParams(request.body).get('comments')).toBe('a b&c');
  });
});
