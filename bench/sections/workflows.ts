/**
 * In-process compile time of every workflow in `workflows/`: each file is loaded once with tsx's `tsImport` (as the
 * CLI does), then `compileWorkflow` (build IR + checks + environment + emit + canonical JSON) runs many times.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { tsImport } from 'tsx/esm/api';
import { isWorkflowDef, type WorkflowDef } from '@agentflow/dsl';
import { compileWorkflow, findConfig, loadConfig, selectEnvironment, type Environment } from '../../packages/compiler/src/index.js';
import { ROOT } from '../lib/proc.js';
import { countStates } from '../lib/asl.js';
import { failed, measured, ms, skipped, type Row } from '../lib/stats.js';

const SECTION = 'in-process compileWorkflow, workflows/*.ts (loaded once with tsImport)';

export interface WorkflowsOptions {
  /** Measuring time per workflow, ms. */
  readonly budgetMs: number;
  readonly log: (message: string) => void;
}

export function projectEnv(): { env: Environment; envName: string } {
  const file = findConfig(ROOT);
  if (!file) throw new Error('agentflow.config.yaml not found');
  const loaded = loadConfig(file);
  if (!loaded.ok) throw new Error(`agentflow.config.yaml: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  const selected = selectEnvironment(loaded.config, undefined);
  if (!selected.ok) throw new Error(selected.message);
  return { env: selected.env, envName: selected.name };
}

/** Loaded workflow definitions, in file order; files that do not load are reported, not fatal. */
export async function loadWorkflows(log: (m: string) => void): Promise<{ file: string; def?: WorkflowDef; error?: string }[]> {
  const dir = join(ROOT, 'workflows');
  const files = readdirSync(dir)
    .filter((f) => /\.(ts|mts)$/.test(f) && !/\.(d|test|spec)\.[mc]?ts$/.test(f))
    .sort();
  const out: { file: string; def?: WorkflowDef; error?: string }[] = [];
  for (const f of files) {
    log(`loading workflows/${f}`);
    try {
      const mod = (await tsImport(pathToFileURL(join(dir, f)).href, import.meta.url)) as { default?: unknown };
      if (isWorkflowDef(mod.default)) out.push({ file: f, def: mod.default });
      else out.push({ file: f, error: 'default export is not a workflow(...)' });
    } catch (error) {
      out.push({ file: f, error: error instanceof Error ? error.message.split('\n')[0]! : String(error) });
    }
  }
  return out;
}

export async function workflowsInProcess(options: WorkflowsOptions): Promise<Row[]> {
  const { env, envName } = projectEnv();
  const loaded = await loadWorkflows(options.log);
  if (loaded.length === 0) return [skipped(SECTION, 'workflows/', 'no workflow files')];
  const rows: Row[] = [];
  for (const { file, def, error } of loaded) {
    if (!def) {
      rows.push(failed(SECTION, file, error ?? 'did not load'));
      continue;
    }
    options.log(`compiling workflows/${file}`);
    const first = performance.now();
    const result = compileWorkflow(def, { env, envName });
    const firstMs = performance.now() - first;
    // A workflow with errors is still timed (up to its diagnostics), flagged, so the row survives work in progress.
    const firstError = result.aslText ? undefined : result.diagnostics.find((d) => d.severity === 'error');
    // Warm-up: let the JIT settle before sampling.
    const warmUntil = performance.now() + Math.min(500, options.budgetMs / 2);
    while (performance.now() < warmUntil) compileWorkflow(def, { env, envName });
    const samples: number[] = [];
    const stop = performance.now() + options.budgetMs;
    while ((performance.now() < stop || samples.length < 20) && samples.length < 2000) {
      const t = performance.now();
      compileWorkflow(def, { env, envName });
      samples.push(performance.now() - t);
    }
    const states = countStates(result.definition);
    const what = result.aslText
      ? `${states} states, ${(result.aslText.length / 1024).toFixed(1)} KiB ASL`
      : `WARNING does not compile in this tree (${firstError?.code ?? 'error'}): timed up to its diagnostics`;
    rows.push(
      measured(SECTION, file, samples, `first (cold JIT) ${ms(firstMs)}; ${what}`, {
        firstMs,
        states,
        aslBytes: result.aslText?.length ?? 0,
        compiled: result.aslText !== undefined,
        ...(firstError ? { firstError: firstError.code } : {}),
      }),
    );
  }
  return rows;
}
