import type { ChoiceStep, ExitLoopStep, LoopStep } from '@agentflow/dsl';
import { stateNameOf } from '../../passes/name-states/state-names.js';
import { type AslState, type EmitContext, type NamedState } from './emit-context.js';
import { emitBlock, type StepEmit } from './emit-block.js';
import { jsonata } from './jsonata.js';
import { variableOf } from './root-keys.js';
import { loopBodyFinishesRound } from '../../passes/check-structure/check-blocks.js';

function target(block: readonly { id: string }[], fallback: string): string {
  return block[0] ? stateNameOf(block[0].id) : fallback;
}

function contName(at: StepEmit): string {
  // Scopes end in a Succeed state whenever their last step branches and can go on, so a branching step that uses
  // its next state always has one (a choice whose every path ends, or a loop that cannot finish, does not use it).
  return 'next' in at.cont ? at.cont.next : '';
}

export function emitChoice(step: ChoiceStep, ctx: EmitContext, at: StepEmit): NamedState[] {
  const name = stateNameOf(step.id);
  const after = contName(at);
  const arms: NamedState[] = [];
  const choices = step.cases.map((c) => {
    arms.push(...emitBlock(c.body, at.cont, ctx));
    return { Condition: `{% ${jsonata(c.when, at.exprs)} %}`, Next: target(c.body, after) };
  });
  const state: AslState = { Type: 'Choice', Choices: choices };
  const otherwise = step.otherwise;
  if (otherwise.kind === 'steps') {
    state['Default'] = target(otherwise.body, after);
    arms.push(...emitBlock(otherwise.body, at.cont, ctx));
  } else if (otherwise.kind === 'continue') {
    state['Default'] = after;
  } else {
    const failName = ctx.states.reserve(`${name} No Match`, { what: `the otherwise of choice '${step.id}'`, loc: step.loc });
    state['Default'] = failName;
    arms.push([failName, { Type: 'Fail', Error: otherwise.error, ...(otherwise.cause ? { Cause: otherwise.cause } : {}) }]);
  }
  return [[name, state], ...arms];
}

/**
 * A bounded loop: a Pass sets the iteration counter, the body runs, and a Choice either starts the next round
 * (incrementing the counter in the rule's Assign) or ends the loop. The bound keeps history far below 25,000 events.
 * A body whose every path ends the flow after its `exitWhen` never finishes a round: then there is no round check
 * (nor exhaustion), which nothing could reach.
 */
export function emitLoop(step: LoopStep, ctx: EmitContext, at: StepEmit): NamedState[] {
  const name = stateNameOf(step.id);
  const counter = variableOf(`result:${step.id}`);
  const first = stateNameOf(step.body[0]!.id);
  if (!loopBodyFinishesRound(step)) {
    ctx.loopExits.set(step.id, contName(at));
    const init: AslState = { Type: 'Pass', Assign: { [counter]: 0 }, Next: first };
    return [[name, init], ...emitBlock(step.body, at.cont, ctx)];
  }
  const repeat = ctx.states.reserve(`${name} Next Round`, { what: `the end of loop '${step.id}'`, loc: step.loc });
  const after = contName(at);
  ctx.loopExits.set(step.id, after);
  const exhausted =
    step.onExhausted === 'fail' ? ctx.states.reserve(`${name} Exhausted`, { what: `the exhaustion of loop '${step.id}'`, loc: step.loc }) : after;
  const init: AslState = { Type: 'Pass', Assign: { [counter]: 0 }, Next: first };
  const body = emitBlock(step.body, { next: repeat }, ctx);
  const next: AslState = {
    Type: 'Choice',
    Choices: [{ Condition: `{% $${counter} < ${step.maxIterations - 1} %}`, Assign: { [counter]: `{% $${counter} + 1 %}` }, Next: first }],
    Default: exhausted,
  };
  const states: NamedState[] = [[name, init], ...body, [repeat, next]];
  if (step.onExhausted === 'fail') {
    states.push([
      exhausted,
      { Type: 'Fail', Error: 'Agentflow.LoopExhausted', Cause: `Loop '${step.id}' ran ${step.maxIterations} rounds without its exit condition holding.` },
    ]);
  }
  return states;
}

export function emitExitLoop(step: ExitLoopStep, ctx: EmitContext, at: StepEmit): NamedState[] {
  const state: AslState = {
    Type: 'Choice',
    Choices: [{ Condition: `{% ${jsonata(step.when, at.exprs)} %}`, Next: ctx.loopExits.get(step.loopId) ?? '' }],
    Default: contName(at),
  };
  return [[stateNameOf(step.id), state]];
}

