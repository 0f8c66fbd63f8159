import { InvokeAgentCommand, type BedrockAgentRuntimeClient, type ResponseStream } from '@aws-sdk/client-bedrock-agent-runtime';
import { ADAPTER_ERRORS, AdapterError } from './errors.js';

/** One InvokeAgent call and its consumed stream. */
export interface AgentTurnResult {
  readonly text: string;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Whether any trace reported usage: token counts arrive only in traces (research file b.3). */
  readonly usageReported: boolean;
}

export interface TurnRequest {
  readonly agentId: string;
  readonly agentAliasId: string;
  readonly sessionId: string;
  readonly inputText: string;
  readonly enableTrace: boolean;
  /** Epoch milliseconds by which the turn must be over. */
  readonly deadline: number;
  /** What to say when the deadline passes. */
  readonly timeoutMessage: string;
}

/**
 * Invokes the agent and reads the `completion` stream to its end: chunks become text (decoded across chunk borders),
 * traces give token usage. An exception frame inside the stream is thrown by the SDK from the loop and is not retried
 * by it (research file b.1), so it is mapped like an error before the stream. The call is aborted at the deadline.
 */
export async function invokeAgentTurn(client: BedrockAgentRuntimeClient, request: TurnRequest): Promise<AgentTurnResult> {
  const budget = request.deadline - Date.now();
  if (budget <= 0) throw new AdapterError(ADAPTER_ERRORS.AgentTimeout, request.timeoutMessage);
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  // The SDK honours the signal while it waits for the response; the race also ends a stream that stalls after it.
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new AdapterError(ADAPTER_ERRORS.AgentTimeout, request.timeoutMessage));
    }, budget);
  });
  const run = async (): Promise<AgentTurnResult> => {
    const reply = await client.send(
      new InvokeAgentCommand({ agentId: request.agentId, agentAliasId: request.agentAliasId, sessionId: request.sessionId, inputText: request.inputText, enableTrace: request.enableTrace }),
      { abortSignal: controller.signal },
    );
    if (!reply.completion) throw new AdapterError(ADAPTER_ERRORS.AgentUnavailable, 'InvokeAgent answered without a completion stream.');
    return consume(reply.completion);
  };
  try {
    return await Promise.race([run(), expired]);
  } catch (error) {
    if (controller.signal.aborted) throw new AdapterError(ADAPTER_ERRORS.AgentTimeout, request.timeoutMessage, error);
    throw mapAgentError(error);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

async function consume(completion: AsyncIterable<ResponseStream>): Promise<AgentTurnResult> {
  const decoder = new TextDecoder('utf-8');
  let text = '';
  let inputTokens = 0;
  let outputTokens = 0;
  let usageReported = false;
  for await (const event of completion) {
    if (event.chunk?.bytes) text += decoder.decode(event.chunk.bytes, { stream: true });
    else if (event.trace?.trace) {
      const usage = traceUsage(event.trace.trace);
      if (usage) {
        usageReported = true;
        inputTokens += usage.inputTokens;
        outputTokens += usage.outputTokens;
      }
    } else if (event.returnControl) {
      throw new AdapterError(
        ADAPTER_ERRORS.ReturnControlUnhandled,
        `The agent returned control to the caller (invocation ${event.returnControl.invocationId ?? '?'}): an action group uses RETURN_CONTROL, which the adapter cannot answer. Give the action group a Lambda executor.`,
      );
    }
    // `files` and events this SDK version does not know ($unknown) carry no answer text: they are skipped.
  }
  return { text: text + decoder.decode(), inputTokens, outputTokens, usageReported };
}

/** `<part>.modelInvocationOutput.metadata.usage` of whichever trace part this is (orchestration, pre-/post-processing, routing). */
function traceUsage(trace: object): { inputTokens: number; outputTokens: number } | undefined {
  for (const part of Object.values(trace) as unknown[]) {
    const usage = (part as { modelInvocationOutput?: { metadata?: { usage?: { inputTokens?: unknown; outputTokens?: unknown } } } } | undefined)?.modelInvocationOutput?.metadata?.usage;
    if (usage) return { inputTokens: Number(usage.inputTokens ?? 0) || 0, outputTokens: Number(usage.outputTokens ?? 0) || 0 };
  }
  return undefined;
}

/**
 * InvokeAgent's errors (API reference, InvokeAgent Errors; the same names arrive as exception frames) as adapter
 * errors: what waiting cures is `AgentThrottled` (compiled steps retry it with jitter), what a later attempt may cure
 * is `AgentUnavailable`, what needs a fix is `AgentFailed`.
 */
export function mapAgentError(error: unknown): Error {
  if (error instanceof AdapterError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  const message = (error as { message?: unknown } | null)?.message;
  const said = `${String(name ?? 'Error')}: ${String(message ?? error)}`;
  switch (name) {
    case 'ThrottlingException':
    case 'ServiceQuotaExceededException':
    case 'ModelNotReadyException':
      return new AdapterError(ADAPTER_ERRORS.AgentThrottled, `Bedrock throttled the agent invocation (${said}).`, error);
    case 'AccessDeniedException':
    case 'ValidationException':
    case 'ResourceNotFoundException':
      return new AdapterError(ADAPTER_ERRORS.AgentFailed, `InvokeAgent refused the invocation (${said}). Check the agent and alias ids and the adapter role's bedrock:InvokeAgent grant.`, error);
    default:
      // InternalServer, BadGateway, DependencyFailed, Conflict, a reset connection: a later attempt may succeed.
      return new AdapterError(ADAPTER_ERRORS.AgentUnavailable, `InvokeAgent failed (${said}).`, error);
  }
}
