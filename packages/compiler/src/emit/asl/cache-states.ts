import type { Step } from '@agentflow/dsl';
import { stateNameOf } from '../../passes/name-states/state-names.js';

/** The states of a cached agent step: lookup (its entry), hit test, the agent's own Task, store. */
export function cacheStateNames(stepId: string): { readonly get: string; readonly check: string; readonly invoke: string; readonly put: string } {
  const base = stateNameOf(stepId);
  return { get: `${base} Cache Get`, check: `${base} Cached`, invoke: base, put: `${base} Cache Put` };
}

/** The state a step starts at: its main state, a cached agent's lookup, or an inlined attempt's first body state. */
export function entryStateOf(step: Step): string {
  if (step.kind === 'attempt' && step.retry.length === 0 && step.body[0]) return entryStateOf(step.body[0]);
  return step.kind === 'agent' && step.cache ? cacheStateNames(step.id).get : stateNameOf(step.id);
}

