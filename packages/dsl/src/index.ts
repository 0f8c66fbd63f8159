/** @agentflow/dsl — typed builders for durable multi-agent workflows on AWS Step Functions. */
import { z } from 'zod';
import { createRef, type Ref } from './refs/ref.js';

export { workflow, isWorkflowDef, isWorkflowName, WorkflowFlow, type WorkflowDef, type WorkflowOptions } from './builders/workflow.js';
export {
  Flow,
  LoopFlow,
  when,
  type Case,
  type BodyResult,
  type BodyValue,
  type InvokeAgentOptions,
  type InvokeModelOptions,
  type MapOptions,
  type ApprovalOptions,
  type VoteOptions,
  type VoteRuleInput,
  type OtherwiseInput,
  type LoopOptions,
  type LoopExhaustedInput,
  type WaitOptions,
} from './builders/flow.js';
export type { AttemptCatch, AttemptOptions, AttemptValue, CaughtError } from './builders/attempt.js';
export { STARTED_BY_FIELD, type RunOptions } from './builders/run.js';
export { agent, agentSpecOf, type AgentDef, type AgentOptions } from './builders/agent.js';
export { CACHE_VALUE_ATTRIBUTE, type AgentCacheOptions } from './builders/agent-cache.js';
export { model, type ModelDef, type ModelOptions } from './builders/model.js';
export { s3Items, type S3Items, type S3ItemsOptions, type S3ItemsFormat } from './builders/s3-items.js';
export { ApprovalOutcome, Ballot, type VoteTally } from './builders/outcomes.js';
export type { RetryOptions, CatchOptions, TaskStepOptions, ErrorName } from './builders/step-options.js';
export { sns, sqs, dynamodb, events, lambda, awsSdk, type EventEntry, type DynamoItem } from './integrations/services.js';
export type { TaskSpec } from './integrations/task-spec.js';
export { text, type Text } from './refs/template.js';
export { orElse } from './refs/or-else.js';
export { eq, ne, lt, lte, gt, gte, and, or, not, isPresent, matches, type Condition } from './refs/conditions.js';
export type { Ref, RefValue } from './refs/ref.js';
export type { Computed, AnyComputed, Input, Resolve, AnyInput, TextInput } from './refs/value.js';
export type { Duration } from './duration.js';
export { DslError, isDslError } from './errors.js';
export { userFrame, withoutCallerLocations, type SourceLocation } from './source-location.js';

/**
 * The task token of the current callback task, to pass to whatever will call SendTaskSuccess
 * (for `lambda.invoke({ waitForCallback: true })` or `awsSdk(..., { waitForCallback: true })`).
 *
 * @example
 * ```ts
 * import { lambda, taskToken } from '@agentflow/dsl';
 * const handOff = lambda.invoke({ function: 'ticketing', payload: { token: taskToken }, waitForCallback: true });
 * ```
 */
export const taskToken: Ref<string> = createRef({ kind: 'task-token' }, z.string().max(2048));

// IR for the compiler and other tools (simulator, diagrams): plain data, `kind`-discriminated.
export type * from './ir/nodes.js';
export type * from './ir/expr.js';
export { childExprs, refsOf, isCondition } from './ir/expr.js';
export { walkSteps, childBlocks } from './ir/walk.js';
export { defOf, unwrap, fieldSchema, elementSchema, isStringSchema, type SchemaDef } from './refs/schema-shape.js';
export { isStringExpr, schemaOfExpr, toExpr } from './refs/value.js';
export { mayBeAbsentSchema, presentSchema } from './refs/absent.js';
export { resultSchemaOf, maxItemsOf } from './ir/result-schema.js';
export { createRef, refExprOf } from './refs/ref.js';
export { rewriteBlock, rewriteStep, rewriteExpr, type Rewriter } from './ir/transform.js';
