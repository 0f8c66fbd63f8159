import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { isRfc3339 } from '../../validate-asl/syntax/rfc3339.js';
import type { StepIndex } from '../step-index.js';

/**
 * A literal `until` of `flow.wait` becomes the Wait state's `Timestamp`, which Step Functions rejects unless it is an
 * RFC 3339 date-time. Checked here, at the user's line, so the self-check never reports it as an agentflow bug.
 * A reference or computed value is only known at run time and is left alone.
 */
export function checkWaitTimes(index: StepIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const { step, path } of index.all) {
    if (step.kind !== 'wait' || !('until' in step.wait)) continue;
    const until = step.wait.until;
    if (until.kind !== 'literal') continue;
    const value = until.value;
    if (typeof value === 'string' && isRfc3339(value)) continue;
    diagnostics.push({
      severity: 'error',
      code: 'invalid-timestamp',
      path,
      ...(step.loc ? { loc: step.loc } : {}),
      message: `Wait '${step.id}' waits until ${JSON.stringify(value)}, which is not an RFC 3339 date-time; Step Functions rejects the state machine.`,
      hint: "Write a full UTC date-time such as until: '2027-01-31T09:00:00Z', or wait a duration with { seconds: { hours: 12 } }.",
    });
  }
  return diagnostics;
}
