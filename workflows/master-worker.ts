/**
 * Master–worker: a coordinator agent breaks a request into independent tasks and assigns each to a kind of
 * specialist worker (research, analysis or writing). A Map state runs the tasks, five at a time, and each
 * iteration dispatches its task to the right worker agent with a Choice. An aggregator agent then assembles
 * the workers' results into one deliverable.
 *
 * Why this shape: the plan is data (a typed, bounded list), so Step Functions fans out over it and the
 * dispatch rules are visible in the state machine instead of hidden in a coordinator's tool calls. The
 * concurrency cap keeps the workers under their Bedrock quotas. The plan is capped at 20 tasks and each
 * worker's output at 3,000 characters, so the Map's result (which the aggregator's prompt carries whole) stays
 * around 60,000 characters, well under the 256 KiB payload limit.
 */
import { agent, eq, text, when, workflow } from '@agentflow/dsl';
import { z } from 'zod';

const Worker = z.enum(['research', 'analysis', 'writing']);

export const coordinator = agent('plan-work', {
  agentName: 'work-coordinator',
  alias: 'live',
  output: z.object({
    goal: z.string().max(1000),
    tasks: z
      .array(
        z.object({
          id: z.string().regex(/^[a-z0-9-]+$/).max(40),
          worker: Worker,
          instructions: z.string().max(1500),
        }),
      )
      .min(1)
      .max(20),
  }),
  timeout: { minutes: 3 },
});

/** Every worker reports back in the same shape, so the aggregator reads one list. */
const WorkResult = z.object({
  taskId: z.string().max(40),
  status: z.enum(['done', 'partial', 'blocked']),
  output: z.string().max(3000),
  notes: z.string().max(1000).optional(),
});
type WorkResult = z.infer<typeof WorkResult>;

const worker = (name: string, agentName: string) =>
  agent(name, { agentName, alias: 'live', output: WorkResult, timeout: { minutes: 10 } });

export const researchWorker = worker('research-worker', 'research-worker');
export const analysisWorker = worker('analysis-worker', 'analysis-worker');
export const writingWorker = worker('writing-worker', 'writing-worker');

export const aggregator = agent('aggregate', {
  agentName: 'work-aggregator',
  alias: 'live',
  output: z.object({
    deliverable: z.string().max(40_000),
    gaps: z.array(z.string().max(500)).max(20),
  }),
  timeout: { minutes: 10 },
});

export default workflow(
  'master-worker',
  {
    input: z.object({ request: z.string().min(10).max(8000) }),
    // Planning + up to 4 waves of 5 workers (10 min each) + aggregation, with room for retries.
    timeout: { hours: 2 },
    comment: 'Coordinator plans tasks, a Map dispatches each task to its worker agent, an aggregator assembles the results.',
  },
  (flow) => {
    const plan = flow.invoke(coordinator, {
      prompt: text`Break this request into at most 20 independent tasks. Assign each to a research, analysis or
writing worker and give it self-contained instructions: workers run in parallel and cannot see each other's work.

Request: ${flow.input.request}`,
    });

    const results = flow.map('run-tasks', plan.tasks, { maxConcurrency: 5 }, (task, f) => {
      const brief = text`Overall goal: ${plan.goal}
Your task (${task.id}): ${task.instructions}
Report the task id ${task.id} in your answer.`;

      // Each arm keeps its worker's answer here; the iteration returns it.
      const result = f.set('task-result', {
        taskId: task.id,
        status: 'blocked' as WorkResult['status'],
        output: 'Not dispatched to a worker.',
      });

      f.choice(
        'dispatch',
        [
          when(eq(task.worker, 'research'), (w) => {
            w.assign('keep-research', result, w.invoke(researchWorker, { prompt: brief }));
          }),
          when(eq(task.worker, 'analysis'), (w) => {
            w.assign('keep-analysis', result, w.invoke(analysisWorker, { prompt: brief }));
          }),
          when(eq(task.worker, 'writing'), (w) => {
            w.assign('keep-writing', result, w.invoke(writingWorker, { prompt: brief }));
          }),
        ],
        // The coordinator's output is validated against the Worker enum, so this only fires if that changes.
        { otherwise: { fail: { error: 'MasterWorker.UnknownWorker', cause: 'The plan assigned a task to a worker this workflow does not know.' } } },
      );
      return result;
    });

    const final = flow.invoke(aggregator, {
      prompt: text`Assemble the workers' results into one deliverable for this request: ${flow.input.request}
List anything a task left partial or blocked under gaps.

Results: ${results}`,
    });

    // The deliverable can exceed the state payload limit: the output carries it as an S3 pointer (docs/payload.md).
    return { result: final, tasks: plan.tasks };
  },
);
