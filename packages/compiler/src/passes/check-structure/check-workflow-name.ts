import { isWorkflowName, type WorkflowNode } from '@agentflow/dsl';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';

/**
 * workflow(...) refuses a bad name, but a definition built by hand (or an IR whose name differs from its
 * definition's) reaches the compiler unchecked; the name goes into IAM ARNs and output file names.
 */
export function checkWorkflowName(ir: WorkflowNode, file: string | undefined): Diagnostic[] {
  if (isWorkflowName(ir.name)) return [];
  const name: unknown = ir.name;
  const shown = typeof name === 'string' && name.length > 80 ? `${JSON.stringify(name.slice(0, 40))}… (${name.length} characters)` : JSON.stringify(name);
  const loc = ir.loc ?? (file ? { file, line: 1, column: 1 } : undefined);
  return [
    {
      code: 'invalid-workflow-name',
      severity: 'error',
      message: `Workflow name ${shown} is not a kebab-case name of at most 80 characters.`,
      ...(loc ? { loc } : {}),
      hint: "Use lowercase words joined by hyphens, e.g. 'draft-report'; the name becomes the state machine's name and the names of the compiled files.",
    },
  ];
}
