import type { WorkflowNode } from '@agentflow/dsl';
import { indexSteps } from '../passes/step-index.js';
import { stateNameOf } from '../passes/name-states/state-names.js';
import type { PayloadReport } from '../passes/payload/payload-report.js';

/** One step of the workflow, as the graph needs it: plain data, so it crosses from the worker thread to the CLI. */
export interface GraphStep {
  readonly id: string;
  /** `workflow/outer/…/id`: which steps enclose it. */
  readonly path: string;
  /** The builder's kind (`agent`, `approval`, `vote`, `loop`…). */
  readonly kind: string;
  /** The state the step's id names (`approve-draft` → `Approve Draft`). */
  readonly state: string;
  /** Loops: the number of rounds. */
  readonly maxIterations?: number;
  /** Votes: the voters' ids, each of which names a state (`review-board-legal` → `Review Board Legal`). */
  readonly voters?: readonly string[];
}

/**
 * What the definition alone does not say: which step each state comes from, the loops' bounds and which states'
 * results are offloaded to S3. The graph is drawn from the definition; these facts only label it.
 */
export interface GraphFacts {
  readonly steps: readonly GraphStep[];
  /** Names of the states whose result goes to S3 (the payload report's `offloaded`). */
  readonly offloaded: readonly string[];
}

/** The facts of a compiled workflow (`compileWorkflow`'s `ir` and `payload`). */
export function graphFacts(ir: WorkflowNode, payload: PayloadReport | undefined): GraphFacts {
  const steps = indexSteps(ir).all.map(({ step, path }): GraphStep => ({
    id: step.id,
    path,
    kind: step.kind,
    state: stateNameOf(step.id),
    ...(step.kind === 'loop' ? { maxIterations: step.maxIterations } : {}),
    ...(step.kind === 'vote' ? { voters: step.voters.map((v) => v.id) } : {}),
  }));
  const offloaded = (payload?.states ?? []).filter((row) => row.offloaded).map((row) => row.state);
  return { steps, offloaded };
}
