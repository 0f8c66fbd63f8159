import type { Step } from '@agentflow/dsl';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { MAX_JSON_DEPTH } from '../../validate-asl/json/parse-text.js';
import type { StepIndex } from '../step-index.js';

/** A top-level state object sits at JSON depth 3: the definition `{`, its `States` `{`, the state's own `{`. */
const TOP_STATE_DEPTH = 3;

/**
 * How much deeper the states inside a container are than the container's own state object: a Parallel's go through
 * `Branches` `[`, the branch `{` and its `States` `{` (+4); a Map's through `ItemProcessor` `{` and `States` `{` (+3).
 * Choice arms and loop bodies are emitted into the enclosing `States`, at the same depth.
 */
function innerOffset(step: Step): number {
  if (step.kind === 'parallel') return 4;
  if (step.kind === 'map') return 3;
  // A retried attempt's body is a Parallel branch (its handlers are not nested: counting them deeper only errs high).
  if (step.kind === 'attempt' && step.retry.length > 0) return 4;
  return 0;
}

const NESTING_HINT =
  'Nest fewer blocks: run independent steps side by side in one parallel instead of a parallel inside a parallel, or move the inner part into a workflow of its own started as a step.';

/**
 * Nested parallels and maps nest the compiled JSON four and three levels per block, and a definition nested deeper
 * than MAX_JSON_DEPTH is refused (the compiler's own check of its output runs the same validator as `agentflow
 * validate`). Found here, before emitting, at the outermost block whose inner states would cross the limit; one pass
 * over the steps in order, since a block's states are always visited after the block itself.
 */
export function checkNestingDepth(index: StepIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const innerDepth = new Map<Step, number>();
  for (const info of index.all) {
    const parent = info.ancestors[info.ancestors.length - 1];
    const own = parent ? innerDepth.get(parent)! : TOP_STATE_DEPTH;
    const inner = own + innerOffset(info.step);
    innerDepth.set(info.step, inner);
    if (own > MAX_JSON_DEPTH || inner <= MAX_JSON_DEPTH) continue;
    const { step } = info;
    const what = step.kind === 'parallel' ? `the branches of parallel '${step.id}'` : step.kind === 'attempt' ? `the body of attempt '${step.id}'` : `the body of map '${step.id}'`;
    diagnostics.push({
      code: 'nesting-too-deep',
      severity: 'error',
      message: `The states in ${what} would be nested ${inner} levels deep in the compiled JSON; a definition may nest at most ${MAX_JSON_DEPTH}.`,
      path: info.path,
      ...(step.loc ? { loc: step.loc } : {}),
      hint: NESTING_HINT,
    });
  }
  return diagnostics;
}
