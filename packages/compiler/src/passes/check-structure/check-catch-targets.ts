import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { StepIndex } from '../step-index.js';

/** A catch jumps to a later step of the same block: ASL transitions cannot cross branch or iteration boundaries. */
export function checkCatchTargets(index: StepIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const info of index.all) {
    const { step } = info;
    if (!('catch' in step)) continue;
    for (const rule of step.catch) {
      // The index knows every step's block and position: no scan of the block per catch.
      const found = index.byId.get(rule.next);
      const target = found && found.block === info.block ? found.position : -1;
      const loc = rule.loc ?? step.loc;
      const base = { severity: 'error' as const, path: info.path, ...(loc ? { loc } : {}) };
      if (target < 0) {
        const elsewhere = index.byId.get(rule.next);
        diagnostics.push({
          ...base,
          code: elsewhere ? 'catch-target-out-of-scope' : 'unknown-catch-target',
          message: elsewhere
            ? `Step '${step.id}' catches to '${rule.next}', which is in another block; a catch can only go to a step of its own block.`
            : `Step '${step.id}' catches to '${rule.next}', but no step has that id.`,
          hint: elsewhere ? 'Move the fallback step next to the step it rescues.' : 'Use the id of a later step in the same block.',
        });
      } else if (target <= info.position) {
        diagnostics.push({
          ...base,
          code: 'catch-target-not-later',
          message: `Step '${step.id}' catches to '${rule.next}', which comes before it; catch targets must be later steps.`,
          hint: 'For retries use `retry`; for repeated attempts use flow.loop.',
        });
      }
      if (rule.errors.includes('States.ALL') && rule !== step.catch[step.catch.length - 1]) {
        diagnostics.push({ ...base, code: 'states-all-not-last', message: `Step '${step.id}': a catch for States.ALL must be the last catch.` });
      }
    }
    for (const [i, rule] of step.retry.entries()) {
      if (rule.errors.includes('States.ALL') && (rule.errors.length > 1 || i !== step.retry.length - 1)) {
        diagnostics.push({
          code: 'states-all-not-last',
          severity: 'error',
          message: `Step '${step.id}': States.ALL must stand alone in the last retrier.`,
          path: info.path,
          ...(step.loc ? { loc: step.loc } : {}),
        });
      }
    }
  }
  return diagnostics;
}
