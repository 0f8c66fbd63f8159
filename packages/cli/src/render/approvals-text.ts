import type { Decision, WaitingApproval } from '@agentflow/deploy';
import { terminalSafe } from './terminal-text.js';

/** The waiting approvals, one block each, and how to decide one. */
export function approvalLines(waiting: readonly WaitingApproval[], envName: string): string {
  if (waiting.length === 0) return `No approval waits in environment ${terminalSafe(envName)}.\n`;
  const lines = [`${waiting.length} approval${waiting.length === 1 ? '' : 's'} waiting in environment ${terminalSafe(envName)}:`];
  for (const w of waiting) {
    const name = w.executionArn.slice(w.executionArn.lastIndexOf(':') + 1);
    lines.push(`  ${terminalSafe(w.workflow)}  step ${terminalSafe(w.step)}  execution ${terminalSafe(name)}  since ${w.since}${w.timesOutAt ? `  times out ${w.timesOutAt}` : ''}`);
    lines.push(`    ${terminalSafe(w.executionArn)}`);
  }
  lines.push(`Decide with: agentflow approve|reject <execution ARN> [--step ID] [--comments TEXT] --env ${terminalSafe(envName)}`);
  return `${lines.join('\n')}\n`;
}

export function decisionLine(decision: Decision): string {
  const a = decision.approval;
  return `${decision.output.approved ? 'Approved' : 'Rejected'}: ${terminalSafe(a.workflow)} step ${terminalSafe(a.step)} of ${terminalSafe(a.executionArn)} (reviewer ${terminalSafe(decision.output.reviewer)}).\n`;
}
