import { BedrockAgentRuntimeClient } from '@aws-sdk/client-bedrock-agent-runtime';
import { S3Client } from '@aws-sdk/client-s3';
import { parseAdapterRequest, type AdapterRequest } from './contract/request.js';
import { ADAPTER_ERRORS, AdapterError } from './errors.js';
import { invokeAgentTurn } from './invoke-agent.js';
import { checkAnswer, repairPrompt, structuredPrompt } from './output-schema.js';
import { expandInputParts, OffloadStore } from './s3-objects.js';
import { bedrockSessionId, sessionParts } from './session.js';

/** What the adapter reads of the Lambda context object. */
export interface LambdaContextLike {
  getRemainingTimeInMillis(): number;
  readonly awsRequestId?: string;
}

export interface AdapterOptions {
  readonly agents: BedrockAgentRuntimeClient;
  readonly s3: S3Client;
  /** Repair turns after an answer that does not parse or validate; default 1. */
  readonly repairs?: number;
  /** Time kept back from the Lambda's remaining time to fail with a named error and return; default 10,000 ms. */
  readonly marginMs?: number;
  /** Sends `enableTrace`; default true, as token usage is reported only in traces. Traces are never logged. */
  readonly enableTrace?: boolean;
  /** Adds the prompt and the answer to the log line; default false. */
  readonly debug?: boolean;
  /** Where the one JSON log line per invocation goes; default `console.log` (CloudWatch Logs in Lambda). */
  readonly log?: (line: string) => void;
}

export type AdapterHandler = (event: unknown, context: LambdaContextLike) => Promise<unknown>;

/** Step Functions fails a state whose payload exceeds 256 KiB, whatever `maxOutputBytes` says (docs/payload.md). */
export const STATE_PAYLOAD_LIMIT = 262_144;

/** The adapter of docs/agent-adapter.md with its clients and settings given, for tests and custom wiring. */
export function createAdapterHandler(options: AdapterOptions): AdapterHandler {
  const repairs = options.repairs ?? 1;
  const marginMs = options.marginMs ?? 10_000;
  const store = new OffloadStore(options.s3);
  const log = options.log ?? ((line: string) => console.log(line));

  return async (event, context) => {
    const started = Date.now();
    const deadline = started + context.getRemainingTimeInMillis() - marginMs;
    const record: Record<string, unknown> = { level: 'INFO', message: 'agent invocation', requestId: context.awsRequestId };
    const usage = { turns: 0, repairs: 0, inputTokens: 0, outputTokens: 0, usageReported: false };
    try {
      const request = parseAdapterRequest(event);
      const sessionId = bedrockSessionId(request.sessionId);
      Object.assign(record, { ...sessionParts(request.sessionId), sessionId: request.sessionId, bedrockSessionId: sessionId, agentId: request.agentId, agentAliasId: request.agentAliasId });
      const prompt = request.inputParts ? await expandInputParts(request.inputParts, store) : (request.inputText ?? '');
      if (options.debug) record['prompt'] = prompt;

      let inputText = structuredPrompt(prompt, request.outputSchema);
      let answer: unknown;
      for (;;) {
        const turn = await invokeAgentTurn(options.agents, {
          agentId: request.agentId,
          agentAliasId: request.agentAliasId,
          sessionId,
          inputText,
          enableTrace: options.enableTrace ?? true,
          deadline,
          timeoutMessage: `The agent did not answer before the Lambda's time ran out (turn ${usage.turns + 1}; the adapter keeps ${marginMs} ms to return). Raise the adapter function's timeout, or give the agent a smaller task.`,
        });
        usage.turns += 1;
        usage.inputTokens += turn.inputTokens;
        usage.outputTokens += turn.outputTokens;
        usage.usageReported ||= turn.usageReported;
        if (options.debug) record['answer'] = turn.text;
        const checked = checkAnswer(request.outputSchema, turn.text);
        if (checked.ok) {
          answer = checked.value;
          break;
        }
        if (usage.repairs >= repairs) {
          throw new AdapterError(
            ADAPTER_ERRORS.InvalidAgentOutput,
            `The agent's answer does not match outputSchema after ${usage.turns} turn(s) (${usage.repairs} repair(s)): ${checked.errors.join('; ')}.`,
            { errors: checked.errors },
          );
        }
        usage.repairs += 1;
        inputText = repairPrompt(request.outputSchema, checked.errors);
      }

      const returned = await deliver(request, answer, store);
      record['returnedBytes'] = returned.bytes;
      if (returned.offloaded) record['offloaded'] = returned.offloaded;
      record['outcome'] = 'ok';
      return returned.value;
    } catch (error) {
      const adapterError = error instanceof AdapterError ? error : new AdapterError(ADAPTER_ERRORS.AgentUnavailable, `The adapter failed: ${String((error as Error)?.message ?? error)}`, error);
      record['level'] = 'ERROR';
      record['outcome'] = adapterError.name;
      throw adapterError;
    } finally {
      record['durationMs'] = Date.now() - started;
      record['turns'] = usage.turns;
      record['repairs'] = usage.repairs;
      if (usage.usageReported) Object.assign(record, { inputTokens: usage.inputTokens, outputTokens: usage.outputTokens });
      log(JSON.stringify(record));
    }
  };
}

/**
 * What the Lambda returns (docs/agent-adapter.md, Sizes): the answer, or with `offload` the inline fields plus the
 * pointer, the whole answer (and each `arrays` field) written first. Checked against the byte budget before anything
 * is written; never truncated.
 */
async function deliver(request: AdapterRequest, answer: unknown, store: OffloadStore): Promise<{ value: unknown; bytes: number; offloaded?: string }> {
  const offload = request.offload;
  // Inline fields and arrays are top-level fields of an object answer; any other answer has none.
  const fields = (answer && typeof answer === 'object' && !Array.isArray(answer) ? answer : {}) as Record<string, unknown>;
  const pointer = offload ? `s3://${offload.bucket}/${offload.key}` : undefined;
  const value = offload ? { ...Object.fromEntries(offload.inline.filter((f) => f in fields).map((f) => [f, fields[f]])), $s3: pointer } : answer;
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8');
  const budget = Math.min(request.maxOutputBytes, STATE_PAYLOAD_LIMIT);
  if (bytes > budget) {
    const what = offload ? 'The inline fields and pointer returned for the offloaded answer take' : "The agent's answer takes";
    const limit = budget === request.maxOutputBytes ? `the request's maxOutputBytes of ${budget}` : `Step Functions' 256 KiB state payload limit (${STATE_PAYLOAD_LIMIT})`;
    throw new AdapterError(ADAPTER_ERRORS.AnswerTooLarge, `${what} ${bytes} bytes of JSON, over ${limit}. Nothing was truncated${offload ? ' or written' : ''}.`);
  }
  if (!offload) return { value, bytes };
  await store.putJson(offload.bucket, offload.key, answer);
  for (const array of offload.arrays ?? []) await store.putJson(offload.bucket, array.key, fields[array.field] ?? []);
  return { value, bytes, offloaded: pointer! };
}

let defaultHandler: AdapterHandler | undefined;

/**
 * The Lambda entry point: clients from the function's environment (region, role credentials), settings from
 * `AGENTFLOW_REPAIRS` (default 1), `AGENTFLOW_DEADLINE_MARGIN_MS` (default 10000), `AGENTFLOW_TRACE` (`false` turns
 * traces off) and `AGENTFLOW_DEBUG` (`true` or `1` logs prompts and answers).
 */
export const adapterHandler: AdapterHandler = (event, context) => {
  defaultHandler ??= createAdapterHandler({
    agents: new BedrockAgentRuntimeClient({}),
    s3: new S3Client({}),
    repairs: numberFromEnv('AGENTFLOW_REPAIRS', 1),
    marginMs: numberFromEnv('AGENTFLOW_DEADLINE_MARGIN_MS', 10_000),
    enableTrace: process.env['AGENTFLOW_TRACE'] !== 'false',
    debug: ['true', '1'].includes(process.env['AGENTFLOW_DEBUG'] ?? ''),
  });
  return defaultHandler(event, context);
};

function numberFromEnv(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name}=${JSON.stringify(text)} is not a whole number of at least 0; unset it or fix it in the function's environment.`);
  return value;
}
