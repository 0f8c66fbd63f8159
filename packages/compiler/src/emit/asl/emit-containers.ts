import type { MapStep, ParallelStep, RefExpr, Step, VoteStep } from '@agentflow/dsl';
import { walkSteps } from '@agentflow/dsl';
import { stateNameOf } from '../../passes/name-states/state-names.js';
import { applyCont, type AslState, type EmitContext, type NamedState } from './emit-context.js';
import type { StepEmit } from './emit-block.js';
import { emitScope } from './emit-block.js';
import { agentInvocation } from './emit-tasks.js';
import { stringLiteral } from './jsonata.js';
import { parallelRecord, tallyExpr } from './self-result.js';
import { errorHandling, timeouts } from './task-fields.js';
import { refsOf } from '@agentflow/dsl';
import { stepExprs } from '../../passes/step-exprs.js';

export function emitParallel(step: ParallelStep, ctx: EmitContext, at: StepEmit): NamedState[] {
  const name = stateNameOf(step.id);
  const branches = step.branches.map((branch) =>
    emitScope(branch.body, branch.result, ctx, {
      exitName: `${name} ${stateNameOf(branch.name)} Done`,
      owner: { what: `branch '${branch.name}' of parallel '${step.id}'`, loc: step.loc },
    }),
  );
  const state: AslState = { Type: 'Parallel', Branches: branches, ...errorHandling(step, false, ctx) };
  ctx.produce(`result:${step.id}`, state, `{% ${parallelRecord(step.branches.map((b) => b.name))} %}`);
  return [[name, applyCont(state, at.cont)]];
}

/** Agent sessions inside an iteration need the iteration index, so the map passes it in with the item. */
function needsIndex(step: MapStep): boolean {
  let needed = false;
  walkSteps(step.body, (inner: Step) => {
    if (inner.kind === 'agent' || inner.kind === 'vote') needed = true;
    for (const { expr } of stepExprs(inner)) {
      if (refsOf(expr).some((r) => r.root.kind === 'map-index' && r.root.mapId === step.id)) needed = true;
    }
  });
  if (step.result && refsOf(step.result).some((r) => r.root.kind === 'map-index' && r.root.mapId === step.id)) needed = true;
  return needed;
}

export function emitMap(step: MapStep, ctx: EmitContext, at: StepEmit): NamedState[] {
  const name = stateNameOf(step.id);
  const withIndex = needsIndex(step);
  const binding = new Map<string, string>([[`item:${step.id}`, withIndex ? '$states.input.value' : '$states.input']]);
  if (withIndex) binding.set(`index:${step.id}`, '$states.input.index');
  const items = `{% ${jsonataOf(step.items, ctx, at)} %}`;
  ctx.mapStack.push(step.id);
  const processor = emitScope(step.body, step.result, ctx, {
    exitName: `${name} Done`,
    binding,
    prologueName: `${name} Item`,
    owner: { what: `the body of map '${step.id}'`, loc: step.loc },
  });
  ctx.mapStack.pop();
  const state: AslState = { Type: 'Map', Items: items };
  if (withIndex) state['ItemSelector'] = { index: '{% $states.context.Map.Item.Index %}', value: '{% $states.context.Map.Item.Value %}' };
  state['ItemProcessor'] = { ProcessorConfig: { Mode: 'INLINE' }, ...processor };
  state['MaxConcurrency'] = step.maxConcurrency;
  Object.assign(state, errorHandling(step, false, ctx));
  ctx.produce(`result:${step.id}`, state, '{% $states.result %}');
  return [[name, applyCont(state, at.cont)]];
}

function jsonataOf(ref: RefExpr, ctx: EmitContext, at: StepEmit): string {
  const value = ctx.json(ref, at.exprs) as string;
  return value.slice(3, -3);
}

/** Voters answer in parallel branches; each branch returns a ballot, and the Parallel state tallies them. */
export function emitVote(step: VoteStep, ctx: EmitContext, at: StepEmit): NamedState[] {
  const name = stateNameOf(step.id);
  const branches = step.voters.map((voter) => {
    const owner = { what: `voter '${voter.id}' of vote '${step.id}'`, loc: step.loc };
    const voterName = ctx.states.reserve(stateNameOf(voter.id), owner);
    const abstained = ctx.states.reserve(`${stateNameOf(voter.id)} Abstained`, owner);
    const exprs = ctx.exprs();
    const voterId = stringLiteral(voter.agent.name);
    const task: AslState = {
      Type: 'Task',
      Resource: ctx.integration('lambda:invoke'),
      Arguments: agentInvocation(voter.agent, voter.id, step.proposal, ctx, exprs),
      ...timeouts(step.timeoutSeconds, undefined),
      ...errorHandling({ ...step, catch: [] }, true, ctx),
      // A voter that still fails after its retries abstains instead of failing the vote: BFT tolerates f faulty voters.
      Catch: [
        {
          ErrorEquals: ['States.ALL'],
          Output: `{% {'voter': ${voterId}, 'vote': 'abstain', 'reasoning': 'The voter failed: ' & $states.errorOutput.Error} %}`,
          Next: abstained,
        },
      ],
      Output: `{% {'voter': ${voterId}, 'vote': $states.result.Payload.vote, 'reasoning': $states.result.Payload.reasoning} %}`,
      End: true,
    };
    return { StartAt: voterName, States: { [voterName]: task, [abstained]: { Type: 'Succeed' } } };
  });
  const state: AslState = { Type: 'Parallel', Branches: branches, ...errorHandling({ ...step, retry: [], defaultRetry: false }, false, ctx) };
  ctx.produce(`result:${step.id}`, state, `{% ${tallyExpr(step)} %}`);
  return [[name, applyCont(state, at.cont)]];
}
