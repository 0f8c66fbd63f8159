import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCliProcess } from './run-cli.js';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

interface CostJson {
  ok: boolean;
  freeTier: boolean;
  workflows: {
    file: string;
    name: string;
    transitions: { min: number; expected: number; max: number };
    lines: { item: string; usd: { max: number } | null; perExecution: { max: number } }[];
    monthly: { executions: number; usd: { min: number; expected: number; max: number } }[];
    notes: string[];
    children: { state: string; workflow: string; priced: boolean; transitions?: { min: number; expected: number; max: number }; reason?: string }[];
  }[];
}

describe('agentflow cost (real process)', () => {
  it('prints a table per workflow, sorted by name, with the monthly projection at the default volumes', async () => {
    const run = await runCliProcess(['cost', 'workflows/sequential.ts', 'workflows/pipeline.ts']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.indexOf('pipeline:')).toBeLessThan(run.stdout.indexOf('sequential:'));
    expect(run.stdout).toMatch(/^pipeline: 5 \/ 5 \/ 49 state transitions per execution \(min \/ expected \/ max\)$/m);
    expect(run.stdout).toMatch(/^Step Functions transitions +transition +5 +5 +49 +0\.000125 +0\.000125 +0\.001225$/m);
    expect(run.stdout).toMatch(/^100 executions /m);
    expect(run.stdout).toMatch(/^20,000 executions /m);
    expect(run.stdout).toContain("note: no price for 'clean' in pricing.models");
  }, 60_000);

  it('--json prints one document; prices from the config price the tokens; --free-tier lowers small volumes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentflow-cost-'));
    const config = join(dir, 'agentflow.config.yaml');
    const pricing = '\npricing:\n  models:\n    clean: { inputPer1k: 0.003, outputPer1k: 0.015 }\n  lambda: { memoryMb: 1024 }\n';
    writeFileSync(config, readFileSync(join(ROOT, 'agentflow.config.yaml'), 'utf8') + pricing);
    const args = ['cost', join(ROOT, 'workflows/pipeline.ts'), '--config', config, '--volumes', '100,1000000', '--json'];
    const run = await runCliProcess(args);
    expect(run.code).toBe(0);
    const doc = JSON.parse(run.stdout) as CostJson;
    expect(doc.ok).toBe(true);
    const pipeline = doc.workflows[0]!;
    expect(pipeline.transitions).toEqual({ min: 5, expected: 5, max: 49 });
    expect(pipeline.monthly.map((m) => m.executions)).toEqual([100, 1000000]);
    const clean = pipeline.lines.find((l) => l.item === 'Bedrock clean output tokens')!;
    expect(clean.usd!.max).toBeCloseTo((clean.perExecution.max * 0.015) / 1000, 10);
    expect(pipeline.lines.find((l) => l.item === 'Bedrock enrich output tokens')!.usd).toBeNull();
    expect(pipeline.notes.some((n) => n.startsWith("no price for 'clean'"))).toBe(false);

    const free = JSON.parse((await runCliProcess([...args, '--free-tier'])).stdout) as CostJson;
    expect(free.freeTier).toBe(true);
    // 100 executions × 5 transitions fit in the 4,000 free ones: the Step Functions share (100 × $0.000125) is gone.
    expect(pipeline.monthly[0]!.usd.min - free.workflows[0]!.monthly[0]!.usd.min).toBeCloseTo(100 * 0.000125, 10);
    // A million executions exceed it: $0.10 (4,000 × $0.025 / 1,000) less.
    expect(pipeline.monthly[1]!.usd.min - free.workflows[0]!.monthly[1]!.usd.min).toBeCloseTo(0.1, 8);
  }, 60_000);

  it('refuses a bad --volumes with a usage error and no stack trace', async () => {
    const run = await runCliProcess(['cost', 'workflows/pipeline.ts', '--volumes', '100,lots']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--volumes "100,lots" is not a list of executions a month.');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);

  it("adds a flow.run child's transitions to the parent's, and names the child in text and JSON", async () => {
    const args = ['cost', 'fixtures/run-parent/workflow.ts', 'fixtures/run-child/workflow.ts', '--config', 'fixtures/agentflow.config.yaml'];
    const run = await runCliProcess(args);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // run-child: one agent call (1 / 1 / 12 with its retriers); run-parent: its 3 states plus the child's.
    expect(run.stdout).toMatch(/^run-child: 1 \/ 1 \/ 12 state transitions per execution/m);
    expect(run.stdout).toMatch(/^run-parent: 4 \/ 4 \/ 26 state transitions per execution/m);
    expect(run.stdout).toContain("child run-child (state 'Research'): 1 / 1 / 12 state transitions per execution of it, included above");
    expect(run.stdout).toMatch(/^Bedrock worker output tokens +token /m);
    const doc = JSON.parse((await runCliProcess([...args, '--json'])).stdout) as CostJson;
    const parent = doc.workflows.find((w) => w.name === 'run-parent')!;
    expect(parent.transitions).toEqual({ min: 4, expected: 4, max: 26 });
    expect(parent.children).toEqual([{ state: 'Research', workflow: 'run-child', priced: true, transitions: { min: 1, expected: 1, max: 12 }, usdPerExecution: expect.any(Object) }]);
    expect(doc.workflows.find((w) => w.name === 'run-child')!.children).toEqual([]);
  }, 60_000);

  it('says so, in text and JSON, when a state starts a state machine known only by its ARN', async () => {
    // Inside the repository, so that the file imports '@agentflow/dsl' and 'zod' as the fixtures do.
    mkdirSync(join(ROOT, '.tmp'), { recursive: true });
    const dir = mkdtempSync(join(ROOT, '.tmp', 'cost-arn-'));
    try {
      const file = join(dir, 'starts-other.ts');
      writeFileSync(
        file,
        "import { awsSdk, workflow } from '@agentflow/dsl';\nimport { z } from 'zod';\n\n" +
          "export default workflow('starts-other', { input: z.object({}) }, (flow) => {\n" +
          "  flow.task('start-other', awsSdk('sfn', 'startExecution', { arguments: { StateMachineArn: 'arn:aws:states:us-west-2:123456789012:stateMachine:other', Input: '{}' }, output: z.object({ ExecutionArn: z.string().max(256) }) }));\n" +
          '});\n',
      );
      const args = ['cost', relative(ROOT, file), '--config', 'fixtures/agentflow.config.yaml'];
      const run = await runCliProcess(args);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(run.stdout).toContain("child other (state 'Start Other'): not priced, it is named by ARN");
      expect(run.stdout).toContain("note: child 'other' (state 'Start Other') not priced:");
      const doc = JSON.parse((await runCliProcess([...args, '--json'])).stdout) as CostJson;
      expect(doc.workflows[0]!.children).toEqual([{ state: 'Start Other', workflow: 'other', priced: false, reason: expect.stringContaining('named by ARN') }]);
      expect(doc.workflows[0]!.transitions).toEqual({ min: 1, expected: 1, max: 1 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
