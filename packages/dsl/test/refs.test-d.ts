/**
 * Type tests: `tsc` (part of `pnpm test`) fails if any `@ts-expect-error` below stops being an error,
 * so each line proves that a mistake in a workflow is caught before it runs.
 */
import { expectTypeOf } from 'vitest';
import { z } from 'zod';
import { agent, Ballot, eq, gt, isPresent, text, when, workflow, type Ref, type VoteTally, type ApprovalOutcome } from '@agentflow/dsl';

const Source = z.object({ url: z.string().max(2048), title: z.string().max(300) });
const search = agent('search', { agentName: 'search', alias: 'live', output: z.object({ sources: z.array(Source).max(25), total: z.number() }) });
const router = agent('router', { agentName: 'router', alias: 'live', output: z.object({ category: z.enum(['technical', 'billing']), note: z.string().optional() }) });
const plain = agent('plain', { agentName: 'plain', alias: 'live' });
const voter = agent('voter', { agentName: 'voter', alias: 'live', output: Ballot });

export default workflow('type-tests', { input: z.object({ topic: z.string().max(100), tags: z.array(z.string()).max(5), count: z.number() }) }, (flow) => {
  const found = flow.invoke(search, { prompt: text`Find ${flow.input.topic}` });
  expectTypeOf(found.sources).toEqualTypeOf<Ref<{ url: string; title: string }[]>>();
  expectTypeOf(found.total).toEqualTypeOf<Ref<number>>();
  expectTypeOf(flow.invoke(plain, { id: 'plain-text', prompt: 'hi' })).toEqualTypeOf<Ref<string>>();

  // @ts-expect-error a field the output schema does not have
  void found.sourcez;
  // @ts-expect-error a field of the workflow input that does not exist
  void flow.input.topics;

  // Map items are typed from the array's elements; the body result types the map result.
  const titles = flow.map('titles', found.sources, { maxConcurrency: 2 }, (source) => source.title);
  expectTypeOf(titles).toEqualTypeOf<Ref<string[]>>();
  // @ts-expect-error map over a string, not an array
  flow.map('bad-map', flow.input.topic, { maxConcurrency: 1 }, (x) => x);
  // @ts-expect-error map over a number
  flow.map('bad-map-2', found.total, { maxConcurrency: 1 }, (x) => x);
  // @ts-expect-error maxConcurrency is required: an unbounded fan-out would exceed agent quotas
  flow.map('no-cap', found.sources, {}, (s) => s.url);

  const route = flow.invoke(router, { prompt: flow.input.topic });
  eq(route.category, 'billing');
  // @ts-expect-error 'biling' is not one of the enum values
  eq(route.category, 'biling');
  // @ts-expect-error comparing a string field to a number
  eq(flow.input.topic, 5);
  // @ts-expect-error comparing a number to a string reference
  gt(found.total, flow.input.topic);
  // @ts-expect-error ordering comparisons need numbers or strings, not booleans
  gt(eq(route.category, 'billing'), true);
  isPresent(route.note);
  expectTypeOf(route.note).toEqualTypeOf<Ref<string | undefined>>();

  // @ts-expect-error prompts are text, not numbers
  flow.invoke(plain, { id: 'numeric-prompt', prompt: found.total });
  // @ts-expect-error a prompt is required
  flow.invoke(plain, { id: 'no-prompt' });

  // Parallel results are a typed record keyed like the branches.
  const both = flow.parallel('both', {
    a: (b) => b.invoke(plain, { id: 'branch-a', prompt: 'a' }),
    n: () => found.total,
  });
  expectTypeOf(both).toEqualTypeOf<Ref<{ a: string; n: number }>>();
  // @ts-expect-error no branch named 'c'
  void both.c;

  const verdict = flow.approval('approve', { notify: 'reviewers', message: 'ok?', timeout: { days: 1 } });
  expectTypeOf(verdict).toEqualTypeOf<Ref<ApprovalOutcome>>();
  // @ts-expect-error approvals need a timeout
  flow.approval('approve-2', { notify: 'reviewers', message: 'ok?' });

  const tally = flow.vote('decide', { voters: [voter, voter, voter], proposal: 'ship?', rule: 'majority' });
  expectTypeOf(tally).toEqualTypeOf<Ref<VoteTally>>();
  // @ts-expect-error voters must answer with a Ballot
  flow.vote('bad-vote', { voters: [plain], proposal: 'ship?', rule: 'majority' });

  flow.choice('route', [when(eq(route.category, 'technical'), (b) => b.succeed('tech'))], { otherwise: 'continue' });
  // @ts-expect-error a choice needs an otherwise
  flow.choice('route-2', [when(verdict.approved, (b) => b.succeed('yes'))], {});

  const kept = flow.set('kept', { title: found.sources, n: 1 });
  flow.assign('reset', kept, { title: [], n: 2 });
  // @ts-expect-error assigning a value of another type
  flow.assign('reset-2', kept, { title: 'x', n: 2 });
  return { titles };
});
