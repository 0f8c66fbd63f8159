import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { describe, expect, it } from 'vitest';
import type { WorkflowDef } from '@agentflow/dsl';
import { compileWorkflow, loadConfig, selectEnvironment } from '../../src/index.js';

const ROOT = resolve(import.meta.dirname, '../../../..');

describe('workflows built with another copy of zod', () => {
  // tsImport loads the workflow, the DSL and zod in a module graph of their own: the compiler must not depend on
  // object identity inside user schemas (e.g. zod's default check functions).
  it.each(['sequential', 'voting', 'research-report'])('%s compiles to the same bytes', async (name) => {
    const url = pathToFileURL(resolve(ROOT, 'workflows', `${name}.ts`)).href;
    const own = (await import(url)).default as WorkflowDef;
    const foreign = ((await tsImport(url, import.meta.url)) as { default: WorkflowDef }).default;
    const loaded = loadConfig(resolve(ROOT, 'agentflow.config.yaml'));
    if (!loaded.ok) throw new Error('config');
    const env = selectEnvironment(loaded.config, undefined);
    if (!env.ok) throw new Error(env.message);
    const a = compileWorkflow(own, { env: env.env, envName: env.name });
    const b = compileWorkflow(foreign, { env: env.env, envName: env.name });
    expect(b.diagnostics).toEqual([]);
    expect(b.aslText).toBe(a.aslText);
    expect(b.iamText).toBe(a.iamText);
  });
});
