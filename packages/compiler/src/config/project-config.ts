import { z } from 'zod';
import { functionPatternProblem } from './workflow-function.js';

const BEDROCK_ID = /^[0-9a-zA-Z]{10}$/;
const logicalMap = z.record(z.string().min(1), z.string().min(1)).default({});

/** A Lambda function per workflow: a name or ARN, `{workflow}` standing for the workflow's name (workflow-function.ts). */
const workflowFunction = z.string().superRefine((value, ctx) => {
  const problem = functionPatternProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** A customer managed key by its key ARN: IAM does not authorize key use through alias ARNs. */
const kmsKeyArn = z
  .string()
  .regex(/^arn:(aws|aws-cn|aws-us-gov):kms:[a-z]{2}(-[a-z]+)+-\d:\d{12}:key\/[A-Za-z0-9-]{1,128}$/, 'must be a KMS key ARN (arn:<partition>:kms:<region>:<account>:key/<key id>), not an alias');

/**
 * Step Functions logging (CreateStateMachine `loggingConfiguration`). The execution role then needs CloudWatch Logs
 * delivery, which AWS grants only on "*" (asl-facts §4, Logs).
 */
const LoggingSchema = z
  .object({
    level: z.enum(['ALL', 'ERROR', 'FATAL', 'OFF']),
    includeExecutionData: z.boolean().default(false),
    /** Step Functions requires the `:*` suffix; a `/aws/vendedlogs/` group keeps the Logs resource policy small. */
    logGroupArn: z
      .string()
      .regex(/^arn:(aws|aws-cn|aws-us-gov):logs:[a-z]{2}(-[a-z]+)+-\d:\d{12}:log-group:[A-Za-z0-9_\-/.#]{1,512}:\*$/, 'must be a log group ARN ending in :* (arn:<partition>:logs:<region>:<account>:log-group:<name>:*)'),
  })
  .strict();

/** Customer managed keys the workflow's roles must be allowed to use. */
const KmsSchema = z
  .object({
    /** The state machine's own encryption (CreateStateMachine `encryptionConfiguration`). */
    stateMachine: kmsKeyArn.optional(),
    /** The SSE-KMS key of the offload bucket: whoever reads or writes offloaded values uses it. */
    offload: kmsKeyArn.optional(),
    /** Keys of encrypted SNS topics, by logical topic name: publishing to such a topic needs the key. */
    topics: z.record(z.string().min(1), kmsKeyArn).default({}),
  })
  .strict();

/** One deployment target: where ARNs point and how logical names map to real resources. */
export const EnvironmentSchema = z
  .object({
    partition: z.enum(['aws', 'aws-cn', 'aws-us-gov']).default('aws'),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be a region such as us-east-1'),
    account: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id'),
    /**
     * The agent adapter Lambda, one per workflow: a name or ARN in which `{workflow}` stands for the workflow's name
     * (`agentflow-adapter-{workflow}`); a name without it is a base name, the workflow's function `<name>-<workflow>`.
     */
    adapterFunction: workflowFunction,
    /** The approval responder Lambda, one per workflow, named like adapterFunction; its role then writes its logs. */
    approvalResponderFunction: workflowFunction.optional(),
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
    /** Execution logs to CloudWatch Logs; absent means none. */
    logging: LoggingSchema.optional(),
    /** X-Ray tracing of executions (CreateStateMachine `tracingConfiguration.enabled`). */
    tracing: z.boolean().optional(),
    kms: KmsSchema.optional(),
  })
  .strict()
  .superRefine((env, ctx) => {
    for (const topic of Object.keys(env.kms?.topics ?? {})) {
      if (!(topic in env.topics)) {
        ctx.addIssue({ code: 'custom', path: ['kms', 'topics', topic], message: `names topic '${topic}', which this environment's topics do not define` });
      }
    }
  });

export const ProjectConfigSchema = z
  .object({
    defaultEnvironment: z.string().min(1),
    environments: z.record(z.string().min(1), EnvironmentSchema),
  })
  .strict();

export type Environment = z.infer<typeof EnvironmentSchema>;
export type ProjectConfig = z.infer<typeof ProjectConfigSchema>;
