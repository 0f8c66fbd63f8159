import { z } from 'zod';
import type { IamSettings, OffloadSettings, WorkflowNode } from '../ir/nodes.js';
import { toSeconds, type Duration } from '../duration.js';
import { DslError, locatedAt } from '../errors.js';
import { callerLocation } from '../source-location.js';
import { createRef, type Ref } from '../refs/ref.js';
import { toExpr, type AnyInput } from '../refs/value.js';
import { requireSchema } from '../refs/require-schema.js';
import { Flow, inBlock, type BodyResult, type BodyValue } from './flow.js';
import { buildingWorkflow } from './run.js';
import { isKebabCase } from './step-options.js';

export interface WorkflowOptions<S extends z.ZodType> {
  /** Schema of the execution input; `flow.input` is typed from it. */
  readonly input: S;
  /** Execution timeout (top-level `TimeoutSeconds`). */
  readonly timeout?: Duration;
  /** Becomes the state machine's `Comment`. */
  readonly comment?: string;
  /** Where values too large for a state payload go (overrides the environment's `offload`). */
  readonly offload?: OffloadSettings;
  /** Deliberate widenings of the generated IAM policies (never a bare `*`). */
  readonly iam?: IamSettings;
}

/** The top-level flow: a flow that also knows the execution input and context. */
export class WorkflowFlow<I> extends Flow {
  /** The execution input, typed by the workflow's input schema. */
  readonly input: Ref<I>;
  /** The execution's name and id, e.g. for idempotency keys. */
  readonly execution: { readonly id: Ref<string>; readonly name: Ref<string>; readonly startTime: Ref<string> };

  /** @internal */
  constructor(input: z.ZodType, name: string) {
    super([], `workflow '${name}'`);
    this.input = createRef<I>({ kind: 'workflow-input' }, input);
    this.execution = {
      id: createRef({ kind: 'execution', field: 'Id' }, z.string().max(2048)),
      name: createRef({ kind: 'execution', field: 'Name' }, z.string().max(80)),
      startTime: createRef({ kind: 'execution', field: 'StartTime' }, z.string().max(40)),
    };
  }
}

/** The type of a workflow's result; a body typed only as returning some `BodyResult` yields `unknown`. */
export type WorkflowResult<R> = AnyInput extends R ? unknown : BodyValue<R>;

const WORKFLOW_DEF: unique symbol = Symbol.for('agentflow.workflow') as never;

/** A workflow definition: the default export of a workflow file. Building it runs the body and yields the IR. */
export interface WorkflowDef<I = unknown, O = unknown> {
  readonly [WORKFLOW_DEF]: true;
  readonly name: string;
  /** Phantom: the type of the execution input (what the input schema accepts), for tools such as the simulator. */
  readonly __input?: I;
  /** Phantom: the type of the execution output (the body's result), for `flow.run` and the simulator. */
  readonly __output?: O;
  /** Runs the body and returns the frozen IR; throws DslError on misuse. */
  build(): WorkflowNode;
}

/** Step Functions' limit on a state machine name. */
const MAX_NAME_LENGTH = 80;

/**
 * A workflow name becomes the state machine's name and the names of the files `compile --out` writes, so it
 * follows the step id rule (kebab-case: no dots, slashes or NUL can reach a path) within the state machine limit.
 */
export function isWorkflowName(name: unknown): name is string {
  return isKebabCase(name) && name.length <= MAX_NAME_LENGTH;
}

/**
 * Declares a workflow: one Step Functions Standard state machine. Export it as the file's default export.
 *
 * @example
 * ```ts
 * import { agent, text, workflow } from '@agentflow/dsl';
 * import { z } from 'zod';
 * const writer = agent('writer', { agentName: 'report-writer', alias: 'live', maxOutputTokens: 8000 });
 * export default workflow('draft-report', { input: z.object({ topic: z.string().max(500) }), timeout: { hours: 2 } }, (flow) => {
 *   const draft = flow.invoke(writer, { prompt: text`Write a short report on ${flow.input.topic}` });
 *   return { draft };
 * });
 * ```
 */
export function workflow<S extends z.ZodType, R extends BodyResult = void>(
  name: string,
  options: WorkflowOptions<S>,
  body: (flow: WorkflowFlow<z.infer<S>>) => R,
): WorkflowDef<z.input<S>, WorkflowResult<R>> {
  const loc = callerLocation();
  if (!isWorkflowName(name)) {
    const raw: unknown = name;
    const shown = typeof raw === 'string' && raw.length > MAX_NAME_LENGTH ? `${JSON.stringify(raw.slice(0, 40))}… (${raw.length} characters)` : JSON.stringify(raw);
    throw new DslError('invalid-workflow-name', `Workflow name ${shown} is not a kebab-case name of at most ${MAX_NAME_LENGTH} characters.`, {
      loc,
      hint: "Use lowercase words joined by hyphens, e.g. 'draft-report'; the name becomes the state machine's name and the names of the compiled files.",
    });
  }
  if (!options || typeof options !== 'object' || options.input === undefined) {
    throw new DslError('invalid-workflow', `Workflow '${name}' needs options.input, a zod schema of the execution input.`, { loc });
  }
  requireSchema(options.input, `Workflow '${name}'`, 'input', loc);
  if (typeof body !== 'function') throw new DslError('invalid-workflow', `Workflow '${name}' needs a body function.`, { loc });
  const timeoutSeconds = options.timeout === undefined ? undefined : toSeconds(options.timeout, `workflow '${name}' timeout`);
  return Object.freeze({
    [WORKFLOW_DEF]: true as const,
    name,
    build(): WorkflowNode {
      const flow = new WorkflowFlow<z.infer<S>>(options.input, name);
      // Misuse found with no author frame on the stack (the result is converted after the body returned, and the
      // caller is the compiler) is reported at the workflow(...) call, never inside agentflow.
      const result = buildingWorkflow(name, () => locatedAt(loc, () => inBlock(flow, () => body(flow), loc)));
      const output = result === undefined ? undefined : locatedAt(loc, () => toExpr(result, `workflow '${name}' result`));
      return Object.freeze({
        kind: 'workflow',
        name,
        comment: options.comment,
        offload: options.offload,
        iam: options.iam,
        timeoutSeconds,
        input: options.input,
        body: Object.freeze(flow.steps),
        output,
        loc,
      });
    },
  });
}

export function isWorkflowDef(value: unknown): value is WorkflowDef<unknown, unknown> {
  return typeof value === 'object' && value !== null && (value as { [WORKFLOW_DEF]?: true })[WORKFLOW_DEF] === true;
}
