import type { Block, Step, WorkflowNode } from '@agentflow/dsl';
import { childBlocks, refsOf } from '@agentflow/dsl';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { StepIndex } from '../step-index.js';
import { stepExprs } from '../step-exprs.js';
import { blockAlwaysEnds } from './check-blocks.js';

/** Errors Step Functions never lets a catcher take (asl-facts §1.6): they end the execution. */
const UNCATCHABLE = new Set(['States.DataLimitExceeded', 'States.Runtime']);

/**
 * What `flow.attempt` clauses can catch and what its value needs: catchable error names, `States.ALL` alone in the
 * last clause (an ASL rule for every catcher list), a value on each path that goes on when the value is read, and a
 * body with something that can fail (else the handlers never run).
 */
export function checkAttempts(workflow: WorkflowNode, index: StepIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  // Which results are read matters only for attempts' values: listed at the first attempt.
  let read: Set<string> | undefined;
  for (const info of index.all) {
    if (info.step.kind !== 'attempt') continue;
    read ??= readSteps(workflow, index);
    const step = info.step;
    const at = { path: info.path, ...(step.loc ? { loc: step.loc } : {}) };
    step.handlers.forEach((h, i) => {
      for (const name of h.errors.filter((e) => UNCATCHABLE.has(e))) {
        diagnostics.push({
          code: 'uncatchable-error',
          severity: 'error',
          message: `attempt '${step.id}' catch[${i}] lists ${name}, which Step Functions never lets a catcher take: it always ends the execution.`,
          ...at,
          hint:
            name === 'States.DataLimitExceeded'
              ? 'Remove it; keep payloads bounded instead (schemas with .max(), or S3 offload: docs/payload.md).'
              : 'Remove it: States.Runtime is an error of the workflow definition or of a value, not of a service call.',
        });
      }
      for (const name of h.errors.filter((e) => e.includes('*'))) {
        diagnostics.push({
          code: 'error-name-wildcard',
          severity: 'error',
          message: `attempt '${step.id}' catch[${i}] lists '${name}', but Step Functions matches error names exactly: only an error named '${name}' itself would be caught.`,
          ...at,
          hint: "List each error name (e.g. 'Agentflow.AgentFailed', 'Agentflow.InvalidAgentOutput'), or use 'States.TaskFailed' / 'States.ALL' to catch every error.",
        });
      }
      if (h.errors.includes('States.ALL') && (h.errors.length > 1 || i !== step.handlers.length - 1)) {
        diagnostics.push({
          code: 'states-all-not-last',
          severity: 'error',
          message: `attempt '${step.id}' catch[${i}]: States.ALL must stand alone in the last catch clause (an ASL rule); the clauses after it could never run.`,
          ...at,
          hint: "Put the specific errors first and end with { errors: ['States.ALL'], handler }.",
        });
      }
    });
    if (read.has(step.id)) {
      const paths = [{ what: 'the body', block: step.body, result: step.result }, ...step.handlers.map((h, i) => ({ what: `the handler of catch[${i}]`, block: h.body, result: h.result }))];
      for (const p of paths.filter((p) => p.result === undefined && !blockAlwaysEnds(p.block))) {
        diagnostics.push({
          code: 'attempt-path-without-value',
          severity: 'error',
          message: `The value of attempt '${step.id}' is read, but ${p.what} returns nothing and goes on after the attempt: on that path the value is unset.`,
          ...at,
          hint: 'Return a value from every path that goes on (e.g. a default from the handler), or end that path with flow.fail(...) / flow.succeed(...).',
        });
      }
    }
    if (step.retry.length > 0) {
      for (const s of sameScope(step.body).filter((s) => s.kind === 'succeed')) {
        diagnostics.push({
          code: 'succeed-in-retried-attempt',
          severity: 'error',
          message: `succeed '${s.id}' is in the body of attempt '${step.id}', which is retried as a whole and so runs as a Parallel branch: the succeed would end only that branch, not the workflow.`,
          path: index.byId.get(s.id)?.path ?? info.path,
          ...(s.loc ? { loc: s.loc } : {}),
          hint: 'Return the value from the body and succeed after the attempt, or drop the attempt-level retry (steps can retry themselves).',
        });
      }
      for (const [i, rule] of step.retry.entries()) {
        if (rule.errors.includes('States.ALL') && (rule.errors.length > 1 || i !== step.retry.length - 1)) {
          diagnostics.push({ code: 'states-all-not-last', severity: 'error', message: `attempt '${step.id}': States.ALL must stand alone in the last retrier.`, ...at });
        }
      }
    }
    if (!canFail(step.body)) {
      diagnostics.push({
        code: 'attempt-cannot-fail',
        severity: 'warning',
        message: `Nothing in the body of attempt '${step.id}' can fail in a way a catch takes (no agent, model, task, approval, map, parallel, vote or fail step), so its handlers never run.`,
        ...at,
        hint: 'Move the steps that can fail into the body, or remove the attempt.',
      });
    }
  }
  return diagnostics;
}

/** Ids of steps whose results something reads. */
function readSteps(workflow: WorkflowNode, index: StepIndex): Set<string> {
  const out = new Set<string>();
  const note = (refs: ReturnType<typeof refsOf>) => {
    for (const r of refs) if (r.root.kind === 'step-result') out.add(r.root.stepId);
  };
  for (const info of index.all) for (const { expr } of stepExprs(info.step)) note(refsOf(expr));
  if (workflow.output) note(refsOf(workflow.output));
  return out;
}

/** The steps of a block and of its nested choice arms, loop bodies and inlined attempts (one variable scope). */
function sameScope(block: Block): Step[] {
  return block.flatMap((s) => [s, ...childBlocks(s).flatMap((c) => (c.scope === 'same' ? sameScope(c.block) : []))]);
}

/** Whether a state of the block (in its own scope: nested choices, loops and attempts) can fail into a catcher. */
function canFail(block: Block): boolean {
  return block.some((s: Step) => {
    if (['agent', 'model', 'task', 'approval', 'parallel', 'map', 'vote', 'fail'].includes(s.kind)) return true;
    if (s.kind === 'loop' && s.onExhausted !== 'continue') return true;
    if (s.kind === 'choice' && s.otherwise.kind === 'fail') return true;
    return childBlocks(s).some((c) => c.scope === 'same' && canFail(c.block));
  });
}

