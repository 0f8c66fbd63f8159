import { z } from 'zod';
import type { AgentSpec, OutputBound } from '../ir/nodes.js';
import { toSeconds, type Duration } from '../duration.js';
import { DslError } from '../errors.js';
import { callerLocation } from '../source-location.js';
import { requireSchema } from '../refs/require-schema.js';
import { checkStepId, normalizeRetry, type RetryOptions } from './step-options.js';

const BEDROCK_ID = /^[0-9a-zA-Z]{10}$/;

export interface AgentOptions<S extends z.ZodType> {
  /** Bedrock agent id (10 characters). Give this or `agentName`. */
  readonly agentId?: string;
  /** Agent name, mapped to its id by the environment in `agentflow.config.yaml`. */
  readonly agentName?: string;
  /** Alias name, mapped to its id by the environment. Give this or `aliasId`. */
  readonly alias?: string;
  /** Alias id (10 characters; `TSTALIASID` is the draft alias). */
  readonly aliasId?: string;
  /** Shape of the agent's answer; the adapter parses and validates it. Defaults to plain text. */
  readonly output?: S;
  /**
   * Byte budget of the answer: most UTF-8 bytes of its JSON. The payload analysis counts the answer at the smaller
   * of this and the schema's bound, and the adapter enforces it: a larger answer fails the step with
   * `Agentflow.AnswerTooLarge` (catchable), never truncated. Without a budget the schema's bound is enforced.
   */
  readonly maxOutputBytes?: number;
  /** Budget in model tokens instead of bytes: enforced as `32 × tokens + 2` bytes (16 characters a token, 2 bytes each). */
  readonly maxOutputTokens?: number;
  /** Default task timeout for invocations (default 300 s). */
  readonly timeout?: Duration;
  /** Default retriers for invocations, after the Lambda service-error retrier. */
  readonly retry?: readonly RetryOptions[];
  readonly description?: string;
}

const AGENT_DEF: unique symbol = Symbol.for('agentflow.agent') as never;

/** A Bedrock agent, invoked as a step with `flow.invoke(agent, { prompt })`; its result is typed by `output`. */
export interface AgentDef<T> {
  readonly [AGENT_DEF]: AgentSpec;
  readonly name: string;
  /** Phantom: the type of the agent's answer. */
  readonly __output?: T;
}

/**
 * Declares a Bedrock agent. Invocations compile to a `lambda:invoke` of the agent adapter, which calls
 * InvokeAgent and returns the parsed answer.
 *
 * @example
 * ```ts
 * import { agent } from '@agentflow/dsl';
 * import { z } from 'zod';
 * const search = agent('search', {
 *   agentName: 'research-search',
 *   alias: 'live',
 *   output: z.object({ sources: z.array(z.object({ url: z.string().max(2048) })).max(25) }),
 *   maxOutputTokens: 4000,
 * });
 * ```
 */
export function agent<S extends z.ZodType = z.ZodString>(name: string, options: AgentOptions<S>): AgentDef<z.infer<S>> {
  const loc = callerLocation();
  checkStepId(name, 'agent name');
  if (options?.output !== undefined) requireSchema(options.output, `Agent '${name}'`, 'output', loc);
  const target = pickOne(options.agentId, options.agentName, 'agentId', 'agentName', name);
  const alias = pickOne(options.aliasId, options.alias, 'aliasId', 'alias', name);
  if ('id' in target && !BEDROCK_ID.test(target.id)) {
    throw new DslError('invalid-agent-id', `Agent '${name}': agentId ${JSON.stringify(target.id)} is not a 10-character Bedrock id.`);
  }
  if ('id' in alias && !BEDROCK_ID.test(alias.id)) {
    throw new DslError('invalid-agent-id', `Agent '${name}': aliasId ${JSON.stringify(alias.id)} is not a 10-character Bedrock id.`);
  }
  const spec: AgentSpec = Object.freeze({
    name,
    agent: target,
    alias,
    output: options.output ?? z.string(),
    outputBound: outputBound(options.maxOutputBytes, options.maxOutputTokens, name),
    timeoutSeconds: options.timeout === undefined ? 300 : toSeconds(options.timeout, `agent '${name}' timeout`),
    retry: Object.freeze(normalizeRetry(options.retry)),
    description: options.description,
    loc,
  });
  return Object.freeze({ [AGENT_DEF]: spec, name }) as AgentDef<z.infer<S>>;
}

export function agentSpecOf(value: unknown): AgentSpec | undefined {
  return typeof value === 'object' && value !== null ? (value as { [AGENT_DEF]?: AgentSpec })[AGENT_DEF] : undefined;
}

function pickOne(id: string | undefined, name: string | undefined, idKey: string, nameKey: string, agentName: string): { readonly id: string } | { readonly name: string } {
  if (id !== undefined && name === undefined) return Object.freeze({ id });
  if (name !== undefined && id === undefined) return Object.freeze({ name });
  throw new DslError('invalid-agent', `Agent '${agentName}' needs exactly one of ${idKey} or ${nameKey}.`);
}

export function outputBound(bytes: number | undefined, tokens: number | undefined, owner: string): OutputBound | undefined {
  if (bytes !== undefined && tokens !== undefined) {
    throw new DslError('invalid-output-bound', `'${owner}' declares both maxOutputBytes and maxOutputTokens; keep one.`);
  }
  const value = bytes ?? tokens;
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value <= 0) {
    throw new DslError('invalid-output-bound', `'${owner}' output bound must be a positive whole number, got ${value}.`);
  }
  return Object.freeze(bytes !== undefined ? { bytes } : { tokens: value });
}
