import type { Expr, OffloadSettings, Step, WorkflowNode } from '@agentflow/dsl';
import type { ResolvedEnvironment } from '../../passes/resolve-environment/resolve-environment.js';
import { resourceKey } from '../../passes/resolve-environment/resolve-environment.js';
import { NameRegistry } from '../../passes/name-states/state-names.js';
import type { StepIndex } from '../../passes/step-index.js';
import type { ExprContext } from './jsonata.js';
import { jsonValue } from './json-value.js';
import { variableOf } from './root-keys.js';
import { enclosingOf, type Enclosing } from './iteration-keys.js';
import { entryStateOf } from './cache-states.js';
import { FOLD_ROLE, type FoldPlan } from '../../passes/fold-steps/plan-folds.js';

export type AslState = Record<string, unknown>;
/** Where control goes after a state. */
export type Cont = { readonly next: string } | { readonly end: true };
export type NamedState = readonly [name: string, state: AslState];

export function applyCont(state: AslState, cont: Cont): AslState {
  if ('next' in cont) state['Next'] = cont.next;
  else state['End'] = true;
  return state;
}

interface Producer {
  readonly key: string;
  readonly target: AslState;
  /** The value, or a function that renders it (only once the variable turns out to be read). */
  readonly value: string | (() => string);
}

/**
 * Mutable bookkeeping for one emission: names, which variables are read, and who assigns them.
 * Variables are assigned only where something reads them, so definitions carry no dead state.
 */
export class EmitContext {
  readonly states = new NameRegistry('state');
  readonly variables = new NameRegistry('variable');
  private readonly used = new Set<string>();
  private readonly producers: Producer[] = [];
  /** Per loop id: where `exitWhen` goes. */
  readonly loopExits = new Map<string, string>();
  /** Per `exitWhen` id that is its loop's last check: the counter, its last round's value, and where exhaustion goes. */
  readonly lastChecks = new Map<string, { readonly counter: string; readonly limit: number; readonly exhausted: string }>();
  /** Loops whose steps after the last check are being emitted: there the counter already names the next round. */
  readonly advancedLoops = new Set<string>();
  /** Per attempt that ends its scope (emitScope): the scope's value, which each path's last state outputs. */
  readonly scopeOutputs = new Map<string, { readonly result: Expr; readonly binding?: ReadonlyMap<string, string> }>();
  /** True while emitting the body of a Distributed Map (its states run in child executions). */
  inDistributedChild = false;

  constructor(
    readonly workflow: WorkflowNode,
    readonly index: StepIndex,
    readonly resolved: ResolvedEnvironment,
    /** Where offloaded values go (set whenever the payload plan offloads anything). */
    readonly offload: Required<OffloadSettings> | undefined,
    /** `maxOutputBytes` of each adapter request, by step (or voter) id, from the payload analysis. */
    readonly answerBudgets: ReadonlyMap<string, number>,
    /** Steps that have no state of their own: their `Assign` rides on their host's state (plan-folds.ts). */
    readonly folds: FoldPlan,
  ) {}

  /**
   * The maps and loops around a step (or a voter), outermost first: agent session ids and offload keys name their
   * iterations (iteration-keys.ts).
   */
  enclosingOf(stepId: string): Enclosing[] {
    let info = this.index.byId.get(stepId);
    if (!info) {
      const vote = this.index.all.find((i) => i.step.kind === 'vote' && i.step.voters.some((v) => v.id === stepId));
      if (!vote) throw new Error(`enclosingOf: no step or voter '${stepId}'`);
      info = vote;
    }
    return enclosingOf(info.ancestors);
  }

  private readonly tracked: Set<string>[] = [];
  /** Per scope-first step: the variables its emission read (nested states included), for emitScope's prologue choice. */
  readonly firstStepReads = new Map<string, ReadonlySet<string>>();

  readonly use = (key: string): void => {
    this.used.add(key);
    for (const set of this.tracked) set.add(key);
  };

  /** Runs `emit` and returns the variables read while it ran. */
  readsDuring<T>(emit: () => T): { readonly value: T; readonly reads: ReadonlySet<string> } {
    const reads = new Set<string>();
    this.tracked.push(reads);
    try {
      return { value: emit(), reads };
    } finally {
      this.tracked.pop();
    }
  }

  isUsed(key: string): boolean {
    return this.used.has(key);
  }

  /** Registers that `target.Assign[variable(key)] = value` once the variable turns out to be read. */
  produce(key: string, target: AslState, value: string | (() => string)): void {
    this.producers.push({ key, target, value });
    for (const alias of this.alsoProduce.get(key) ?? []) this.produce(alias, target, value);
  }

  /**
   * Variables given the same value wherever another one is (an attempt whose value is the value of the attempt that
   * ends its body): each producer of `key` also produces `alias`, so no extra state copies it.
   */
  readonly alsoProduce = new Map<string, string[]>();

  /** The expression context of a state; `self` and `binding` as for `ExprContext`. */
  exprs(extra: Omit<ExprContext, 'use'> = {}): ExprContext {
    return {
      ...extra,
      use: this.use,
      ...(this.inDistributedChild ? { parentExecution: true } : {}),
      ...(this.advancedLoops.size > 0 ? { advancedLoops: new Set(this.advancedLoops) } : {}),
    };
  }

  json(expr: Expr, ctx: ExprContext): unknown {
    return jsonValue(expr, ctx, (r) => this.resolved.resources.get(resourceKey(r)) ?? `\${${r.name}}`);
  }

  /** A service-integration `Resource` in the environment's partition (`arn:aws-cn:states:::…` in China). */
  integration(resource: string): string {
    return `arn:${this.resolved.env.partition}:states:::${resource}`;
  }

  /**
   * The state a step starts at: its main state, or a cached agent's cache lookup. A folded loop starts at its body's
   * first state (its counter start rides on the host); a set or assign folded into the state before it is never a
   * jump target, and that state's `Next` skips it (emitBlock).
   */
  entryOf(step: Step): string {
    if (step.kind === 'loop' && this.folds.hostOf.has(step.id)) return this.entryOf(step.body[0]!);
    // Folded into the Choice after it, a step starts at that Choice, which assigns its value whichever way it goes.
    const host = this.folds.hostOf.get(step.id);
    const hostStep = host === undefined ? undefined : this.index.byId.get(host)?.step;
    if (hostStep && FOLD_ROLE[hostStep.kind].forward) return this.entryOf(hostStep);
    return entryStateOf(step);
  }

  /** Adds the Assign entries of variables that something reads. Runs once, after every state exists. */
  finish(): void {
    // A value rendered here may read further variables (an attempt's value): repeat until no new one is read.
    const done = new Set<Producer>();
    for (let grew = true; grew; ) {
      grew = false;
      for (const p of this.producers) {
        if (done.has(p) || !this.used.has(p.key)) continue;
        done.add(p);
        grew = true;
        const assign = (p.target['Assign'] ??= {}) as Record<string, unknown>;
        assign[variableOf(p.key)] = typeof p.value === 'function' ? p.value() : p.value;
      }
    }
  }
}
