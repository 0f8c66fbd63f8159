import { describe, expect, it } from 'vitest';
import { ProjectConfigSchema } from '../../src/index.js';
import { configJsonSchema } from '../../src/config/config-json-schema.js';

const BASE = { defaultEnvironment: 'dev', environments: {} };

describe('pricing in the config', () => {
  it('is optional and accepts model token prices and Lambda assumptions', () => {
    expect(ProjectConfigSchema.safeParse(BASE).success).toBe(true);
    const parsed = ProjectConfigSchema.parse({
      ...BASE,
      pricing: { models: { 'research-search': { inputPer1k: 0.003, outputPer1k: 0.015 } }, lambda: { memoryMb: 1024, agentSeconds: 45 }, s3: { putPer1k: 0.005 } },
    });
    expect(parsed.pricing?.models?.['research-search']).toEqual({ inputPer1k: 0.003, outputPer1k: 0.015 });
    expect(parsed.pricing?.lambda?.memoryMb).toBe(1024);
  });

  it('refuses negative prices, unknown keys and a model without both prices, naming the path', () => {
    const issues = (pricing: unknown) => {
      const result = ProjectConfigSchema.safeParse({ ...BASE, pricing });
      return result.success ? [] : result.error.issues.map((i) => i.path.join('.'));
    };
    expect(issues({ stepFunctionsPer1kTransitions: -1 })).toEqual(['pricing.stepFunctionsPer1kTransitions']);
    expect(issues({ lambda: { memory: 512 } })).toEqual(['pricing.lambda']);
    expect(issues({ models: { m: { inputPer1k: 0.1 } } })).toEqual(['pricing.models.m.outputPer1k']);
    expect(issues({ lambda: { memoryMb: 64 } })).toEqual(['pricing.lambda.memoryMb']);
  });

  it('is in the JSON Schema editors read', () => {
    const properties = configJsonSchema()['properties'] as Record<string, { properties?: Record<string, unknown> }>;
    expect(Object.keys(properties['pricing']?.properties ?? {})).toEqual(['models', 'lambda', 'stepFunctionsPer1kTransitions', 's3', 'snsPerMillion', 'eventBridgePerMillion', 'sqsPerMillion', 'dynamodb']);
  });
});
