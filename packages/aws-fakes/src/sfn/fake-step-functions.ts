import { FaultPlan, type FaultKind } from '../faults.js';
import { jsonObjectBody, startLoopback, type LoopbackReply, type LoopbackRequest } from '../loopback-server.js';
import { SfnError } from './errors.js';
import { addExecution, setExecutionStatus, type AddedExecution, type ExecutionStatus } from './executions.js';
import { SFN_MUTATING_OPERATIONS, SFN_OPERATIONS } from './operations.js';
import { snapshotOf, type FakeSfnSnapshot } from './state.js';
import { SfnStore, type Diagnostic } from './store.js';
import { defaultTaskToken, MAX_TOKEN_LENGTH, type TaskResponse, type TaskStatus } from './tasks.js';

/**
 * A stateful Step Functions on a loopback port, speaking awsJson1_0 as the real service does (research file E1 and
 * the protocol cheat sheet): `POST /`, `X-Amz-Target: AWSStepFunctions.<Operation>`, JSON bodies, epoch-second dates,
 * errors as `{"__type": code, "message": …}`.
 */

export interface SfnCall {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

export interface FakeStepFunctions {
  /** `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  readonly faults: FaultPlan;
  /** Every request received, in order, including those a fault answered. */
  readonly calls: SfnCall[];
  /** The operations of `calls` that mutate (SFN_MUTATING_OPERATIONS), in order. */
  writes(): string[];
  /** A plain JSON copy of all state. */
  snapshot(): FakeSfnSnapshot;
  /**
   * Opens a callback task (a `.waitForTaskToken` state waiting) and returns its token: `token` as given, or a
   * default 600-character base64 token holding `+`, `/` and `=`, deterministic per fake. A token already issued throws.
   */
  openTask(task: { executionArn: string; stateName?: string; token?: string }): string;
  /** The task's state, or undefined for a token never issued. */
  task(token: string): FakeTaskState | undefined;
  /** Closes an open task as its TimeoutSeconds or HeartbeatSeconds would: later SendTask* calls get TaskTimedOut. */
  timeOutTask(token: string): void;
  /** Called after each SendTaskSuccess or SendTaskFailure that closed a task; returns the unsubscribe. */
  onTaskResponse(listener: (response: TaskResponse) => void): () => void;
  /**
   * Adds an execution with its history (event ids 1..n in order) and returns its ARN
   * `arn:aws:states:<region>:<account>:execution:<machine name>:<name>`; the state machine need not exist. Nothing
   * runs it, and closing a task opened on it appends no event.
   */
  addExecution(execution: AddedExecution): string;
  /** A non-RUNNING status also sets the stop date. */
  setExecutionStatus(arn: string, status: ExecutionStatus): void;
  close(): Promise<void>;
}

export interface FakeTaskState {
  status: TaskStatus;
  output?: string;
  error?: string;
  cause?: string;
  heartbeats: number;
}

export interface FakeStepFunctionsOptions {
  /** Default us-east-1. */
  region?: string;
  /** Default 123456789012. */
  account?: string;
  /** Diagnostics ValidateStateMachineDefinition returns (result FAIL when any ERROR), by definition predicate.
   *  A definition given an ERROR is also refused by CreateStateMachine/UpdateStateMachine with InvalidDefinition. */
  validate?: (definition: string) => Diagnostic[];
  /** After an UpdateStateMachine that changed something, this many DescribeStateMachine calls of the unqualified
   *  ARN still return the previous revision (AWS is eventually consistent). Default 0. */
  staleDescribes?: number;
  /** The most items a List* page holds, whatever `maxResults` asks (AWS may return fewer). Default 2. */
  pageSize?: number;
}

const JSON_TYPE = 'application/x-amz-json-1.0';

export async function startFakeStepFunctions(options: FakeStepFunctionsOptions = {}): Promise<FakeStepFunctions> {
  const store = new SfnStore({
    region: options.region ?? 'us-east-1',
    account: options.account ?? '123456789012',
    ...(options.validate ? { validate: options.validate } : {}),
    staleDescribes: options.staleDescribes ?? 0,
    pageSize: options.pageSize ?? 2,
  });
  const faults = new FaultPlan();
  const calls: SfnCall[] = [];
  let requests = 0;

  const reply = (status: number, body: unknown): LoopbackReply => {
    requests += 1;
    return {
      status,
      headers: { 'content-type': JSON_TYPE, 'x-amzn-requestid': `00000000-0000-4000-a000-${String(requests).padStart(12, '0')}` },
      body: JSON.stringify(body),
    };
  };
  const fail = (error: SfnError): LoopbackReply => ({ ...reply(error.status, {}), body: error.body() });

  const handle = (request: LoopbackRequest): LoopbackReply => {
    const target = String(request.headers['x-amz-target'] ?? '');
    if (request.method !== 'POST' || !target.startsWith('AWSStepFunctions.')) {
      return fail(new SfnError('UnknownOperationException', `Unknown operation: ${request.method} ${request.url} X-Amz-Target '${target}'`));
    }
    const operation = target.slice('AWSStepFunctions.'.length);
    const input = jsonObjectBody(request.body);
    if (input === undefined) {
      calls.push({ operation, input: {} });
      return fail(new SfnError('SerializationException', 'The request body is not a JSON object'));
    }
    calls.push({ operation, input });
    const run = SFN_OPERATIONS[operation];
    if (!run) return fail(new SfnError('UnknownOperationException', `Unknown operation: '${operation}'`));
    const fault = faults.take(operation);
    if (fault) return injected(fault, operation, input);
    try {
      return reply(200, run(store, input));
    } catch (error) {
      if (error instanceof SfnError) return fail(error);
      throw error;
    }
  };

  const injected = (fault: FaultKind, operation: string, input: Record<string, unknown>): LoopbackReply => {
    switch (fault) {
      case 'drop':
        return { drop: true };
      case 'throttle':
        return fail(new SfnError('ThrottlingException', 'Rate exceeded'));
      case 'server-error':
        // Any 500 is retried by the SDK (TRANSIENT_ERROR_STATUS_CODES 500/502/503/504 in @smithy/core retry).
        return fail(new SfnError('InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.'));
      case 'conflict':
        return fail(new SfnError('ConflictException', `Conflict: a concurrent ${operation} is in progress`));
      case 'access-denied': {
        const resource = resourceOf(store, operation, input);
        return fail(
          new SfnError(
            'AccessDeniedException',
            `User: arn:aws:sts::${store.options.account}:assumed-role/deployer/session is not authorized to perform: states:${operation} on resource: ${resource} because no identity-based policy allows the states:${operation} action`,
          ),
        );
      }
    }
  };

  const server = await startLoopback(handle);
  return {
    endpoint: server.endpoint,
    faults,
    calls,
    writes: () => calls.filter((c) => SFN_MUTATING_OPERATIONS.has(c.operation)).map((c) => c.operation),
    snapshot: () => snapshotOf([...store.machines.values()].sort((a, b) => a.seq - b.seq)),
    openTask: ({ executionArn, stateName, token }) => {
      const chosen = token ?? defaultTaskToken(store.tasks.size + 1);
      if (chosen.length < 1 || chosen.length > MAX_TOKEN_LENGTH) throw new Error(`openTask: a task token is 1 to ${MAX_TOKEN_LENGTH} characters, not ${chosen.length}`);
      if (store.tasks.has(chosen)) throw new Error('openTask: this token was already issued');
      store.tasks.set(chosen, { token: chosen, executionArn, ...(stateName !== undefined ? { stateName } : {}), status: 'open', heartbeats: 0 });
      return chosen;
    },
    task: (token) => {
      const task = store.tasks.get(token);
      if (!task) return undefined;
      const { status, output, error, cause, heartbeats } = task;
      return { status, heartbeats, ...(output !== undefined ? { output } : {}), ...(error !== undefined ? { error } : {}), ...(cause !== undefined ? { cause } : {}) };
    },
    timeOutTask: (token) => {
      const task = store.tasks.get(token);
      if (!task) throw new Error('timeOutTask: no task has this token');
      if (task.status === 'open') task.status = 'timed-out';
    },
    onTaskResponse: (listener) => {
      // A wrapper per subscription, so the same function subscribed twice is called twice and unsubscribed once.
      const subscription = (response: TaskResponse): void => listener(response);
      store.taskListeners.add(subscription);
      return () => {
        store.taskListeners.delete(subscription);
      };
    },
    addExecution: (execution) => addExecution(store, execution),
    setExecutionStatus: (arn, status) => setExecutionStatus(store, arn, status),
    close: () => server.close(),
  };
}

/**
 * The resource IAM authorises a call on: the ARN the request names (IAM authorises version and alias calls on the
 * state machine's ARN family, research file a.3 "Authorization"), the ARN a create would make, or `*` for lists.
 */
function resourceOf(store: SfnStore, operation: string, input: Record<string, unknown>): string {
  for (const member of ['stateMachineArn', 'stateMachineAliasArn', 'stateMachineVersionArn', 'resourceArn', 'executionArn']) {
    const value = input[member];
    if (typeof value === 'string') return value;
  }
  // SendTask* are authorised on the state machine that runs the task (the responder role's grant, DESIGN approval §3).
  const task = typeof input.taskToken === 'string' ? store.tasks.get(input.taskToken) : undefined;
  if (task) return task.executionArn.replace(/:execution:([^:]+):[^:]+$/, ':stateMachine:$1');
  if (operation === 'CreateStateMachine' && typeof input.name === 'string') return store.arns.machine(input.name);
  const routing = input.routingConfiguration;
  if (operation === 'CreateStateMachineAlias' && Array.isArray(routing) && typeof input.name === 'string') {
    const version = (routing[0] as { stateMachineVersionArn?: unknown } | undefined)?.stateMachineVersionArn;
    if (typeof version === 'string') return `${version.replace(/:[0-9]+$/, '')}:${input.name}`;
  }
  return `arn:aws:states:${store.options.region}:${store.options.account}:stateMachine:*`;
}
