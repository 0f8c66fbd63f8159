import { walkSteps, type Step, type WorkflowNode } from '@agentflow/dsl';
import { stateNameOf } from '../passes/name-states/state-names.js';
import { effectiveChecks, maxLength } from '../passes/payload/schema-bounds/checks.js';
import type { AslScope } from './state-graph.js';
import { estimateTransitions, type TransitionEstimate, type TransitionInputs } from './transitions.js';

/** Items assumed for a Map whose array has no `.max()` (the payload analysis assumes the same kind of default). */
export const UNBOUNDED_MAP_ITEMS = 100;

/** Step Functions Standard, us-east-1: $0.025 per 1,000 state transitions; 4,000 free a month (research d.3). */
export const STANDARD_USD_PER_1000_TRANSITIONS = 0.025;
export const STANDARD_FREE_TRANSITIONS_PER_MONTH = 4000;

export interface CostOptions {
  /** Executions per month to project, e.g. [100, 2000, 20000] (seed 000's S/M/L). */
  readonly volumes: readonly number[];
  /** Subtract the monthly free tier (off by default: accounts share it across state machines). */
  readonly freeTier?: boolean;
}

export interface MonthlyCost {
  readonly executions: number;
  readonly transitions: { readonly min: number; readonly expected: number; readonly max: number };
  readonly usd: { readonly min: number; readonly expected: number; readonly max: number };
}

export interface WorkflowCost {
  readonly name: string;
  readonly transitions: TransitionEstimate;
  /** Step Functions Standard charge of one execution. */
  readonly usdPerExecution: { readonly min: number; readonly expected: number; readonly max: number };
  readonly monthly: readonly MonthlyCost[];
}

/** What the IR knows and the ASL does not: loop bounds and Map item bounds, keyed by state name. */
export function transitionInputs(ir: WorkflowNode | undefined): TransitionInputs {
  const mapItems = new Map<string, number>();
  const loops: { states: Set<string>; maxIterations: number }[] = [];
  if (ir) {
    walkSteps(ir.body, (step: Step) => {
      if (step.kind === 'map') {
        const limit = step.itemsFrom?.maxItems ?? (step.items ? maxLength(effectiveChecks(step.items.schema)) : Infinity);
        if (Number.isFinite(limit)) mapItems.set(stateNameOf(step.id), limit);
      }
      if (step.kind === 'loop') {
        const states = new Set<string>([stateNameOf(step.id)]);
        walkSteps(step.body, (inner: Step) => void states.add(stateNameOf(inner.id)));
        loops.push({ states, maxIterations: step.maxIterations });
      }
    });
  }
  return { mapItems, loops, unboundedItems: UNBOUNDED_MAP_ITEMS };
}

/** Transitions and Step Functions charges of a compiled workflow, per execution and per month at each volume. */
export function workflowCost(name: string, definition: Record<string, unknown>, ir: WorkflowNode | undefined, options: CostOptions): WorkflowCost {
  const transitions = estimateTransitions(definition as unknown as AslScope, transitionInputs(ir));
  const price = (count: number): number => (count * STANDARD_USD_PER_1000_TRANSITIONS) / 1000;
  const monthly = options.volumes.map((executions) => {
    const total = (per: number): number => per * executions;
    const billed = (per: number): number => Math.max(0, total(per) - (options.freeTier ? STANDARD_FREE_TRANSITIONS_PER_MONTH : 0));
    return {
      executions,
      transitions: { min: total(transitions.min), expected: total(transitions.expected), max: total(transitions.max) },
      usd: { min: price(billed(transitions.min)), expected: price(billed(transitions.expected)), max: price(billed(transitions.max)) },
    };
  });
  return {
    name,
    transitions,
    usdPerExecution: { min: price(transitions.min), expected: price(transitions.expected), max: price(transitions.max) },
    monthly,
  };
}
