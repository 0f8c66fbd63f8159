import { readdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'amazon-states-language-service';
import type { WorkflowDef } from '@agentflow/dsl';
import { compileWorkflow, loadConfig, selectEnvironment } from '../src/index.js';

const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator') as (definition: unknown) => { isValid: boolean; errors: unknown[] };
const ROOT = resolve(import.meta.dirname, '../../..');

function environment(configFile: string) {
  const loaded = loadConfig(configFile);
  if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
  const selected = selectEnvironment(loaded.config, undefined);
  if (!selected.ok) throw new Error(selected.message);
  return selected;
}

const workflows = readdirSync(join(ROOT, 'workflows'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: join(ROOT, 'workflows', f), config: join(ROOT, 'agentflow.config.yaml') }));
const constructs = readdirSync(join(ROOT, 'fixtures'))
  .filter((d) => existsSync(join(ROOT, 'fixtures', d, 'workflow.ts')))
  .map((d) => ({ file: join(ROOT, 'fixtures', d, 'workflow.ts'), config: join(ROOT, 'fixtures', 'agentflow.config.yaml') }));
const cases = [...workflows, ...constructs].map((c) => [c.file.slice(ROOT.length + 1), c] as const);

const languageService = getLanguageService({});

describe('every emitted definition is accepted by AWS tooling', () => {
  it.each(cases)('%s', async (_name, { file, config }) => {
    const def = (await import(pathToFileURL(file).href)).default as WorkflowDef;
    const env = environment(config);
    const result = compileWorkflow(def, { env: env.env, envName: env.name, file });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const text = result.aslText!;

    // asl-validator mutates its input (it fills in QueryLanguage), so it gets a copy.
    const verdict = aslValidator(JSON.parse(text));
    expect(verdict.errors).toEqual([]);
    expect(verdict.isValid).toBe(true);

    const document = TextDocument.create(pathToFileURL(file).href + '.asl.json', 'json', 1, text);
    const diagnostics = await languageService.doValidation(document, languageService.parseJSONDocument(document));
    expect(diagnostics.map((d) => `${d.range.start.line + 1}: ${d.message}`)).toEqual([]);
  });
});
