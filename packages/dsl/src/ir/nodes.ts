import type { z } from 'zod';
import type { SourceLocation } from '../source-location.js';
import type { CondExpr, Expr, RefExpr } from './expr.js';

/** IR nodes are frozen plain data with a `kind` discriminant; passes read them and return side tables or new trees. */

export interface RetryRule {
  readonly errors: readonly string[];
  readonly intervalSeconds?: number;
  readonly maxAttempts?: number;
  readonly backoffRate?: number;
  readonly maxDelaySeconds?: number;
  readonly jitter?: 'FULL' | 'NONE';
}

export interface CatchRule {
  readonly errors: readonly string[];
  /** Id of a later step in the same block. */
  readonly next: string;
  readonly loc: SourceLocation | undefined;
}

/** Declared upper bound of an output: bytes, or tokens converted by the payload analysis. */
export type OutputBound = { readonly bytes: number } | { readonly tokens: number };

export interface AgentSpec {
  readonly name: string;
  /** Either a Bedrock agent id, or an agent name the environment maps to ids. */
  readonly agent: { readonly id: string } | { readonly name: string };
  /** Alias id (e.g. TSTALIASID) or alias name the environment maps to an id. */
  readonly alias: { readonly id: string } | { readonly name: string };
  readonly output: z.ZodType;
  readonly outputBound: OutputBound | undefined;
  readonly timeoutSeconds: number;
  readonly retry: readonly RetryRule[];
  readonly description: string | undefined;
  readonly loc: SourceLocation | undefined;
}

export interface ModelSpec {
  readonly name: string;
  readonly modelId: string;
  readonly output: z.ZodType;
  readonly outputBound: OutputBound | undefined;
  readonly timeoutSeconds: number;
  readonly retry: readonly RetryRule[];
  readonly loc: SourceLocation | undefined;
}

/** `run-job` is `.sync:2`: the task waits for the job (a child execution) and gets its result as JSON. */
export type IntegrationPattern = 'request-response' | 'wait-for-task-token' | 'run-job';

/** An optimized or SDK service integration, with its arguments as ASL field names (PascalCase). */
export interface IntegrationSpec {
  /** e.g. `sns:publish`, `dynamodb:getItem`, `aws-sdk:s3:getObject`. */
  readonly resource: string;
  readonly pattern: IntegrationPattern;
  readonly arguments: Expr;
  /** How to read the step's value out of the service response (a JSONata path from `$states.result`, or '' for all of it). */
  readonly resultPath: string;
  readonly output: z.ZodType;
  /**
   * Bytes the full service response can take when `output` only types the part workflows read (responses also
   * carry SDK metadata: HTTP headers, request ids).
   */
  readonly resultBytes?: number;
  /**
   * Schema of the whole service response when `output` types only the part kept (resultPath) and the rest is bounded
   * by data of this step: a child execution's response carries its input beside its output.
   */
  readonly response?: z.ZodType;
  /** Whether this integration calls Lambda (gets the Lambda service-error retrier by default). */
  readonly isLambda: boolean;
  /**
   * The workflow a `flow.run` step starts, kept so tools can compile the child beside the parent (`agentflow cost`
   * adds the child's transitions and service usage to the parent's). Absent for every other integration.
   */
  readonly child?: RunChild;
}

/** A workflow as `flow.run` holds it: its name, and how to build its IR. */
export interface RunChild {
  readonly name: string;
  build(): WorkflowNode;
}

interface StepBase {
  readonly id: string;
  readonly loc: SourceLocation | undefined;
  readonly comment: string | undefined;
}

interface TaskLike extends StepBase {
  readonly timeoutSeconds: number;
  readonly heartbeatSeconds: number | undefined;
  readonly retry: readonly RetryRule[];
  readonly defaultRetry: boolean;
  readonly catch: readonly CatchRule[];
}

/**
 * Set by S3 offload: the producer writes its full result to S3 and the workflow carries a pointer
 * (`{ ...inline fields, $s3: "s3://bucket/key" }`) instead.
 */
export interface Offload {
  /** Top-level fields copied next to the pointer because later states read them inline (choices, tasks). */
  readonly inline: readonly string[];
  /** Array fields also written as their own JSON objects, for Distributed Map item readers. */
  readonly arrays?: readonly string[];
}

/** How a Map runs in distributed mode: child executions, items read from S3, results written to S3. */
export interface MapDistribution {
  /** Read the items from the array field another step's offload wrote (instead of `Items`). */
  readonly reader?: { readonly producer: string; readonly field: string };
  /** Write the results to S3 (`ResultWriter`); the map's value becomes a pointer to the manifest. */
  readonly writer: boolean;
}

/**
 * Which Bedrock session an agent invocation continues when it runs again in a later round of an enclosing loop:
 * `per-round` (a new session each round) or `across-rounds` (one session for every round). Map iterations always
 * get sessions of their own. docs/agent-adapter.md, "Sessions".
 */
export type AgentSession = 'per-round' | 'across-rounds';

/**
 * A DynamoDB cache in front of an agent invocation (docs/agent-cache.md): look the answer up, invoke the agent only
 * on a miss (or an expired item), then store the answer with an expiry time.
 */
export interface AgentCache {
  /** Logical table name from the environment's `tables:`. */
  readonly table: string;
  /** What identifies the answer; undefined means the prompt. Hashed with the agent, alias and output schema. */
  readonly key: Expr | undefined;
  readonly ttlSeconds: number;
  /** The table's partition key attribute (a string attribute). */
  readonly keyAttribute: string;
  /** The attribute the table's TTL setting watches (epoch seconds, a Number). */
  readonly ttlAttribute: string;
  readonly loc: SourceLocation | undefined;
}

export interface AgentStep extends TaskLike {
  readonly kind: 'agent';
  readonly agent: AgentSpec;
  readonly prompt: Expr;
  /** Absent: `per-round`. */
  readonly session?: AgentSession;
  readonly offload?: Offload;
  readonly cache?: AgentCache;
}

export interface ModelStep extends TaskLike {
  readonly kind: 'model';
  readonly model: ModelSpec;
  readonly body: Expr;
  readonly offload?: Offload;
}

export interface TaskStep extends TaskLike {
  readonly kind: 'task';
  readonly integration: IntegrationSpec;
}

export interface ApprovalStep extends TaskLike {
  readonly kind: 'approval';
  readonly topic: string;
  readonly subject: Expr | undefined;
  readonly message: Expr;
  readonly outcome: z.ZodType;
}

export interface Branch {
  readonly name: string;
  readonly body: Block;
  readonly result: Expr | undefined;
}

export interface ParallelStep extends TaskLike {
  readonly kind: 'parallel';
  readonly branches: readonly Branch[];
}

/** Items a Map reads from an S3 object (a Distributed Map's `ItemReader`) instead of an array in the state. */
export interface S3ItemSource {
  /** A literal bucket name, so the IAM grant names the bucket. */
  readonly bucket: string;
  /** The object's key: a literal or a computed string. */
  readonly key: Expr;
  readonly format: 'json' | 'jsonl' | 'csv';
  /** Read at most this many items (`ReaderConfig.MaxItems`); without it the item count has no bound. */
  readonly maxItems: number | undefined;
}

export interface MapStep extends TaskLike {
  readonly kind: 'map';
  /** The array iterated; undefined when the items come from S3 (`itemsFrom`). */
  readonly items: RefExpr | undefined;
  readonly itemsFrom?: S3ItemSource;
  readonly itemSchema: z.ZodType;
  readonly maxConcurrency: number;
  readonly toleratedFailurePercentage: number | undefined;
  readonly toleratedFailureCount: number | undefined;
  readonly body: Block;
  readonly result: Expr | undefined;
  /** Set when the map runs in distributed mode (tolerated failures, or S3 offload of its items or results). */
  readonly distributed?: MapDistribution;
}

export interface ChoiceCase {
  readonly when: CondExpr;
  readonly body: Block;
  readonly loc: SourceLocation | undefined;
}

export type Otherwise =
  | { readonly kind: 'steps'; readonly body: Block }
  | { readonly kind: 'continue' }
  | { readonly kind: 'fail'; readonly error: string; readonly cause: string | undefined };

export interface ChoiceStep extends StepBase {
  readonly kind: 'choice';
  readonly cases: readonly ChoiceCase[];
  readonly otherwise: Otherwise;
}

/** After the last round: fail with Agentflow.LoopExhausted, fail with the given error and cause, or go on. */
export type LoopExhausted = 'fail' | 'continue' | { readonly fail: { readonly error: string; readonly cause: string } };

export interface LoopStep extends StepBase {
  readonly kind: 'loop';
  readonly maxIterations: number;
  readonly onExhausted: LoopExhausted;
  readonly body: Block;
}

/** Leaves the innermost loop when the condition holds. */
export interface ExitLoopStep extends StepBase {
  readonly kind: 'exit-loop';
  readonly loopId: string;
  readonly when: CondExpr;
}

export type VoteRule =
  | { readonly kind: 'threshold'; readonly ratio: number }
  | { readonly kind: 'majority' }
  | { readonly kind: 'unanimous' }
  | { readonly kind: 'bft'; readonly f: number };

export interface Voter {
  readonly id: string;
  readonly agent: AgentSpec;
}

export interface VoteStep extends TaskLike {
  readonly kind: 'vote';
  readonly voters: readonly Voter[];
  readonly proposal: Expr;
  readonly rule: VoteRule;
  readonly tally: z.ZodType;
}

export interface WaitStep extends StepBase {
  readonly kind: 'wait';
  readonly wait: { readonly seconds: number } | { readonly until: Expr };
}

/** A Pass state that keeps a value in a new variable. */
export interface SetStep extends StepBase {
  readonly kind: 'set';
  readonly value: Expr;
  readonly schema: z.ZodType;
  /** True when the author gave the schema; otherwise it was inferred from `value`. */
  readonly declared?: boolean;
}

/** A Pass state that gives an existing `set` variable a new value (loop-carried state). */
export interface AssignStep extends StepBase {
  readonly kind: 'assign';
  readonly target: string;
  readonly value: Expr;
}

export interface SucceedStep extends StepBase {
  readonly kind: 'succeed';
  readonly output: Expr | undefined;
}

export interface FailStep extends StepBase {
  readonly kind: 'fail';
  readonly error: string;
  readonly cause: Expr | undefined;
}

/** One catch clause of an attempt: the errors it handles and the steps that run instead. */
export interface AttemptHandler {
  readonly errors: readonly string[];
  readonly body: Block;
  /** What the handler returns as the attempt's value; undefined when it returns nothing. */
  readonly result: Expr | undefined;
  readonly loc: SourceLocation | undefined;
}

/**
 * Try/catch with a join: the body's steps run in the enclosing scope; a failure of one of its states that a handler
 * lists runs that handler instead, and both paths continue after the attempt with the attempt's value.
 */
export interface AttemptStep extends StepBase {
  readonly kind: 'attempt';
  readonly body: Block;
  /** What the body returns as the attempt's value; undefined when it returns nothing. */
  readonly result: Expr | undefined;
  readonly handlers: readonly AttemptHandler[];
  /**
   * Retries of the whole body before a handler takes the error. Non-empty: the body runs as the one branch of a
   * Parallel state (its own scope), whose `Retry` reruns it from its first step.
   */
  readonly retry: readonly RetryRule[];
}

export type Step =
  | AttemptStep
  | AgentStep
  | ModelStep
  | TaskStep
  | ApprovalStep
  | ParallelStep
  | MapStep
  | ChoiceStep
  | LoopStep
  | ExitLoopStep
  | VoteStep
  | WaitStep
  | SetStep
  | AssignStep
  | SucceedStep
  | FailStep;

export type StepKind = Step['kind'];

export type Block = readonly Step[];

/** Where offloaded values go; overrides the environment's `offload` settings. */
export interface OffloadSettings {
  /** Bucket name. */
  readonly bucket?: string;
  /** Key prefix; keys are `<prefix>/<workflow name>/<execution name>/<step id>[/<map index>…].json`. */
  readonly prefix?: string;
}

/** Deliberate widenings of the generated IAM policies. */
export interface IamSettings {
  /**
   * Scoped wildcards accepted where a resource is only known at run time, e.g. `arn:aws:s3:::reports/*`
   * for an S3 key computed from the input, or an action such as `ec2:DescribeInstances` that only accepts `*`.
   */
  readonly allowWildcards?: readonly string[];
}

export interface WorkflowNode {
  readonly kind: 'workflow';
  readonly name: string;
  readonly offload: OffloadSettings | undefined;
  readonly iam: IamSettings | undefined;
  readonly comment: string | undefined;
  readonly timeoutSeconds: number | undefined;
  readonly input: z.ZodType;
  readonly body: Block;
  readonly output: Expr | undefined;
  readonly loc: SourceLocation | undefined;
}

/** Freezes a node and its arrays; schemas stay as they are (zod owns them). */
export function freezeNode<T extends object>(node: T): T {
  for (const value of Object.values(node)) {
    if (Array.isArray(value)) Object.freeze(value);
  }
  return Object.freeze(node);
}
