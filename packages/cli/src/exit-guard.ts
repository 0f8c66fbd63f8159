import type { Diagnostic } from '@agentflow/compiler';
import { DslError, userFrame } from '@agentflow/dsl';

const CODE = 'workflow-exited';
const HINT =
  'Remove the process.exit call: workflow modules and bodies run while they are compiled, and the exit code belongs to agentflow. Throw an Error to report a problem instead.';

/**
 * Runs `work` (loading and building one workflow file) with `process.exit` intercepted: workflow code that exits
 * would otherwise end the run, e.g. make `compile --check` pass with exit 0 having checked nothing. The call throws
 * a located DslError instead, which the loader and the compiler report like any misuse; an exit the code catches
 * and swallows is still reported, through `exited`.
 */
export async function interceptExit<T>(file: string, work: () => Promise<T>): Promise<{ value: T; exited?: Diagnostic }> {
  const original = process.exit;
  let exited: Diagnostic | undefined;
  process.exit = ((code?: unknown) => {
    const loc = userFrame(new Error().stack) ?? { file, line: 1, column: 1 };
    const shown = code === undefined ? '' : (JSON.stringify(code) ?? String(code)).slice(0, 20);
    const message = `Workflow code called process.exit(${shown}) while agentflow was loading or building it.`;
    exited ??= { code: CODE, severity: 'error', message, loc, hint: HINT };
    throw new DslError(CODE, message, { loc, hint: HINT });
  }) as typeof process.exit;
  try {
    const value = await work();
    return exited ? { value, exited } : { value };
  } finally {
    process.exit = original;
  }
}

/** The diagnostics of a file whose code tried to exit: the exit is reported once, even when the code swallowed it. */
export function withExit(diagnostics: readonly Diagnostic[], exited: Diagnostic): Diagnostic[] {
  return diagnostics.some((d) => d.code === CODE) ? [...diagnostics] : [exited, ...diagnostics];
}
