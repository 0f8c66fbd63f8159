import { answerTurn } from '@agentflow/aws-fakes';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ADAPTER_ERRORS, STATE_PAYLOAD_LIMIT } from '../src/index.js';
import { BUCKET, failure, lambdaContext, PLAN_SCHEMA, request, startRig, type Rig } from './support.js';

let rig: Rig;
beforeEach(async () => {
  rig = await startRig();
});
afterEach(async () => {
  await rig.close();
});

const KEY = 'agentflow/research-report/exec-1/make-plan/0.json';
const TASKS_KEY = 'agentflow/research-report/exec-1/make-plan/0/tasks.json';
const offload = { bucket: BUCKET, key: KEY, inline: ['title'], arrays: [{ field: 'tasks', key: TASKS_KEY }] };

describe('offload, inputParts and byte budgets (real S3 client against the fake)', () => {
  it('writes the whole answer and each array to their keys and returns the inline fields plus the pointer; a retry overwrites the same keys', async () => {
    const plan = { title: 'Plan', tasks: ['a', 'b', 'c'] };
    rig.agent.script(answerTurn(JSON.stringify(plan)), answerTurn(JSON.stringify({ ...plan, title: 'Plan again' })));
    const handler = rig.handler();
    const payload = request({ sessionId: 'exec-1:make-plan:0', outputSchema: PLAN_SCHEMA, offload, maxOutputBytes: 200 });
    expect(await handler(payload, lambdaContext())).toEqual({ title: 'Plan', $s3: `s3://${BUCKET}/${KEY}` });
    expect(await handler(payload, lambdaContext())).toEqual({ title: 'Plan again', $s3: `s3://${BUCKET}/${KEY}` });
    expect(rig.s3.objects()).toEqual({
      [`s3://${BUCKET}/${KEY}`]: JSON.stringify({ ...plan, title: 'Plan again' }),
      [`s3://${BUCKET}/${TASKS_KEY}`]: JSON.stringify(plan.tasks),
    });
    expect(rig.s3.calls.map((c) => `${c.operation} ${c.key}`)).toEqual([`PutObject ${KEY}`, `PutObject ${TASKS_KEY}`, `PutObject ${KEY}`, `PutObject ${TASKS_KEY}`]);
    expect(rig.logs[0]).toMatchObject({ outcome: 'ok', offloaded: `s3://${BUCKET}/${KEY}` });
  });

  it('fails with Agentflow.AnswerTooLarge, never truncating, when the answer exceeds maxOutputBytes', async () => {
    const draft = 'x'.repeat(120);
    rig.agent.script(answerTurn(draft));
    const error = await failure(rig.handler()(request({ maxOutputBytes: 100 }), lambdaContext()));
    expect(error.name).toBe(ADAPTER_ERRORS.AnswerTooLarge);
    expect(error.message).toBe("The agent's answer takes 122 bytes of JSON, over the request's maxOutputBytes of 100. Nothing was truncated.");
  });

  it('writes nothing when the inline fields of an offloaded answer exceed the budget', async () => {
    rig.agent.script(answerTurn(JSON.stringify({ title: 'T'.repeat(300), tasks: [] })));
    const error = await failure(rig.handler()(request({ outputSchema: PLAN_SCHEMA, offload, maxOutputBytes: 200 }), lambdaContext()));
    expect(error.name).toBe(ADAPTER_ERRORS.AnswerTooLarge);
    expect(error.message).toContain('over the request\'s maxOutputBytes of 200. Nothing was truncated or written.');
    expect(rig.s3.calls).toEqual([]);
  });

  it("holds every return to Step Functions' 256 KiB state limit even when maxOutputBytes allows more", async () => {
    rig.agent.script(answerTurn('y'.repeat(STATE_PAYLOAD_LIMIT), { chunks: 40 }));
    const error = await failure(rig.handler()(request({ maxOutputBytes: 1_000_000 }), lambdaContext()));
    expect(error.name).toBe(ADAPTER_ERRORS.AnswerTooLarge);
    expect(error.message).toContain(`over Step Functions' 256 KiB state payload limit (${STATE_PAYLOAD_LIMIT})`);
  });

  it('expands inputParts pointers, with a path, and a Distributed Map result manifest into the prompt', async () => {
    rig.s3.put(BUCKET, 'agentflow/wf/exec-1/research.json', JSON.stringify({ summary: 'Sea levels rise.', sources: ['s1'] }));
    rig.s3.put(BUCKET, 'agentflow/wf/exec-1/runs/manifest.json', JSON.stringify({ DestinationBucket: BUCKET, MapRunArn: 'arn:aws:states:us-east-1:123456789012:mapRun:wf/m:1', ResultFiles: { FAILED: [], PENDING: [], SUCCEEDED: [{ Key: 'agentflow/wf/exec-1/runs/SUCCEEDED_0.json', Size: 1 }] } }));
    rig.s3.put(
      BUCKET,
      'agentflow/wf/exec-1/runs/SUCCEEDED_0.json',
      JSON.stringify([
        { ExecutionArn: 'arn:1', Status: 'SUCCEEDED', Output: '{"fact":"one"}' },
        { ExecutionArn: 'arn:2', Status: 'SUCCEEDED', Output: '{"fact":"two"}' },
      ]),
    );
    rig.agent.script(answerTurn('ok'));
    const inputParts = [
      'Summary: ',
      { expand: { $s3: `s3://${BUCKET}/agentflow/wf/exec-1/research.json` }, path: ['summary'] },
      '\nFacts: ',
      { expand: { results: { $s3: `s3://${BUCKET}/agentflow/wf/exec-1/runs/manifest.json` } } },
    ];
    const { inputText: _, ...rest } = request();
    await rig.handler()({ ...rest, inputParts }, lambdaContext());
    expect(rig.agent.calls[0]!.inputText).toBe('Summary: Sea levels rise.\nFacts: {"results":[{"fact":"one"},{"fact":"two"}]}');
  });

  it('names a pointer to a missing object Agentflow.OffloadMissing, and an S3 refusal Agentflow.OffloadFailed', async () => {
    const { inputText: _, ...rest } = request();
    const missing = await failure(rig.handler()({ ...rest, inputParts: [{ expand: { $s3: `s3://${BUCKET}/gone.json` } }] }, lambdaContext()));
    expect(missing.name).toBe(ADAPTER_ERRORS.OffloadMissing);
    expect(missing.message).toContain(`s3://${BUCKET}/gone.json does not exist`);
    rig.s3.faults.add({ operation: 'PutObject', kind: 'access-denied' });
    rig.agent.script(answerTurn(JSON.stringify({ title: 'T', tasks: [] })));
    const denied = await failure(rig.handler()(request({ outputSchema: PLAN_SCHEMA, offload }), lambdaContext()));
    expect(denied.name).toBe(ADAPTER_ERRORS.OffloadFailed);
    expect(denied.message).toContain(`Could not write s3://${BUCKET}/${KEY} (AccessDenied`);
    expect(rig.agent.calls).toHaveLength(1);
  });
});

describe('offload reads by a role without s3:ListBucket on the key', () => {
  it('reports a missing pointer as Agentflow.OffloadFailed, saying that S3 hides a missing object behind AccessDenied', async () => {
    const denied = await startRig({}, { withoutListBucket: true });
    try {
      const { inputText: _, ...rest } = request();
      const error = await failure(denied.handler()({ ...rest, inputParts: [{ expand: { $s3: `s3://${BUCKET}/gone.json` } }] }, lambdaContext()));
      expect(error.name).toBe(ADAPTER_ERRORS.OffloadFailed);
      expect(error.message).toContain('S3 also answers AccessDenied for a missing object when the role may not list the bucket.');
      expect(denied.agent.calls).toEqual([]);
    } finally {
      await denied.close();
    }
  });
});

describe('logs', () => {
  const secretPrompt = 'PROMPT-CANARY-7f3a confidential brief';
  const secretAnswer = 'ANSWER-CANARY-91bc private findings';

  it('writes one JSON line per invocation without the prompt or the answer, also on failure', async () => {
    rig.agent.script(answerTurn(secretAnswer), answerTurn(`{"title":"${secretAnswer}"}`), answerTurn(`still ${secretAnswer}`));
    const handler = rig.handler();
    await handler(request({ inputText: secretPrompt }), lambdaContext());
    await failure(handler(request({ inputText: secretPrompt, outputSchema: PLAN_SCHEMA }), lambdaContext()));
    expect(rig.lines).toHaveLength(2);
    for (const line of rig.lines) {
      expect(line).not.toContain('CANARY');
    }
    expect(rig.logs.map((l) => l['outcome'])).toEqual(['ok', ADAPTER_ERRORS.InvalidAgentOutput]);
  });

  it('adds the prompt and the answer with debug on', async () => {
    rig.agent.script(answerTurn(secretAnswer));
    await rig.handler({ debug: true })(request({ inputText: secretPrompt }), lambdaContext());
    expect(rig.logs[0]).toMatchObject({ prompt: secretPrompt, answer: secretAnswer });
  });
});
