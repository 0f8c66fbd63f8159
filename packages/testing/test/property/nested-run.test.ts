/**
 * Property: a random well-typed workflow (workflow-arbitrary.ts), run as the child of a parent that passes it its
 * whole input (`flow.run(child, flow.input)`: the lineage field merged in at run time) and returns its result,
 * compiles and never fails at run time with an error only a wrong definition produces — in the parent, or in the
 * child as the cause of the parent's States.TaskFailed. With maximal answers and input, every state of the parent
 * carries at most what the payload analysis bounded (the `.sync:2` response holds the child's input and output).
 * More runs: PROP_RUNS=200 npx vitest run packages/testing/test/property/nested-run.test.ts
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { compileWorkflow } from '@agentflow/compiler';
import { fixtureEnvironment } from '../fixture-environment.js';
import { workflow, type WorkflowDef } from '@agentflow/dsl';
import { simulate, type SimulationResult } from '@agentflow/testing';
import { buildWorkflow, maximalInput, workflowPlanArb } from './workflow-arbitrary.js';
import { boundsExceeded } from '../scenarios/payload/bounds-check.js';

const CONFIG = 'fixtures/agentflow.config.yaml';
const REFUSALS = new Set(['payload-over-budget', 'input-over-budget', 'map-over-offloaded-results']);
const FORBIDDEN = new Set(['States.QueryEvaluationError', 'States.DataLimitExceeded', 'States.Runtime', 'Agentflow.InvalidRequest']);
/** Each plan compiles twice (child, parent) and runs twice: 40 plans keep the file within seconds on a busy machine. */
const NUM_RUNS = Number(process.env['PROP_RUNS'] ?? 40);

const environment = fixtureEnvironment(CONFIG);

/** The errors of a parent run: its own, and the child's when the child's failure is the cause of States.TaskFailed. */
function errorsOf(result: SimulationResult): { error: string; cause: string | undefined }[] {
  const errors = result.error === undefined ? [] : [{ error: result.error, cause: result.cause }];
  for (const event of result.events) {
    if (event.type !== 'TaskFailed') continue;
    const details = event['taskFailedEventDetails'] as { error: string; cause?: string };
    if (details.error !== 'States.TaskFailed' || details.cause === undefined) continue;
    try {
      const child = JSON.parse(details.cause) as { Error?: string; Cause?: string };
      if (child.Error !== undefined) errors.push({ error: child.Error, cause: `child: ${child.Cause}` });
    } catch {
      // Not a child's description: another task's failure, judged by its own error above.
    }
  }
  return errors;
}

describe('random workflows run as children', () => {
  it('compile and never fail with a definition error, in the parent or the child', async () => {
    await fc.assert(
      fc.asyncProperty(workflowPlanArb(), async (plan) => {
        const built = buildWorkflow(plan, { name: 'prop-child' });
        const child = built.def as WorkflowDef<Record<string, unknown>, unknown>;
        const parent = workflow('prop-parent', { input: child.build().input }, (flow) => flow.run(child, flow.input as never, { id: 'child', timeout: { days: 30 } }));
        const childCompiled = compileWorkflow(child, environment);
        const compiled = compileWorkflow(parent, environment);
        const errors = [...childCompiled.diagnostics, ...compiled.diagnostics].filter((d) => d.severity === 'error');
        fc.pre(!(errors.length > 0 && errors.every((d) => REFUSALS.has(d.code))));
        if (errors.length > 0) throw new Error(`does not compile:\n${errors.map((d) => `  ${d.code} at ${d.path}: ${d.message}`).join('\n')}\n${built.source}`);
        for (const answers of ['random', 'maximal'] as const) {
          const input = answers === 'maximal' ? maximalInput(plan.input) : undefined;
          if (answers === 'maximal' && input === undefined) continue;
          const auto = { answers, approvals: 'random' as const, seed: 7 };
          const result = await simulate(parent, { config: CONFIG, ...(input === undefined ? {} : { input }), autoMock: auto, workflows: { 'prop-child': { workflow: child, autoMock: auto } } });
          const forbidden = errorsOf(result).find((e) => FORBIDDEN.has(e.error));
          if (forbidden) throw new Error(`${answers}: ${forbidden.error}: ${forbidden.cause}\n${built.source}`);
          if (answers === 'maximal') {
            const over = boundsExceeded(compiled, result);
            if (over.length > 0) throw new Error(`states over their payload bound: ${over.join(', ')}\n${built.source}`);
          }
        }
      }),
      { numRuns: NUM_RUNS },
    );
  });
});
