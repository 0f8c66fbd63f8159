import type { Step } from '@agentflow/dsl';
import { stateNameOf } from '../../passes/name-states/state-names.js';

/** The states of a cached agent step: lookup (its entry), hit test, the agent's own Task, store. */
export function cacheStateNames(stepId: string): { readonly get: string; readonly check: string; readonly invoke: string; readonly put: string } {
  const base = stateNameOf(stepId);
  return { get: `${base} Cache Get`, check: `${base} Cached`, invoke: base, put: `${base} Cache Put` };
}

/** The state a step starts at: its main state, or a cached agent's lookup. */
export function entryStateOf(step: Step): string {
  return step.kind === 'agent' && step.cache ? cacheStateNames(step.id).get : stateNameOf(step.id);
}

