import type { Block, Step, WorkflowNode } from '@agentflow/dsl';
import { childBlocks } from '@agentflow/dsl';

/** A variable scope in ASL terms: the whole machine, one Parallel branch, or one Map iteration. */
export interface Scope {
  readonly key: string;
  readonly parent: Scope | undefined;
  readonly kind: 'root' | 'branch' | 'iteration';
  /** The parallel, vote or map step that opens the scope. */
  readonly owner: string | undefined;
}

export interface StepInfo {
  readonly step: Step;
  readonly scope: Scope;
  readonly block: Block;
  readonly position: number;
  /** Enclosing steps, outermost first. */
  readonly ancestors: readonly Step[];
  /** `workflow/outer/…/id`, for diagnostics. */
  readonly path: string;
}

/** Side table over a workflow: every step by id (the first one, when ids clash) plus all steps in order. */
export interface StepIndex {
  readonly byId: ReadonlyMap<string, StepInfo>;
  readonly all: readonly StepInfo[];
  readonly root: Scope;
}

export function indexSteps(workflow: WorkflowNode): StepIndex {
  const root: Scope = { key: 'root', parent: undefined, kind: 'root', owner: undefined };
  const byId = new Map<string, StepInfo>();
  const all: StepInfo[] = [];
  const visit = (block: Block, scope: Scope, ancestors: readonly Step[], prefix: string) => {
    block.forEach((step, position) => {
      const info: StepInfo = { step, scope, block, position, ancestors, path: `${prefix}/${step.id}` };
      all.push(info);
      if (!byId.has(step.id)) byId.set(step.id, info);
      const inner = [...ancestors, step];
      childBlocks(step).forEach((child, i) => {
        const childScope: Scope =
          child.scope === 'same'
            ? scope
            : { key: `${scope.key}/${step.id}#${i}`, parent: scope, kind: child.scope, owner: step.id };
        visit(child.block, childScope, inner, info.path);
      });
    });
  };
  visit(workflow.body, root, [], workflow.name);
  return { byId, all, root };
}

/** True when `inner` is `outer` or nested inside it. */
export function isWithin(inner: Scope, outer: Scope): boolean {
  for (let s: Scope | undefined = inner; s; s = s.parent) if (s === outer) return true;
  return false;
}
