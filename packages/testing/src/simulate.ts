import type { WorkflowDef } from '@agentflow/dsl';
import type { Json, SimulateOptions, SimulationResult } from './types.js';
import type { AslDefinition } from './engine/asl.js';
import { execute } from './engine/execution.js';
import { resolveTarget } from './definition.js';
import { MemoryS3 } from './services/memory-s3.js';
import { MemoryDynamoDB } from './services/memory-dynamodb.js';
import { createServices } from './services/integrations.js';
import { autoInput, withAutoMocks } from './mocks/auto-mocks.js';

/** Step Functions Standard, us-east-1: $0.025 per 1,000 state transitions (asl-facts, PRICE). */
const USD_PER_TRANSITION = 0.025 / 1000;

/**
 * Runs one execution of a workflow (compiled exactly as `agentflow compile` does) or of any JSONata ASL
 * definition, on a virtual clock, with every Task answered by a mock. Resolves with the execution's status,
 * output or error, history, trace, billed transitions and coverage; rejects only for mistakes in the test
 * itself (a missing mock, a malformed answer, a JSONPath definition).
 *
 * @example
 * ```ts
 * const run = await simulate(researchReport, {
 *   input: { topic: 'tides' },
 *   agents: { search: [{ sources: [] }], 'write-draft': [{ title: 'T', body: 'B' }] },
 *   approvals: { 'approve-draft': [{ approved: true }] },
 *   tasks: { publish: [{ Entries: [{ EventId: '1' }], FailedEntryCount: 0 }] },
 * });
 * expect(run.status).toBe('SUCCEEDED');
 * ```
 */
export async function simulate<I = unknown>(target: WorkflowDef<I> | AslDefinition | string, options: SimulateOptions<I> = {}): Promise<SimulationResult> {
  const resolved = resolveTarget(target, options);
  const seed = options.seed ?? 1;
  const s3 = new MemoryS3(options.s3);
  const dynamodb = new MemoryDynamoDB(options.dynamodb);
  const input = options.input !== undefined ? options.input : options.autoMock && resolved.inputSchema ? autoInput(resolved.inputSchema, options) : {};
  const outcome = await execute({
    definition: resolved.definition,
    input,
    services: createServices(
      options.autoMock ? { ...withAutoMocks(resolved.definition, options, options.autoMock === true ? {} : options.autoMock), ...(options.workflows ? { workflows: options.workflows } : {}) } : options,
      s3,
      dynamodb,
      { env: options.env, config: options.config },
    ),
    seed,
    executionName: options.executionName ?? `sim-${seed}`,
    startTime: options.startTime ?? '2026-01-01T00:00:00.000Z',
    machineName: resolved.machineName,
    region: resolved.region,
    account: resolved.account,
  });
  const exec = outcome.state;
  return {
    status: outcome.status,
    ...(outcome.status === 'SUCCEEDED' ? { output: outcome.output as Json } : { error: outcome.error, cause: outcome.cause }),
    // Distributed Map children are executions of their own, billed like the parent (PRICE).
    transitions: exec.transitions + exec.childTransitions,
    durationSeconds: exec.clock.now,
    events: exec.history.events,
    trace: exec.history.trace,
    cost: { transitions: exec.transitions + exec.childTransitions, stepFunctionsUsd: (exec.transitions + exec.childTransitions) * USD_PER_TRANSITION, otherWorkflowTransitions: exec.otherWorkflowTransitions },
    coverage: exec.coverage.record(),
    s3: s3.objects,
    dynamodb: dynamodb.snapshot(),
    definition: resolved.definition as unknown as Json,
  };
}
