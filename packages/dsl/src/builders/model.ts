import { z } from 'zod';
import type { ModelSpec } from '../ir/nodes.js';
import { toSeconds, type Duration } from '../duration.js';
import { DslError } from '../errors.js';
import { callerLocation } from '../source-location.js';
import { requireSchema } from '../refs/require-schema.js';
import { outputBound } from './agent.js';
import { checkStepId, normalizeRetry, type RetryOptions } from './step-options.js';

export interface ModelOptions<S extends z.ZodType> {
  /** Foundation-model id, inference-profile id or ARN, e.g. `anthropic.claude-3-5-haiku-20241022-v1:0`. */
  readonly modelId: string;
  /** Shape of the response body (`Body` of InvokeModel). */
  readonly output?: S;
  /**
   * Declared bound of the response body, for payload analysis. InvokeModel enforces no byte limit, so the analysis
   * reports it as an assumption (`unbounded-value`); cap the model's tokens in `body` too, or offload the response.
   */
  readonly maxOutputBytes?: number;
  /** Declared bound in tokens (32 JSON bytes a token); like `maxOutputBytes`, an assumption, not enforced. */
  readonly maxOutputTokens?: number;
  /** Default task timeout (default 120 s). */
  readonly timeout?: Duration;
  readonly retry?: readonly RetryOptions[];
}

const MODEL_DEF: unique symbol = Symbol.for('agentflow.model') as never;

/** A Bedrock model called directly through `bedrock:invokeModel`. */
export interface ModelDef<T> {
  readonly [MODEL_DEF]: ModelSpec;
  readonly name: string;
  readonly __output?: T;
}

/**
 * Declares a direct model call (`arn:aws:states:::bedrock:invokeModel`), invoked with `flow.invoke(model, { body })`.
 *
 * @example
 * ```ts
 * import { model } from '@agentflow/dsl';
 * import { z } from 'zod';
 * const classify = model('classify', {
 *   modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0',
 *   output: z.object({ content: z.array(z.object({ text: z.string().max(2000) })).max(1) }),
 *   maxOutputTokens: 500,
 * });
 * ```
 */
export function model<S extends z.ZodType = z.ZodUnknown>(name: string, options: ModelOptions<S>): ModelDef<z.infer<S>> {
  const loc = callerLocation();
  checkStepId(name, 'model name');
  if (options?.output !== undefined) requireSchema(options.output, `Model '${name}'`, 'output', loc);
  if (typeof options.modelId !== 'string' || options.modelId.trim() === '') {
    throw new DslError('invalid-model', `Model '${name}' needs a modelId.`);
  }
  const spec: ModelSpec = Object.freeze({
    name,
    modelId: options.modelId,
    output: options.output ?? z.unknown(),
    outputBound: outputBound(options.maxOutputBytes, options.maxOutputTokens, name),
    timeoutSeconds: options.timeout === undefined ? 120 : toSeconds(options.timeout, `model '${name}' timeout`),
    retry: Object.freeze(normalizeRetry(options.retry)),
    loc,
  });
  return Object.freeze({ [MODEL_DEF]: spec, name }) as ModelDef<z.infer<S>>;
}

export function modelSpecOf(value: unknown): ModelSpec | undefined {
  return typeof value === 'object' && value !== null ? (value as { [MODEL_DEF]?: ModelSpec })[MODEL_DEF] : undefined;
}
