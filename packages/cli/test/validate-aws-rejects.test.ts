// Definitions AWS rejects that `validate` used to accept (issue 11, item 9), through the real CLI process.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCliProcess } from './run-cli.js';

const temp = mkdtempSync(join(tmpdir(), 'agentflow-validate-rejects-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
// The CLI runs from the repository root (tsx resolves from there) and shows paths relative to it.
const path = (name: string) => join(temp, name);
const label = (name: string) => relative(ROOT, path(name));

const LAMBDA = 'arn:aws:states:::lambda:invoke';
const processor = { ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' }, StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };

const FILES: Record<string, unknown> = {
  'condition.asl.json': {
    QueryLanguage: 'JSONata',
    StartAt: 'C',
    States: { C: { Type: 'Choice', Choices: [{ Condition: '$states.input.ok', Next: 'D' }], Default: 'D' }, D: { Type: 'Succeed' } },
  },
  'arguments.asl.json': {
    QueryLanguage: 'JSONata',
    StartAt: 'T',
    States: { T: { Type: 'Task', Resource: LAMBDA, Arguments: 'payload', TimeoutSeconds: 30, End: true } },
  },
  'reader.asl.json': {
    StartAt: 'M',
    States: { M: { Type: 'Map', ItemReader: { Resource: LAMBDA.replace('lambda:invoke', 's3:getObject'), ReaderConfig: null, Parameters: null }, ItemProcessor: processor, End: true } },
  },
  'retry.asl.json': {
    StartAt: 'T',
    States: { T: { Type: 'Task', Resource: '${FunctionArn}', Retry: '${Retriers}', TimeoutSeconds: 30, End: true } },
  },
};

// "café" in Latin-1 on line 3, after 17 ASCII characters: the bad byte is at 3:18.
const LATIN1 = Buffer.concat([
  Buffer.from('{\n  "StartAt": "A",\n  "Comment": "caf'),
  Buffer.from([0xe9]),
  Buffer.from('",\n  "States": {"A": {"Type": "Pass", "End": true}}\n}\n'),
]);

beforeAll(() => {
  for (const [name, definition] of Object.entries(FILES)) writeFileSync(join(temp, name), JSON.stringify(definition, null, 2));
  writeFileSync(join(temp, 'latin1.asl.json'), LATIN1);
});

describe('agentflow validate rejects what AWS rejects (real CLI process)', () => {
  it('reports each class as a located error and exits 1', async () => {
    const run = await runCliProcess(['validate', '--format', 'json', ...[...Object.keys(FILES), 'latin1.asl.json'].map(path)]);
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    const report = JSON.parse(run.stdout) as { files: { file: string; valid: boolean; diagnostics: { code: string; severity: string; pointer: string; loc?: { line: number; column: number } }[] }[] };
    const errors = (file: string) =>
      report.files.find((f) => f.file === label(file))!.diagnostics.filter((d) => d.severity === 'error').map((d) => [d.code, d.pointer]);
    expect(report.files.every((f) => !f.valid)).toBe(true);
    expect(errors('condition.asl.json')).toEqual([['SCHEMA_VALIDATION_FAILED', '/States/C/Choices/0/Condition']]);
    expect(errors('arguments.asl.json')).toEqual([['SCHEMA_VALIDATION_FAILED', '/States/T/Arguments']]);
    expect(errors('reader.asl.json')).toEqual([
      ['SCHEMA_VALIDATION_FAILED', '/States/M/ItemReader/ReaderConfig'],
      ['SCHEMA_VALIDATION_FAILED', '/States/M/ItemReader/Parameters'],
    ]);
    expect(errors('retry.asl.json')).toEqual([['SCHEMA_VALIDATION_FAILED', '/States/T/Retry']]);
    const utf8 = report.files.find((f) => f.file === label('latin1.asl.json'))!.diagnostics;
    expect(utf8).toEqual([expect.objectContaining({ code: 'INVALID_UTF8', severity: 'error', pointer: '', loc: { file: label('latin1.asl.json'), line: 3, column: 18 } })]);
  });

  it('rejects a quoted placeholder for an array without --strict, and also every placeholder with it', async () => {
    const loose = await runCliProcess(['validate', path('retry.asl.json')]);
    expect(loose.code).toBe(1);
    expect(loose.stdout).toContain(`${label('retry.asl.json')}:7:16  error  SCHEMA_VALIDATION_FAILED  "Retry" must be an array, not "\${Retriers}": the placeholder is inside quotes`);
    expect(loose.stdout).toMatch(/ info {2}UNRESOLVED_PLACEHOLDER /);
    const strict = await runCliProcess(['validate', '--strict', path('retry.asl.json')]);
    expect(strict.code).toBe(1);
    expect(strict.stdout.match(/ error {2}UNRESOLVED_PLACEHOLDER {2}/g)).toHaveLength(2);
    expect(strict.stdout).toContain('SCHEMA_VALIDATION_FAILED');
  });

  it('reads standard input as bytes, so invalid UTF-8 there is located too', async () => {
    const run = await runCliProcess(['validate', '-'], ROOT, { input: LATIN1 });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('<stdin>:3:18  error  INVALID_UTF8  Byte 0xE9 at byte offset 37 is not valid UTF-8.');
  });
});
