import { z } from 'zod';
import { PricingSchema } from './pricing-config.js';
import { functionPatternProblem } from './workflow-function.js';
import { stateMachinePatternProblem } from './state-machine-name.js';
import { approvalKeyParameterProblem, DEFAULT_APPROVAL_KEY_PARAMETER } from './approval-key-parameter.js';

/*
 * Every key carries a description (and most an example): `z.toJSONSchema` turns them into the JSON Schema that editors
 * show while a config is typed (config-json-schema.ts, docs/configuration.md). A key without one fails a test.
 */

const BEDROCK_ID = /^[0-9a-zA-Z]{10}$/;

/** Logical name → real resource, as workflows name topics, tables, buses, functions and queues. */
function logicalMap(description: string, example: Record<string, string>) {
  return z
    .record(z.string().min(1), z.string().min(1).meta({ description: 'The real resource: a name or an ARN.' }))
    .default({})
    .meta({ description, examples: [example] });
}

/** A Lambda function per workflow: a name or ARN, `{workflow}` standing for the workflow's name (workflow-function.ts). */
const workflowFunction = z.string().superRefine((value, ctx) => {
  const problem = functionPatternProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * A Bedrock agent or alias name as CreateAgent / CreateAgentAlias accept it: `([0-9a-zA-Z][_-]?){1,100}`
 * (Bedrock Agents API reference, CreateAgent agentName and CreateAgentAlias agentAliasName).
 */
const BEDROCK_NAME = /^([0-9a-zA-Z][_-]?){1,100}$/;

/**
 * One Bedrock agent, by id (`{ id, aliases: { alias: aliasId } }`) or by name (`{ name, aliases?: { alias: aliasName }
 * | [aliasName] }`). One object with a refinement rather than a union: a union's error says only "invalid input", and
 * this one says which form went wrong and how.
 */
const AgentSchema = z
  .object({
    id: z.string().regex(BEDROCK_ID, 'must be a 10-character Bedrock agent id').optional().meta({ description: 'The 10-character Bedrock agent id. Give id or name, not both.', examples: ['SRCH7Q2K1A'] }),
    name: z
      .string()
      .regex(BEDROCK_NAME, 'must be a Bedrock agent name: letters and digits, single _ or - between them, at most 100')
      .optional()
      .meta({ description: 'The Bedrock agent name; `agentflow resolve` looks up its id and alias ids and records them in agentflow.lock.json, which compile reads. Give id or name, not both.', examples: ['research-search-prod'] }),
    aliases: z
      .union([z.record(z.string().min(1), z.string().min(1)), z.array(z.string().min(1))])
      .optional()
      .meta({
        description: 'With id: alias (as workflows name it) → 10-character Bedrock alias id. With name: alias → Bedrock alias name, or a list of alias names used as they are; omitted, every alias of the agent that accepts invocations.',
        examples: [{ live: 'LIVE4S0R1A' }, ['live', 'canary']],
      }),
  })
  .strict()
  .meta({ description: 'One Bedrock agent: by id with its alias ids, or by name with its alias names.' })
  .superRefine((agent, ctx) => {
    if (agent.id !== undefined && agent.name !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['name'], message: 'give the agent by id or by name, not both (with name, agentflow resolve finds the id)' });
      return;
    }
    if (agent.id === undefined && agent.name === undefined) {
      ctx.addIssue({ code: 'custom', message: 'needs id (the 10-character Bedrock agent id) or name (the Bedrock agent name)' });
      return;
    }
    const byId = agent.id !== undefined;
    if (byId && Array.isArray(agent.aliases)) {
      ctx.addIssue({ code: 'custom', path: ['aliases'], message: 'with id, aliases maps each alias to its 10-character alias id ({ live: LIVE4S0R1A }); a list of names needs name' });
      return;
    }
    const entries = Array.isArray(agent.aliases) ? agent.aliases.map((alias, i) => [i, alias] as const) : Object.entries(agent.aliases ?? {});
    for (const [key, value] of entries) {
      if (byId && !BEDROCK_ID.test(value)) ctx.addIssue({ code: 'custom', path: ['aliases', key], message: 'must be a 10-character Bedrock alias id' });
      if (!byId && !BEDROCK_NAME.test(value)) ctx.addIssue({ code: 'custom', path: ['aliases', key], message: 'must be a Bedrock alias name: letters and digits, single _ or - between them, at most 100' });
    }
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
    level: z.enum(['ALL', 'ERROR', 'FATAL', 'OFF']).meta({ description: 'Which execution events are logged; OFF logs nothing and grants nothing.', examples: ['ERROR'] }),
    includeExecutionData: z.boolean().default(false).meta({ description: 'Also log state input and output (may hold sensitive data). Default false.' }),
    /** Step Functions requires the `:*` suffix; a `/aws/vendedlogs/` group keeps the Logs resource policy small. */
    logGroupArn: z
      .string()
      .regex(/^arn:(aws|aws-cn|aws-us-gov):logs:[a-z]{2}(-[a-z]+)+-\d:\d{12}:log-group:[A-Za-z0-9_\-/.#]{1,512}:\*$/, 'must be a log group ARN ending in :* (arn:<partition>:logs:<region>:<account>:log-group:<name>:*)')
      .meta({
        description: 'The log group, by ARN ending in :* as Step Functions requires.',
        examples: ['arn:aws:logs:us-east-1:111122223333:log-group:/aws/vendedlogs/states/agentflow:*'],
      }),
  })
  .strict()
  .meta({ description: 'Execution logs to CloudWatch Logs (CreateStateMachine loggingConfiguration); absent means none.' });

/** An IAM role ARN; `{workflow}` may stand for the workflow's name in the role name. */
const roleArn = z
  .string()
  .regex(/^arn:(aws|aws-cn|aws-us-gov):iam::\d{12}:role\/[A-Za-z0-9+=,.@_\-/{}]{1,512}$/, 'must be an IAM role ARN (arn:<partition>:iam::<account>:role/<name>)')
  .refine((value) => !/[{}]/.test(value.replaceAll('{workflow}', '')), 'may use only the placeholder {workflow}');

/** Customer managed keys the workflow's roles must be allowed to use. */
const KmsSchema = z
  .object({
    /** The state machine's own encryption (CreateStateMachine `encryptionConfiguration`). */
    stateMachine: kmsKeyArn.optional().meta({ description: "The key of the state machine's own encryption (definition, execution history and data), by key ARN." }),
    /** The SSE-KMS key of the offload bucket: whoever reads or writes offloaded values uses it. */
    offload: kmsKeyArn.optional().meta({ description: 'The SSE-KMS key of the offload bucket, by key ARN.' }),
    /** Keys of encrypted SNS topics, by logical topic name: publishing to such a topic needs the key. */
    topics: z
      .record(z.string().min(1), kmsKeyArn)
      .default({})
      .meta({
        description: "Keys of encrypted SNS topics, by logical topic name (each one of this environment's topics).",
        examples: [{ 'report-reviewers': 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab' }],
      }),
  })
  .strict()
  .meta({ description: "Customer managed KMS keys the workflow's roles must be allowed to use; key ARNs, not aliases." });

/** One deployment target: where ARNs point and how logical names map to real resources. */
export const EnvironmentSchema = z
  .object({
    partition: z.enum(['aws', 'aws-cn', 'aws-us-gov']).default('aws').meta({ description: 'The AWS partition of every ARN. Default aws.' }),
    region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'must be a region such as us-east-1').meta({ description: 'The region the workflows deploy to.', examples: ['us-east-1'] }),
    account: z.string().regex(/^\d{12}$/, 'must be a 12-digit account id').meta({ description: 'The 12-digit account id, quoted so YAML keeps it a string.', examples: ['111122223333'] }),
    /**
     * The agent adapter Lambda, one per workflow: a name or ARN in which `{workflow}` stands for the workflow's name
     * (`agentflow-adapter-{workflow}`); a name without it is a base name, the workflow's function `<name>-<workflow>`.
     */
    adapterFunction: workflowFunction.meta({
      description: "The agent adapter Lambda, one per workflow: a name or ARN in which {workflow} stands for the workflow's name; a name without it is a base name, to which -<workflow> is appended.",
      examples: ['agentflow-agent-adapter-{workflow}'],
    }),
    /**
     * Each workflow's state machine name; the ARN a parent's `flow.run` starts and the IAM policies' own ARN come from it
     * (state-machine-name.ts). Optional, so environments built in code need not spell out the default.
     */
    stateMachineName: z
      .string()
      .superRefine((value, ctx) => {
        const problem = stateMachinePatternProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional()
      .meta({
        description: "Each workflow's state machine name in this environment, {workflow} standing for the workflow's name. flow.run starts a child by the name this gives. Default {workflow}.",
        examples: ['{workflow}-prod'],
      }),
    /**
     * The approval responder Lambda, one per workflow, named like adapterFunction: approval steps invoke it with the
     * task token (docs/agent-adapter.md, "Approvals"). Optional: the default applies where it is read
     * (approvalResponderFunctionOf), so environments built in code need not spell it out.
     */
    approvalResponderFunction: workflowFunction.optional().meta({
      description: "The approval responder Lambda, one per workflow, named like adapterFunction: approval steps invoke it with the task token, and it notifies the reviewers. Default agentflow-approval-responder-{workflow}.",
      examples: ['agentflow-approval-responder-{workflow}'],
    }),
    /** The SSM SecureString of the responder's approval link keys; optional for the same reason (approval-key-parameter.ts). */
    approvalKeyParameter: z
      .string()
      .superRefine((value, ctx) => {
        const problem = approvalKeyParameterProblem(value);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional()
      .meta({
        description: `The SSM Parameter Store SecureString holding the approval responder's link keys, {workflow} standing for the workflow's name; a hierarchy starting with / or a plain name. Default ${DEFAULT_APPROVAL_KEY_PARAMETER}.`,
        examples: ['/agentflow/prod/{workflow}/approval-key'],
      }),
    agents: z
      .record(z.string().min(1), AgentSchema)
      .default({})
      .meta({
        description: 'Logical agent name (as workflows name it) → the Bedrock agent, by id with its alias ids, or by name with its alias names (ids then come from agentflow.lock.json).',
        examples: [{ 'research-search': { id: 'SRCH7Q2K1A', aliases: { live: 'LIVE4S0R1A' } }, 'research-summary': { name: 'research-summary-prod', aliases: ['live'] } }],
      }),
    topics: logicalMap('Logical SNS topic name → topic name or ARN.', { 'report-reviewers': 'agentflow-report-reviewers' }),
    tables: logicalMap('Logical DynamoDB table name → table name or ARN.', { 'support-resolutions': 'agentflow-support-resolutions' }),
    eventBuses: logicalMap('Logical EventBridge bus name → bus name or ARN.', { reports: 'research-reports' }),
    functions: logicalMap('Logical Lambda function name → function name or ARN.', { render: 'agentflow-render' }),
    queues: logicalMap('Logical SQS queue name → queue name or ARN.', { 'catalog-ingest': 'agentflow-catalog-ingest' }),
    /** Where values too large for a state payload (256 KiB) are written; workflows may override it. */
    offload: z
      .object({
        bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name').meta({ description: 'The S3 bucket offloaded values are written to.', examples: ['agentflow-artifacts-dev'] }),
        prefix: z
          .string()
          .regex(/^[A-Za-z0-9!_.*'()/-]{1,200}$/, 'must use S3-safe characters (letters, digits, ! _ . * \' ( ) / -)')
          .default('agentflow')
          .meta({ description: 'The key prefix; each workflow writes under <prefix>/<workflow>/. Default agentflow.' }),
      })
      .strict()
      .optional()
      .meta({ description: 'Where values too large for a state payload (256 KiB) are written; workflows may override it.', examples: [{ bucket: 'agentflow-artifacts-dev', prefix: 'agentflow' }] }),
    /** Payload budget: Step Functions' 256 KiB limit minus a safety margin, and sizes assumed for unbounded values. */
    payload: z
      .object({
        limitBytes: z.number().int().positive().max(262_144).optional().meta({ description: "The payload limit in bytes. Default and maximum 262144 (Step Functions' 256 KiB)." }),
        marginPercent: z.number().min(0).max(90).optional().meta({ description: 'Percent of the limit kept free as a safety margin, 0 to 90. Default 10.' }),
        unboundedStringBytes: z.number().int().positive().optional().meta({ description: 'Bytes assumed for a string without .max(). Default 65536.' }),
        unboundedArrayItems: z.number().int().positive().optional().meta({ description: 'Items assumed for an array without .max(). Default 100.' }),
      })
      .strict()
      .optional()
      .meta({ description: "The payload budget: Step Functions' limit minus a safety margin, and the sizes assumed for unbounded values.", examples: [{ marginPercent: 10 }] }),
    /**
     * The execution role `agentflow deploy` gives each state machine; `{workflow}` stands for the workflow's name. The
     * role itself (its policy is the compiled <name>.iam.json) is owned by Terraform, CloudFormation or CDK.
     */
    roleArn: roleArn.optional().meta({
      description: "The execution role agentflow deploy gives each state machine, by ARN; {workflow} stands for the workflow's name. Required by deploy, not by compile.",
      examples: ['arn:aws:iam::111122223333:role/agentflow-{workflow}'],
    }),
    /** Tags on every state machine, reconciled by deploy (TagResource / UntagResource); Step Functions allows 50. */
    tags: z
      .record(
        z.string().min(1).max(128).regex(/^(?!aws:)[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u, 'must be a tag key of letters, digits, spaces and _ . : / = + - @, not starting with aws:'),
        z.string().max(256).regex(/^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u, 'must be a tag value of letters, digits, spaces and _ . : / = + - @'),
      )
      .refine((tags) => Object.keys(tags).length <= 50, 'at most 50 tags (a Step Functions quota)')
      .optional()
      .meta({ description: 'Tags on every state machine of this environment; deploy adds, changes and removes tags to match.', examples: [{ team: 'research', env: 'dev' }] }),
    /** The alias callers start executions through; deploy moves it to each new version. Optional (default `live`), so environments built in code need not spell it out. */
    alias: z
      .string()
      .min(1)
      .max(80)
      .regex(/^(?=.*[a-zA-Z_\-.])[a-zA-Z0-9_\-.]+$/, 'must be an alias name: letters, digits, _ - and ., not only digits')
      .optional()
      .meta({ description: 'The state machine alias deploy moves to each published version, and callers start executions through. Default live.', examples: ['live'] }),
    /** Execution logs to CloudWatch Logs; absent means none. */
    logging: LoggingSchema.optional(),
    /** X-Ray tracing of executions (CreateStateMachine `tracingConfiguration.enabled`). */
    tracing: z.boolean().optional().meta({ description: 'true: X-Ray tracing of executions (CreateStateMachine tracingConfiguration). Default off.' }),
    kms: KmsSchema.optional(),
  })
  .strict()
  .meta({ description: 'One deployment target: where ARNs point and how logical names map to real resources.' })
  .superRefine((env, ctx) => {
    for (const topic of Object.keys(env.kms?.topics ?? {})) {
      if (!(topic in env.topics)) {
        ctx.addIssue({ code: 'custom', path: ['kms', 'topics', topic], message: `names topic '${topic}', which this environment's topics do not define` });
      }
    }
  });

export const ProjectConfigSchema = z
  .object({
    defaultEnvironment: z.string().min(1).meta({ description: 'The environment compile and run use without --env; one of environments.', examples: ['dev'] }),
    environments: z.record(z.string().min(1), EnvironmentSchema).meta({ description: 'Environment name → deployment target. Select one with --env <name>.' }),
    pricing: PricingSchema.optional(),
  })
  .strict()
  .meta({ title: 'agentflow.config.yaml', description: 'The agentflow project config: environments that map logical names to real AWS resources (docs/configuration.md).' });

/** An environment as the config file gives it. */
export type EnvironmentConfig = z.infer<typeof EnvironmentSchema>;
/** One agent as the config gives it: by id, or by name. */
export type AgentConfig = z.infer<typeof AgentSchema>;

/**
 * The ids agentflow.lock.json records for an agent configured by name (lockfile.ts). The CLI attaches them to the
 * environment before compiling, so compile stays offline and the environment a worker thread receives stays data.
 */
export interface LockedAgentIds {
  readonly agentName: string;
  readonly agentId: string;
  /** Alias as workflows name it → the Bedrock alias it was resolved to. */
  readonly aliases: Readonly<Record<string, { readonly aliasName: string; readonly aliasId: string }>>;
}

/** An environment as compile reads it: the config's, with the locked ids of agents configured by name. */
export type Environment = Omit<EnvironmentConfig, 'agents'> & { agents: Record<string, AgentConfig & { locked?: LockedAgentIds }> };
export type ProjectConfig = z.infer<typeof ProjectConfigSchema>;
