import { z } from 'zod';

const BEDROCK_ID = /^[0-9a-zA-Z]{10}$/;
const logicalMap = z.record(z.string().min(1), z.string().min(1)).default({});

/** One deployment target: where ARNs point and how logical names map to real resources. */
export const EnvironmentSchema = z
  .object({
    partition: z.enum(['aws', 'aws-cn', 'aws-us-gov']).default('aws'),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be a region such as us-east-1'),
    account: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'),
    /** The agent adapter Lambda: a function name in this account, or a full ARN. */
    adapterFunction: z.string().min(1),
    agents: z
      .record(
        z.string().min(1),
        z.object({
          id: z.string().regex(BEDROCK_ID, 'must be a 10-character Bedrock agent id'),
          aliases: z.record(z.string().min(1), z.string().regex(BEDROCK_ID, 'must be a 10-character Bedrock alias id')).default({}),
        }).strict(),
      )
      .default({}),
    topics: logicalMap,
    tables: logicalMap,
    eventBuses: logicalMap,
    functions: logicalMap,
    queues: logicalMap,
    /** Where values too large for a state payload (256 KiB) are written; workflows may override it. */
    offload: z.object({ bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'), prefix: z.string().regex(/^[A-Za-z0-9!_.*'()/-]{1,200}$/, 'must use S3-safe characters (letters, digits, ! _ . * \' ( ) / -)').default('agentflow') }).strict().optional(),
    /** Payload budget: Step Functions' 256 KiB limit minus a safety margin, and sizes assumed for unbounded values. */
    payload: z
      .object({
        limitBytes: z.number().int().positive().max(262_144).optional(),
        marginPercent: z.number().min(0).max(90).optional(),
        unboundedStringBytes: z.number().int().positive().optional(),
        unboundedArrayItems: z.number().int().positive().optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const ProjectConfigSchema = z
  .object({
    defaultEnvironment: z.string().min(1),
    environments: z.record(z.string().min(1), EnvironmentSchema),
  })
  .strict();

export type Environment = z.infer<typeof EnvironmentSchema>;
export type ProjectConfig = z.infer<typeof ProjectConfigSchema>;
