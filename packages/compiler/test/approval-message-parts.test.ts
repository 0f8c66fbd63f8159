import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { agent, text, workflow } from '@agentflow/dsl';
import { compileWorkflow } from '../src/index.js';
import { TEST_ENV } from './test-env.js';

/** A draft too large to travel inline: it is offloaded. */
const writer = agent('worker', { agentName: 'worker', alias: 'live', output: z.object({ title: z.string().max(200), body: z.string().max(200_000) }) });
const WITH_OFFLOAD = { ...TEST_ENV, offload: { bucket: 'test-bucket', prefix: 'p' } };

const reviewed = workflow('reviewed', { input: z.object({ topic: z.string().max(100) }) }, (f) => {
  const draft = f.invoke(writer, { prompt: f.input.topic });
  f.approval('sign-off', { notify: 'reviewers', subject: text`Review: ${f.input.topic}`, message: text`Please review "${draft.title}".\n\n${draft.body}\n\n(end)`, timeout: { days: 1 } });
});

const inline = workflow('inline', { input: z.object({ topic: z.string().max(100) }) }, (f) => {
  f.approval('sign-off', { notify: 'reviewers', message: text`Please review ${f.input.topic}.`, timeout: { days: 1 } });
});

type Payload = Record<string, unknown>;
const payloadOf = (def: Record<string, unknown> | undefined) => (def as { States: Record<string, { Arguments: { Payload: Payload } }> }).States['Sign Off']!.Arguments.Payload;

describe('an approval message that splices offloaded values', () => {
  const result = compileWorkflow(reviewed, { env: WITH_OFFLOAD, envName: 'test' });

  it('is sent as messageParts, the parts an agent prompt would be, so the responder shows the value and not its s3:// pointer', () => {
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const payload = payloadOf(result.definition);
    expect(payload).not.toHaveProperty('message');
    // Nothing reads the draft's fields outside prompts and messages, so all of it is offloaded, title included.
    expect(payload['messageParts']).toEqual([
      'Please review "',
      { expand: "{% {'$s3': $worker.`$s3`} %}", path: ['title'] },
      "{% '\".\\n\\n' %}",
      { expand: "{% {'$s3': $worker.`$s3`} %}", path: ['body'] },
      "{% '\\n\\n(end)' %}",
    ]);
  });

  it('refuses a subject that splices an offloaded value: subjects are not expanded, the reviewers would read s3://', () => {
    const bad = workflow('bad-subject', { input: z.object({ topic: z.string().max(100) }) }, (f) => {
      const draft = f.invoke(writer, { prompt: f.input.topic });
      f.approval('sign-off', { notify: 'reviewers', subject: text`Review: ${draft.title}`, message: text`Please review.\n\n${draft.body}`, timeout: { days: 1 } });
    });
    const out = compileWorkflow(bad, { env: WITH_OFFLOAD, envName: 'test' });
    expect(out.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(['approval-subject-offloaded']);
    expect(out.definition).toBeUndefined();
    // Without offload nothing is kept in S3: the subject is not the problem there (the body's size is).
    expect(compileWorkflow(bad, { env: TEST_ENV, envName: 'test' }).diagnostics.map((d) => d.code)).not.toContain('approval-subject-offloaded');
  });

  it('lets the responder role read the offload prefix, since the request holds a pointer', () => {
    const statements = result.iam?.roles.approvalResponder?.policy?.Statement ?? [];
    expect(statements.find((s) => s.Sid === 'ReadOffloadedPayloadsToShowReviewers')).toMatchObject({ Action: ['s3:GetObject'], Resource: ['arn:aws:s3:::test-bucket/p/reviewed/*'] });
  });

  it('is bounded by its parts, the pointer in place of the 200,000-character body, within the budget', () => {
    const row = result.payload!.states.find((r) => r.state === 'Sign Off')!;
    expect(row.bytes).toBeLessThan(result.payload!.budgetBytes);
    // Measured as the value, the body alone (escaped up to 6 bytes a character) would be far over the budget.
    expect(row.bytes).toBeLessThan(200_000);
  });

  it('counts each expand part as the JSON object it travels in, not as text spliced into a string', () => {
    const long = workflow('long', { input: z.object({ note: z.string().max(20_000) }) }, (f) => {
      const draft = f.invoke(writer, { prompt: 'Write.' });
      f.approval('sign-off', { notify: 'reviewers', message: text`${f.input.note}${draft.body}`, timeout: { days: 1 } });
    });
    const row = compileWorkflow(long, { env: WITH_OFFLOAD, envName: 'test' }).payload!.states.find((r) => r.state === 'Sign Off')!;
    // The note escaped (up to 6 bytes a character), the request's 8,192 fixed bytes, the pointer, and the 48 bytes of
    // `{"expand": …, "path": ["body"]}` around it: 58 bytes more than the same pointer spliced into a string would take.
    expect(row).toMatchObject({ measure: 'arguments', bytes: 130_517 });
  });

  it('accepts a bare reference to an offloaded field as the whole message, sent as one expand part', () => {
    // The message is text like a prompt: a reference on its own is read back from S3 by the responder, as the same
    // reference spliced into text`…` is, so it must not force the field inline (which put the draft over budget).
    const bare = workflow('bare', { input: z.object({ topic: z.string().max(100) }) }, (f) => {
      const draft = f.invoke(writer, { prompt: f.input.topic });
      f.approval('sign-off', { notify: 'reviewers', message: draft.body, timeout: { days: 1 } });
    });
    const out = compileWorkflow(bare, { env: WITH_OFFLOAD, envName: 'test' });
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const payload = payloadOf(out.definition);
    expect(payload).not.toHaveProperty('message');
    expect(payload['messageParts']).toEqual([{ expand: "{% {'$s3': $worker.`$s3`} %}", path: ['body'] }]);
    const row = out.payload!.states.find((r) => r.state === 'Sign Off')!;
    // The request: its fixed part and the pointer, not the 200,000-character body.
    expect(row.argumentsBytes).toBeLessThan(20_000);
  });

  it('stays one message when it reads no offloaded value', () => {
    const payload = payloadOf(compileWorkflow(inline, { env: WITH_OFFLOAD, envName: 'test' }).definition);
    expect(payload['message']).toBe("{% 'Please review ' & $states.input.topic & '.' %}");
    expect(payload).not.toHaveProperty('messageParts');
  });
});
