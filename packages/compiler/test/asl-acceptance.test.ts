import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from 'amazon-states-language-service';
import { workflow, type WorkflowDef } from '@agentflow/dsl';
import { z } from 'zod';
import { compileWorkflow, validateAslText } from '../src/index.js';
import { environmentOf } from './test-env.js';

const require = createRequire(import.meta.url);
const aslValidator = require('asl-validator') as (definition: unknown) => { isValid: boolean; errors: unknown[] };
const ROOT = resolve(import.meta.dirname, '../../..');

const workflows = readdirSync(join(ROOT, 'workflows'))
  .filter((f) => f.endsWith('.ts'))
  .map((f) => ({ file: join(ROOT, 'workflows', f), config: join(ROOT, 'agentflow.config.yaml') }));
const constructs = readdirSync(join(ROOT, 'fixtures'))
  .filter((d) => existsSync(join(ROOT, 'fixtures', d, 'workflow.ts')))
  .map((d) => ({ file: join(ROOT, 'fixtures', d, 'workflow.ts'), config: join(ROOT, 'fixtures', 'agentflow.config.yaml') }));
const cases = [...workflows, ...constructs].map((c) => [c.file.slice(ROOT.length + 1), c] as const);

const languageService = getLanguageService({});

/** Both public validators: asl-validator 4 and AWS's amazon-states-language-service; every finding, as text. */
async function publicValidatorFindings(text: string, uri: string): Promise<string[]> {
  // asl-validator mutates its input (it fills in QueryLanguage), so it gets its own parse.
  const verdict = aslValidator(JSON.parse(text));
  const document = TextDocument.create(uri, 'json', 1, text);
  const diagnostics = await languageService.doValidation(document, languageService.parseJSONDocument(document));
  return [
    ...verdict.errors.map((e) => `asl-validator: ${JSON.stringify(e)}`),
    ...(verdict.isValid || verdict.errors.length > 0 ? [] : ['asl-validator: invalid without a reason']),
    ...diagnostics.map((d) => `language service ${d.range.start.line + 1}: ${d.message}`),
  ];
}

describe('every emitted definition is accepted by AWS tooling', () => {
  it.each(cases)('%s', async (_name, { file, config }) => {
    const def = (await import(pathToFileURL(file).href)).default as WorkflowDef;
    const env = environmentOf(config);
    const result = compileWorkflow(def, { env: env.env, envName: env.name, file });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(await publicValidatorFindings(result.aslText!, pathToFileURL(file).href + '.asl.json')).toEqual([]);
  });
});

/** Every checked-in compiled definition; the ASL corpus holds hand-written (and deliberately invalid) files. */
function goldens(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'asl-corpus' ? [] : goldens(path);
    return entry.name.endsWith('.asl.json') ? [path] : [];
  });
}

const goldenFiles = goldens(join(ROOT, 'fixtures')).sort().map((path) => [path.slice(ROOT.length + 1), path] as const);

describe('every compiled golden is accepted by both public validators and by agentflow validate', () => {
  it('finds the goldens', () => {
    expect(goldenFiles.length).toBeGreaterThanOrEqual(25);
  });

  it.each(goldenFiles)('%s', async (name, path) => {
    const text = readFileSync(path, 'utf8');
    expect(await publicValidatorFindings(text, pathToFileURL(path).href)).toEqual([]);
    expect(validateAslText(text, { file: name }).filter((d) => d.severity === 'error')).toEqual([]);
  });
});

describe('empty strings are emitted in a form both public validators accept', () => {
  // asl-validator's JSONata template schema requires non-empty strings, so a literal '' is written as {% '' %}.
  const empties = workflow('empty-strings', { input: z.object({ note: z.string().max(100) }) }, (flow) => {
    const state = flow.set('state', { phase: '', note: flow.input.note, tags: ['', 'a'] });
    const blank = flow.set('blank', '');
    flow.assign('reset', state, { phase: '', note: '', tags: [] });
    flow.succeed('finished', { output: { state, blank, empty: '' } });
  });

  it('compiles without a bare "" and is accepted', async () => {
    const env = environmentOf(join(ROOT, 'fixtures', 'agentflow.config.yaml'));
    const result = compileWorkflow(empties, { env: env.env, envName: env.name });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const text = result.aslText!;
    expect(text).not.toMatch(/:\s*""|^\s*"",?$/m);
    // blank, reset (2) and finished (1): state, blank and reset share the first state's Assign, where the reset's
    // value replaces the set's (plan-folds.ts).
    expect(text.match(/"\{% '' %\}"/g)?.length).toBe(4);
    expect(await publicValidatorFindings(text, 'file:///empty-strings.asl.json')).toEqual([]);
    // The replacement means the same value.
    expect(await jsonata("''").evaluate({})).toBe('');
  });

  it('the bare form is what asl-validator rejects', async () => {
    const bare = JSON.stringify({ QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', Assign: { blank: '' }, End: true } } });
    expect(await publicValidatorFindings(bare, 'file:///bare.asl.json')).not.toEqual([]);
  });
});
