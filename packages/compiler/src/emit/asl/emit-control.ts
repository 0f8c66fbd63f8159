import type { ChoiceStep, ExitLoopStep, LoopStep, Step } from '@agentflow/dsl';
import { stateNameOf } from '../../passes/name-states/state-names.js';
import { type AslState, type EmitContext, type NamedState } from './emit-context.js';
import { emitBlock, type StepEmit } from './emit-block.js';
import { jsonata } from './jsonata.js';
import { variableOf } from './root-keys.js';
import { loopBodyFinishesRound } from '../../passes/check-structure/check-blocks.js';
import { lastCheckOf } from './loop-last-check.js';
import { entryStateOf } from './cache-states.js';

function target(block: readonly Step[], fallback: string): string {
  return block[0] ? entryStateOf(block[0]) : fallback;
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
 * A bounded loop: a Pass sets the iteration counter, then the body runs. The bound keeps history far below 25,000
 * events. A body whose every path ends the flow after its `exitWhen` never finishes a round: then there is no round
 * check (nor exhaustion), which nothing could reach.
 *
 * With a last check (loop-last-check.ts) the `exitWhen` Choice is also the round check: its second rule sends the
 * last round's failed check to exhaustion, and its Default advances the counter, so the steps after it run only when
 * another round follows, and the round's end goes straight back to the first state. Otherwise a Choice after the
 * body either starts the next round (advancing the counter in the rule's Assign) or ends the loop.
 */
export function emitLoop(step: LoopStep, ctx: EmitContext, at: StepEmit): NamedState[] {
  const name = stateNameOf(step.id);
  const counter = variableOf(`result:${step.id}`);
  const first = entryStateOf(step.body[0]!);
  const init: AslState = { Type: 'Pass', Assign: { [counter]: 0 }, Next: first };
  const after = contName(at);
  ctx.loopExits.set(step.id, after);
  if (!loopBodyFinishesRound(step)) return [[name, init], ...emitBlock(step.body, at.cont, ctx)];

  const onExhausted = step.onExhausted;
  const exhausted =
    onExhausted === 'continue' ? after : ctx.states.reserve(`${name} Exhausted`, { what: `the exhaustion of loop '${step.id}'`, loc: step.loc });
  const states: NamedState[] = [[name, init]];
  const last = lastCheckOf(step);
  if (last !== undefined) {
    const head = step.body.slice(0, last + 1);
    const tail = step.body.slice(last + 1);
    ctx.lastChecks.set(step.body[last]!.id, { counter, limit: step.maxIterations - 1, exhausted });
    states.push(...emitBlock(head, { next: tail[0] ? ctx.entryOf(tail[0]) : first }, ctx));
    // After the last check the counter already names the next round.
    ctx.advancedLoops.add(step.id);
    states.push(...emitBlock(tail, { next: first }, ctx));
    ctx.advancedLoops.delete(step.id);
  } else {
    const repeat = ctx.states.reserve(`${name} Next Round`, { what: `the end of loop '${step.id}'`, loc: step.loc });
    states.push(...emitBlock(step.body, { next: repeat }, ctx));
    states.push([
      repeat,
      {
        Type: 'Choice',
        Choices: [{ Condition: `{% $${counter} < ${step.maxIterations - 1} %}`, Assign: { [counter]: `{% $${counter} + 1 %}` }, Next: first }],
        Default: exhausted,
      },
    ]);
  }
  if (onExhausted !== 'continue') {
    const fail =
      onExhausted === 'fail'
        ? { error: 'Agentflow.LoopExhausted', cause: `Loop '${step.id}' ran ${step.maxIterations} rounds without its exit condition holding.` }
        : onExhausted.fail;
    states.push([exhausted, { Type: 'Fail', Error: fail.error, Cause: fail.cause }]);
  }
  return states;
}

/** Leaves the loop when the condition holds; a loop's last check also ends the last round (see emitLoop). */
export function emitExitLoop(step: ExitLoopStep, ctx: EmitContext, at: StepEmit): NamedState[] {
  const choices: AslState[] = [{ Condition: `{% ${jsonata(step.when, at.exprs)} %}`, Next: ctx.loopExits.get(step.loopId) ?? '' }];
  const state: AslState = { Type: 'Choice', Choices: choices, Default: contName(at) };
  const check = ctx.lastChecks.get(step.id);
  if (check) {
    choices.push({ Condition: `{% $${check.counter} >= ${check.limit} %}`, Next: check.exhausted });
    // A Choice's own Assign applies only when it takes its Default: the round goes on, and the next one follows.
    state['Assign'] = { [check.counter]: `{% $${check.counter} + 1 %}` };
  }
  return [[stateNameOf(step.id), state]];
}
