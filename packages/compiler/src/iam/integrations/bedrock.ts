import { field, type Field } from '../asl-fields.js';
import { parseArn, parseS3Uri, profileModelId, s3ObjectArn, type ArnEnv } from '../arns.js';
import type { IamBuilder } from '../builder.js';
import { REASON, SID } from '../grants.js';

/**
 * `bedrock:invokeModel` (and the SDK's InvokeModel/Converse): a foundation model ARN has an empty account; an
 * inference profile needs the profile ARN plus the model it routes to, in every Region of the profile (asl-facts §4).
 */
export function invokeModel(b: IamBuilder, args: Field, action = 'bedrock:InvokeModel', modelKey = 'ModelId'): void {
  const model = field(args, modelKey);
  const { partition: p, region: r, account: a } = b.env;
  if (model.kind === 'static' && typeof model.value === 'string') {
    modelGrants(b, model.value, model.pointer, action);
  } else {
    b.need({
      sid: SID.invokeModels,
      actions: [action],
      service: 'bedrock',
      field: model,
      what: 'Bedrock model',
      derive: () => undefined,
      example: `arn:${p}:bedrock:${r}::foundation-model/MODEL_ID`,
      prefixArn: (prefix) => (prefix.startsWith('arn:') ? prefix : `arn:${p}:bedrock:${r}::foundation-model/${prefix}`),
    });
  }
  s3Uri(b, field(field(args, 'Input'), 'S3Uri'), 's3:GetObject', SID.modelInput, 'model input');
  s3Uri(b, field(field(args, 'Output'), 'S3Uri'), 's3:PutObject', SID.modelOutput, 'model output');
  const guardrail = field(args, 'GuardrailIdentifier');
  if (guardrail.kind !== 'missing') {
    b.need({
      sid: SID.guardrails,
      actions: ['bedrock:ApplyGuardrail'],
      service: 'bedrock',
      field: guardrail,
      what: 'Bedrock guardrail',
      derive: (v) => (v.startsWith('arn:') ? (parseArn(v)?.service === 'bedrock' ? { resources: [v] } : undefined) : /^[a-z0-9]+$/.test(v) ? { resources: [`arn:${p}:bedrock:${r}:${a}:guardrail/${v}`] } : undefined),
      example: `arn:${p}:bedrock:${r}:${a}:guardrail/*`,
    });
  }
}

function modelGrants(b: IamBuilder, value: string, pointer: string, action: string): void {
  const { partition: p, region: r, account: a } = b.env;
  const anyRegionModel = (id: string, partition: string) => `arn:${partition}:bedrock:*::foundation-model/${id}`;
  const arn = parseArn(value);
  if (arn) {
    if (arn.service !== 'bedrock') {
      b.error('iam-invalid-resource', `'${value}' is not a Bedrock model ARN.`, pointer);
      return;
    }
    const [type, ...rest] = arn.resource.split('/');
    const id = rest.join('/');
    if (type === 'inference-profile') {
      b.grant('stateMachine', SID.invokeProfiles, [action], [value]);
      const modelId = profileModelId(id);
      if (modelId) b.grant('stateMachine', SID.profileModels, [action], [anyRegionModel(modelId, arn.partition)], REASON.profileRegions);
      else b.underivable('stateMachine', [action], 'bedrock', `models behind inference profile '${id}'`, pointer, anyRegionModel('MODEL_ID', arn.partition));
      return;
    }
    if (type === 'application-inference-profile') {
      b.grant('stateMachine', SID.invokeProfiles, [action], [value]);
      b.underivable('stateMachine', [action], 'bedrock', `models behind application inference profile '${id}'`, pointer, anyRegionModel('MODEL_ID', arn.partition));
      return;
    }
    b.grant('stateMachine', SID.invokeModels, [action], [value]);
    return;
  }
  const modelId = profileModelId(value);
  if (modelId) {
    b.grant('stateMachine', SID.invokeProfiles, [action], [`arn:${p}:bedrock:${r}:${a}:inference-profile/${value}`]);
    b.grant('stateMachine', SID.profileModels, [action], [anyRegionModel(modelId, p)], REASON.profileRegions);
    return;
  }
  if (!/^[A-Za-z0-9._:-]+$/.test(value)) {
    b.error('iam-invalid-resource', `'${value}' is not a Bedrock model id.`, pointer);
    return;
  }
  b.grant('stateMachine', SID.invokeModels, [action], [`arn:${p}:bedrock:${r}::foundation-model/${value}`]);
}

/** An `s3://bucket/key` field: the object ARN; a dynamic one may fall under the offload prefix or allowWildcards. */
export function s3Uri(b: IamBuilder, uri: Field, action: string, sid: string, what: string): void {
  if (uri.kind === 'missing') return;
  b.need({
    sid,
    actions: [action],
    service: 's3',
    field: uri,
    what: `S3 ${what}`,
    derive: (v) => {
      const parsed = parseS3Uri(v);
      return parsed && parsed.key !== '' ? { resources: [s3ObjectArn(parsed.bucket, parsed.key, b.env.partition)] } : undefined;
    },
    example: `arn:${b.env.partition}:s3:::BUCKET/PREFIX/*`,
    prefixArn: (prefix) => s3UriPrefixArn(prefix, b.env),
  });
}

export function s3UriPrefixArn(prefix: string, env: ArnEnv): string | undefined {
  return prefix.startsWith('s3://') && prefix.length > 5 ? `arn:${env.partition}:s3:::${prefix.slice(5)}` : undefined;
}

/** AgentCore `invokeHarness` (URI `bedrockagentcore`, IAM `bedrock-agentcore`; asl-facts §3.4, §4). */
export function invokeHarness(b: IamBuilder, args: Field): void {
  b.need({
    sid: SID.harness,
    actions: ['bedrock-agentcore:InvokeAgentRuntime', 'bedrock-agentcore:InvokeHarness'],
    service: 'bedrock-agentcore',
    field: field(args, 'HarnessArn'),
    what: 'AgentCore harness',
    derive: (v) => (parseArn(v)?.service === 'bedrock-agentcore' ? { resources: [v] } : undefined),
    example: `arn:${b.env.partition}:bedrock-agentcore:${b.env.region}:${b.env.account}:harness/PREFIX*`,
    prefixArn: (prefix) => (prefix.startsWith('arn:') ? prefix : undefined),
  });
}
