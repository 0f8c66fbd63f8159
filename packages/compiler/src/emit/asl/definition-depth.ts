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
  let best: { depth: number; link: StateLink | undefined } = { depth: 1, link: undefined };
  const stack: [unknown, number, StateLink | undefined][] = [[definition, 1, undefined]];
  while (stack.length > 0) {
    const [value, depth, link] = stack.pop()!;
    if (depth > best.depth) best = { depth, link };
    if (Array.isArray(value)) {
      for (const item of value) if (typeof item === 'object' && item !== null) stack.push([item, depth + 1, link]);
      continue;
    }
    for (const [key, child] of Object.entries(value as Record<string, unknown>)) {
      if (typeof child !== 'object' || child === null) continue;
      if (key !== 'States' || Array.isArray(child)) {
        stack.push([child, depth + 1, link]);
        continue;
      }
      for (const [name, state] of Object.entries(child as Record<string, unknown>)) {
        if (typeof state === 'object' && state !== null) stack.push([state, depth + 2, { name, depth: depth + 2, outer: link }]);
      }
      if (depth + 1 > best.depth) best = { depth: depth + 1, link };
    }
  }
  const states: { name: string; depth: number }[] = [];
  for (let l = best.link; l; l = l.outer) states.push({ name: l.name, depth: l.depth });
  return { depth: best.depth, states };
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
