import type { WorkflowDef, WorkflowNode } from '@agentflow/dsl';
import { isDslError, userFrame, withoutCallerLocations } from '@agentflow/dsl';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { checkDeterministicBuild } from './build-twice/check-deterministic-build.js';
import { withShiftedClock } from './build-twice/shifted-clock.js';
import { recordRandom, withShiftedRandom } from './build-twice/shifted-random.js';

/**
 * Runs a workflow body. A builder misuse or an exception thrown by the author's code becomes a located diagnostic.
 * The body runs a second time under a shifted clock and shifted random numbers: a body that does not build the same
 * IR twice would bake a compile-time value into the ASL.
 */
export function buildIr(def: WorkflowDef, file?: string): { ir?: WorkflowNode; diagnostics: Diagnostic[] } {
  let draws: readonly number[] = [];
  const first = runBody(def, file, () => {
    const recorded = recordRandom(() => def.build());
    draws = recorded.draws;
    return recorded.value;
  });
  if (!first.ir) return first;
  const buildAgain = () => withShiftedClock(() => withShiftedRandom(draws, () => def.build()));
  // The second IR is only compared (without its locations) and dropped, so it is built without locations. A drift
  // is placed at the first build's step; only a step that exists in the second build alone has no location then, and
  // that build (like one that throws) runs once more with locations, so the diagnostic points at the author's line.
  let second = runBody(def, file, () => withoutCallerLocations(buildAgain));
  let drift = second.ir ? checkDeterministicBuild(first.ir, second.ir) : [];
  const unplaced = drift.some((d) => d.loc === undefined || d.loc === first.ir!.loc);
  if (!second.ir || unplaced) {
    const located = runBody(def, file, buildAgain);
    const locatedDrift = located.ir ? checkDeterministicBuild(first.ir, located.ir) : [];
    if (!located.ir || locatedDrift.length > 0) [second, drift] = [located, locatedDrift];
  }
  if (!second.ir) {
    const [thrown] = second.diagnostics;
    return {
      diagnostics: [
        {
          code: 'nondeterministic-build',
          severity: 'error',
          message: `Building workflow '${def.name}' a second time failed although the first build succeeded: ${thrown?.message ?? 'it threw'}`,
          path: def.name,
          ...(thrown?.loc ? { loc: thrown.loc } : first.ir.loc ? { loc: first.ir.loc } : {}),
          hint: 'Workflow bodies run at compile time and must build the same steps every time: do not depend on the clock, random numbers or state kept between builds.',
        },
      ],
    };
  }
  return drift.length > 0 ? { diagnostics: drift } : first;
}

function runBody(def: WorkflowDef, file: string | undefined, build: () => WorkflowNode): { ir?: WorkflowNode; diagnostics: Diagnostic[] } {
  try {
    return { ir: build(), diagnostics: [] };
  } catch (error) {
    if (isDslError(error)) {
      return {
        diagnostics: [
          { code: error.code, severity: 'error', message: error.message, path: def.name, ...(error.loc ? { loc: error.loc } : {}), ...(error.hint ? { hint: error.hint } : {}) },
        ],
      };
    }
    const loc = error instanceof Error ? userFrame(error.stack) : undefined;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
      diagnostics: [
        {
          code: 'workflow-threw',
          severity: 'error',
          message: `Building workflow '${def.name}' threw ${message}`,
          path: def.name,
          ...(loc ? { loc } : file ? { loc: { file, line: 1, column: 1 } } : {}),
          hint: isStackOverflow(error)
            ? 'The body recursed too deep: an endless recursion, or blocks nested thousands of levels (a definition holds at most 63 nested parallels or 84 nested maps, see nesting-too-deep).'
            : 'Fix the code at this location; workflow bodies run at compile time.',
        },
      ],
    };
  }
}

/** JavaScript's stack ran out: here, a body nesting blocks far deeper than any definition can hold. */
function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}
