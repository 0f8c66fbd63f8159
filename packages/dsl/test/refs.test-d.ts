/**
 * Type tests: `tsc` (part of `pnpm test`) fails if any `@ts-expect-error` below stops being an error,
 * so each line proves that a mistake in a workflow is caught before it runs.
 */
import { expectTypeOf } from 'vitest';
import { z } from 'zod';
import { agent, Ballot, dynamodb, eq, gt, isPresent, lt, matches, ne, orElse, sns, text, when, workflow, type Computed, type Ref, type VoteTally, type ApprovalOutcome } from '@agentflow/dsl';

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

  // Comparisons take two values of one type, whatever form each side has (reference, literal, computed value).
  // @ts-expect-error a number compared with a numeric string
  eq(found.total, '3');
  // @ts-expect-error an optional string compared with a number
  eq(route.note, 3);
  // @ts-expect-error two references of different types
  ne(flow.input.count, flow.input.topic);
  // @ts-expect-error a variable holding the literal 3 compared with '3'
  eq(flow.set('three', 3), '3');
  // @ts-expect-error a text template compared with a number
  eq(text`n=${found.total}`, 3);
  // @ts-expect-error null where the field is not nullable
  eq(found.total, null);
  // @ts-expect-error ordering a string against a number
  lt(flow.input.topic, 3);
  // @ts-expect-error arrays are not comparable
  eq(flow.input.tags, 'a');
  // @ts-expect-error patterns match strings only
  matches(found.total, '*');
  // @ts-expect-error JavaScript comparison on a reference (it would run at build time; it also throws ref-coerced)
  void (found.total > 3);
  // @ts-expect-error JavaScript arithmetic on a reference
  void (found.total + 1);

  // A value that may be absent (an optional field) fails the state that writes it where a value is required;
  // orElse(value, fallback) gives it one. In a text template an absent value is spliced as ''.
  // @ts-expect-error a prompt that may be absent
  flow.invoke(plain, { id: 'optional-prompt', prompt: route.note });
  // @ts-expect-error a record leaf of a set value that may be absent
  flow.set('optional-leaf', { note: route.note });
  // @ts-expect-error a set value that may be absent
  flow.set('optional-value', route.note);
  // @ts-expect-error a list item that may be absent
  flow.set('optional-item', [route.note]);
  // @ts-expect-error an SNS message that may be absent
  flow.task('optional-message', sns.publish({ topic: 'alerts', message: route.note }));
  // @ts-expect-error an SNS subject that may be absent
  flow.task('optional-subject', sns.publish({ topic: 'alerts', message: 'hi', subject: route.note }));
  // @ts-expect-error a DynamoDB attribute that may be absent
  flow.task('optional-attribute', dynamodb.putItem({ table: 'notes', item: { id: { S: flow.input.topic }, note: { S: route.note } } }));
  // @ts-expect-error an approval message that may be absent
  flow.approval('optional-approval', { notify: 'reviewers', message: route.note, timeout: { days: 1 } });
  // @ts-expect-error a fail cause that may be absent
  flow.fail('optional-cause', { error: 'Failed', cause: route.note });
  // @ts-expect-error a branch that returns a value that may be absent
  flow.parallel('optional-branch', { a: () => route.note });
  // @ts-expect-error an orElse fallback of another type
  orElse(route.note, 3);
  // @ts-expect-error an orElse fallback that may itself be absent
  orElse(route.note, route.note);
  const withDefault = orElse(route.note, 'none');
  expectTypeOf(withDefault).toEqualTypeOf<Computed<string>>();
  flow.invoke(plain, { id: 'defaulted-prompt', prompt: withDefault });
  expectTypeOf(flow.set('defaulted', { note: withDefault, again: orElse(route.note, orElse(route.note, flow.input.topic)) })).toEqualTypeOf<Ref<{ note: string; again: string }>>();
  flow.task('defaulted-message', sns.publish({ topic: 'alerts', message: { note: withDefault }, subject: text`Note ${route.note}` }));
  flow.invoke(plain, { id: 'spliced-prompt', prompt: text`Note: ${route.note}` });
  // Mapping over an optional array runs no iteration when it is absent.
  const tagged = flow.invoke(agent('tagger', { agentName: 'tagger', alias: 'live', output: z.object({ tags: z.array(z.string().max(20)).max(5).optional() }) }), { prompt: 'tag' });
  expectTypeOf(flow.map('each-tag', tagged.tags, { maxConcurrency: 1 }, (tag) => tag)).toEqualTypeOf<Ref<string[]>>();
  expectTypeOf(orElse(tagged.tags, [])).toEqualTypeOf<Computed<string[]>>();

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
  // @ts-expect-error a reviewer's comments are optional: a prompt needs orElse(verdict.comments, …)
  flow.invoke(plain, { id: 'comments-prompt', prompt: verdict.comments });
  flow.invoke(plain, { id: 'comments-defaulted', prompt: orElse(verdict.comments, 'No comments.') });

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

// @ts-expect-error a workflow result that may be absent
export const optionalResult = workflow('optional-result', { input: z.object({ note: z.string().max(10).optional() }) }, (flow) => flow.input.note);
export const defaultedResult = workflow('defaulted-result', { input: z.object({ note: z.string().max(10).optional() }) }, (flow) => orElse(flow.input.note, ''));
