import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { StepIndex } from '../step-index.js';

/** Step ids name states and variables, which must be unique across the whole machine, nested scopes included. */
export function checkStepIds(index: StepIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const info of index.all) {
    const first = index.byId.get(info.step.id)!;
    if (first === info) continue;
    diagnostics.push({
      code: 'duplicate-step-id',
      severity: 'error',
      message: `Step id '${info.step.id}' is already used by another step.`,
      path: info.path,
      ...(info.step.loc ? { loc: info.step.loc } : {}),
      hint: "Give one of them a different id (e.g. the `id` option of flow.invoke).",
      related: [{ message: `'${info.step.id}' first used here`, ...(first.step.loc ? { loc: first.step.loc } : {}) }],
    });
  }
  return diagnostics;
}
