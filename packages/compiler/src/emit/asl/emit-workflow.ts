import type { OffloadSettings, WorkflowNode } from '@agentflow/dsl';
import { eachStep } from '../../passes/block-steps.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { ResolvedEnvironment } from '../../passes/resolve-environment/resolve-environment.js';
import { stateNameOf, variableNameOf } from '../../passes/name-states/state-names.js';
import type { StepIndex } from '../../passes/step-index.js';
import { EmitContext } from './emit-context.js';
import { emitScope } from './emit-block.js';
import { canonicalDefinition } from './canonical-json.js';
import { NO_FOLDS, type FoldPlan } from '../../passes/fold-steps/plan-folds.js';

export interface EmitResult {
  readonly definition: Record<string, unknown>;
  readonly diagnostics: Diagnostic[];
}

/** Emits the JSONata ASL definition of a checked workflow (DESIGN D1). */
export function emitAsl(workflow: WorkflowNode, index: StepIndex, resolved: ResolvedEnvironment, offload: Required<OffloadSettings> | undefined, answerBudgets: ReadonlyMap<string, number>, folds: FoldPlan = NO_FOLDS): EmitResult {
  const ctx = new EmitContext(workflow, index, resolved, offload, answerBudgets, folds);
  reserveNames(workflow, index, ctx);
  const graph = emitScope(workflow.body, workflow.output, ctx, {
    exitName: 'Done',
    binding: new Map([['input', '$states.input']]),
    prologueName: 'Start',
    owner: { what: `workflow '${workflow.name}'`, loc: workflow.loc },
  });
  ctx.finish();
  const definition: Record<string, unknown> = { Comment: workflow.comment ?? `${workflow.name} (compiled by agentflow)`, QueryLanguage: 'JSONata' };
  if (workflow.timeoutSeconds !== undefined) definition['TimeoutSeconds'] = workflow.timeoutSeconds;
  Object.assign(definition, graph);
  return { definition: canonicalDefinition(definition), diagnostics: [...ctx.states.diagnostics, ...ctx.variables.diagnostics] };
}

/** State and variable names are claimed in source order, so a clash names the later step and points at the earlier. */
function reserveNames(workflow: WorkflowNode, index: StepIndex, ctx: EmitContext): void {
  ctx.variables.reserve('input', { what: 'the workflow input', loc: workflow.loc });
  eachStep(workflow.body, (step) => {
    const owner = { what: `step '${step.id}'`, loc: step.loc, path: index.byId.get(step.id)?.path ?? step.id };
    ctx.states.reserve(stateNameOf(step.id), owner);
    if (step.kind === 'exit-loop' || step.kind === 'succeed' || step.kind === 'fail' || step.kind === 'assign') return;
    const variable = variableNameOf(step.id);
    ctx.variables.reserve(variable, owner);
    if (step.kind === 'map') {
      ctx.variables.reserve(`${variable}Item`, { ...owner, what: `the items of map '${step.id}'` });
      ctx.variables.reserve(`${variable}Index`, { ...owner, what: `the item index of map '${step.id}'` });
    }
    if ('catch' in step && step.catch.length > 0) ctx.variables.reserve(`${variable}Error`, { ...owner, what: `the error caught from '${step.id}'` });
    if (step.kind === 'attempt') ctx.variables.reserve(`${variable}Error`, { ...owner, what: `the error attempt '${step.id}' caught` });
  });
}
