/**
 * Type tests: `tsc` (part of `pnpm test`) fails if any `@ts-expect-error` below stops being an error, so each
 * line proves that a mock which cannot match the workflow is rejected before a test runs.
 */
import { z } from 'zod';
import { agent, text, workflow } from '@agentflow/dsl';
import { failWith, maximalAnswer, reply, simulate } from '@agentflow/testing';

const writer = agent('write-draft', { agentName: 'writer', alias: 'live', output: z.object({ title: z.string().max(100), body: z.string().max(1000) }) });
const wf = workflow('typed', { input: z.object({ topic: z.string().max(100) }) }, (flow) => flow.invoke(writer, { prompt: text`On ${flow.input.topic}` }));

export async function typedMocks(): Promise<void> {
  await simulate(wf, {
    input: { topic: 'tides' },
    agents: {
      'write-draft': reply(writer, { title: 'T', body: 'B' }, (req) => ({ title: req.prompt, body: '' }), maximalAnswer(writer)),
    },
  });
  // @ts-expect-error the answer misses `body`, which the agent's output schema requires
  reply(writer, { title: 'T' });
  // @ts-expect-error `title` must be a string
  reply(writer, () => ({ title: 1, body: 'B' }));
  // @ts-expect-error the execution input is typed by the workflow's input schema
  await simulate(wf, { input: { topics: 'x' } });
  await simulate(wf, {
    input: { topic: 't' },
    agents: { 'write-draft': () => { throw failWith('Agentflow.AgentThrottled', 'slow down'); } },
    // @ts-expect-error an approval answer needs `approved: boolean`
    approvals: { review: [{ approved: 'yes' }] },
  });
}
