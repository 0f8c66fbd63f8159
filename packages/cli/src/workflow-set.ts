import { relative } from 'node:path';
import type { CompileJob, JobOutcome } from './contain/protocol.js';
import type { WorkflowWorker } from './contain/workflow-worker.js';
import { UsageError } from './errors.js';
import type { WorkflowFileSet } from './workflow-files.js';

/** A file's outcome once modules are set aside: compiled, or the diagnostics of why not. */
export type WorkflowOutcome = Exclude<JobOutcome, { readonly module: true }>;

/**
 * How every command taking `<file|dir>...` loads its workflows (compile, graph, cost, deploy, status, approvals,
 * approve/reject --workflow, promote, rollback), so that a directory means the same to all of them: each file
 * is compiled in the containing worker, in the set's order; a file found by walking a directory that has no default
 * export is a module the workflows import (shared agents, schemas) and is skipped; a file named explicitly must be a
 * workflow. `each` sees the workflows only; the skipped modules are returned.
 *
 * A directory whose every file is a module holds no workflow: like an empty directory that is a mistake in the
 * command line (a usage error), so a CI job never passes, or a deploy never succeeds, having done nothing.
 */
export async function compileWorkflowSet(
  set: WorkflowFileSet,
  worker: WorkflowWorker,
  job: Omit<CompileJob, 'file' | 'moduleAllowed'>,
  cwd: string,
  each: (file: string, outcome: WorkflowOutcome) => void | Promise<void>,
  /** Called as each file starts loading (deploy's progress lines), module or not: only loading tells. */
  starting: (file: string) => void = () => {},
): Promise<string[]> {
  const modules: string[] = [];
  for (const [i, file] of set.files.entries()) {
    starting(file);
    // The next file is bundled while the thread loads and builds this one.
    worker.bundleAhead(set.files[i + 1]);
    const outcome = await worker.compile({ ...job, file, moduleAllowed: set.foundInDirectory.has(file) });
    if ('module' in outcome) {
      modules.push(file);
      continue;
    }
    await each(file, outcome);
  }
  checkSomeWorkflow(set, new Set(modules), cwd);
  return modules;
}

function checkSomeWorkflow(set: WorkflowFileSet, modules: ReadonlySet<string>, cwd: string): void {
  for (const dir of set.directories) {
    if (!dir.files.every((f) => modules.has(f))) continue;
    const shown = dir.files.slice(0, 3).map((f) => relative(cwd, f));
    throw new UsageError(
      `No workflow in ${dir.shown}: none of its ${dir.files.length} file(s) has a default export (${shown.join(', ')}${dir.files.length > 3 ? ', …' : ''}).`,
      'A workflow file ends with `export default workflow(...)`; files without a default export are modules the workflows import, and are skipped.',
    );
  }
}
