// `compile` and `agentflow validate` run one checker and must give one answer for the same ASL.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { agent, text, workflow, type WorkflowDef } from '@agentflow/dsl';
import { z } from 'zod';
import type { Diagnostic } from '../../src/diagnostics/diagnostic.js';
import { compileWorkflow } from '../../src/index.js';
import { validateAslText } from '../../src/validate-asl/index.js';
import { selfCheckAsl } from '../../src/validate-asl/self-check.js';
import { loadCorpus } from './support/corpus.js';
import { environmentOf } from '../test-env.js';

const ROOT = resolve(import.meta.dirname, '../../../..');
const FIXTURE_CONFIG = join(ROOT, 'fixtures', 'agentflow.config.yaml');

function compile(def: WorkflowDef, configFile: string, file?: string) {
  const env = environmentOf(configFile);
  return compileWorkflow(def, { env: env.env, envName: env.name, ...(file ? { file } : {}) });
}

/** What both paths must agree on: each finding's code, severity and pointer (errors are all internal-invalid-asl in compile). */
const fromValidate = (found: readonly Diagnostic[]) =>
  found.map((d) => [d.severity === 'error' ? 'internal-invalid-asl' : d.code, d.severity, d.pointer]).sort();
const fromCompile = (found: readonly Diagnostic[]) => found.map((d) => [d.code, d.severity, d.pointer]).sort();

const WORKFLOW = { name: 'checked' };

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('the compiler self-check and agentflow validate give the same findings', () => {
  it.each(loadCorpus().map((f) => [`${f.kind}/${f.name}`, f.text] as const))('%s', (_name, text) => {
    expect(fromCompile(selfCheckAsl(text, WORKFLOW))).toEqual(fromValidate(validateAslText(text)));
  });

  // compile checks its own JSON.stringify output without the text-only checks (duplicate keys, placeholders outside
  // strings, a byte-order mark), which such text cannot fail: on any definition, both paths find the same.
  it.each(loadCorpus().flatMap((f) => (parses(f.text) ? [[`${f.kind}/${f.name}`, JSON.stringify(JSON.parse(f.text), null, 2)] as const] : [])))(
    'stringified %s: the compiler path finds what the text path finds',
    (_name, stringified) => {
      const all = (found: readonly Diagnostic[]) => found.map((d) => [d.code, d.severity, d.pointer, d.message, d.hint]).sort();
      expect(all(selfCheckAsl(stringified, WORKFLOW, [], 'stringified'))).toEqual(all(selfCheckAsl(stringified, WORKFLOW)));
    },
  );

  it('keeps a warning as a warning with its code, pointer and hint, placed at the workflow', () => {
    const loc = { file: '/project/workflows/poll.ts', line: 4, column: 16 };
    const corpus = loadCorpus().find((f) => f.name === 'crawler-polling-loop.asl.json')!;
    const [warning] = selfCheckAsl(corpus.text, { name: 'poll', loc });
    const [original] = validateAslText(corpus.text);
    expect(warning).toMatchObject({ code: 'UNBOUNDED_LOOP', severity: 'warning', pointer: original!.pointer, hint: original!.hint, path: 'poll', loc });
    expect(warning!.message).toContain(original!.message);
  });

  it('turns an error into internal-invalid-asl naming the validator code and pointer', () => {
    const coalescing = JSON.stringify({
      QueryLanguage: 'JSONata',
      StartAt: 'P',
      States: { P: { Type: 'Pass', Output: { a: '{% $states.input.a ?? 1 %}', b: '{% $states.input.b ?: 2 %}' }, End: true } },
    });
    expect(validateAslText(coalescing).map((d) => [d.code, d.pointer])).toEqual([
      ['INVALID_JSONATA', '/States/P/Output/a'],
      ['INVALID_JSONATA', '/States/P/Output/b'],
    ]);
    const found = selfCheckAsl(coalescing, WORKFLOW);
    expect(found.map((d) => [d.code, d.severity, d.pointer])).toEqual([
      ['internal-invalid-asl', 'error', '/States/P/Output/a'],
      ['internal-invalid-asl', 'error', '/States/P/Output/b'],
    ]);
    expect(found[0]!.message).toContain('INVALID_JSONATA at /States/P/Output/a');
    // The path compile takes for its own output catches the same emitter bug.
    const emitted = JSON.stringify(JSON.parse(coalescing), null, 2);
    expect(selfCheckAsl(emitted, WORKFLOW, [], 'stringified').map((d) => [d.code, d.severity, d.pointer])).toEqual([
      ['internal-invalid-asl', 'error', '/States/P/Output/a'],
      ['internal-invalid-asl', 'error', '/States/P/Output/b'],
    ]);
  });
});

describe('loops bounded by a counter are not reported in either path', () => {
  const goldens = [
    ['fixtures/workflows/research-report.asl.json', 'workflows/research-report.ts', join(ROOT, 'agentflow.config.yaml')],
    ['fixtures/approval-loop/approval-loop.asl.json', 'fixtures/approval-loop/workflow.ts', FIXTURE_CONFIG],
    ['fixtures/choice-in-loop/choice-in-loop.asl.json', 'fixtures/choice-in-loop/workflow.ts', FIXTURE_CONFIG],
  ] as const;

  it.each(goldens)('%s', async (golden, source, config) => {
    const checkedIn = readFileSync(join(ROOT, golden), 'utf8');
    expect(validateAslText(checkedIn).map((d) => d.code)).not.toContain('UNBOUNDED_LOOP');
    const file = join(ROOT, source);
    const result = compile((await import(pathToFileURL(file).href)).default as WorkflowDef, config, file);
    expect(result.aslText).toBeDefined();
    expect(result.diagnostics.map((d) => d.code)).not.toContain('UNBOUNDED_LOOP');
    expect(validateAslText(result.aslText!).map((d) => d.code)).not.toContain('UNBOUNDED_LOOP');
  });
});

describe('a loop that can outrun the history limit is reported in both paths', () => {
  const worker = agent('worker', { agentName: 'worker', alias: 'live', output: z.object({ draft: z.string().max(100) }) });
  const rounds = (maxIterations: number) =>
    workflow('long-loop', { input: z.object({ draft: z.string().max(100) }) }, (flow) => {
      const draft = flow.set('current', flow.input.draft);
      flow.loop('polish', { maxIterations, onExhausted: 'continue' }, (round) => {
        const edited = round.invoke(worker, { prompt: text`Polish: ${draft}` });
        round.assign('take', draft, edited.draft);
      });
      return { draft };
    });

  it('warns in compile and in validate, with the same code and pointer', () => {
    const result = compile(rounds(5000), FIXTURE_CONFIG);
    expect(result.aslText).toBeDefined();
    const fromCompiler = result.diagnostics.filter((d) => d.code === 'UNBOUNDED_LOOP');
    const fromValidator = validateAslText(result.aslText!).filter((d) => d.code === 'UNBOUNDED_LOOP');
    expect(fromCompiler).toHaveLength(1);
    expect(fromCompiler.map((d) => [d.severity, d.pointer])).toEqual(fromValidator.map((d) => [d.severity, d.pointer]));
    // The bound is read from the emitted counter test (`$polish < 4999`), so the pass count is approximate.
    expect(fromCompiler[0]!.message).toMatch(/may run 4,99\d times at about \d+ history events per pass/);
  });

  it('is silent in both for the same loop with a small limit', () => {
    const result = compile(rounds(5), FIXTURE_CONFIG);
    expect(result.diagnostics.map((d) => d.code)).not.toContain('UNBOUNDED_LOOP');
    expect(validateAslText(result.aslText!).map((d) => d.code)).not.toContain('UNBOUNDED_LOOP');
  });
});
