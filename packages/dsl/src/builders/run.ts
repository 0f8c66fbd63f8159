import { z } from 'zod';
import type { Expr } from '../ir/expr.js';
import type { IntegrationSpec, WorkflowNode } from '../ir/nodes.js';
import { DslError } from '../errors.js';
import { withSharedCallSites, type SourceLocation } from '../source-location.js';
import { defOf, unwrap } from '../refs/schema-shape.js';
import { schemaOfExpr, toExpr } from '../refs/value.js';
import { resource } from '../integrations/task-spec.js';
import type { TaskStepOptions } from './step-options.js';

/** Options of `flow.run(child, input, options)`: those of any task step except the Lambda default retriers. */
export type RunOptions = Omit<TaskStepOptions, 'defaultRetry'>;

/**
 * The input field Step Functions reads to link a child execution to the one that started it (the console's
 * "Started by" link; developer guide, connect-stepfunctions). The child receives it next to its own input fields.
 */
export const STARTED_BY_FIELD = 'AWS_STEP_FUNCTIONS_STARTED_BY_EXECUTION_ID';

/**
 * A `.sync:2` task ends when the child does; its own timeout is the child's execution timeout plus this margin, so
 * a child that times out reports its own `States.Timeout` (as the parent's `States.TaskFailed`) before the parent
 * gives up on it.
 */
const CHILD_TIMEOUT_MARGIN_SECONDS = 60;

/** What `describeExecution` adds to a `.sync:2` result beside `Input` and `Output`: ARNs, name, dates, status. */
const ExecutionFields = {
  // DescribeExecution's limits: ARNs of at most 256 characters, names of at most 80.
  ExecutionArn: z.string().max(256),
  StateMachineArn: z.string().max(256),
  Name: z.string().max(80),
  Status: z.enum(['SUCCEEDED']),
  StartDate: z.number(),
  StopDate: z.number(),
  InputDetails: z.object({ Included: z.boolean() }),
  OutputDetails: z.object({ Included: z.boolean() }),
  RedriveCount: z.number().int().min(0).max(1000),
  RedriveStatus: z.string().max(40),
  // Present on some executions only; counted so the bound holds whichever a response carries.
  RedriveStatusReason: z.string().max(256).optional(),
  StateMachineVersionArn: z.string().max(256).optional(),
  StateMachineAliasArn: z.string().max(256).optional(),
  MapRunArn: z.string().max(2000).optional(),
  TraceHeader: z.string().max(256).optional(),
};

/** Workflows whose body is running, outermost first: a run of one of them from inside would start an endless chain. */
const active: string[] = [];
/** Children already built during the outermost build: a child run twice (or by two children) is built once. */
const builtChildren = new Map<object, WorkflowNode>();

/**
 * Runs a workflow body with its name on the stack of active builds, so `flow.run` can refuse a cycle. The cache of
 * built children lives as long as the outermost build: each compilation builds afresh.
 * @internal
 */
export function buildingWorkflow<T>(name: string, build: () => T): T {
  active.push(name);
  try {
    return withSharedCallSites(build);
  } finally {
    active.pop();
    if (active.length === 0) builtChildren.clear();
  }
}

/** The child, as `flow.run` needs it from a workflow definition. */
export interface ChildWorkflow {
  readonly name: string;
  build(): WorkflowNode;
}

/**
 * The task of `flow.run`: `states:startExecution.sync:2` on the child's state machine (its ARN resolved per environment
 * by the compiler), with the child's input plus the lineage field, and the child's result (`Output`, parsed JSON) as
 * the step's value.
 * @internal
 */
export function runIntegration(child: ChildWorkflow, input: unknown, id: string, loc: SourceLocation | undefined): { integration: IntegrationSpec; timeoutSeconds: number | undefined } {
  const cycleAt = active.indexOf(child.name);
  if (cycleAt >= 0) {
    const chain = [...active.slice(cycleAt), child.name].map((n) => `'${n}'`).join(' → ');
    throw new DslError('workflow-cycle', `Step '${id}' runs workflow '${child.name}', which runs the workflow this step is in: ${chain}. Every execution would start another, until Step Functions' limits fail them all.`, {
      loc,
      hint: 'Break the cycle: move the shared steps into a third workflow that both run, or loop inside one workflow with flow.loop.',
    });
  }
  let ir = builtChildren.get(child);
  if (!ir) {
    ir = child.build();
    builtChildren.set(child, ir);
  }
  const given = toExpr(input, `run '${id}' input`);
  checkInput(given, ir.input, id, child.name, loc);
  const output = ir.output ? schemaOfExpr(ir.output) : z.unknown();
  const sent = withStartedBy(given, ir.input);
  const integration: IntegrationSpec = Object.freeze({
    resource: 'states:startExecution',
    pattern: 'run-job',
    arguments: {
      kind: 'record' as const,
      fields: [
        ['StateMachineArn', resource('state-machine', child.name, 'arn', `run '${id}' workflow`)],
        ['Input', sent],
      ] as const,
    },
    resultPath: 'Output',
    output,
    // The whole response carries the child's input beside its output: both count against the 256 KiB of the result.
    response: z.object({ ...ExecutionFields, Input: sentSchema(given, sent), Output: output }),
    isLambda: false,
    child,
  });
  return { integration, timeoutSeconds: ir.timeoutSeconds === undefined ? undefined : ir.timeoutSeconds + CHILD_TIMEOUT_MARGIN_SECONDS };
}

/**
 * The schema the sent input is bounded by. A merged object is bounded by the pair it merges: `[a, b]` takes at least
 * the bytes of `a` with `b`'s field added.
 */
function sentSchema(given: Expr, sent: Expr): z.ZodType {
  if (sent.kind !== 'jsonata') return schemaOfExpr(sent);
  return z.tuple([schemaOfExpr(given), z.object({ [STARTED_BY_FIELD]: z.string().max(2048) })]);
}

/**
 * Adds the lineage field to an object input. A record gets one more field; a reference to a whole object is merged
 * with it at run time. An input that is not an object (the child's schema says) is sent as it is.
 */
function withStartedBy(input: Expr, childInput: z.ZodType): Expr {
  if (defOf(childInput).type !== 'object') return input;
  const executionId: Expr = { kind: 'ref', root: { kind: 'execution', field: 'Id' }, path: [], schema: z.string().max(2048) };
  if (input.kind === 'record') return { kind: 'record', fields: [...input.fields.filter(([k]) => k !== STARTED_BY_FIELD), [STARTED_BY_FIELD, executionId]] };
  return { kind: 'jsonata', template: `$merge([%0, {'${STARTED_BY_FIELD}': %1}])`, args: [input, executionId], isString: false };
}

/** The fields an input surely carries, when its shape is known: a record's fields, or the required fields of an object. */
function presentFields(input: Expr): Set<string> | undefined {
  if (input.kind === 'record') return new Set(input.fields.map(([key]) => key));
  const def = defOf(unwrap(schemaOfExpr(input)).inner);
  if (def.type !== 'object') return undefined;
  const shape = def['shape'] as Record<string, z.ZodType>;
  return new Set(Object.keys(shape).filter((key) => !shape[key]!.safeParse(undefined).success));
}

/**
 * `tsc` checks the input against the child's input type; JavaScript callers bypass it. A field the child requires
 * and the input lacks would fail the child when it reads it, so it is refused here.
 */
function checkInput(given: Expr, childInput: z.ZodType, id: string, childName: string, loc: SourceLocation | undefined): void {
  const def = defOf(unwrap(childInput).inner);
  const present = presentFields(given);
  if (def.type !== 'object' || present === undefined) return;
  const shape = def['shape'] as Record<string, z.ZodType>;
  const missing = Object.keys(shape).filter((key) => !present.has(key) && !shape[key]!.safeParse(undefined).success);
  if (missing.length === 0) return;
  throw new DslError('run-input-mismatch', `run '${id}' gives workflow '${childName}' an input without ${missing.map((k) => `'${k}'`).join(', ')}, which its input schema requires.`, {
    loc,
    hint: `Pass every field of the child's input schema: { ${Object.keys(shape).join(', ')} }.`,
  });
}
