import type { AgentSession, AgentSpec, AgentStep, ApprovalStep, Expr, ModelStep, Offload, TaskStep } from '@agentflow/dsl';
import { POINTER_FIELD } from '../../passes/payload/pointer.js';
import { arrayKeyExpr, objectKeyExpr, promptParts } from './offload-fields.js';
import type { AslState, EmitContext } from './emit-context.js';
import { executionField, stringLiteral, type ExprContext } from './jsonata.js';
import { errorHandling, timeouts } from './task-fields.js';
import { outputSchemaOf } from './output-schema.js';
import { approvalResponderFunctionOf, functionArnForWorkflow } from '../../config/workflow-function.js';
import { APPROVAL_REQUEST_KIND, APPROVAL_REQUEST_VERSION } from '../../contract/approval-request.js';
import { withIterations } from './iteration-keys.js';

/**
 * Bedrock session ids must be stable across retries (so a retry resumes the same conversation) and distinct per
 * map iteration (parallel iterations must not share a session) and, unless the invocation keeps one session
 * `across-rounds`, per loop round (a later round's step is a different question): execution name, step id, then the
 * index of each enclosing map and the round of each enclosing loop, outermost first.
 */
export function sessionIdExpr(stepId: string, ctx: EmitContext, exprs: ExprContext, session: AgentSession = 'per-round'): string {
  const scopes = ctx.enclosingOf(stepId).filter((s) => s.kind === 'map' || session === 'per-round');
  return `{% ${withIterations([executionField('Name', exprs)], `:${stepId}`, scopes, ':', exprs)} %}`;
}

/** The adapter payload (contract in docs/agent-adapter.md). */
export function agentInvocation(agent: AgentSpec, stepId: string, prompt: Expr, ctx: EmitContext, exprs: ExprContext, offload?: Offload, session?: AgentSession): AslState {
  const resolved = ctx.resolved.agents.get(agent);
  const parts = promptParts(prompt, ctx, exprs);
  const payload: AslState = {
    agentId: resolved?.agentId ?? ('id' in agent.agent ? agent.agent.id : `\${agent:${agent.agent.name}}`),
    agentAliasId: resolved?.aliasId ?? ('id' in agent.alias ? agent.alias.id : `\${alias:${agent.alias.name}}`),
    sessionId: sessionIdExpr(stepId, ctx, exprs, session),
    ...(parts ? { inputParts: parts } : { inputText: ctx.json(prompt, exprs) }),
    outputSchema: outputSchemaOf(agent.output),
  };
  // The bound the payload analysis relied on; the adapter fails a larger answer instead of returning it.
  const budget = ctx.answerBudgets.get(stepId);
  if (budget !== undefined) payload['maxOutputBytes'] = budget;
  if (offload && ctx.offload) {
    const key = objectKeyExpr(stepId, ctx, exprs);
    const directive: AslState = { bucket: ctx.offload.bucket, key, inline: [...offload.inline] };
    // Arrays a Distributed Map iterates are also written alone, as the JSON array its ItemReader expects.
    if (offload.arrays?.length) directive['arrays'] = offload.arrays.map((field) => ({ field, key: arrayKeyExpr(key, field) }));
    payload['offload'] = directive;
  }
  // Each workflow has its own adapter function and role (docs/agent-adapter.md, "One adapter per workflow").
  return { FunctionName: functionArnForWorkflow(ctx.resolved.env.adapterFunction, ctx.workflow.name, ctx.resolved.env), Payload: payload };
}

export function emitAgent(step: AgentStep, ctx: EmitContext, exprs: ExprContext): AslState {
  const state: AslState = {
    Type: 'Task',
    Resource: ctx.integration('lambda:invoke'),
    Arguments: agentInvocation(step.agent, step.id, step.prompt, ctx, exprs, step.offload, step.session),
    ...timeouts(step.timeoutSeconds, step.heartbeatSeconds),
    ...errorHandling(step, 'agent', ctx),
  };
  ctx.produce(`result:${step.id}`, state, '{% $states.result.Payload %}');
  return state;
}

export function emitModel(step: ModelStep, ctx: EmitContext, exprs: ExprContext): AslState {
  const args: AslState = { ModelId: step.model.modelId, Body: ctx.json(step.body, exprs) };
  // Offloaded: InvokeModel writes the response body to S3 itself, and the workflow keeps its location.
  const uri = step.offload && ctx.offload ? objectKeyExpr(step.id, ctx, exprs, `s3://${ctx.offload.bucket}/`).slice(3, -3) : undefined;
  if (uri) args['Output'] = { S3Uri: `{% ${uri} %}` };
  const state: AslState = {
    Type: 'Task',
    Resource: ctx.integration('bedrock:invokeModel'),
    Arguments: args,
    ...timeouts(step.timeoutSeconds, step.heartbeatSeconds),
    ...errorHandling(step, false, ctx),
  };
  ctx.produce(`result:${step.id}`, state, uri ? `{% {${stringLiteral(POINTER_FIELD)}: ${uri}} %}` : '{% $states.result.Body %}');
  return state;
}

export function taskResultBase(step: TaskStep): string {
  return step.integration.resultPath ? `$states.result.${step.integration.resultPath}` : '$states.result';
}

/** The resource suffix of each integration pattern (asl-facts §3.1). */
const PATTERN_SUFFIX: Record<TaskStep['integration']['pattern'], string> = { 'request-response': '', 'wait-for-task-token': '.waitForTaskToken', 'run-job': '.sync:2' };

export function emitTask(step: TaskStep, ctx: EmitContext, exprs: ExprContext): AslState {
  const suffix = PATTERN_SUFFIX[step.integration.pattern];
  const state: AslState = {
    Type: 'Task',
    Resource: ctx.integration(`${step.integration.resource}${suffix}`),
    Arguments: ctx.json(step.integration.arguments, exprs),
    ...timeouts(step.timeoutSeconds, step.heartbeatSeconds),
    ...errorHandling(step, step.integration.isLambda ? 'lambda' : false, ctx),
  };
  ctx.produce(`result:${step.id}`, state, `{% ${taskResultBase(step)} %}`);
  return state;
}

/**
 * Hands the approval request, task token included, to the workflow's own approval responder and waits: the responder
 * notifies the reviewers on the topic with sealed approve/reject links (never the token itself, so a subscriber holds
 * no capability to decide) and answers with SendTaskSuccess `{approved, comments?, reviewer?}`. The Payload is
 * approval-request.schema.json (docs/agent-adapter.md, "Approvals"): `message`, or `messageParts` when the message
 * splices offloaded values.
 */
export function emitApproval(step: ApprovalStep, ctx: EmitContext, exprs: ExprContext): AslState {
  const topicArn = ctx.resolved.resources.get(`sns-topic:arn:${step.topic}`) ?? `\${topic:${step.topic}}`;
  const payload: AslState = {
    kind: APPROVAL_REQUEST_KIND,
    version: APPROVAL_REQUEST_VERSION,
    taskToken: '{% $states.context.Task.Token %}',
    workflow: ctx.workflow.name,
    step: step.id,
    execution: `{% ${executionField('Id', exprs)} %}`,
    topicArn,
  };
  if (step.subject) payload['subject'] = ctx.json(step.subject, exprs);
  // A message that splices offloaded values travels as the adapter's `inputParts` do: the reviewers need the value,
  // not its s3:// pointer, so the responder reads it (s3:GetObject on the offload prefix) and splices it in.
  const parts = promptParts(step.message, ctx, exprs);
  if (parts) payload['messageParts'] = parts;
  else payload['message'] = ctx.json(step.message, exprs);
  // The responder derives the links' lifetime from the step's own bounds, so it needs them in the request.
  payload['timeoutSeconds'] = step.timeoutSeconds;
  if (step.heartbeatSeconds !== undefined) payload['heartbeatSeconds'] = step.heartbeatSeconds;
  const functionName = functionArnForWorkflow(approvalResponderFunctionOf(ctx.resolved.env), ctx.workflow.name, ctx.resolved.env);
  const state: AslState = {
    Type: 'Task',
    Resource: ctx.integration('lambda:invoke.waitForTaskToken'),
    Arguments: { FunctionName: functionName, Payload: payload },
    ...timeouts(step.timeoutSeconds, step.heartbeatSeconds),
    // No default Lambda retriers (`false`, not 'lambda'): each attempt mints a new task token and notifies the
    // reviewers again, so a retry is the author's call (`retry`), as it was when approvals published to SNS.
    ...errorHandling(step, false, ctx),
  };
  ctx.produce(`result:${step.id}`, state, '{% $states.result %}');
  return state;
}

