import type { PricingConfig } from '../config/pricing-config.js';

/**
 * us-east-1 list prices in US dollars, the defaults of `pricing:` (docs/cost.md). Step Functions Standard from
 * https://aws.amazon.com/step-functions/pricing/; Lambda x86 ($0.0000166667 per GB-second, $0.20 per million
 * requests) from https://aws.amazon.com/lambda/pricing/ and AWS's "How AWS Pricing Works"; DynamoDB on-demand at the
 * rates since the November 2024 cut ($0.625 per million write, $0.125 per million read request units); S3 Standard
 * requests, SNS standard publishes, EventBridge custom events and SQS standard from their pricing pages. Free tiers
 * other than Step Functions' are left out: they are per account, not per workflow. Regions differ: set `pricing:`.
 */
export const DEFAULT_PRICES = {
  stepFunctionsPer1kTransitions: 0.025,
  freeTransitionsPerMonth: 4000,
  lambdaPerGbSecond: 0.0000166667,
  lambdaPerMillionRequests: 0.2,
  lambdaMemoryMb: 512,
  agentSeconds: 20,
  otherSeconds: 1,
  s3PutPer1k: 0.005,
  s3GetPer1k: 0.0004,
  snsPerMillion: 0.5,
  eventBridgePerMillion: 1,
  sqsPerMillion: 0.4,
  dynamodbReadPerMillion: 0.125,
  dynamodbWritePerMillion: 0.625,
} as const;

export type Prices = { -readonly [K in keyof typeof DEFAULT_PRICES]: number } & {
  readonly models: Readonly<Record<string, { readonly inputPer1k: number; readonly outputPer1k: number }>>;
};

/** The config's prices over the defaults. */
export function resolvePrices(pricing: PricingConfig | undefined): Prices {
  const d = DEFAULT_PRICES;
  return {
    ...d,
    stepFunctionsPer1kTransitions: pricing?.stepFunctionsPer1kTransitions ?? d.stepFunctionsPer1kTransitions,
    lambdaPerGbSecond: pricing?.lambda?.perGbSecond ?? d.lambdaPerGbSecond,
    lambdaPerMillionRequests: pricing?.lambda?.perMillionRequests ?? d.lambdaPerMillionRequests,
    lambdaMemoryMb: pricing?.lambda?.memoryMb ?? d.lambdaMemoryMb,
    agentSeconds: pricing?.lambda?.agentSeconds ?? d.agentSeconds,
    otherSeconds: pricing?.lambda?.otherSeconds ?? d.otherSeconds,
    s3PutPer1k: pricing?.s3?.putPer1k ?? d.s3PutPer1k,
    s3GetPer1k: pricing?.s3?.getPer1k ?? d.s3GetPer1k,
    snsPerMillion: pricing?.snsPerMillion ?? d.snsPerMillion,
    eventBridgePerMillion: pricing?.eventBridgePerMillion ?? d.eventBridgePerMillion,
    sqsPerMillion: pricing?.sqsPerMillion ?? d.sqsPerMillion,
    dynamodbReadPerMillion: pricing?.dynamodb?.readPerMillion ?? d.dynamodbReadPerMillion,
    dynamodbWritePerMillion: pricing?.dynamodb?.writePerMillion ?? d.dynamodbWritePerMillion,
    models: pricing?.models ?? {},
  };
}
