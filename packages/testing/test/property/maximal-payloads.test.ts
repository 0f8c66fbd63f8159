/**
 * Property: the payload analysis is an over-approximation at run time. Random well-typed workflows and the seed
 * workflows are compiled, then run with every agent answering the largest value its schema accepts — strings at
 * their maximum, filled with control characters (6 JSON bytes each, 7 once re-escaped), quotes or CJK text — and the
 * largest input the schema accepts. No run may fail with States.DataLimitExceeded (also in Distributed Map
 * children), and no state may carry more than the bound the compiler computed for it.
 *
 * Runs: PROP_MAXIMAL_RUNS (default 40 random plans, each run in three text styles). Replay as in
 * random-workflows.test.ts, with PROP_SEED / PROP_PATH.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { defOf, walkSteps, type Step, type WorkflowDef } from '@agentflow/dsl';
import { maximalAnswer, simulate, type AgentMocks, type SimulationResult, type TextStyle } from '@agentflow/testing';
import { boundsExceeded, compileForTest, CONFIG, ROOT_CONFIG } from '../scenarios/payload/bounds-check.js';
import { buildWorkflow, workflowPlanArb } from './workflow-arbitrary.js';

const LIMIT = 262_144;
const STYLES: readonly TextStyle[] = ['escapes', 'quotes', 'cjk'];
const REFUSALS = new Set(['payload-over-budget', 'input-over-budget', 'map-over-offloaded-results']);
const NUM_RUNS = Number(process.env['PROP_MAXIMAL_RUNS'] ?? 40);
const SEED = process.env['PROP_SEED'] === undefined ? undefined : Number(process.env['PROP_SEED']);
const PATH = process.env['PROP_PATH'];

/** Every agent step answers its schema's largest value, in one text style, however often it runs. */
function maximalAgents(def: WorkflowDef, style: TextStyle, config: string): AgentMocks {
  const compiled = compileForTest(def, config);
  const agents: Record<string, AgentMocks[string]> = {};
  walkSteps(compiled.ir!.body, (step: Step) => {
    if (step.kind !== 'agent') return;
    const answer = maximalAnswer(step.agent.output, { text: style });
    agents[step.id] = () => answer as never;
  });
  return agents;
}

/** The largest input the workflow's schema accepts, in one text style (it fits: input-over-budget guards it). */
function maximalInput(def: WorkflowDef, style: TextStyle, config: string): unknown {
  return largestValue(compileForTest(def, config).ir!.input, style);
}

/**
 * Strings a pattern (`T-\d{6,12}`, an IBAN, a UUID) allows have no costly characters; maximalAnswer cannot invert a
 * pattern, so such a field takes the first of these shapes its schema accepts, and the other fields stay maximal.
 */
const PATTERNED = ['T-123456789012', 'CP-12345678', 'GB12ABCD12345678901234567890123456', '00000000-0000-4000-8000-000000000000', 'a'.repeat(64), 'A'.repeat(64), 'a.b-c'.repeat(40), 'a'];

function largestValue(schema: z.ZodType, style: TextStyle): unknown {
  try {
    return maximalAnswer(schema, { text: style });
  } catch (error) {
    const def = defOf(schema);
    if (def.type === 'object') return Object.fromEntries(Object.entries(def['shape'] as Record<string, z.ZodType>).map(([k, v]) => [k, largestValue(v, style)]));
    const fit = PATTERNED.find((candidate) => schema.safeParse(candidate).success);
    if (fit === undefined) throw error;
    return fit;
  }
}

/** The errors a run ended with, its own and those its Distributed Map children reported in FAILED_n.json files. */
function runErrors(run: SimulationResult): string[] {
  const errors = run.error === undefined ? [] : [`${run.error}: ${run.cause}`];
  for (const [key, body] of run.s3) {
    if (!/\/FAILED_\d+\.json$/.test(key)) continue;
    for (const record of JSON.parse(body) as { Error?: string; Cause?: string }[]) errors.push(`${record.Error}: ${record.Cause} (child of ${key})`);
  }
  return errors;
}

async function checkMaximalRuns(def: WorkflowDef, what: string, config = CONFIG): Promise<void> {
  const compiled = compileForTest(def, config);
  for (const style of STYLES) {
    const input = maximalInput(def, style, config);
    expect(Buffer.byteLength(JSON.stringify(input)), `${what}: maximal ${style} input`).toBeLessThanOrEqual(LIMIT);
    const run = await simulate(def, { config, input, agents: maximalAgents(def, style, config), autoMock: { answers: 'maximal', approvals: 'random', seed: 1 } });
    const over = runErrors(run).filter((e) => e.startsWith('States.DataLimitExceeded'));
    expect(over, `${what}, ${style} text`).toEqual([]);
    expect(boundsExceeded(compiled, run), `${what}, ${style} text: traced payloads over the computed bounds`).toEqual([]);
  }
}

describe('maximal answers never exceed the computed payload bounds', () => {
  const dir = fileURLToPath(new URL('../../../../workflows/', import.meta.url));
  const seeds = readdirSync(dir).filter((f) => f.endsWith('.ts')).sort();

  it.each(seeds)('seed workflow %s', async (file) => {
    const def = (await import(`${dir}${file}`)).default as WorkflowDef;
    expect(compileForTest(def, ROOT_CONFIG).diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    await checkMaximalRuns(def, file, ROOT_CONFIG);
  });

  it('random well-typed workflows', async () => {
    await fc.assert(
      fc.asyncProperty(workflowPlanArb(), async (plan) => {
        const built = buildWorkflow(plan);
        const errors = compileForTest(built.def).diagnostics.filter((d) => d.severity === 'error');
        fc.pre(!(errors.length > 0 && errors.every((d) => REFUSALS.has(d.code))));
        expect(errors.map((d) => `${d.code}: ${d.message}`), built.source).toEqual([]);
        await checkMaximalRuns(built.def, `--- workflow ---\n${built.source}\n--- plan ---\n${JSON.stringify(plan)}\n`);
      }),
      { numRuns: NUM_RUNS, ...(SEED === undefined ? {} : { seed: SEED }), ...(PATH === undefined ? {} : { path: PATH }) },
    );
    // 40 plans × 3 runs take 15–25 s on a busy 2-core machine; more runs (PROP_MAXIMAL_RUNS) need more time.
  }, Math.max(120_000, NUM_RUNS * 3_000));
});
