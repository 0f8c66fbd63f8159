/**
 * One cold `agentflow compile workflows/research-report.ts`, split into phases (run under `node --import tsx`).
 * The CLI's internal modules are imported by computed specifiers and typed structurally here, so a refactor of
 * packages/cli makes this child report a failure instead of breaking `tsc` for the whole repo.
 * Prints one JSON line: `{ phases: [name, ms][] }` or `{ error }`.
 */
import { performance } from 'node:perf_hooks';

const atStart = performance.now(); // process start → this line: node bootstrap + tsx registration + this module
const phases: [string, number][] = [['node + tsx startup', atStart]];
let last = atStart;
const mark = (name: string) => {
  const now = performance.now();
  phases.push([name, now - last]);
  last = now;
};

interface Diag {
  readonly severity: string;
}
type LoadProject = (cwd: string, options: object) => { ok: true; env: unknown; envName: string } | { ok: false };
type LoadWorkflow = (file: string) => Promise<{ ok: true; def: unknown } | { ok: false; diagnostics: Diag[] }>;
type Compile = (def: unknown, options: { env: unknown; envName: string; file?: string }) => { aslText?: string; diagnostics: readonly Diag[] };

const root = new URL('../../', import.meta.url);
const at = (path: string) => new URL(path, root).href;

try {
  await import('zod');
  mark('import zod');
  await import('@agentflow/dsl');
  mark('import @agentflow/dsl');
  const compiler = (await import(at('packages/compiler/src/index.ts'))) as { compileWorkflow: Compile };
  mark('import @agentflow/compiler (+yaml, …)');
  await import(at('packages/cli/src/program.ts'));
  mark('import CLI (commander, diff, code-frame)');
  const { loadProject } = (await import(at('packages/cli/src/project.ts'))) as { loadProject: LoadProject };
  const { loadWorkflow } = (await import(at('packages/cli/src/load-workflow.ts'))) as { loadWorkflow: LoadWorkflow };
  const cwd = new URL('.', root).pathname;
  const project = loadProject(cwd, {});
  if (!project.ok) throw new Error('agentflow.config.yaml did not load');
  mark('load agentflow.config.yaml');
  const file = new URL('workflows/research-report.ts', root).pathname;
  const loaded = await loadWorkflow(file);
  if (!loaded.ok) throw new Error(`research-report did not load: ${JSON.stringify(loaded.diagnostics)}`);
  mark('load workflow (the CLI\'s loadWorkflow)');
  const result = compiler.compileWorkflow(loaded.def, { env: project.env, envName: project.envName, file });
  mark('compileWorkflow');
  phases.push(['total (in-process view)', performance.now()]);
  const firstError = result.aslText ? undefined : result.diagnostics.find((d) => d.severity === 'error');
  process.stdout.write(`${JSON.stringify({ phases, ...(firstError ? { firstError: (firstError as { code?: string }).code ?? 'error' } : {}) })}\n`);
} catch (error) {
  process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`);
}
