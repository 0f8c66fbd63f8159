/**
 * Programmatic workflows of a chosen size, built with the public DSL builders, for the scaling benchmark.
 *
 * A workflow is a sequence of "segments" (13 steps each) that look like real agent pipelines: an agent call whose
 * result feeds the rest, a variable, a choice with agent arms, a parallel fan-out, a map over a list the agent
 * returned, and a fallback step that one segment in five catches to. Every tenth segment also waits and every
 * twentieth publishes an event. Agents use literal `agentId`/`aliasId`, so no config lookup is needed; the one
 * topic and bus resolve from `BENCH_ENV`.
 */
import { z } from 'zod';
import { agent, eq, events, gt, orElse, text, walkSteps, when, workflow, type Flow, type TextInput, type WorkflowDef } from '@agentflow/dsl';
import type { Environment } from '../packages/compiler/src/index.js';

/** An in-memory environment: enough for everything the generated workflows use. */
export const BENCH_ENV: Environment = {
  partition: 'aws',
  region: 'us-east-1',
  account: '111122223333',
  adapterFunction: 'agentflow-agent-adapter',
  agents: {},
  topics: { reviewers: 'bench-reviewers' },
  tables: {},
  eventBuses: { reports: 'bench-reports' },
  functions: {},
  queues: {},
};

// Bounds are tight on purpose: the payload analysis sums every kept variable against Step Functions' 10 MiB per
// execution, and a 10,000-step workflow only fits when each step keeps about a kilobyte.
const Finding = z.object({
  summary: z.string().max(200),
  label: z.enum(['deep', 'broad', 'skip']),
  score: z.number().min(0).max(1),
  items: z.array(z.string().max(80)).max(4),
});
type Finding = z.infer<typeof Finding>;

const researcher = agent('researcher', { agentId: 'RSRCH0AAAA', aliasId: 'LIVE0AAAAA', output: Finding, maxOutputBytes: 1_000, timeout: { minutes: 5 } });
const analyst = agent('analyst', { agentId: 'ANLST0BBBB', aliasId: 'LIVE0BBBBB', output: Finding, maxOutputBytes: 1_000 });
const reader = agent('reader', {
  agentId: 'READR0CCCC',
  aliasId: 'LIVE0CCCCC',
  output: z.object({ summary: z.string().max(200) }),
  maxOutputBytes: 300,
});
const stepper = agent('stepper', {
  agentId: 'STEPR0EEEE',
  aliasId: 'LIVE0EEEEE',
  output: z.object({ summary: z.string().max(200) }),
  maxOutputBytes: 300,
});
const critic = agent('critic', { agentId: 'CRITC0DDDD', aliasId: 'LIVE0DDDDD', output: z.string().max(300), maxOutputBytes: 400 });

/** Steps in one segment; sizes are rounded down to whole segments and padded with `set` steps. */
export const SEGMENT_STEPS = 13;

function segment(flow: Flow, i: number, topic: TextInput, prev: TextInput): TextInput {
  const p = `g${i}`;
  const withCatch = i % 5 === 0;
  const found = flow.invoke(researcher, {
    id: `${p}-research`,
    prompt: text`Research ${topic} (part ${i}); build on: ${prev}`,
    ...(withCatch ? { catch: [{ errors: ['States.ALL'], goto: `${p}-fallback` }] } : {}),
  });
  const note = flow.set(`${p}-note`, { summary: found.summary, part: i });
  flow.choice(
    `${p}-route`,
    [
      when(gt(found.score, 0.8), (b) => {
        b.invoke(analyst, { id: `${p}-deepen`, prompt: text`Go deeper on ${found.summary}` });
      }),
      when(eq(found.label, 'skip'), (b) => {
        b.set(`${p}-skipped`, { part: i, reason: 'skip' });
      }),
    ],
    {
      otherwise: (b) => {
        b.invoke(analyst, { id: `${p}-broaden`, prompt: text`Broaden the search around ${note.summary}` });
      },
    },
  );
  flow.parallel(`${p}-gather`, {
    critique: (b) => b.invoke(critic, { id: `${p}-critique`, prompt: text`Criticise: ${found.summary}` }),
    check: (b) => {
      const checked = b.invoke(analyst, { id: `${p}-check`, prompt: text`Fact-check: ${found.summary}` });
      return b.set(`${p}-checked`, { ok: checked.score, label: checked.label });
    },
  });
  flow.map(`${p}-each`, found.items, { maxConcurrency: 5 }, (item, f) => f.invoke(reader, { id: `${p}-read`, prompt: text`Read ${item} for ${topic}` }).summary);
  if (i % 10 === 9) flow.wait(`${p}-pause`, { seconds: 5 });
  if (i % 20 === 19) {
    flow.task(`${p}-announce`, events.putEvents({ entries: [{ bus: 'reports', source: 'bench', detailType: 'PartDone', detail: { part: i, summary: note.summary } }] }));
  }
  flow.set(`${p}-fallback`, { part: i, done: true });
  // A segment that catches may skip its note: the next one reads it with a default (ref-skipped-by-catch).
  return withCatch ? orElse(note.summary, '') : note.summary;
}

/**
 * Workflow shapes: `mixed` is the segment mix above; `flat-catch` is the other common shape of big generated
 * workflows — a flat run of agent calls, each catching to its own fallback step right after it.
 */
export type Shape = 'mixed' | 'flat-catch';

/** A workflow of about `steps` IR steps (exact count: `countSteps`). */
export function generateWorkflow(steps: number, name = `bench-${steps}`, shape: Shape = 'mixed'): WorkflowDef {
  if (shape === 'flat-catch') return flatCatch(steps, name);
  // Waits and announcements add steps now and then; size the segment count on the average segment.
  const perSegment = SEGMENT_STEPS + 1 / 10 + 1 / 20;
  const segments = Math.max(1, Math.floor(steps / perSegment));
  return workflow(name, { input: z.object({ topic: z.string().max(500) }), timeout: { days: 1 }, comment: `Generated: ${steps} steps.` }, (flow) => {
    let prev: TextInput = flow.input.topic;
    for (let i = 0; i < segments; i++) prev = segment(flow, i, flow.input.topic, prev);
    let pad = steps - countBuilt(flow);
    for (let k = 0; pad > 0; k++, pad--) flow.set(`pad-${k}`, { k });
    return { last: prev };
  });
}

function flatCatch(steps: number, name: string): WorkflowDef {
  return workflow(name, { input: z.object({ topic: z.string().max(500) }) }, (flow) => {
    let prev: TextInput = flow.input.topic;
    const pairs = Math.floor(steps / 2);
    for (let i = 0; i < pairs; i++) prev = catchingPair(flow, i, flow.input.topic, prev);
    if (steps % 2 === 1) flow.set('pad-0', { k: 0 });
  });
}

/** An agent call that catches to its own fallback; the next call reads its answer with a default (ref-skipped-by-catch). */
function catchingPair(flow: Flow, i: number, topic: TextInput, prev: TextInput): TextInput {
  const found = flow.invoke(stepper, { id: `r${i}`, prompt: text`Step ${i} on ${topic}: ${prev}`, catch: [{ errors: ['States.ALL'], goto: `r${i}-fallback` }] });
  flow.set(`r${i}-fallback`, { part: i });
  return orElse(found.summary, '');
}

/** Counts the steps a body has pushed so far (the flow's own steps and everything nested in them). */
function countBuilt(flow: Flow): number {
  let n = 0;
  walkSteps(flow.steps, () => n++);
  return n;
}

/** IR steps of a built workflow, nested ones included. */
export function countSteps(def: WorkflowDef): number {
  let n = 0;
  walkSteps(def.build().body, () => n++);
  return n;
}

export type { Finding };
