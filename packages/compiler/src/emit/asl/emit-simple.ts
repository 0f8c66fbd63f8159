import type { AssignStep, FailStep, SetStep, SucceedStep, WaitStep } from '@agentflow/dsl';
import { stateNameOf } from '../../passes/name-states/state-names.js';
import { applyCont, type AslState, type EmitContext, type NamedState } from './emit-context.js';
import type { StepEmit } from './emit-block.js';
import { jsonata } from './jsonata.js';
import { variableOf } from './root-keys.js';

export function emitWait(step: WaitStep, ctx: EmitContext, at: StepEmit): NamedState[] {
  const state: AslState = { Type: 'Wait' };
  if ('seconds' in step.wait) state['Seconds'] = step.wait.seconds;
  else state['Timestamp'] = `{% ${jsonata(step.wait.until, at.exprs)} %}`;
  void ctx;
  return [[stateNameOf(step.id), applyCont(state, at.cont)]];
}

export function emitSet(step: SetStep, ctx: EmitContext, at: StepEmit): NamedState[] {
  const state: AslState = { Type: 'Pass', Assign: { [variableOf(`result:${step.id}`)]: ctx.json(step.value, at.exprs) } };
  return [[stateNameOf(step.id), applyCont(state, at.cont)]];
}

export function emitAssign(step: AssignStep, ctx: EmitContext, at: StepEmit): NamedState[] {
  const state: AslState = { Type: 'Pass', Assign: { [variableOf(`result:${step.target}`)]: ctx.json(step.value, at.exprs) } };
  return [[stateNameOf(step.id), applyCont(state, at.cont)]];
}

export function emitSucceed(step: SucceedStep, ctx: EmitContext, at: StepEmit): NamedState[] {
  const state: AslState = { Type: 'Succeed' };
  if (step.output) state['Output'] = ctx.json(step.output, at.exprs);
  return [[stateNameOf(step.id), state]];
}

export function emitFail(step: FailStep, ctx: EmitContext, at: StepEmit): NamedState[] {
  const state: AslState = { Type: 'Fail', Error: step.error };
  if (step.cause) state['Cause'] = ctx.json(step.cause, at.exprs);
  return [[stateNameOf(step.id), state]];
}
