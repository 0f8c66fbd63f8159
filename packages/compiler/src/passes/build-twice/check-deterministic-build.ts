import type { WorkflowNode } from '@agentflow/dsl';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { indexSteps } from '../step-index.js';
import { firstDifference } from './first-difference.js';

/**
 * The workflow body runs at compile time; a value it computes from the clock, a random number or module state ends up
 * in the ASL as a constant, so each compile gives another definition (and `--check` never passes). Two builds of
 * a deterministic body are equal; the first difference names the step to fix.
 */
export function checkDeterministicBuild(first: WorkflowNode, second: WorkflowNode): Diagnostic[] {
  const difference = firstDifference(first, second);
  if (!difference) return [];
  const { step } = difference;
  const loc = step?.loc ?? first.loc;
  const what = difference.field ? ` in ${difference.field}` : '';
  return [
    {
      code: 'nondeterministic-build',
      severity: 'error',
      message:
        `Building workflow '${first.name}' twice gave different results: ${step ? `step '${step.id}'` : 'the workflow'} differs${what} ` +
        `(first build: ${difference.first}; second build: ${difference.second}). Such a value would be frozen into the ASL at compile time.`,
      path: (step && indexSteps(first).byId.get(step.id)?.path) ?? first.name,
      ...(loc ? { loc } : {}),
      hint:
        'Workflow bodies run once, at compile time: do not use Date.now(), new Date(), Math.random() or counters kept between builds there. ' +
        'Read run-time values from the execution instead, e.g. flow.execution.startTime or flow.execution.name, or pass them in the input.',
    },
  ];
}
