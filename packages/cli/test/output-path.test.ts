import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { outputPath } from '../src/output-path.js';
import { ROOT, runCliProcess, type FoundDiagnostic } from './run-cli.js';

describe('outputPath', () => {
  const out = resolve('/tmp/agentflow-out');

  it('accepts a plain file name directly inside the output directory', () => {
    expect(outputPath(out, 'draft-report.asl.json')).toBe(join(out, 'draft-report.asl.json'));
    expect(outputPath('relative/out', 'a.asl.json')).toBe(resolve('relative/out', 'a.asl.json'));
  });

  it.each(['', '..', '.', '../x.asl.json', 'a/b.asl.json', 'a\\b.asl.json', '/etc/x.asl.json', 'x\0.asl.json', '../../../../tmp/x'])(
    'refuses %j',
    (name) => {
      expect(outputPath(out, name)).toBeUndefined();
    },
  );
});

describe('a workflow name that is a path', () => {
  it('is refused before it becomes a file name, even from a definition not made by workflow(...)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentflow-name-'));
    const out = join(dir, 'out');
    // A hand-made definition skips workflow()'s name check: only the compiler and the writer stand in the way.
    const file = join(dir, 'forged.ts');
    const dsl = join(ROOT, 'packages/dsl/src/index.ts');
    writeFileSync(
      file,
      [
        `import { workflow } from ${JSON.stringify(dsl)};`,
        `import { z } from ${JSON.stringify(join(ROOT, 'packages/dsl/node_modules/zod/index.js'))};`,
        `const real = workflow('forged', { input: z.object({}) }, (flow) => { flow.set('counter', 1); });`,
        `export default { ...real, name: '../escaped', build: () => ({ ...real.build(), name: '../escaped' }) };`,
        '',
      ].join('\n'),
    );
    const run = await runCliProcess(['compile', file, '--out', out, '--json', '--config', 'fixtures/agentflow.config.yaml']);
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { workflows: { diagnostics: FoundDiagnostic[] }[] };
    expect(report.workflows[0]!.diagnostics.map((d) => d.code)).toContain('invalid-workflow-name');
    expect(readdirSync(dir)).toEqual(['forged.ts']);
    expect(existsSync(join(dir, 'escaped.asl.json'))).toBe(false);
  });
});
