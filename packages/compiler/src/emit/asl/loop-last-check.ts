import type { Block, LoopStep } from '@agentflow/dsl';

/**
 * The index of the loop body's last check: a top-level `exitWhen` of this loop that every round passes and after
 * which nothing can leave the loop. Its Choice also ends the last round (see emitLoop), so the steps after it never
 * run in a round that cannot be followed by another. `undefined` when there is none: the body has no top-level
 * `exitWhen`, one in a choice arm or nested loop comes after it, or a catch before it leads past it.
 */
export function lastCheckOf(step: LoopStep): number | undefined {
  const body = step.body;
  let last = -1;
  body.forEach((s, i) => {
    if (s.kind === 'exit-loop' && s.loopId === step.id) last = i;
  });
  if (last < 0) return undefined;
  if (body.slice(last + 1).some((s) => mayExit([s], step.id))) return undefined;
  const after = new Set(body.slice(last + 1).map((s) => s.id));
  const skipped = body.slice(0, last).some((s) => 'catch' in s && s.catch.some((c) => after.has(c.next)));
  return skipped ? undefined : last;
}

/** Whether an `exitWhen` of loop `loopId` is anywhere in the block (choice arms and nested loops included). */
function mayExit(block: Block, loopId: string): boolean {
  return block.some((s) => {
    if (s.kind === 'exit-loop') return s.loopId === loopId;
    if (s.kind === 'choice') return s.cases.some((c) => mayExit(c.body, loopId)) || (s.otherwise.kind === 'steps' && mayExit(s.otherwise.body, loopId));
    if (s.kind === 'loop') return mayExit(s.body, loopId);
    return false;
  });
}
