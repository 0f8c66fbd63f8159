import { literalPrefix } from '../../../src/iam/asl-fields.js';
/**
 * asl-facts §4 as a table, written independently of src/iam: for each Task resource (and Distributed Map, callback,
 * agent adapter call) the (role, action, resource) triples that must be allowed. A resource with no row throws, so
 * a new integration cannot slip past the cross-check without one.
 */
type Json = Record<string, unknown>;
export type Role = 'stateMachine' | 'agentAdapter' | 'approvalResponder';

export interface Requirement {
  readonly role: Role;
  readonly action: string;
  /** A concrete resource ARN the call touches; `undefined` when only "allowed somewhere" can be checked (aws-sdk). */
  readonly resource: string | undefined;
  /** JSON pointer of the state that needs it. */
  readonly at: string;
  /** Condition keys of the request, when the policy may grant it conditionally (`s3:prefix`). */
  readonly context?: Readonly<Record<string, string>>;
}

export interface RequirementEnv {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
  /** The adapter's ARN exactly as the compiler writes it into FunctionName. */
  readonly adapterFunctionArn: string;
  readonly stateMachineArn: string;
  /** The environment's approvalKeyParameter as configured (`{workflow}` in it); the default when absent. */
  readonly approvalKeyParameter?: string;
  /** `arn:P:s3:::bucket/<prefix>/<workflow>/*`, this workflow's offloaded objects, when it offloads anything. */
  readonly offloadObjects?: string;
}

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function str(args: Json, key: string, at: string): string {
  const v = args[key];
  if (typeof v !== 'string' || v.startsWith('{%')) throw new Error(`${at}: ${key} is not a literal (${JSON.stringify(v)}); the cross-check needs static resources`);
  return v;
}

type Row = (args: Json, env: RequirementEnv, pattern: string, at: string) => Omit<Requirement, 'at'>[];

const exec = (role: Role, action: string, resource: string | undefined) => ({ role, action, resource });

function lambdaArn(value: string, env: RequirementEnv): string {
  if (value.startsWith('arn:')) return value;
  return `arn:${env.partition}:lambda:${env.region}:${env.account}:function:${value}`;
}

/** Rows, keyed by `service:api` of `arn:aws:states:::service:api[.pattern]`. */
export const TABLE: Record<string, Row> = {
  // Lambda: the function ARN and `ARN:*` (any version or alias); a qualified FunctionName needs exactly itself.
  'lambda:invoke': (args, env, _p, at) => {
    const arn = lambdaArn(str(args, 'FunctionName', at), env);
    const qualified = arn.split(':').length > 7;
    return qualified ? [exec('stateMachine', 'lambda:InvokeFunction', arn)] : ['', ':1', ':live'].map((q) => exec('stateMachine', 'lambda:InvokeFunction', `${arn}${q}`));
  },
  'sns:publish': (args, _e, _p, at) => [exec('stateMachine', 'sns:Publish', str(args, 'TopicArn', at))],
  'sqs:sendMessage': (args, env, _p, at) => {
    const url = new URL(str(args, 'QueueUrl', at));
    const [, account, name] = url.pathname.split('/');
    const region = url.hostname.split('.')[1];
    return [exec('stateMachine', 'sqs:SendMessage', `arn:${env.partition}:sqs:${region}:${account}:${name}`)];
  },
  ...Object.fromEntries(
    (['getItem', 'putItem', 'updateItem', 'deleteItem'] as const).map((api) => [
      `dynamodb:${api}`,
      ((args, env, _p, at) => {
        const table = str(args, 'TableName', at);
        const arn = table.startsWith('arn:') ? table : `arn:${env.partition}:dynamodb:${env.region}:${env.account}:table/${table}`;
        return [exec('stateMachine', `dynamodb:${api[0]!.toUpperCase()}${api.slice(1)}`, arn)];
      }) satisfies Row,
    ]),
  ),
  'events:putEvents': (args, env, _p, at) => {
    const entries = args['Entries'];
    if (!Array.isArray(entries)) throw new Error(`${at}: Entries is not a literal array`);
    return entries.map((e: Json) => {
      const bus = e['EventBusName'] === undefined ? 'default' : str(e, 'EventBusName', at);
      return exec('stateMachine', 'events:PutEvents', bus.startsWith('arn:') ? bus : `arn:${env.partition}:events:${env.region}:${env.account}:event-bus/${bus}`);
    });
  },
  // Foundation models have an empty account.
  'bedrock:invokeModel': (args, env, _p, at) => {
    const id = str(args, 'ModelId', at);
    return [exec('stateMachine', 'bedrock:InvokeModel', id.startsWith('arn:') ? id : `arn:${env.partition}:bedrock:${env.region}::foundation-model/${id}`)];
  },
  'states:startExecution': (args, env, pattern, at) => {
    const child = str(args, 'StateMachineArn', at);
    const out = [exec('stateMachine', 'states:StartExecution', child)];
    if (pattern.startsWith('sync')) {
      const [, p, , r, a, , name] = child.split(':');
      for (const action of ['states:DescribeExecution', 'states:StopExecution']) out.push(exec('stateMachine', action, `arn:${p}:states:${r}:${a}:execution:${name}:run-1`));
      for (const action of ['events:PutTargets', 'events:PutRule', 'events:DescribeRule']) {
        out.push(exec('stateMachine', action, `arn:${env.partition}:events:${env.region}:${env.account}:rule/StepFunctionsGetEventsForStepFunctionsExecutionRule`));
      }
    }
    return out;
  },
};

/** SDK service names whose IAM prefix differs, and SDK calls authorized by another action (Service Authorization Reference). */
const SDK_PREFIX: Record<string, string> = { sfn: 'states', sesv2: 'ses', bedrockruntime: 'bedrock', bedrockagentruntime: 'bedrock', cloudwatchlogs: 'logs' };
const SDK_ACTION: Record<string, string> = {
  'lambda:invoke': 'lambda:InvokeFunction',
  's3:listObjectsV2': 's3:ListBucket',
  's3:headObject': 's3:GetObject',
  'bedrockruntime:converse': 'bedrock:InvokeModel',
};

const URI = /^arn:[a-z-]+:states:::(aws-sdk:)?([a-z0-9-]+):([A-Za-z0-9]+)(?:\.(sync:2|sync|waitForTaskToken))?$/;

/** Every requirement of a definition, walking Parallel branches and Map item processors. */
export function requirementsOf(definition: Json, env: RequirementEnv): Requirement[] {
  const out: Requirement[] = [];
  const visit = (graph: Json, base: string) => {
    const states = graph['States'];
    if (!isObj(states)) return;
    for (const [name, state] of Object.entries(states)) {
      if (!isObj(state)) continue;
      const at = `${base}/States/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      if (state['Type'] === 'Task') out.push(...taskRequirements(state, env, at));
      if (state['Type'] === 'Map') out.push(...mapRequirements(state, env, at));
      if (Array.isArray(state['Branches'])) state['Branches'].forEach((b, i) => isObj(b) && visit(b, `${at}/Branches/${i}`));
      if (isObj(state['ItemProcessor'])) visit(state['ItemProcessor'], `${at}/ItemProcessor`);
    }
  };
  visit(definition, '');
  return out;
}

function taskRequirements(state: Json, env: RequirementEnv, at: string): Requirement[] {
  const resource = String(state['Resource']);
  const m = URI.exec(resource);
  if (!m) throw new Error(`${at}: no asl-facts §4 row for Task resource ${resource}`);
  const [, sdk, service, api, pattern = ''] = m as unknown as [string, string | undefined, string, string, string | undefined];
  const args = (state['Arguments'] ?? state['Parameters'] ?? {}) as Json;
  const out: Requirement[] = [];
  if (sdk) {
    const action = SDK_ACTION[`${service}:${api}`] ?? `${SDK_PREFIX[service] ?? service}:${api[0]!.toUpperCase()}${api.slice(1)}`;
    out.push({ role: 'stateMachine', action, resource: undefined, at });
  } else {
    const row = TABLE[`${service}:${api}`];
    if (!row) throw new Error(`${at}: no asl-facts §4 row for Task resource ${resource}; add one to test/iam/helpers/required-actions.ts`);
    out.push(...row(args, env, pattern, at).map((r) => ({ ...r, at })));
  }
  // Callback responder: SendTask* on the state machine (asl-facts §4, "Callback responder").
  if (pattern === 'waitForTaskToken') {
    // agentflow's responder decides with SendTaskSuccess either way and heartbeats; code answering a hand-written
    // callback may also fail the task.
    const approval = service === 'lambda' && isObj(args['Payload']) && args['Payload']['kind'] === 'agentflow.approval-request';
    const answers = approval ? ['states:SendTaskSuccess', 'states:SendTaskHeartbeat'] : ['states:SendTaskSuccess', 'states:SendTaskFailure', 'states:SendTaskHeartbeat'];
    for (const action of answers) out.push({ role: 'approvalResponder', action, resource: env.stateMachineArn, at });
    // A request that carries an offload pointer: the responder reads the object to show it (docs/iam.md).
    if (env.offloadObjects && JSON.stringify(args).includes('$s3')) out.push({ role: 'approvalResponder', action: 's3:GetObject', resource: env.offloadObjects, at });
  }
  // Approval request (docs/agent-adapter.md, "Approvals"): the responder, not the execution role, notifies the
  // reviewers on the request's topic, and reads the link key parameter (SSM ARNs drop the name's leading slash).
  const request = args['Payload'];
  if (service === 'lambda' && pattern === 'waitForTaskToken' && isObj(request) && request['kind'] === 'agentflow.approval-request') {
    out.push({ role: 'approvalResponder', action: 'sns:Publish', resource: str(request, 'topicArn', at), at });
    const name = (env.approvalKeyParameter ?? '/agentflow/{workflow}/approval-key').replaceAll('{workflow}', str(request, 'workflow', at));
    out.push({ role: 'approvalResponder', action: 'ssm:GetParameter', resource: `arn:${env.partition}:ssm:${env.region}:${env.account}:parameter/${name.replace(/^\//, '')}`, at });
  }
  // Agent adapter: bedrock:InvokeAgent on the alias ARN of the agent the payload names.
  if (service === 'lambda' && args['FunctionName'] === env.adapterFunctionArn && isObj(args['Payload'])) {
    const payload = args['Payload'];
    out.push({
      role: 'agentAdapter',
      action: 'bedrock:InvokeAgent',
      resource: `arn:${env.partition}:bedrock:${env.region}:${env.account}:agent-alias/${str(payload, 'agentId', at)}/${str(payload, 'agentAliasId', at)}`,
      at,
    });
    // S3 offload (docs/payload.md): the adapter writes the answer under the key's literal prefix, and reads it back
    // for prompts that expand it.
    const offload = payload['offload'];
    if (isObj(offload)) {
      const objects = `arn:${env.partition}:s3:::${str(offload, 'bucket', at)}/${literalPrefix(String(offload['key']))}*`;
      for (const action of ['s3:GetObject', 's3:PutObject']) out.push({ role: 'agentAdapter', action, resource: objects, at });
      // Reading a pointer to a missing object: S3 answers 404 only to a caller that may list the key, checked with
      // the key as s3:prefix (S3 API reference, GetObject, "Permissions"); 403 would hide that it is missing.
      const missingKey = `${literalPrefix(String(offload['key']))}missing.json`;
      out.push({ role: 'agentAdapter', action: 's3:ListBucket', resource: `arn:${env.partition}:s3:::${str(offload, 'bucket', at)}`, context: { 's3:prefix': missingKey }, at });
    }
  }
  return out;
}

/** Distributed Map: child executions of this very state machine, S3 reader and writer (asl-facts §4). */
function mapRequirements(state: Json, env: RequirementEnv, at: string): Requirement[] {
  const out: Requirement[] = [];
  const processor = state['ItemProcessor'];
  const config = isObj(processor) ? processor['ProcessorConfig'] : undefined;
  if (isObj(config) && config['Mode'] === 'DISTRIBUTED') {
    const name = env.stateMachineArn.split(':')[6];
    const child = `arn:${env.partition}:states:${env.region}:${env.account}:execution:${name}/run-label:child-1`;
    out.push({ role: 'stateMachine', action: 'states:StartExecution', resource: env.stateMachineArn, at });
    out.push({ role: 'stateMachine', action: 'states:DescribeExecution', resource: child, at });
    out.push({ role: 'stateMachine', action: 'states:StopExecution', resource: child, at });
  }
  const reader = state['ItemReader'];
  if (isObj(reader)) {
    const args = (reader['Arguments'] ?? reader['Parameters']) as Json;
    const bucket = str(args, 'Bucket', at);
    if (String(reader['Resource']).endsWith(':s3:listObjectsV2')) out.push({ role: 'stateMachine', action: 's3:ListBucket', resource: `arn:${env.partition}:s3:::${bucket}`, at });
    else out.push({ role: 'stateMachine', action: 's3:GetObject', resource: `arn:${env.partition}:s3:::${bucket}/${str(args, 'Key', at)}`, at });
  }
  const writer = state['ResultWriter'];
  if (isObj(writer) && writer['Resource'] !== undefined) {
    const args = (writer['Arguments'] ?? writer['Parameters']) as Json;
    const prefix = typeof args['Prefix'] === 'string' ? `${(args['Prefix'] as string).replace(/\/$/, '')}/` : '';
    const object = `arn:${env.partition}:s3:::${str(args, 'Bucket', at)}/${prefix}map-run-1/manifest.json`;
    for (const action of ['s3:PutObject', 's3:GetObject', 's3:ListMultipartUploadParts', 's3:AbortMultipartUpload']) out.push({ role: 'stateMachine', action, resource: object, at });
  }
  return out;
}
