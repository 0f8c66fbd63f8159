/**
 * Runs a workflow and compares what each state carried with the bound the compiler computed for it: the payload
 * report's row for a state is the largest of its measured input, arguments, result, variable and output, so the
 * largest payload the simulator saw at that state (trace `maxBytes`) must not exceed it.
 */
import { fileURLToPath } from 'node:url';
import { compileWorkflow, loadConfig, selectEnvironment, type CompileResult } from '@agentflow/compiler';
import type { WorkflowDef } from '@agentflow/dsl';
import type { SimulationResult } from '@agentflow/testing';

/** The construct fixtures' config (agents worker/helper/judge, offload bucket fixture-offload). */
export const CONFIG = fileURLToPath(new URL('../../../../../fixtures/agentflow.config.yaml', import.meta.url));
/** The project's config, for the seed workflows in workflows/. */
export const ROOT_CONFIG = fileURLToPath(new URL('../../../../../agentflow.config.yaml', import.meta.url));

const environments = new Map<string, Parameters<typeof compileWorkflow>[1]>();
export function environmentOf(config: string): Parameters<typeof compileWorkflow>[1] {
  let environment = environments.get(config);
  if (!environment) {
    const loaded = loadConfig(config);
    if (!loaded.ok) throw new Error(`cannot load ${config}`);
    const selected = selectEnvironment(loaded.config, undefined);
    if (!selected.ok) throw new Error(selected.message);
    environment = { env: selected.env, envName: selected.name };
    environments.set(config, environment);
  }
  return environment;
}

export function compileForTest(def: WorkflowDef, config = CONFIG): CompileResult {
  return compileWorkflow(def, environmentOf(config));
}

/**
 * A Task's raw result is the service's whole response: for a Lambda invoke (every agent step) the answer plus the
 * invoke envelope (StatusCode, ExecutedVersion, headers), which the analysis adds as 2,048 bytes where that raw
 * result flows on (LAMBDA_ENVELOPE_BYTES in analyze-payloads.ts), not in the state's own row.
 */
const TASK_ENVELOPE_BYTES = 2048;

/** States whose largest traced payload exceeds the compiler's bound for that state: `state: seen > bound`. */
export function boundsExceeded(compiled: CompileResult, run: SimulationResult): string[] {
  const bounds = new Map((compiled.payload?.states ?? []).map((row) => [row.state, row.bytes]));
  const over: string[] = [];
  for (const entry of run.trace) {
    // A Succeed or Fail state's input is the output of the state before it, already compared there; its row holds
    // only the value it returns.
    if (entry.type === 'Succeed' || entry.type === 'Fail') continue;
    const row = bounds.get(entry.state);
    const bound = row === undefined ? undefined : row + (entry.type === 'Task' ? TASK_ENVELOPE_BYTES : 0);
    if (bound !== undefined && entry.maxBytes > bound) over.push(`${entry.state}: ${entry.maxBytes} > ${bound}`);
  }
  return [...new Set(over)];
}
