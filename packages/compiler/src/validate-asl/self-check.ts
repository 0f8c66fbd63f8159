import type { SourceLocation } from '@agentflow/dsl';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { validateAslText, validateStringifiedAsl } from './validate-asl.js';

export interface CheckedWorkflow {
  readonly name: string;
  readonly loc?: SourceLocation | undefined;
}

/**
 * `compile` checks its output with the checker `agentflow validate` runs, on the same text, and keeps
 * every finding, so the two commands never disagree about a definition. An error means agentflow emitted
 * ASL Step Functions would reject: a defect in agentflow, reported as `internal-invalid-asl` and nothing
 * is written. Warnings and notes keep their code, message, hint and ASL pointer, and are placed at the
 * workflow (a compiled definition has no source file of its own to point into).
 */
export function selfCheckAsl(aslText: string, workflow: CheckedWorkflow, reported: readonly string[] = [], source: 'text' | 'stringified' = 'text'): Diagnostic[] {
  const at = { path: workflow.name, ...(workflow.loc ? { loc: workflow.loc } : {}) };
  // `reported`: findings the compiler has already turned into a user diagnostic (DEFINITION_TOO_LARGE).
  // `stringified`: the compiler's own JSON.stringify output, which skips the checks only raw text can fail (findings
  // are placed at the workflow below either way, so their line:column is not needed).
  const findings =
    source === 'stringified'
      ? validateStringifiedAsl(aslText, { omit: reported })
      : validateAslText(aslText, { file: `${workflow.name}.asl.json`, omit: reported });
  return findings.map((d): Diagnostic => {
    if (d.severity === 'error') {
      return {
        code: 'internal-invalid-asl',
        severity: 'error',
        message: `agentflow emitted ASL that fails its own validation (${d.code} at ${d.pointer || '/'}: ${d.message}). This is a bug in agentflow, not in the workflow.`,
        ...at,
        ...(d.pointer !== undefined ? { pointer: d.pointer } : {}),
        hint: 'Please report it with the workflow file; nothing was written.',
      };
    }
    return {
      code: d.code,
      severity: d.severity,
      message: `In the compiled definition (${d.pointer || '/'}): ${d.message}`,
      ...at,
      ...(d.pointer !== undefined ? { pointer: d.pointer } : {}),
      ...(d.hint ? { hint: d.hint } : {}),
    };
  });
}
