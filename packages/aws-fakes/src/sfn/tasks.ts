import { createHash } from 'node:crypto';
import { SfnError, invalidValue, missing } from './errors.js';
import { optionalString, requiredString, type Input } from './rules.js';
import type { SfnStore } from './store.js';

/**
 * Callback tasks (`.waitForTaskToken`): SendTaskSuccess, SendTaskFailure and SendTaskHeartbeat on tokens a test
 * opened with `openTask`. Rules from the API reference (SendTaskSuccess, SendTaskFailure, SendTaskHeartbeat) as
 * summarised in research file a.3, row "SendTaskSuccess/Failure/Heartbeat": `taskToken` 1–2048 characters, `output`
 * at most 262,144 UTF-8 bytes of JSON, `error` at most 256 and `cause` at most 32,768 characters; a token stays valid
 * while its task is open, after which every call is TaskTimedOut.
 */

export type TaskStatus = 'open' | 'succeeded' | 'failed' | 'timed-out';

export interface TaskRecord {
  token: string;
  executionArn: string;
  stateName?: string;
  status: TaskStatus;
  output?: string;
  error?: string;
  cause?: string;
  heartbeats: number;
}

export interface TaskResponse {
  token: string;
  kind: 'success' | 'failure';
  output?: string;
  error?: string;
  cause?: string;
}

export const MAX_TOKEN_LENGTH = 2048;
export const MAX_OUTPUT_BYTES = 262_144;
export const MAX_ERROR_LENGTH = 256;
export const MAX_CAUSE_LENGTH = 32_768;

/**
 * A default token shaped like AWS's: 600 characters of standard base64 (AWS tokens are long base64 blobs), always
 * holding `+`, `/` and a `=` pad, so a caller that puts it in a URL or form without escaping is caught. Deterministic:
 * derived from the task's sequence number.
 */
export function defaultTaskToken(seq: number): string {
  for (let salt = 0; ; salt += 1) {
    const blocks: Buffer[] = [];
    for (let i = 0; blocks.length * 32 < 449; i += 1) blocks.push(createHash('sha256').update(`agentflow-fake-task-token:${seq}:${salt}:${i}`).digest());
    // 449 bytes: 600 base64 characters ending in one `=`.
    const token = Buffer.concat(blocks).subarray(0, 449).toString('base64');
    if (token.includes('+') && token.includes('/')) return token;
  }
}

function readToken(input: Input): string {
  const token = requiredString(input, 'taskToken');
  if (token.length < 1 || token.length > MAX_TOKEN_LENGTH) throw invalidValue('taskToken', `Member must have length between 1 and ${MAX_TOKEN_LENGTH}`);
  return token;
}

/** The open task a token names: InvalidToken when the fake never issued it, TaskTimedOut once it is closed. */
function lookUp(store: SfnStore, token: string): TaskRecord {
  const task = store.tasks.get(token);
  if (!task) throw new SfnError('InvalidToken', "Invalid Token: 'Invalid token'");
  // "The task token has either expired or the task associated with the token has already been closed" (research
  // file a.3); the service's own text is "Provided task does not exist anymore".
  if (task.status !== 'open') throw new SfnError('TaskTimedOut', "Task Timed Out: 'Provided task does not exist anymore'");
  return task;
}

function notify(store: SfnStore, response: TaskResponse): void {
  for (const listener of [...store.taskListeners]) listener(response);
}

export function sendTaskSuccess(store: SfnStore, input: Input): Record<string, unknown> {
  const token = readToken(input);
  if (input.output === undefined || input.output === null) throw missing('output');
  const output = requiredString(input, 'output');
  const bytes = Buffer.byteLength(output, 'utf8');
  if (bytes > MAX_OUTPUT_BYTES) throw new SfnError('InvalidOutput', `Invalid Output: 'The output is ${bytes} bytes; at most ${MAX_OUTPUT_BYTES} UTF-8 bytes are allowed'`);
  try {
    JSON.parse(output);
  } catch {
    throw new SfnError('InvalidOutput', "Invalid Output: 'The output must be valid JSON'");
  }
  const task = lookUp(store, token);
  task.status = 'succeeded';
  task.output = output;
  notify(store, { token, kind: 'success', output });
  return {};
}

export function sendTaskFailure(store: SfnStore, input: Input): Record<string, unknown> {
  const token = readToken(input);
  const error = optionalString(input, 'error', MAX_ERROR_LENGTH);
  const cause = optionalString(input, 'cause', MAX_CAUSE_LENGTH);
  const task = lookUp(store, token);
  task.status = 'failed';
  if (error !== undefined) task.error = error;
  if (cause !== undefined) task.cause = cause;
  notify(store, { token, kind: 'failure', ...(error !== undefined ? { error } : {}), ...(cause !== undefined ? { cause } : {}) });
  return {};
}

export function sendTaskHeartbeat(store: SfnStore, input: Input): Record<string, unknown> {
  lookUp(store, readToken(input)).heartbeats += 1;
  return {};
}
