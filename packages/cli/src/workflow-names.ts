import { relative } from 'node:path';
import type { Diagnostic } from '@agentflow/compiler';

/**
 * Workflow names seen in one run, by the file that first used each: two files with the same name would overwrite each
 * other's outputs (compile) or deploy to the same state machine (deploy), so the second is an error.
 */
export class WorkflowNames {
  private readonly owners = new Map<string, string>();

  constructor(
    private readonly cwd: string,
    /** What sharing the name would do, after "Workflow name 'x' is also used by <file>; ". */
    private readonly consequence: string,
  ) {}

  /** Records `name` for `file`; the `duplicate-workflow-name` error when another file already has it. */
  claim(name: string, file: string, loc: Diagnostic['loc']): Diagnostic | undefined {
    const owner = this.owners.get(name);
    this.owners.set(name, file);
    if (owner === undefined) return undefined;
    return {
      code: 'duplicate-workflow-name',
      severity: 'error',
      message: `Workflow name '${name}' is also used by ${relative(this.cwd, owner)}; ${this.consequence}.`,
      loc: loc ?? { file, line: 1, column: 1 },
      hint: 'Give each workflow a unique name.',
    };
  }
}
