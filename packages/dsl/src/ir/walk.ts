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

/** Visits every step depth-first in source order, with the chain of enclosing steps. */
export function walkSteps(block: Block, visit: (step: Step, ancestors: readonly Step[]) => void, ancestors: readonly Step[] = []): void {
  for (const step of block) {
    visit(step, ancestors);
    const inner = [...ancestors, step];
    for (const child of childBlocks(step)) walkSteps(child.block, visit, inner);
  }
}
