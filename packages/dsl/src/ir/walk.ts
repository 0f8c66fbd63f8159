import type { Block, Step } from './nodes.js';

/** The blocks nested directly inside a step, with the kind of scope each opens. */
export function childBlocks(step: Step): { readonly block: Block; readonly scope: 'same' | 'branch' | 'iteration' }[] {
  switch (step.kind) {
    case 'parallel':
      return step.branches.map((b) => ({ block: b.body, scope: 'branch' as const }));
    case 'map':
      return [{ block: step.body, scope: 'iteration' }];
    case 'choice': {
      const blocks = step.cases.map((c) => ({ block: c.body, scope: 'same' as const }));
      if (step.otherwise.kind === 'steps') blocks.push({ block: step.otherwise.body, scope: 'same' });
      return blocks;
    }
    case 'loop':
      return [{ block: step.body, scope: 'same' }];
    case 'attempt':
      // Child 0 is the body (a branch of its own when the whole body is retried), child i + 1 the handler of clause i.
      return [
        { block: step.body, scope: step.retry.length > 0 ? ('branch' as const) : ('same' as const) },
        ...step.handlers.map((h) => ({ block: h.body, scope: 'same' as const })),
      ];
    default:
      return [];
  }
}

/**
 * Visits every step depth-first in source order, with the chain of enclosing steps. Passes call this over every step
 * of a workflow many times per compile, so it allocates nothing per step: the chain is copied only when a step has
 * blocks inside it, and the blocks are read straight from the step instead of through childBlocks' list.
 */
export function walkSteps(block: Block, visit: (step: Step, ancestors: readonly Step[]) => void, ancestors: readonly Step[] = []): void {
  // By index: each pass's visitor sends the walk back to unoptimised code for a while, where for...of allocates.
  for (let i = 0; i < block.length; i++) {
    const step = block[i]!;
    visit(step, ancestors);
    switch (step.kind) {
      case 'parallel': {
        const inner = [...ancestors, step];
        for (const branch of step.branches) walkSteps(branch.body, visit, inner);
        break;
      }
      case 'map':
      case 'loop':
        walkSteps(step.body, visit, [...ancestors, step]);
        break;
      case 'choice': {
        const inner = [...ancestors, step];
        for (const c of step.cases) walkSteps(c.body, visit, inner);
        if (step.otherwise.kind === 'steps') walkSteps(step.otherwise.body, visit, inner);
        break;
      }
      case 'attempt': {
        const inner = [...ancestors, step];
        walkSteps(step.body, visit, inner);
        for (const h of step.handlers) walkSteps(h.body, visit, inner);
        break;
      }
      default:
        break;
    }
  }
}
