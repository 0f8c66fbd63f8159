import { z } from 'zod';

/** A price in US dollars: finite and not negative. */
const usd = (description: string) => z.number().finite().nonnegative().meta({ description });

const ModelPriceSchema = z
  .object({
    inputPer1k: usd('US dollars per 1,000 input tokens.'),
    outputPer1k: usd('US dollars per 1,000 output tokens.'),
  })
  .strict()
  .meta({ description: 'Token prices of one model.' });

/**
 * Prices `agentflow cost` uses (docs/cost.md). Every key is optional: the defaults are us-east-1 list prices, and
 * Bedrock tokens have no default (an agent's model is not in the definition), so without `models` the report shows
 * token counts and says why it cannot price them.
 */
export const PricingSchema = z
  .object({
    models: z
      .record(z.string().min(1), ModelPriceSchema)
      .optional()
      .meta({
        description: 'Agent name (as agent(...) names it) or Bedrock model id → token prices. An agent step is priced by its agent name, a model step by its model id.',
        examples: [{ 'research-search': { inputPer1k: 0.003, outputPer1k: 0.015 }, 'anthropic.claude-3-haiku-20240307-v1:0': { inputPer1k: 0.00025, outputPer1k: 0.00125 } }],
      }),
    lambda: z
      .object({
        memoryMb: z.number().int().min(128).max(10_240).optional().meta({ description: 'Memory of the agent adapter and approval responder Lambdas, MB. Default 512.' }),
        agentSeconds: z.number().positive().optional().meta({ description: 'Seconds an adapter invocation lasts (it waits for the agent). Default 20.' }),
        otherSeconds: z.number().positive().optional().meta({ description: 'Seconds any other Lambda invocation lasts (approval responder, lambda tasks). Default 1.' }),
        perGbSecond: usd('US dollars per GB-second. Default 0.0000166667 (x86).').optional(),
        perMillionRequests: usd('US dollars per million requests. Default 0.20.').optional(),
      })
      .strict()
      .optional()
      .meta({ description: 'Lambda duration assumptions and prices.', examples: [{ memoryMb: 1024, agentSeconds: 45 }] }),
    stepFunctionsPer1kTransitions: usd('US dollars per 1,000 Standard state transitions. Default 0.025.').optional(),
    s3: z
      .object({ putPer1k: usd('Per 1,000 PUT requests. Default 0.005.').optional(), getPer1k: usd('Per 1,000 GET requests. Default 0.0004.').optional() })
      .strict()
      .optional()
      .meta({ description: 'S3 request prices (offload writes and reads).' }),
    snsPerMillion: usd('US dollars per million SNS publishes. Default 0.50.').optional(),
    eventBridgePerMillion: usd('US dollars per million EventBridge events put. Default 1.00.').optional(),
    sqsPerMillion: usd('US dollars per million SQS requests. Default 0.40.').optional(),
    dynamodb: z
      .object({
        readPerMillion: usd('Per million on-demand read request units. Default 0.125.').optional(),
        writePerMillion: usd('Per million on-demand write request units. Default 0.625.').optional(),
      })
      .strict()
      .optional()
      .meta({ description: 'DynamoDB on-demand request prices (one unit per request assumed: items up to 1 KB written, 4 KB read).' }),
  })
  .strict()
  .meta({
    description: 'Prices and assumptions for agentflow cost; every key optional (defaults: us-east-1 list prices, docs/cost.md).',
    examples: [{ models: { 'research-search': { inputPer1k: 0.003, outputPer1k: 0.015 } }, lambda: { memoryMb: 512, agentSeconds: 20 } }],
  });

export type PricingConfig = z.infer<typeof PricingSchema>;
