import { parentPort } from 'node:worker_threads';
import { compileWorkflow, type Diagnostic } from '@agentflow/compiler/compiling';
import { interceptExit, withExit } from '../exit-guard.js';
import { loadWorkflow } from '../load-workflow.js';
import { evictCommonJs } from '../watch/evict-commonjs.js';
import { certainlyNoDefaultExport } from '../module-exports.js';
import { loadProject } from '../project.js';
import { UsageError } from '../errors.js';
import type { CompileJob, JobOutcome, ProjectJob, ProjectOutcome, WorkerMessage } from './protocol.js';

/**
 * The worker thread's side of contained compiling (see workflow-worker.ts): takes one file at a time, imports it,
 * builds it with the compiler and posts the results back as data.
 */
const port = parentPort!;
const send = (message: WorkerMessage) => port.postMessage(message);

port.on('message', (job: CompileJob | ProjectJob) => {
  if ('kind' in job) project(job);
  else void handle(job);
});
send({ kind: 'ready' });

async function handle(job: CompileJob): Promise<void> {
  // While a file loads the port does not keep the thread alive: when only a promise that nothing can settle is
  // left (`await new Promise(() => {})` at top level), the event loop drains and the thread exits, which the CLI
  // reports as workflow-never-settled instead of waiting for the time limit. Between files it waits for work.
  port.unref();
  try {
    send({ kind: 'done', outcome: await compileFile(job) });
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    send({ kind: 'failed', error: { name: e.name, message: e.message, stack: e.stack } });
  } finally {
    port.ref();
  }
}

function project(job: ProjectJob): void {
  let outcome: ProjectOutcome;
  try {
    outcome = { result: loadProject(job.cwd, { ...(job.config !== undefined ? { config: job.config } : {}), ...(job.env !== undefined ? { env: job.env } : {}) }) };
  } catch (error) {
    if (!(error instanceof UsageError)) {
      const e = error instanceof Error ? error : new Error(String(error));
      send({ kind: 'failed', error: { name: e.name, message: e.message, stack: e.stack } });
      return;
    }
    outcome = { usage: { message: error.message, hint: error.hint } };
  }
  send({ kind: 'project', outcome });
}

async function compileFile({ file, env, envName, generation, evict, moduleAllowed, costFacts: withCostFacts, graphFacts: withGraphFacts, transpiled }: CompileJob): Promise<JobOutcome> {
  if (evict) evictCommonJs(evict);
  // A module beside the workflows is skipped without running its code when its syntax already says so.
  if (moduleAllowed && (await certainlyNoDefaultExport(file))) return { ok: false, module: true, diagnostics: [] };
  // Loaded before the workflow, not between its compile and the facts, where the wait would let its timers run.
  const { compiledCostFacts, graphFacts } = withCostFacts || withGraphFacts ? await import('./compile-facts.js') : {};
  // Workflow code runs while it is imported and while the compiler builds it (twice); it must not end the run.
  const { value, exited } = await interceptExit(file, async () => {
    const loaded = await loadWorkflow(file, generation, transpiled);
    if (!loaded.ok) return loaded;
    send({ kind: 'building' });
    const result = compileWorkflow(loaded.def, { env, envName, file });
    // The children of flow.run steps are compiled here too (their bodies run again), under the same exit guard.
    const costFacts = compiledCostFacts && withCostFacts && result.definition ? compiledCostFacts(result, { env, envName, file }) : undefined;
    return { ok: true as const, result, costFacts };
  });
  if (exited) return { ok: false, diagnostics: withExit(value.ok ? value.result.diagnostics : value.diagnostics, exited).map(plain) };
  if (!value.ok && 'noDefaultExport' in value && value.noDefaultExport && moduleAllowed) return { ok: false, module: true, diagnostics: [] };
  if (!value.ok) return { ok: false, diagnostics: value.diagnostics.map(plain) };
  const r = value.result;
  const compiled = { name: r.name, definition: r.definition, aslText: r.aslText, iamText: r.iamText, payload: r.payload, diagnostics: r.diagnostics.map(plain) };
  // Only the commands that use them pay for these facts; compile, watch and deploy do not.
  const graph = graphFacts && withGraphFacts && r.ir && r.definition ? { graph: graphFacts(r.ir, r.payload) } : {};
  const facts = value.costFacts ? { costFacts: value.costFacts } : {};
  return { ok: true, compiled: { ...compiled, ...graph, loc: r.ir?.loc ? plainLoc(r.ir.loc) : undefined, ...facts } };
}

/** Locations are mapped through source maps lazily, on first read; that must happen here, where the maps are. */
function plainLoc(loc: { file: string; line: number; column: number }) {
  return { file: loc.file, line: loc.line, column: loc.column };
}

function plain(d: Diagnostic): Diagnostic {
  return {
    ...d,
    ...(d.loc ? { loc: plainLoc(d.loc) } : {}),
    ...(d.related ? { related: d.related.map((r) => ({ message: r.message, ...(r.loc ? { loc: plainLoc(r.loc) } : {}) })) } : {}),
  };
}
