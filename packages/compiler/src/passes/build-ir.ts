import type { WorkflowDef, WorkflowNode } from '@agentflow/dsl';
import { isDslError, userFrame } from '@agentflow/dsl';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

/** Runs a workflow body. A builder misuse or an exception thrown by the author's code becomes a located diagnostic. */
export function buildIr(def: WorkflowDef, file?: string): { ir?: WorkflowNode; diagnostics: Diagnostic[] } {
  try {
    return { ir: def.build(), diagnostics: [] };
  } catch (error) {
    if (isDslError(error)) {
      return {
        diagnostics: [
          { code: error.code, severity: 'error', message: error.message, path: def.name, ...(error.loc ? { loc: error.loc } : {}), ...(error.hint ? { hint: error.hint } : {}) },
        ],
      };
    }
    const loc = error instanceof Error ? userFrame(error.stack) : undefined;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return {
      diagnostics: [
        {
          code: 'workflow-threw',
          severity: 'error',
          message: `Building workflow '${def.name}' threw ${message}`,
          path: def.name,
          ...(loc ? { loc } : file ? { loc: { file, line: 1, column: 1 } } : {}),
          hint: 'Fix the code at this location; workflow bodies run at compile time.',
        },
      ],
    };
  }
}
