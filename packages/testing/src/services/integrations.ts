import { createHash } from 'node:crypto';
import type { AgentMocks, ApprovalMocks, ChildWorkflows, Json, TaskMocks } from '../types.js';
import { SimulationSetupError, StatesError } from '../engine/errors.js';
import type { Frame, MapRunInfo, MapRunResult, Services, TaskCall } from '../engine/frame.js';
import { adapterAnswer, adapterPayload, agentRequest } from './agent-adapter.js';
import { approvalOutput, approvalRequest, isApprovalCall } from './approval-responder.js';
import { lambdaResult, sdkHttpMetadata } from './lambda-result.js';
import type { MemoryS3 } from './memory-s3.js';
import { dynamoTask, MemoryDynamoDB } from './memory-dynamodb.js';
import { findMock, mockKeys, MockRunner } from './mock-runner.js';
import { writeMapResults } from './result-writer.js';
import { readMapItems } from './item-reader.js';
import { childMocks, isSyncStart, runChild } from './child-workflow.js';
import type { ChildSimulation } from '../types.js';
import type { AslDefinition } from '../engine/asl.js';

export interface MockTables {
  readonly agents?: AgentMocks;
  readonly approvals?: ApprovalMocks;
  readonly tasks?: TaskMocks;
  readonly workflows?: ChildWorkflows;
}

/** How children of `flow.run` steps are compiled: with the parent's environment and config. */
export interface ChildCompile {
  readonly env?: string | undefined;
  readonly config?: string | undefined;
}

/**
 * Routes each Task to what would answer it on AWS: agent steps to the adapter (played here around the agent
 * mock), approvals to the responder (around the approval mock), S3 SDK calls to the in-memory S3, DynamoDB
 * getItem/putItem on declared tables to the in-memory tables, and every other resource to its task mock. A Task nothing answers is a test mistake, named with the key to add.
 */
export function createServices(mocks: MockTables, s3: MemoryS3, dynamodb: MemoryDynamoDB = new MemoryDynamoDB(), compile: ChildCompile = {}): Services {
  const runner = new MockRunner();
  const children = { ...compile, services: (child: ChildSimulation, definition: AslDefinition) => createServices(childMocks(child, definition), s3, dynamodb, compile) };
  let requests = 0;
  return {
    async invoke(call: TaskCall): Promise<unknown> {
      const task = findMock(mocks.tasks, call.stateName);
      const payload = adapterPayload(call);
      if (payload && !task) {
        const mock = findMock(mocks.agents, call.stateName);
        if (!mock) throw missing('agent', 'agents', call);
        const requestId = `sim-request-${++requests}`;
        try {
          const request = agentRequest(payload, s3);
          const answer = await runner.call(mock, request, call, `agent step '${call.stateName}'`);
          return lambdaResult(adapterAnswer(payload, answer, s3), requestId);
        } catch (error) {
          throw error instanceof StatesError ? functionError(error, requestId) : error;
        }
      }
      if (isApprovalCall(call) && !task) {
        const mock = findMock(mocks.approvals, call.stateName);
        if (!mock) throw missing('approval', 'approvals', call);
        let request;
        try {
          request = approvalRequest(call, s3);
        } catch (error) {
          // A request the responder refuses is its function error; what the mock answers is the reviewers' decision.
          throw error instanceof StatesError ? functionError(error, `sim-request-${++requests}`) : error;
        }
        const answer = await runner.call(mock, request, call, `approval '${call.stateName}'`);
        return approvalOutput(answer, call.stateName);
      }
      if (task) return runner.call(task, call.args as Json, call, `task '${call.stateName}'`);
      const item = dynamoTask(call.resource, call.args, dynamodb);
      if (item !== undefined) return item;
      if (isSyncStart(call)) return runChild(call, mocks.workflows, children, runner);
      const s3Result = s3Task(call, s3);
      if (s3Result !== undefined) return s3Result;
      throw missing('task', 'tasks', call);
    },
    submitted: (call: TaskCall) => submitResponse(call, call.frame.exec.uuid()),
    readItems: (frame: Frame, stateName: string, reader, args) => readMapItems(s3, stateName, reader, args, frame),
    writeResults: (frame: Frame, stateName: string, args: unknown, config: Record<string, unknown> | undefined, results: MapRunResult[], run?: MapRunInfo) =>
      writeMapResults(s3, frame, stateName, args, config, results, run),
  };
}

/**
 * An error the adapter function raised (the agent mock's failure or the adapter's own) is a Lambda *function*
 * error: `error` = its type, `cause` = the JSON error payload `{errorMessage, errorType, requestId, stackTrace}`
 * (REC/error_handling/test_task_service_lambda). Lambda service errors (`Lambda.*`) and `States.*` keep theirs.
 */
function functionError(error: StatesError, requestId: string): StatesError {
  if (error.error.startsWith('Lambda.') || error.error.startsWith('States.')) return error;
  const errorType = error.error === '' ? 'Lambda.Unknown' : error.error;
  return new StatesError(errorType, JSON.stringify({ errorMessage: error.causeText ?? '', errorType, requestId, stackTrace: [] }));
}

/**
 * What the request carrying a task token got back from the service, as `TaskSubmitted.output`
 * (REC/callback/test_callback, REC/timeouts/test_heartbeats).
 */
function submitResponse(call: TaskCall, id: string): unknown {
  const resource = call.resource.replace(/\.waitForTaskToken$/, '');
  if (resource.endsWith(':lambda:invoke')) return lambdaResult(null, id);
  const meta = { SdkHttpMetadata: sdkHttpMetadata(id, 'application/x-amz-json-1.0'), SdkResponseMetadata: { RequestId: id } };
  if (resource.endsWith(':sns:publish')) return { MessageId: id, ...meta };
  if (resource.endsWith(':sqs:sendMessage')) {
    const body = (call.args as { MessageBody?: unknown } | null)?.MessageBody;
    const text = typeof body === 'string' ? body : JSON.stringify(body ?? null);
    return { MD5OfMessageBody: createHash('md5').update(text).digest('hex'), MessageId: id, ...meta };
  }
  return meta;
}

function missing(kind: string, table: string, call: TaskCall): SimulationSetupError {
  const keys = mockKeys(call.stateName);
  const key = keys[keys.length - 1]!;
  return new SimulationSetupError(
    `No mock for ${kind} step '${key}' (state '${call.stateName}', resource ${call.resource}).`,
    `Add ${table}: { '${key}': … } to the simulate options.`,
  );
}

/** `aws-sdk:s3:getObject` / `putObject` Tasks answer from the in-memory S3 unless a task mock says otherwise. */
function s3Task(call: TaskCall, s3: MemoryS3): unknown {
  const args = (call.args ?? {}) as Record<string, unknown>;
  const bucket = String(args['Bucket']);
  const key = String(args['Key']);
  if (call.resource === 'arn:aws:states:::aws-sdk:s3:getObject') {
    const body = s3.getText(bucket, key, 'S3.NoSuchKeyException');
    return { Body: body, ContentLength: Buffer.byteLength(body), ContentType: 'application/json', ETag: '"sim"' };
  }
  if (call.resource === 'arn:aws:states:::aws-sdk:s3:putObject') {
    const body = args['Body'];
    s3.put(bucket, key, typeof body === 'string' ? body : JSON.stringify(body));
    return { ETag: '"sim"' };
  }
  if (call.resource.includes(':s3:')) throw new SimulationSetupError(`The S3 action of ${call.resource} is not simulated (state '${call.stateName}').`, `Give tasks: { '${call.stateName}': … } a mock.`);
  return undefined;
}
