import { basename } from 'node:path';
import { pathToFileURL } from 'node:url';
import { failWith, simulate, type Json, type MockContext, type TaskMocks } from '@agentflow/testing';
import type { IamArtifact } from '../../compiler/src/iam/index.js';
import type { Environment } from '../../compiler/src/config/project-config.js';
import { compileFile, CONFIG_FILE } from '../../compiler/test/iam/helpers/load-workflows.js';
import { createRandom } from '../../testing/src/engine/jsonata/random.js';
import { valueFor } from '../../testing/src/mocks/schema-values.js';
import { listsPrefix, startIamRig, type AwsCall, type LambdaPlace } from './iam-rig.js';
import { lambdaContext } from './support.js';

/** What driving one seed workflow's adapter produced. */
export interface SeedDrive {
  readonly name: string;
  readonly artifact: IamArtifact;
  /** The adapter role's policy as compiled. */
  readonly policy: NonNullable<NonNullable<IamArtifact['roles']['agentAdapter']>['policy']>;
  readonly place: LambdaPlace;
  /** Every AWS call the real handler made, in order, across all runs. */
  readonly calls: readonly AwsCall[];
  /** Calls the compiled policy denied (expected: none). */
  readonly denied: readonly AwsCall[];
  /** Requests the fakes received, which must be the allowed calls, no more and no fewer. */
  readonly received: number;
  /** Each simulated execution's outcome: `SUCCEEDED`, or the error it failed with. */
  readonly outcomes: readonly string[];
  /** Each adapter request the compiled states sent, as the Lambda received it. */
  readonly requests: readonly Record<string, unknown>[];
  /** The agent ids the compiled states name. */
  readonly agentIds: readonly string[];
}

/** Seeded random runs per workflow: this many, and more (up to the maximum) until every agent has run. */
const MIN_SEEDS = 4;
const MAX_SEEDS = 64;

export function placeOf(functionArn: string): LambdaPlace {
  const [, partition = '', , region = '', account = ''] = functionArn.split(':');
  return { partition, region, account };
}

/**
 * Compiles a seed workflow for an environment, then runs it in the simulator with every agent step answered by the
 * real adapter handler: the state's evaluated Lambda payload goes to the handler as the event, the handler calls the
 * fakes through clients that enforce the compiled adapter policy, and what it returns (or the error it throws) is the
 * Lambda result the state sees. Offloaded answers are written to, and inputParts pointers read from, the fake S3.
 */
export async function driveSeed(file: string, envName: string, env: Environment): Promise<SeedDrive> {
  const compiled = await compileFile(file, envName, env);
  if (!compiled.ok) throw new Error(`${basename(file)} ${compiled.why}`);
  const { result } = compiled;
  const artifact = result.iam!;
  const role = artifact.roles.agentAdapter;
  if (!role?.policy || !role.functionArn) throw new Error(`${result.name} has no agent adapter role with a policy and a function`);
  const policy = role.policy;
  const place = placeOf(role.functionArn);
  const rig = await startIamRig({
    policy,
    place,
    buckets: env.offload ? [env.offload.bucket] : [],
    listBucket: env.offload ? listsPrefix(policy, place.partition, env.offload.bucket, `${env.offload.prefix}/${result.name}/`) : false,
  });
  const requests: Record<string, unknown>[] = [];
  const outcomes: string[] = [];
  const agentIds = new Set<string>();
  try {
    const workflow = ((await import(pathToFileURL(file).href)) as { default: Parameters<typeof simulate>[0] }).default;
    const states = adapterStates(result.definition);
    const approvals = approvalStates(result.definition);
    for (const s of states.values()) agentIds.add(s);
    const called = () => new Set(rig.calls.filter((c) => c.action === 'bedrock:InvokeAgent').map((c) => c.resource.split('/').at(-2)!));
    let index = 0;
    // A failed branch ends the execution while sibling branches' invocations still run, as on AWS; they are awaited
    // so that each run's calls are over before the next run, and before the fakes close.
    const inFlight: Promise<unknown>[] = [];
    const run = async (seed: number, failing?: string) => {
      rig.failing.clear();
      if (failing) rig.failing.add(failing);
      const random = createRandom(seed * 7919 + index);
      const adapterTask = async (args: Json, _ctx: MockContext) => {
        const payload = (args as { Payload: Record<string, unknown> }).Payload;
        requests.push(payload);
        rig.answer(String(payload['agentId']), String(payload['sessionId']), JSON.stringify(valueFor(payload['outputSchema'], 'random', random)));
        const invocation = rig.handler(payload, lambdaContext());
        inFlight.push(invocation.catch(() => undefined));
        try {
          const value = (await invocation) as Json;
          return { ExecutedVersion: '$LATEST', Payload: value, StatusCode: 200 };
        } catch (error) {
          // Lambda reports the thrown Error's name as the function error, which the state's Retry/Catch matches.
          throw failWith((error as Error).name, (error as Error).message);
        }
      };
      // Approvals are answered here too: the simulator's responder reads offloaded message parts from its own
      // in-memory S3, where this rig's adapter writes nothing. The responder's reads are its own role's
      // (approval-message-parts.test.ts); here each pointer must name an object the real adapter wrote.
      const decide = createRandom(seed * 104_729 + index);
      const approvalTask = async (args: Json) => {
        const payload = (args as { Payload: Record<string, unknown> }).Payload;
        for (const uri of pointersIn(payload['messageParts'])) {
          const [, bucket = '', key = ''] = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri) ?? [];
          if (rig.s3.text(bucket, key) === undefined) throw failWith('Agentflow.ApprovalNotifyFailed', `${uri}, which the approval message splices, was never written.`);
        }
        return { approved: decide() < 0.5 };
      };
      const tasks: TaskMocks = {
        ...Object.fromEntries([...approvals].map((state) => [state, approvalTask])),
        ...Object.fromEntries([...states.keys()].map((state) => [state, adapterTask])),
      };
      index += 1;
      const outcome = await simulate(workflow, {
        env: envName,
        config: CONFIG_FILE,
        seed,
        executionName: `iam-${index}`,
        autoMock: { answers: 'random', approvals: 'random', seed },
        tasks,
      });
      outcomes.push(outcome.status === 'SUCCEEDED' ? 'SUCCEEDED' : `${outcome.status} ${outcome.error ?? ''}`.trim());
      await Promise.all(inFlight.splice(0));
    };
    // Random inputs, answers and approvals; each agent failing once, to take its Catch path (a fallback agent);
    // then more seeds until every agent step has run (routing's critical escalation needs a rare input).
    for (let seed = 1; seed <= MIN_SEEDS; seed++) await run(seed);
    for (const failing of [...agentIds].sort()) await run(1, failing);
    for (let seed = MIN_SEEDS + 1; seed <= MAX_SEEDS && called().size < agentIds.size; seed++) await run(seed);
  } finally {
    await rig.close();
  }
  const received = rig.agent.calls.length + rig.s3.calls.length;
  return { name: result.name, artifact, policy, place, calls: rig.calls, denied: rig.denied, received, outcomes, requests, agentIds: [...agentIds].sort() };
}

/** The Task states that ask the approval responder (a `lambda:invoke.waitForTaskToken` with an approval request). */
function approvalStates(definition: Record<string, unknown>): Set<string> {
  const out = new Set<string>();
  const visit = (graph: unknown) => {
    const states = (graph as { States?: Record<string, Record<string, unknown>> } | undefined)?.States ?? {};
    for (const [name, state] of Object.entries(states)) {
      const payload = (state['Arguments'] as { Payload?: Record<string, unknown> } | undefined)?.Payload;
      if (state['Type'] === 'Task' && payload?.['kind'] === 'agentflow.approval-request') out.add(name);
      for (const branch of (state['Branches'] as unknown[] | undefined) ?? []) visit(branch);
      visit(state['ItemProcessor'] ?? state['Iterator']);
    }
  };
  visit(definition);
  return out;
}

/** Every `{ "$s3": uri }` pointer inside a value, fragments cut off. */
function pointersIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(pointersIn);
  if (!value || typeof value !== 'object') return [];
  const pointer = (value as Record<string, unknown>)['$s3'];
  if (typeof pointer === 'string') return [pointer.replace(/#.*$/, '')];
  return Object.values(value).flatMap(pointersIn);
}

/** The Task states that call the adapter (a `lambda:invoke` whose Payload names an agent), with their agent ids. */
export function adapterStates(definition: Record<string, unknown>): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (graph: unknown) => {
    const states = (graph as { States?: Record<string, Record<string, unknown>> } | undefined)?.States ?? {};
    for (const [name, state] of Object.entries(states)) {
      const payload = (state['Arguments'] as { Payload?: Record<string, unknown> } | undefined)?.Payload;
      if (state['Type'] === 'Task' && String(state['Resource']).startsWith('arn:aws:states:::lambda:invoke') && typeof payload?.['agentId'] === 'string') out.set(name, payload['agentId']);
      for (const branch of (state['Branches'] as unknown[] | undefined) ?? []) visit(branch);
      visit(state['ItemProcessor'] ?? state['Iterator']);
    }
  };
  visit(definition);
  return out;
}
