import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { isWorkflowDef } from '@agentflow/dsl';
import { compileWorkflow, type CompileResult } from '../../../src/compile.js';
import { loadConfig, selectEnvironment } from '../../../src/config/load-config.js';
import type { Environment } from '../../../src/config/project-config.js';

export const REPO = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../..');
export const WORKFLOWS_DIR = join(REPO, 'workflows');
export const CONFIG_FILE = join(REPO, 'agentflow.config.yaml');

/** Every workflow module in workflows/ (files are added concurrently, so the directory is listed, not a fixed list). */
export function workflowFiles(): string[] {
  return readdirSync(WORKFLOWS_DIR)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
    .sort()
    .map((f) => join(WORKFLOWS_DIR, f));
}

/** The project's environments, by name. */
export function environments(): { name: string; env: Environment }[] {
  const loaded = loadConfig(CONFIG_FILE);
  if (!loaded.ok) throw new Error(`agentflow.config.yaml does not load: ${loaded.diagnostics.map((d) => d.message).join('; ')}`);
  return Object.keys(loaded.config.environments)
    .sort()
    .map((name) => {
      const selected = selectEnvironment(loaded.config, name);
      if (!selected.ok) throw new Error(selected.message);
      return { name, env: selected.env };
    });
}

export type Compiled = { ok: true; result: CompileResult & { definition: Record<string, unknown> } } | { ok: false; why: string };

/** Loads and compiles one workflow file; a file that does not load or compile is reported, not thrown. */
export async function compileFile(file: string, envName: string, env: Environment): Promise<Compiled> {
  let mod: Record<string, unknown>;
  try {
    mod = await importOnce(file);
  } catch (error) {
    return { ok: false, why: `does not load: ${(error as Error).message.split('\n')[0]}` };
  }
  const def = mod['default'];
  if (!isWorkflowDef(def)) return { ok: false, why: 'has no workflow default export' };
  const result = compileWorkflow(def, { env, envName, file });
  if (!result.definition) return { ok: false, why: `does not compile: ${result.diagnostics.map((d) => d.code).join(', ')}` };
  return { ok: true, result: result as CompileResult & { definition: Record<string, unknown> } };
}

const modules = new Map<string, Promise<Record<string, unknown>>>();

/** Each workflow module is loaded once per test file, whatever the number of environments it compiles for. */
function importOnce(file: string): Promise<Record<string, unknown>> {
  let loaded = modules.get(file);
  // One module graph with the compiler: a second copy of the DSL and zod (tsImport namespaces) would differ in identity.
  if (!loaded) modules.set(file, (loaded = import(pathToFileURL(file).href) as Promise<Record<string, unknown>>));
  return loaded;
}
