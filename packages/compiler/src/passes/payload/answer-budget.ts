import type { AgentSpec, AgentStep, ModelSpec, Step, WorkflowNode } from '@agentflow/dsl';
import { eachStep } from '../block-steps.js';
import { bytesPerTokenBound, tokenOutputBound, type Bound } from './schema-bounds/index.js';
import type { Sizer } from './measure.js';
import { storedSchemaOf } from './pointer.js';

/**
 * The bound the payload analysis uses for an agent's or model's answer: the declared budget (`maxOutputBytes`, or
 * `maxOutputTokens` × 32 + 2) when it is smaller than the schema's bound or the schema's bound rests on assumed
 * sizes, else the schema's bound.
 *
 * An agent's bound is enforced at run time: every request carries it as `maxOutputBytes` and the adapter fails a
 * larger answer with `Agentflow.AnswerTooLarge` (docs/agent-adapter.md), so a declared budget is a fact, not an
 * assumption. Nothing enforces a model's declaration (InvokeModel returns whatever the model wrote; only the body's
 * own token limit caps it), so for models it stays an assumption the report and the `unbounded-value` warning name.
 */
export function answerBound(spec: AgentSpec | ModelSpec, enforced: boolean, sizer: Sizer): Bound {
  const schema = sizer.schema(spec.output);
  const declared = declaredBound(spec, enforced);
  if (!declared) return schema;
  return declared.bytes < schema.bytes || schema.assumptions.length > 0 ? declared : schema;
}

function declaredBound(spec: AgentSpec | ModelSpec, enforced: boolean): Bound | undefined {
  const bound = spec.outputBound;
  if (bound === undefined) return undefined;
  if (enforced) return { bytes: declaredBytes(spec)!, exact: false, assumptions: [] };
  if ('tokens' in bound) return tokenOutputBound(bound.tokens);
  const reason = `declared maxOutputBytes ${bound.bytes}, which InvokeModel does not enforce`;
  return { bytes: bound.bytes, exact: false, assumptions: [{ path: '', reason, assumedBytes: bound.bytes }] };
}

function declaredBytes(spec: AgentSpec | ModelSpec): number | undefined {
  const bound = spec.outputBound;
  return bound === undefined ? undefined : 'bytes' in bound ? bound.bytes : bytesPerTokenBound(bound.tokens);
}

/**
 * `maxOutputBytes` of an agent step's request: the most the adapter may return. Inline, that is the answer's bound.
 * Offloaded, the adapter returns the inline fields and the pointer instead: their bound, or the declared budget when
 * smaller (a budget holds for what comes back either way).
 */
export function adapterBudget(step: AgentStep, sizer: Sizer): number {
  const stored = step.offload ? storedSchemaOf(step) : undefined;
  if (!stored) return answerBound(step.agent, true, sizer).bytes;
  return Math.min(sizer.schema(stored).bytes, declaredBytes(step.agent) ?? Infinity);
}

/** `maxOutputBytes` of every adapter request, by step id (voters by their own id). */
export function adapterBudgets(workflow: WorkflowNode, sizer: Sizer): ReadonlyMap<string, number> {
  const budgets = new Map<string, number>();
  eachStep(workflow.body, (step: Step) => {
    if (step.kind === 'agent') budgets.set(step.id, adapterBudget(step, sizer));
    if (step.kind === 'vote') for (const voter of step.voters) budgets.set(voter.id, answerBound(voter.agent, true, sizer).bytes);
  });
  return budgets;
}
