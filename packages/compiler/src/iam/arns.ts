/** Where the ARNs go: partition, region and account of the environment the workflow compiles for. */
export interface ArnEnv {
  readonly partition: string;
  readonly region: string;
  readonly account: string;
}

export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** Everything after the fifth colon, e.g. `function:name:alias` or `table/orders`. */
  readonly resource: string;
}

export function parseArn(value: string): Arn | undefined {
  const parts = value.split(':');
  if (parts.length < 6 || parts[0] !== 'arn' || !parts[1] || !parts[2]) return undefined;
  const [, partition, service, region, account] = parts as [string, string, string, string, string];
  const resource = parts.slice(5).join(':');
  if (resource === '') return undefined;
  return { partition, service, region, account, resource };
}

export function formatArn(arn: Arn): string {
  return `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:${arn.resource}`;
}

/** True when a string holds an IAM wildcard character. */
export function hasWildcard(value: string): boolean {
  return value.includes('*') || value.includes('?');
}

/**
 * A Lambda `FunctionName` (name, `name:qualifier`, `ACCOUNT:function:name`, or an ARN, qualified or not) as the ARNs
 * to grant: an unqualified function gets its ARN and `ARN:*` (asl-facts §4); a qualified one gets exactly that ARN.
 */
export function lambdaArns(value: string, env: ArnEnv): LambdaArns | undefined {
  // Every agent state names the same adapter function: each reference is worked out once per environment.
  let known = lambdaArnsByEnv.get(env);
  if (!known) lambdaArnsByEnv.set(env, (known = new Map()));
  if (known.has(value)) return known.get(value);
  const arns = deriveLambdaArns(value, env);
  known.set(value, arns);
  return arns;
}

export interface LambdaArns {
  readonly resources: readonly string[];
  readonly wildcard: boolean;
}

const lambdaArnsByEnv = new WeakMap<ArnEnv, Map<string, LambdaArns | undefined>>();

function deriveLambdaArns(value: string, env: ArnEnv): LambdaArns | undefined {
  let region = env.region;
  let account = env.account;
  let partition = env.partition;
  let rest: string;
  const arn = parseArn(value);
  if (arn) {
    if (arn.service !== 'lambda' || !arn.resource.startsWith('function:')) return undefined;
    ({ region, account, partition } = arn);
    rest = arn.resource.slice('function:'.length);
  } else if (/^\d{12}:function:/.test(value)) {
    account = value.slice(0, 12);
    rest = value.slice(12 + ':function:'.length);
  } else {
    rest = value;
  }
  const [name, qualifier, ...extra] = rest.split(':');
  if (!name || !/^[a-zA-Z0-9-_]+$/.test(name) || extra.length > 0 || qualifier === '') return undefined;
  const base = `arn:${partition}:lambda:${region}:${account}:function:${name}`;
  if (qualifier !== undefined) return Object.freeze({ resources: Object.freeze([`${base}:${qualifier}`]), wildcard: false });
  return Object.freeze({ resources: Object.freeze([base, `${base}:*`]), wildcard: true });
}

/** The function name of a Lambda reference, for its log group. */
export function lambdaName(value: string): string | undefined {
  const arn = parseArn(value);
  const rest = arn ? arn.resource.slice('function:'.length) : value.replace(/^\d{12}:function:/, '');
  return rest.split(':')[0] || undefined;
}

/** `https://sqs.us-east-1.amazonaws.com/111122223333/name` (and the legacy `queue.amazonaws.com` hosts) → the queue ARN. */
export function queueArn(value: string, env: ArnEnv): string | undefined {
  if (value.startsWith('arn:')) return parseArn(value)?.service === 'sqs' ? value : undefined;
  const match = /^https?:\/\/([^/]+)\/(\d{12})\/([A-Za-z0-9_-]{1,80}(?:\.fifo)?)\/?$/.exec(value);
  if (!match) return undefined;
  const [, host, account, name] = match as unknown as [string, string, string, string];
  const region = /^sqs\.([a-z0-9-]+)\./.exec(host)?.[1] ?? /^([a-z0-9-]+)\.queue\./.exec(host)?.[1] ?? (host.startsWith('queue.') ? 'us-east-1' : undefined);
  if (!region) return undefined;
  const partition = host.endsWith('.amazonaws.com.cn') ? 'aws-cn' : region.startsWith('us-gov-') ? 'aws-us-gov' : env.partition;
  return `arn:${partition}:sqs:${region}:${account}:${name}`;
}

/** A DynamoDB `TableName` (a name or a table ARN) → the table ARN. */
export function tableArn(value: string, env: ArnEnv): string | undefined {
  if (value.startsWith('arn:')) {
    const arn = parseArn(value);
    return arn?.service === 'dynamodb' && /^table\/[A-Za-z0-9_.-]{1,255}$/.test(arn.resource) ? value : undefined;
  }
  return /^[A-Za-z0-9_.-]{3,255}$/.test(value) ? `arn:${env.partition}:dynamodb:${env.region}:${env.account}:table/${value}` : undefined;
}

/** An EventBridge `EventBusName` (a name or a bus ARN) → the bus ARN. */
export function eventBusArn(value: string, env: ArnEnv): string | undefined {
  if (value.startsWith('arn:')) {
    const arn = parseArn(value);
    return arn?.service === 'events' && arn.resource.startsWith('event-bus/') ? value : undefined;
  }
  return /^[A-Za-z0-9/._-]{1,256}$/.test(value) ? `arn:${env.partition}:events:${env.region}:${env.account}:event-bus/${value}` : undefined;
}

export function s3BucketArn(bucket: string, partition: string): string {
  return `arn:${partition}:s3:::${bucket}`;
}

export function s3ObjectArn(bucket: string, key: string, partition: string): string {
  return `arn:${partition}:s3:::${bucket}/${key}`;
}

/** `s3://bucket/key` → `{bucket, key}`. */
export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const match = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])\/(.*)$/.exec(uri);
  return match ? { bucket: match[1]!, key: match[2]! } : undefined;
}

/** A key prefix as the part of an object ARN before its `*`: `reports/` and `reports` both give `reports/`. */
export function prefixPath(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, '');
  return trimmed === '' ? '' : `${trimmed}/`;
}

export function isS3Bucket(value: string): boolean {
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(value);
}

/** `arn:P:states:R:A:stateMachine:NAME[:qualifier]` → its parts. */
export function parseStateMachineArn(value: string): { arn: string; name: string; partition: string; region: string; account: string } | undefined {
  const arn = parseArn(value);
  if (!arn || arn.service !== 'states') return undefined;
  const match = /^stateMachine:([A-Za-z0-9_-]{1,80})(?::[A-Za-z0-9_-]+)?$/.exec(arn.resource);
  if (!match) return undefined;
  const name = match[1]!;
  return { arn: value, name, partition: arn.partition, region: arn.region, account: arn.account };
}

const PROFILE_GEOS = ['us', 'us-gov', 'eu', 'apac', 'ca', 'jp', 'au', 'global'];

/** A cross-Region (system) inference profile id such as `us.anthropic.claude-…` → the model id it routes to. */
export function profileModelId(profileId: string): string | undefined {
  const dot = profileId.indexOf('.');
  if (dot < 0) return undefined;
  return PROFILE_GEOS.includes(profileId.slice(0, dot)) ? profileId.slice(dot + 1) : undefined;
}

/** camelCase SDK action → PascalCase IAM action. */
export function pascal(value: string): string {
  return value.charAt(0).toUpperCase() + value.slice(1);
}

/** `dynamodb` → `Dynamodb`, `bedrock-agentcore` → `BedrockAgentcore`: for Sids, which must be alphanumeric. */
export function sidWord(value: string): string {
  return value
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(pascal)
    .join('');
}
