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
    scenarios: { file: string; status: string; transitions: number; otherWorkflowTransitions: number; stepFunctionsUsd: number; bounds: string; error?: string; cause?: string }[];
    children: { state: string; workflow: string; priced: boolean; transitions?: { min: number; expected: number; max: number }; reason?: string }[];
  }[];
  diagnostics: { code: string; severity: string; message: string; hint?: string; loc?: { file: string; line: number } }[];
}

const RUN = 'fixtures/run';
const RESEARCH = ['cost', 'workflows/research-report.ts'];
const STATIC = /^research-report: ([\d,]+) \/ [\d.,]+ \/ ([\d,]+) state transitions per execution/m;
const count = (text: string): number => Number(text.replace(/,/g, ''));

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

  it('--scenario runs research-report in the simulator per mocks file: measured counts beside the static ones', async () => {
    const run = await runCliProcess([...RESEARCH, '--scenario', `${RUN}/research-report.mocks.ts`, '--scenario', `${RUN}/research-report.rejected.mocks.ts`]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const [, min, max] = STATIC.exec(run.stdout)!;
    expect(run.stdout).toMatch(/^scenario \(simulated\) +status +transitions +vs min \/ max +USD Step Functions$/m);
    // research-report.mocks.ts: one rejection, one revision, approval; .rejected: three rejected rounds, loop exhausted.
    const approved = /^fixtures\/run\/research-report\.mocks\.ts +SUCCEEDED +(\d+) +within [\d,]+ \/ [\d,]+ +([\d.]+)$/m.exec(run.stdout);
    const rejected = /^fixtures\/run\/research-report\.rejected\.mocks\.ts +FAILED +(\d+) +within [\d,]+ \/ [\d,]+ +([\d.]+)$/m.exec(run.stdout);
    expect(approved, run.stdout).not.toBeNull();
    expect(rejected, run.stdout).not.toBeNull();
    for (const measured of [approved!, rejected!]) {
      expect(Number(measured[1])).toBeGreaterThanOrEqual(count(min!));
      expect(Number(measured[1])).toBeLessThanOrEqual(count(max!));
      // Step Functions money of that one execution: $0.025 per 1,000 transitions.
      expect(Number(measured[2])).toBeCloseTo(Number(measured[1]) * 0.000025, 9);
    }
    // Three review rounds, all rejected, bill more than one rejection and an approval.
    expect(Number(rejected![1])).toBeGreaterThan(Number(approved![1]));
  }, 120_000);

  it('--scenario with --json: scenarios per workflow; a scenario the simulator stops is shown with its count and an error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'agentflow-cost-'));
    const partial = join(dir, 'partial.mocks.json');
    writeFileSync(partial, JSON.stringify({ input: { topic: 'tides' }, tasks: { publish: [{ Entries: [], FailedEntryCount: 0 }] } }));
    const run = await runCliProcess([...RESEARCH, '--scenario', `${RUN}/research-report.mocks.ts`, '--scenario', partial, '--json']);
    expect(run.code).toBe(1);
    const doc = JSON.parse(run.stdout) as CostJson;
    expect(doc.ok).toBe(false);
    const [workflow] = doc.workflows;
    expect(workflow!.transitions).toMatchObject({ min: 6, max: 382 });
    expect(workflow!.scenarios).toEqual([
      { file: 'fixtures/run/research-report.mocks.ts', status: 'SUCCEEDED', transitions: 12, otherWorkflowTransitions: 0, stepFunctionsUsd: 12 * 0.000025, bounds: 'within' },
      {
        file: partial,
        status: 'INCOMPLETE',
        // Search is entered (billed), then has no mock.
        transitions: 1,
        otherWorkflowTransitions: 0,
        stepFunctionsUsd: 0.000025,
        bounds: 'within',
        error: 'SimulationSetupError',
        cause: "No mock for agent step 'search' (state 'Search', resource arn:aws:states:::lambda:invoke).",
      },
    ]);
    expect(doc.diagnostics).toHaveLength(1);
    expect(doc.diagnostics[0]).toMatchObject({ code: 'scenario-incomplete', severity: 'error', hint: `Add agents: { 'search': … } to the default export of ${partial}.` });
    expect(doc.diagnostics[0]!.message).toContain(`Scenario ${partial} stopped after 1 state transition:`);
  }, 120_000);

  it('a flow.run child\'s transitions are billed in the scenario and compared with bounds that include the child', async () => {
    const args = ['cost', 'fixtures/run-parent/workflow.ts', '--config', 'fixtures/agentflow.config.yaml', '--scenario', `${RUN}/run-parent.mocks.ts`];
    const run = await runCliProcess(args);
    expect(run.code).toBe(0);
    // run-parent enters 3 states; its child (run-child) 1, billed as an execution of its own and priced into the
    // parent's bounds (4 / 4 / 26), so all 4 are compared with them.
    expect(run.stdout).toMatch(/^fixtures\/run\/run-parent\.mocks\.ts +SUCCEEDED +4 \(1 in started workflows\) +within 4 \/ 26 +0\.000100$/m);
  }, 120_000);

  it('without --scenario the JSON has an empty scenarios list per workflow', async () => {
    const doc = JSON.parse((await runCliProcess(['cost', 'workflows/sequential.ts', '--json'])).stdout) as CostJson;
    expect(doc.workflows[0]!.scenarios).toEqual([]);
  }, 60_000);

  const badScenarios: [string, (dir: string) => string[], RegExp][] = [
    ['a missing file', () => [...RESEARCH, '--scenario', 'nope.mocks.ts'], /^error: No such file: nope\.mocks\.ts \(--scenario\)\nhint: Pass a \.ts, \.js or \.json file/],
    ['several workflows', () => ['cost', 'workflows/research-report.ts', 'workflows/pipeline.ts', '--scenario', `${RUN}/research-report.mocks.ts`], /--scenario needs exactly one workflow file to run on; 2 were found\.\nhint: Price one workflow/],
    ['invalid JSON', (dir) => { writeFileSync(join(dir, 'bad.json'), '{ "agents": '); return [...RESEARCH, '--scenario', join(dir, 'bad.json')]; }, /error\[invalid-json\]: The mocks file .*bad\.json is not valid JSON[^]*bad\.json:1:13/],
    ['not a mocks module', (dir) => { writeFileSync(join(dir, 'n.mocks.ts'), 'export default 42;\n'); return [...RESEARCH, '--scenario', join(dir, 'n.mocks.ts')]; }, /error\[mocks-invalid\]: The default export of the mocks file is number, not an object\.[^]*n\.mocks\.ts:1:1/],
    ['a file that is not .ts, .js or .json', (dir) => { writeFileSync(join(dir, 'm.txt'), '{}'); return [...RESEARCH, '--scenario', join(dir, 'm.txt')]; }, /--scenario .*m\.txt is not a \.ts, \.js or \.json file\./],
  ];
  it.each(badScenarios)('refuses %s with a usage error (exit 2), no stack trace', async (_name, args, message) => {
    const run = await runCliProcess(args(mkdtempSync(join(tmpdir(), 'agentflow-cost-'))));
    expect(run.stderr).toMatch(message);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
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
