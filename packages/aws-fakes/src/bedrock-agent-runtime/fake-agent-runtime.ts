import { constants, createServer, type Http2ServerRequest, type Http2ServerResponse, type Http2Session } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { FaultPlan, type FaultKind } from '../faults.js';
import { chunkFrame, eventFrame, exceptionFrame } from './event-frames.js';

/**
 * Bedrock Agent Runtime `InvokeAgent` on a loopback port, over cleartext HTTP/2 (h2c): the JS client's default
 * request handler is `NodeHttp2Handler`, which fails against an HTTP/1.1 server (research file, experiment E2).
 * `POST /agents/{agentId}/agentAliases/{agentAliasId}/sessions/{sessionId}/text` with a JSON body answers 200 and the
 * `completion` event stream; errors before the stream are restJson1 (`x-amzn-errortype` header, `{"message"}` body).
 * API reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent-runtime_InvokeAgent.html
 */

/** One event of a scripted reply stream. */
export type AgentStreamEvent =
  /** A piece of the answer: text, or bytes that may end inside a UTF-8 character. */
  | { readonly chunk: string | Uint8Array }
  | { readonly trace: Record<string, unknown> }
  | { readonly returnControl: Record<string, unknown> }
  /** Any other event type as is, e.g. `files`, or one newer than the SDK knows. */
  | { readonly event: string; readonly body: unknown }
  /** An exception frame mid-stream: `type` is the camelCase union member, e.g. `throttlingException`. */
  | { readonly exception: string; readonly message?: string }
  /** Waits before the next frame (a slow agent). */
  | { readonly pauseMs: number }
  /** Resets the HTTP/2 stream (RST_STREAM INTERNAL_ERROR): the answer ends without its end of stream. */
  | { readonly reset: true };

/** What the fake does for one InvokeAgent call. */
export interface AgentTurn {
  /** Refuses before any stream, e.g. `{ status: 429, type: 'ThrottlingException' }`. */
  readonly refuse?: { readonly status: number; readonly type: string; readonly message?: string };
  /** Waits this long before sending the response headers. */
  readonly delayMs?: number;
  readonly events?: readonly AgentStreamEvent[];
}

export interface AgentCall {
  readonly agentId: string;
  readonly agentAliasId: string;
  /** As received in the path, URL-decoded. */
  readonly sessionId: string;
  readonly inputText: string | undefined;
  readonly enableTrace: boolean | undefined;
  readonly body: Record<string, unknown>;
}

export interface FakeAgentRuntime {
  /** `http://127.0.0.1:PORT` (h2c). */
  readonly endpoint: string;
  /** Every InvokeAgent call received, in order, including refused ones. */
  readonly calls: AgentCall[];
  /** Faults by operation name `InvokeAgent`, answered before the script is consulted. */
  readonly faults: FaultPlan;
  /** Queues turns, answered in order; when the queue is empty the `respond` option decides. */
  script(...turns: AgentTurn[]): void;
  close(): Promise<void>;
}

export interface FakeAgentRuntimeOptions {
  /** Answers a call no queued turn covers; without it such a call is a 500 saying the script ran out. */
  respond?: (call: AgentCall) => AgentTurn;
}

/** A turn answering `text`, split into `chunks` frames (cut inside multi-byte characters too), with a usage trace. */
export function answerTurn(text: string, options: { chunks?: number; usage?: { inputTokens: number; outputTokens: number } } = {}): AgentTurn {
  const bytes = Buffer.from(text, 'utf8');
  const count = Math.max(1, Math.min(options.chunks ?? 1, bytes.length));
  const size = Math.ceil(bytes.length / count);
  const events: AgentStreamEvent[] = [];
  if (options.usage) events.push({ trace: usageTrace(options.usage) });
  // A chunk's `bytes` is a blob, not text: cutting bytes lets a piece end inside a multi-byte character, which a
  // reader must decode across pieces.
  for (let i = 0; i < bytes.length; i += size) events.push({ chunk: bytes.subarray(i, i + size) });
  return { events };
}

/** The trace that carries token usage: `orchestrationTrace.modelInvocationOutput.metadata.usage` (research b.3). */
export function usageTrace(usage: { inputTokens: number; outputTokens: number }): Record<string, unknown> {
  return { trace: { orchestrationTrace: { modelInvocationOutput: { metadata: { usage } } } } };
}

const PATH = /^\/agents\/([^/]+)\/agentAliases\/([^/]+)\/sessions\/([^/]+)\/text$/;

export async function startFakeAgentRuntime(options: FakeAgentRuntimeOptions = {}): Promise<FakeAgentRuntime> {
  const calls: AgentCall[] = [];
  const queue: AgentTurn[] = [];
  const faults = new FaultPlan();
  const sessions = new Set<Http2Session>();

  const handle = async (req: Http2ServerRequest, res: Http2ServerResponse, raw: Buffer): Promise<void> => {
    const match = PATH.exec(req.url.split('?')[0] ?? '');
    if (req.method !== 'POST' || !match) return refuse(res, { status: 404, type: 'ResourceNotFoundException', message: `No route for ${req.method} ${req.url}` });
    const body = raw.length ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>) : {};
    const call: AgentCall = {
      agentId: decodeURIComponent(match[1]!),
      agentAliasId: decodeURIComponent(match[2]!),
      sessionId: decodeURIComponent(match[3]!),
      inputText: typeof body['inputText'] === 'string' ? body['inputText'] : undefined,
      enableTrace: typeof body['enableTrace'] === 'boolean' ? body['enableTrace'] : undefined,
      body,
    };
    calls.push(call);
    // The service's own limits on the session id: 2–100 characters of [0-9a-zA-Z._:-] (API reference, sessionId).
    if (!/^[0-9a-zA-Z._:-]{2,100}$/.test(call.sessionId)) {
      return refuse(res, { status: 400, type: 'ValidationException', message: `1 validation error detected: Value '${call.sessionId}' at 'sessionId' failed to satisfy constraint` });
    }
    const fault = faults.take('InvokeAgent');
    if (fault === 'drop') return void res.stream.close(constants.NGHTTP2_INTERNAL_ERROR);
    if (fault) return refuse(res, injected(fault));
    const turn = queue.shift() ?? options.respond?.(call);
    if (!turn) return refuse(res, { status: 500, type: 'InternalServerException', message: 'fake: the script has no turn for this call' });
    if (turn.delayMs) await sleep(turn.delayMs);
    if (res.stream.destroyed) return;
    if (turn.refuse) return refuse(res, turn.refuse);
    res.writeHead(200, {
      'content-type': 'application/vnd.amazon.eventstream',
      'x-amzn-bedrock-agent-content-type': 'application/json',
      'x-amz-bedrock-agent-session-id': call.sessionId,
    });
    for (const event of turn.events ?? []) {
      if (res.stream.destroyed) return;
      if ('pauseMs' in event) await sleep(event.pauseMs);
      else if ('reset' in event) return void res.stream.close(constants.NGHTTP2_INTERNAL_ERROR);
      else if ('chunk' in event) res.write(chunkFrame(event.chunk));
      else if ('trace' in event) res.write(eventFrame('trace', event.trace));
      else if ('returnControl' in event) res.write(eventFrame('returnControl', event.returnControl));
      else if ('event' in event) res.write(eventFrame(event.event, event.body));
      else res.write(exceptionFrame(event.exception, event.message ?? 'Rate exceeded'));
    }
    if (!res.stream.destroyed) res.end();
  };

  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => {
      handle(req, res, Buffer.concat(parts)).catch((error: unknown) => {
        // A defect in the fake must show in the test, as a 500 whose message says what broke.
        if (!res.headersSent && !res.stream.destroyed) refuse(res, { status: 500, type: 'InternalServerException', message: `fake failed: ${String(error)}` });
      });
    });
  });
  server.on('session', (session) => {
    sessions.add(session);
    session.on('close', () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    faults,
    script: (...turns) => void queue.push(...turns),
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) session.destroy();
        server.close(() => resolve());
      }),
  };
}

/** restJson1 errors: the type in `x-amzn-errortype`, the message in the body. */
function refuse(res: Http2ServerResponse, error: { status: number; type: string; message?: string }): void {
  res.writeHead(error.status, { 'content-type': 'application/json', 'x-amzn-errortype': error.type });
  res.end(JSON.stringify({ message: error.message ?? error.type }));
}

/** The service's status codes per error (API reference, InvokeAgent Errors); `drop` resets the stream instead. */
function injected(fault: Exclude<FaultKind, 'drop'>): { status: number; type: string; message: string } {
  switch (fault) {
    case 'throttle':
      return { status: 429, type: 'ThrottlingException', message: 'Your request rate is too high.' };
    case 'server-error':
      return { status: 500, type: 'InternalServerException', message: 'Internal server error' };
    case 'access-denied':
      return { status: 403, type: 'AccessDeniedException', message: 'not authorized to perform: bedrock:InvokeAgent' };
    case 'conflict':
      return { status: 409, type: 'ConflictException', message: 'A concurrent request is using this session' };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
