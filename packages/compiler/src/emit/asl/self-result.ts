import type { Step, VoteRule, VoteStep } from '@agentflow/dsl';
import { stringLiteral, withPath } from './jsonata.js';
import { taskResultBase } from './emit-tasks.js';

/** How a state reads its own step's value (from `$states.result`), for that state's `Assign` and `Output`. */
export function selfResult(step: Step): ((path: readonly string[]) => string) | undefined {
  switch (step.kind) {
    case 'agent':
      return (p) => withPath('$states.result.Payload', p);
    case 'model':
      return (p) => withPath('$states.result.Body', p);
    case 'task':
      return (p) => withPath(taskResultBase(step), p);
    case 'approval':
    case 'map':
      return (p) => withPath('$states.result', p);
    case 'parallel':
      return (p) => {
        if (p.length === 0) return parallelRecord(step.branches.map((b) => b.name));
        const i = step.branches.findIndex((b) => b.name === p[0]);
        return withPath(`$states.result[${i}]`, p.slice(1));
      };
    case 'vote':
      return (p) => (p.length === 0 ? tallyExpr(step) : withPath(`(${tallyExpr(step)})`, p));
    default:
      return undefined;
  }
}

/** A Parallel result is an array in branch order; the DSL presents it as a record keyed by branch name. */
export function parallelRecord(names: readonly string[]): string {
  return `{${names.map((n, i) => `${stringLiteral(n)}: $states.result[${i}]`).join(', ')}}`;
}

/** Approvals needed for the rule to pass, out of `n` voters. */
export function approvalsNeeded(rule: VoteRule, n: number): number {
  switch (rule.kind) {
    case 'threshold':
      return Math.ceil(rule.ratio * n - 1e-9);
    case 'majority':
      return Math.floor(n / 2) + 1;
    case 'unanimous':
      return n;
    case 'bft':
      return 2 * rule.f + 1;
  }
}

/** The tally, computed from the ballots the voter branches return. */
export function tallyExpr(step: VoteStep): string {
  const n = step.voters.length;
  const k = approvalsNeeded(step.rule, n);
  // BFT needs 2f+1 matching votes either way to decide; the other rules always decide once every ballot is in.
  const decided = step.rule.kind === 'bft' ? `$approvals >= ${k} or $rejections >= ${k}` : 'true';
  return (
    `($ballots := $states.result; $approvals := $count($ballots[vote = 'approve']); $rejections := $count($ballots[vote = 'reject']); ` +
    `{'approvals': $approvals, 'rejections': $rejections, 'abstentions': ${n} - $approvals - $rejections, 'total': ${n}, 'ratio': $approvals / ${n}, ` +
    `'approved': $approvals >= ${k}, 'decided': ${decided}, 'ballots': $ballots})`
  );
}
