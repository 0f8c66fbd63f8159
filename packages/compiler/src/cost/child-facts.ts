import { walkSteps, type RunChild, type Step, type WorkflowDef } from '@agentflow/dsl';
import { compileWorkflow, type CompileOptions, type CompileResult } from '../compile.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { stateNameOf } from '../passes/name-states/state-names.js';
import { compareCodePoints } from '../text/compare-code-points.js';
import { costFacts, type ChildCostFacts, type CostFacts } from './workflow-cost.js';

/**
 * Cost facts of a compiled workflow with those of every workflow its `flow.run` steps start, compiled here for the
 * same environment: Step Functions bills a child's transitions to the child's state machine, but one execution of
 * the parent pays for them. A child run from several steps (or by several children) is compiled once.
 *
 * A workflow that runs itself, directly or through others, is refused when its body is built (`workflow-cycle`);
 * this walk guards anyway (a child whose `build` hands back another workflow's IR could slip past that check):
 * a child already on the chain is listed as not priced, its cost unbounded, instead of being compiled again.
 */
export function compiledCostFacts(result: CompileResult, options: CompileOptions): CostFacts | undefined {
  if (!result.definition) return undefined;
  const compiled = new Map<RunChild, CompileResult>();
  return factsOf(result, options, [result.name], compiled);
}

function factsOf(result: CompileResult, options: CompileOptions, chain: readonly string[], compiled: Map<RunChild, CompileResult>): CostFacts {
  const children: ChildCostFacts[] = [];
  if (result.ir) {
    walkSteps(result.ir.body, (step: Step) => {
      const child = step.kind === 'task' ? step.integration.child : undefined;
      if (!child) return;
      const state = stateNameOf(step.id);
      if (chain.includes(child.name)) {
        const path = [...chain.slice(chain.indexOf(child.name)), child.name].map((n) => `'${n}'`).join(' → ');
        children.push({ state, workflow: child.name, unpriced: `it runs the workflow that starts it (${path}), so its cost is unbounded` });
        return;
      }
      let childResult = compiled.get(child);
      if (!childResult) {
        // The child's own file is not known here: its diagnostics are summarised by code below, not located.
        childResult = compileWorkflow(child as WorkflowDef, { env: options.env, envName: options.envName });
        compiled.set(child, childResult);
      }
      if (!childResult.definition || hasErrors(childResult.diagnostics)) {
        const codes = [...new Set(childResult.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code))].sort(compareCodePoints);
        children.push({ state, workflow: child.name, unpriced: `it does not compile (${codes.join(', ') || 'no definition'}); run agentflow compile on it` });
        return;
      }
      children.push({ state, workflow: child.name, facts: factsOf(childResult, options, [...chain, child.name], compiled) });
    });
  }
  return costFacts({ name: result.name, definition: result.definition!, ir: result.ir, payload: result.payload, children });
}
