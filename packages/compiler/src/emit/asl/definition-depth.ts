import type { WorkflowNode } from '@agentflow/dsl';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { stateNameOf } from '../../passes/name-states/state-names.js';
import type { StepIndex, StepInfo } from '../../passes/step-index.js';
import { MAX_JSON_DEPTH } from '../../validate-asl/json/parse-text.js';

/** A state on the way down to a point of the definition: its name and the JSON depth of its object. */
interface StateLink {
  readonly name: string;
  readonly depth: number;
  readonly outer: StateLink | undefined;
}

export interface DeepestPoint {
  /** JSON nesting depth, counted as the validator does: the definition's own `{` is 1. */
  readonly depth: number;
  /** The states enclosing the deepest point, innermost first. */
  readonly states: readonly { readonly name: string; readonly depth: number }[];
}

/**
 * The deepest point of an emitted definition and the states around it. Iterative and linear, so it works on any
 * definition the emitter produced, however deep; objects under a `States` key are the states.
 */
export function deepestPoint(definition: Record<string, unknown>): DeepestPoint {
  let bestDepth = 1;
  let bestLink: StateLink | undefined;
  // Three parallel stacks and for-in rather than a tuple per value and Object.entries per object: this runs over every
  // value of the definition on each compile, and those allocations made a large share of its time (and of GC).
  const values: unknown[] = [definition];
  const depths: number[] = [1];
  const links: (StateLink | undefined)[] = [undefined];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop()!;
    const link = links.pop();
    if (depth > bestDepth) {
      bestDepth = depth;
      bestLink = link;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        if (typeof item !== 'object' || item === null) continue;
        values.push(item);
        depths.push(depth + 1);
        links.push(link);
      }
      continue;
    }
    const record = value as Record<string, unknown>;
    for (const key in record) {
      if (!Object.prototype.hasOwnProperty.call(record, key)) continue;
      const child = record[key];
      if (typeof child !== 'object' || child === null) continue;
      if (key !== 'States' || Array.isArray(child)) {
        values.push(child);
        depths.push(depth + 1);
        links.push(link);
        continue;
      }
      const states = child as Record<string, unknown>;
      for (const name in states) {
        if (!Object.prototype.hasOwnProperty.call(states, name)) continue;
        const state = states[name];
        if (typeof state !== 'object' || state === null) continue;
        values.push(state);
        depths.push(depth + 2);
        links.push({ name, depth: depth + 2, outer: link });
      }
      if (depth + 1 > bestDepth) {
        bestDepth = depth + 1;
        bestLink = link;
      }
    }
  }
  const states: { name: string; depth: number }[] = [];
  for (let l = bestLink; l; l = l.outer) states.push({ name: l.name, depth: l.depth });
  return { depth: bestDepth, states };
}

/**
 * The emitter's depth guard: structure alone (nested parallels and maps) is checked before emitting
 * (`checkNestingDepth`); what a state adds itself (a deep literal in its arguments, an agent's output schema, a
 * vote's branches) is only known now. A definition nested too deep is a limit of the workflow, not a defect of the
 * emitted ASL, so it is reported at the step whose state holds the deepest point, never as `internal-invalid-asl`.
 */
export function checkDefinitionDepth(definition: Record<string, unknown>, index: StepIndex, workflow: WorkflowNode): Diagnostic[] {
  const deepest = deepestPoint(definition);
  if (deepest.depth <= MAX_JSON_DEPTH) return [];
  const byName = new Map<string, StepInfo>();
  for (const info of index.all) if (!byName.has(stateNameOf(info.step.id))) byName.set(stateNameOf(info.step.id), info);
  const steps = deepest.states.map((s) => ({ ...s, info: byName.get(s.name) })).filter((s) => s.info !== undefined);
  // The innermost step whose own state still fits: the one whose contents cross the limit.
  const at = steps.find((s) => s.depth <= MAX_JSON_DEPTH) ?? steps[0];
  const step = at?.info?.step;
  const loc = step?.loc ?? workflow.loc;
  return [
    {
      code: 'nesting-too-deep',
      severity: 'error',
      message: `The compiled definition would be nested ${deepest.depth} levels deep${step ? ` inside the state of step '${step.id}'` : ''}; a definition may nest at most ${MAX_JSON_DEPTH}.`,
      path: at?.info?.path ?? workflow.name,
      ...(loc ? { loc } : {}),
      hint: 'Flatten what this step holds (a deeply nested literal value, arguments or output schema), or nest fewer parallels and maps around it.',
    },
  ];
}
