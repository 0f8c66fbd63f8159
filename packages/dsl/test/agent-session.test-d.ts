/**
 * Type tests for the agent session option: `tsc` fails if a `@ts-expect-error` below stops being an error, or if the
 * option's type changes.
 */
import { expectTypeOf } from 'vitest';
import { z } from 'zod';
import { agent, model, text, workflow, type AgentSession, type InvokeAgentOptions, type Ref } from '@agentflow/dsl';

const critic = agent('critic', { agentName: 'judge', alias: 'live', output: z.object({ done: z.boolean() }) });
const classify = model('classify', { modelId: 'anthropic.claude-3-haiku-20240307-v1:0', output: z.object({ label: z.string().max(20) }) });

expectTypeOf<AgentSession>().toEqualTypeOf<'per-round' | 'across-rounds'>();
expectTypeOf<InvokeAgentOptions['session']>().toEqualTypeOf<AgentSession | undefined>();

export default workflow('agent-session-types', { input: z.object({ doc: z.string().max(1000) }) }, (flow) => {
  flow.loop('review', { maxIterations: 3, onExhausted: 'continue' }, (round) => {
    const fresh = round.invoke(critic, { id: 'fresh', prompt: text`Round ${round.iteration}: ${flow.input.doc}` });
    const remembering = round.invoke(critic, { id: 'remembering', prompt: flow.input.doc, session: 'across-rounds' });
    round.invoke(critic, { id: 'explicit', prompt: flow.input.doc, session: 'per-round' });
    // The option does not change what the invocation returns.
    expectTypeOf(fresh).toEqualTypeOf<Ref<{ done: boolean }>>();
    expectTypeOf(remembering).toEqualTypeOf<Ref<{ done: boolean }>>();
    // @ts-expect-error only 'per-round' and 'across-rounds' are sessions
    round.invoke(critic, { id: 'shared', prompt: flow.input.doc, session: 'shared' });
    // @ts-expect-error a session is a fixed choice, not a computed value
    round.invoke(critic, { id: 'computed', prompt: flow.input.doc, session: flow.input.doc });
    // @ts-expect-error a model invocation (bedrock:invokeModel) has no agent session
    round.invoke(classify, { id: 'label', body: { prompt: flow.input.doc }, session: 'across-rounds' });
    round.exitWhen(remembering.done);
  });
});
