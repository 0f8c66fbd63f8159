import type { Block, Step } from '@agentflow/dsl';
import { childBlocks } from '@agentflow/dsl';

/**
 * Every step of a block and of the blocks nested in it, depth-first in source order (the order of `walkSteps`), for
 * passes that need no chain of enclosing steps. Blocks are frozen, and a dozen passes visit the same workflow: each
 * block asked for is listed once.
 */
export function stepsIn(block: Block): readonly Step[] {
  let steps = listed.get(block);
  if (!steps) listed.set(block, (steps = Object.freeze(collect(block, []))));
  return steps;
}

const listed = new WeakMap<Block, readonly Step[]>();

function collect(block: Block, out: Step[]): Step[] {
  for (const step of block) {
    out.push(step);
    for (const child of childBlocks(step)) collect(child.block, out);
  }
  return out;
}

/** `walkSteps` without the chains of enclosing steps: `visit` each step of `block`, nested ones included, in order. */
export function eachStep(block: Block, visit: (step: Step) => void): void {
  for (const step of stepsIn(block)) visit(step);
}
