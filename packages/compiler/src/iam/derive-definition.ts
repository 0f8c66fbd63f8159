import { POINTER_FIELD } from '../passes/payload/pointer.js';
import { joinPointer } from '../validate-asl/json/json-pointer.js';
import { argumentsOf, field, valueField, walkStates, type Json, type StateAt } from './asl-fields.js';
import { lambdaArns, parseArn } from './arns.js';
import type { IamBuilder } from './builder.js';
import { REASON, SID } from './grants.js';
import { awsSdk } from './integrations/aws-sdk.js';
import { invokeHarness, invokeModel } from './integrations/bedrock.js';
import { dynamodbItem, eventsPutEvents, lambdaInvoke, snsPublish, sqsSendMessage } from './integrations/optimized.js';
import { distributedMap, startExecution } from './integrations/states.js';
import type { TaskScope } from './integrations/task-scope.js';

/** `arn:<partition>:states:::[aws-sdk:]<service>:<api>[.sync|.sync:2|.waitForTaskToken]` (asl-facts §3.1). */
const INTEGRATION = /^arn:([a-z-]+):states:::(aws-sdk:)?([a-z0-9-]+):([A-Za-z0-9]+)(?:\.(sync:2|sync|waitForTaskToken))?$/;

export interface DefinitionFacts {
  /** Pointers of `.waitForTaskToken` Tasks: someone must answer them. */
  readonly callbacks: string[];
  /** Whether a callback request carries an offload pointer (`$s3`): the responder then reads it to show it. */
  callbackShowsOffloaded: boolean;
}

/** Walks every state (branches and item processors included) and records what each needs. */
export function deriveDefinition(b: IamBuilder, definition: Json, scope: TaskScope): DefinitionFacts {
  const facts: DefinitionFacts = { callbacks: [], callbackShowsOffloaded: false };
  for (const at of walkStates(definition)) {
    if (at.state['Type'] === 'Map') distributedMap(b, at, scope);
    if (at.state['Type'] === 'Task') task(b, at, scope, facts);
  }
  return facts;
}

function task(b: IamBuilder, at: StateAt, scope: TaskScope, facts: DefinitionFacts): void {
  const resource = at.state['Resource'];
  const pointer = joinPointer(at.pointer, 'Resource');
  if (typeof resource !== 'string') {
    b.error('iam-invalid-resource', 'The Task has no Resource string, so its permissions cannot be derived.', pointer);
    return;
  }
  const match = INTEGRATION.exec(resource);
  const pattern = match?.[5];
  if (pattern === 'waitForTaskToken') {
    facts.callbacks.push(at.pointer);
    if (JSON.stringify(at.state['Arguments'] ?? at.state['Parameters'] ?? null).includes(POINTER_FIELD)) facts.callbackShowsOffloaded = true;
  }
  if (at.state['Credentials'] !== undefined) {
    credentials(b, at);
    return;
  }
  if (!match) {
    direct(b, resource, pointer);
    return;
  }
  const [, , sdk, service, api] = match as unknown as [string, string, string | undefined, string, string];
  const args = argumentsOf(at.state, at.pointer);
  if (sdk) {
    awsSdk(b, service, api, args, pointer);
    return;
  }
  const callback = pattern === 'waitForTaskToken';
  switch (`${service}:${api}`) {
    case 'lambda:invoke':
      return lambdaInvoke(b, args, scope);
    case 'sns:publish':
      return snsPublish(b, args, callback);
    case 'sqs:sendMessage':
      return sqsSendMessage(b, args);
    case 'dynamodb:getItem':
    case 'dynamodb:putItem':
    case 'dynamodb:updateItem':
    case 'dynamodb:deleteItem':
      return dynamodbItem(b, api, args);
    case 'events:putEvents':
      return eventsPutEvents(b, args);
    case 'bedrock:invokeModel':
      return invokeModel(b, args);
    case 'bedrockagentcore:invokeHarness':
      return invokeHarness(b, args);
    case 'states:startExecution':
      return startExecution(b, args, pattern === 'sync' || pattern === 'sync:2');
    default:
      b.error(
        'iam-unsupported-integration',
        `agentflow does not know the permissions of ${resource}.`,
        pointer,
        'Supported: lambda:invoke, sns:publish, sqs:sendMessage, dynamodb item APIs, events:putEvents, bedrock:invokeModel, bedrockagentcore:invokeHarness, states:startExecution and aws-sdk:* (asl-facts §4).',
      );
  }
}

/** A Lambda ARN as the Resource (the legacy form); an activity needs nothing from the execution role. */
function direct(b: IamBuilder, resource: string, pointer: string): void {
  const arn = parseArn(resource);
  if (arn?.service === 'states' && arn.resource.startsWith('activity:')) return;
  if (arn?.service === 'lambda') {
    const arns = lambdaArns(resource, b.env);
    if (arns) {
      b.grant('stateMachine', SID.invokeLambda, ['lambda:InvokeFunction'], arns.resources, arns.wildcard ? REASON.lambdaQualifiers : undefined);
      return;
    }
  }
  b.error('iam-unsupported-integration', `agentflow does not know the permissions of ${resource}.`, pointer, 'Use an arn:aws:states::: service integration.');
}

/** A Task with `Credentials` runs as another role: the execution role only assumes it. */
function credentials(b: IamBuilder, at: StateAt): void {
  const creds = valueField(at.state['Credentials'], joinPointer(at.pointer, 'Credentials'));
  b.need({
    sid: SID.assumeTaskRole,
    actions: ['sts:AssumeRole'],
    service: 'iam',
    field: field(creds, 'RoleArn'),
    what: 'task credentials role',
    derive: (v) => (parseArn(v)?.service === 'iam' && parseArn(v)!.resource.startsWith('role/') ? { resources: [v] } : undefined),
    example: `arn:${b.env.partition}:iam::${b.env.account}:role/PREFIX-*`,
    prefixArn: (prefix) => (prefix.startsWith('arn:') ? prefix : undefined),
  });
  b.diagnostics.push({
    code: 'iam-task-credentials',
    severity: 'info',
    message: 'This Task runs with the role named in Credentials; that role, not the execution role, needs the permissions of the call itself.',
    pointer: joinPointer(at.pointer, 'Credentials'),
  });
}
