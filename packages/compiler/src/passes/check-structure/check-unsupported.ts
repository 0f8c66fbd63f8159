import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { StepIndex } from '../step-index.js';

/**
 * Step Functions honours tolerated-failure thresholds only on Distributed Map states; an inline Map would ignore
 * them silently, so they are refused until maps can compile to distributed mode.
 */
export function checkUnsupported(index: StepIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const info of index.all) {
    const step = info.step;
    if (step.kind === 'map' && (step.toleratedFailureCount !== undefined || step.toleratedFailurePercentage !== undefined)) {
      diagnostics.push({
        code: 'tolerated-failure-needs-distributed-map',
        severity: 'error',
        message: `map '${step.id}' sets a tolerated failure threshold, which Step Functions applies only to Distributed Map states.`,
        path: info.path,
        ...(step.loc ? { loc: step.loc } : {}),
        hint: 'Remove the threshold, or catch failures inside the body (e.g. catch to a step that returns a placeholder).',
      });
    }
  }
  return diagnostics;
}
