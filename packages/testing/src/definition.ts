import { compileWorkflow, stateMachineNameFor, findConfig, loadConfig, selectEnvironment, type Diagnostic } from '@agentflow/compiler';
import { isWorkflowDef, type WorkflowDef } from '@agentflow/dsl';
import { z } from 'zod';
import type { AslDefinition } from './engine/asl.js';
import { SimulationSetupError } from './engine/errors.js';
import { validateDefinition } from './engine/validate.js';

export interface Target {
  readonly definition: AslDefinition;
  /** JSON Schema of the execution input, when the target is a workflow. */
  readonly inputSchema?: unknown;
  readonly machineName: string;
  readonly region: string;
  readonly account: string;
}

const compiled = new WeakMap<WorkflowDef, Map<string, Target>>();
const checked = new WeakSet<AslDefinition>();

/** A workflow is compiled (once per environment) exactly as `agentflow compile` would; ASL is taken as it is. */
export function resolveTarget(target: WorkflowDef | AslDefinition | string, options: { env?: string; config?: string }): Target {
  if (typeof target === 'string') target = parseDefinition(target);
  if (!isWorkflowDef(target)) {
    // Checked once per definition object, not on every run (benchmarks and property tests run one many times).
    if (!checked.has(target)) {
      checkJsonata(target);
      validateDefinition(target);
      checked.add(target);
    }
    return { definition: target, machineName: 'simulated', region: 'us-east-1', account: '123456789012' };
  }
  const key = `${options.config ?? ''}\0${options.env ?? ''}`;
  let byEnv = compiled.get(target);
  const cached = byEnv?.get(key);
  if (cached) return cached;
  const file = options.config ?? findConfig(process.cwd());
  if (!file) throw new SimulationSetupError(`No agentflow.config.yaml found from ${process.cwd()} to compile '${target.name}'.`, 'Pass { config: path } to simulate.');
  const loaded = loadConfig(file);
  if (!loaded.ok) throw new SimulationSetupError(`The config ${file} is invalid:\n${render(loaded.diagnostics)}`);
  const selected = selectEnvironment(loaded.config, options.env);
  if (!selected.ok) throw new SimulationSetupError(selected.message);
  const result = compileWorkflow(target, { env: selected.env, envName: selected.name });
  if (!result.definition) throw new SimulationSetupError(`Workflow '${target.name}' does not compile:\n${render(result.diagnostics)}`);
  validateDefinition(result.definition as unknown as AslDefinition);
  const resolved: Target = { definition: result.definition as unknown as AslDefinition, inputSchema: inputJsonSchema(result.ir?.input), machineName: stateMachineNameFor(selected.env, target.name), region: selected.env.region, account: selected.env.account };
  if (!byEnv) compiled.set(target, (byEnv = new Map()));
  byEnv.set(key, resolved);
  return resolved;
}

function parseDefinition(text: string): AslDefinition {
  try {
    return JSON.parse(text) as AslDefinition;
  } catch (error) {
    throw new SimulationSetupError(`The definition is not JSON: ${(error as Error).message}`);
  }
}

/** JSONPath states would need a second evaluator; refuse them clearly instead of guessing. */
function checkJsonata(definition: AslDefinition): void {
  if (!definition || typeof definition !== 'object' || typeof definition.StartAt !== 'string' || !definition.States) {
    throw new SimulationSetupError('The definition has no StartAt and States: it is not an ASL state machine.');
  }
  const top = definition.QueryLanguage ?? 'JSONPath';
  const walk = (states: AslDefinition['States'], path: string) => {
    for (const [name, state] of Object.entries(states)) {
      if ((state.QueryLanguage ?? top) !== 'JSONata') {
        throw new SimulationSetupError(`State '${name}' (${path}) uses JSONPath; only JSONata states are simulated.`, 'Set "QueryLanguage": "JSONata" on the definition.');
      }
      for (const branch of state.Branches ?? []) walk(branch.States, `${path}/${name}/Branches`);
      const processor = state.ItemProcessor ?? state.Iterator;
      if (processor) walk(processor.States, `${path}/${name}/ItemProcessor`);
    }
  };
  walk(definition.States, '/States');
}

function render(diagnostics: readonly Diagnostic[]): string {
  return diagnostics
    .filter((d) => d.severity === 'error')
    .map((d) => `  ${d.code}: ${d.message}${d.loc ? ` (${d.loc.file}:${d.loc.line}:${d.loc.column})` : ''}`)
    .join('\n');
}

function inputJsonSchema(schema: z.ZodType | undefined): unknown {
  if (!schema) return undefined;
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  } catch {
    return undefined;
  }
}
