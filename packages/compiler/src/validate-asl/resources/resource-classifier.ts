import { closest, lookup } from '../model/json-value.js';
import { containsPlaceholder, isWholePlaceholder, maskPlaceholders } from '../json/placeholders.js';
import {
  MAP_S3_APIS,
  OPTIMIZED_INTEGRATIONS,
  RESOURCE_CORRECTIONS,
  type IntegrationPattern,
} from './service-integrations.js';

export type ResourceKind = 'optimized' | 'aws-sdk' | 'lambda-function' | 'activity' | 'placeholder';

export interface ResourceClass {
  readonly kind: ResourceKind;
  readonly service?: string;
  readonly api?: string;
  readonly pattern?: IntegrationPattern;
}

export type ResourceVerdict =
  | { readonly ok: true; readonly resource: ResourceClass }
  | { readonly ok: false; readonly message: string; readonly hint: string };

const PARTITION = 'aws(?:-[a-z]+)*';
const STATES_ARN = new RegExp(`^arn:(${PARTITION}):states:([a-z0-9-]*):(\\d{12}|):(.+)$`);
const LAMBDA_ARN = new RegExp(`^arn:${PARTITION}:lambda:[a-z]{2}(?:-[a-z]+)+-\\d+:\\d{12}:function:[A-Za-z0-9_-]{1,64}(?::(?:\\$LATEST|[A-Za-z0-9_-]{1,128}))?$`);
const ACTIVITY = /^activity:[^\s:]{1,80}$/;
const OPTIMIZED = /^([a-z0-9-]+):([A-Za-z0-9]+)(?:\.([A-Za-z]+(?::\d+)?))?$/;
const SDK = /^aws-sdk:([a-z0-9.-]+):([A-Za-z0-9]+)(?:\.([A-Za-z]+(?::\d+)?))?$/;
const SUFFIXES: Readonly<Record<string, IntegrationPattern>> = { sync: 'sync', 'sync:2': 'sync:2', waitForTaskToken: 'waitForTaskToken' };

const EXAMPLES =
  'e.g. "arn:aws:states:::lambda:invoke", "arn:aws:states:::aws-sdk:s3:getObject", a Lambda function ARN or an activity ARN.';

/** Classifies a Task Resource, or explains why Step Functions would reject it. */
export function classifyTaskResource(resource: string): ResourceVerdict {
  if (isWholePlaceholder(resource)) return { ok: true, resource: { kind: 'placeholder' } };
  if (containsPlaceholder(resource)) return classifyTemplated(resource);
  if (LAMBDA_ARN.test(resource)) return { ok: true, resource: { kind: 'lambda-function', service: 'lambda' } };
  if (/^arn:[^:]*:lambda:/.test(resource)) {
    return reject(`"${resource}" is not a valid Lambda function ARN.`, 'Use arn:<partition>:lambda:<region>:<account-id>:function:<name>[:<alias-or-version>].');
  }
  const arn = STATES_ARN.exec(resource);
  if (!arn) return reject(`"${resource}" is not a Step Functions task resource.`, `Use an integration ARN, ${EXAMPLES}`);
  const [, , region, account, rest] = arn as unknown as [string, string, string, string, string];
  if (rest.startsWith('activity:')) {
    if (!ACTIVITY.test(rest) || region === '' || account === '') {
      return reject(`"${resource}" is not a valid activity ARN.`, 'Use arn:<partition>:states:<region>:<account-id>:activity:<name>.');
    }
    return { ok: true, resource: { kind: 'activity' } };
  }
  return classifyIntegration(rest, 'Task');
}

/** Checks an ItemReader or ResultWriter Resource: only the S3 APIs that Distributed Map supports. */
export function classifyMapResource(resource: string, field: keyof typeof MAP_S3_APIS): ResourceVerdict {
  if (isWholePlaceholder(resource)) return { ok: true, resource: { kind: 'placeholder' } };
  const masked = containsPlaceholder(resource) ? maskPlaceholders(resource, '\u0001') : resource;
  const arn = STATES_ARN.exec(masked.replace(/^arn:\u0001:/, 'arn:aws:'));
  const allowed = MAP_S3_APIS[field].map((api) => `arn:aws:states:::s3:${api}`);
  if (arn && !arn[4]!.includes('\u0001')) {
    const match = /^s3:([A-Za-z0-9]+)$/.exec(arn[4]!);
    if (match && (MAP_S3_APIS[field] as readonly string[]).includes(match[1]!)) {
      return { ok: true, resource: { kind: 'optimized', service: 's3', api: match[1]! } };
    }
  } else if (masked.includes('\u0001')) {
    return { ok: true, resource: { kind: 'placeholder' } };
  }
  return reject(`"${resource}" is not a valid ${field} resource.`, `${field} supports ${allowed.join(' and ')}.`);
}

function classifyTemplated(resource: string): ResourceVerdict {
  // Only the literal integration part can be checked; a placeholder may stand for any ARN field.
  const masked = maskPlaceholders(resource, '\u0001');
  const arn = /^arn:[^:]*:states:[^:]*:[^:]*:([^\u0001]+)$/.exec(masked);
  if (arn && !arn[1]!.startsWith('activity:')) return classifyIntegration(arn[1]!, 'Task', resource);
  return { ok: true, resource: { kind: 'placeholder' } };
}

function classifyIntegration(rest: string, where: string, original?: string): ResourceVerdict {
  const shown = original ?? `arn:aws:states:::${rest}`;
  const sdk = SDK.exec(rest);
  if (sdk) {
    const [, service, api, suffix] = sdk as unknown as [string, string, string, string | undefined];
    if (suffix === 'sync' || suffix === 'sync:2') {
      return reject(`AWS SDK integrations do not support .${suffix}: "${shown}".`, 'Use the optimized integration if one supports .sync, or poll with a Wait/Choice loop; SDK integrations support request-response and .waitForTaskToken only.');
    }
    if (suffix !== undefined && suffix !== 'waitForTaskToken') {
      return reject(`Unknown integration pattern ".${suffix}" in "${shown}".`, 'SDK integrations accept no suffix (request-response) or .waitForTaskToken.');
    }
    if (!/^[a-z]/.test(api)) {
      return reject(`The SDK action "${api}" in "${shown}" must be camelCase.`, `Write the API action in camelCase, e.g. "aws-sdk:${service}:${api.charAt(0).toLowerCase()}${api.slice(1)}".`);
    }
    return { ok: true, resource: { kind: 'aws-sdk', service, api, pattern: suffix === undefined ? 'rr' : 'waitForTaskToken' } };
  }
  if (rest.startsWith('aws-sdk:')) {
    return reject(`"${shown}" is not a valid AWS SDK integration.`, 'Use arn:aws:states:::aws-sdk:<service>:<apiAction>, e.g. arn:aws:states:::aws-sdk:s3:getObject.');
  }
  const optimized = OPTIMIZED.exec(rest);
  if (!optimized) return reject(`"${shown}" is not a valid service integration.`, `Use an integration ARN, ${EXAMPLES}`);
  const [, service, api, suffix] = optimized as unknown as [string, string, string, string | undefined];
  const correction = lookup(RESOURCE_CORRECTIONS, `${service}:${api}`);
  if (correction) return reject(`"${shown}" is not a Step Functions integration.`, correction);
  if (service === 's3') {
    return reject(`"${shown}" is not a ${where} integration.`, `The optimized S3 APIs exist only for Distributed Map ItemReader/ResultWriter; in a Task use "arn:aws:states:::aws-sdk:s3:${api}".`);
  }
  const apis = lookup(OPTIMIZED_INTEGRATIONS, service);
  if (!apis) {
    const guess = closest(service, Object.keys(OPTIMIZED_INTEGRATIONS));
    return reject(
      `"${service}" has no optimized integration: "${shown}".`,
      guess ? `Did you mean "${guess}"? Otherwise use the AWS SDK integration arn:aws:states:::aws-sdk:${service}:${api}.` : `Use the AWS SDK integration arn:aws:states:::aws-sdk:${service}:${api}.`,
    );
  }
  const patterns = lookup(apis, api);
  if (!patterns) {
    const guess = closest(api, Object.keys(apis));
    return reject(
      `"${service}:${api}" is not an optimized integration: "${shown}".`,
      `${guess ? `Did you mean "${service}:${guess}"? ` : ''}The optimized ${service} APIs are ${Object.keys(apis).join(', ')}; other actions go through arn:aws:states:::aws-sdk:${service}:${api}.`,
    );
  }
  const pattern = suffix === undefined ? 'rr' : lookup(SUFFIXES, suffix);
  if (!pattern) {
    return reject(`Unknown integration pattern ".${suffix}" in "${shown}".`, 'The patterns are request-response (no suffix), .sync, .sync:2 and .waitForTaskToken.');
  }
  if (!patterns.includes(pattern)) {
    const supported = patterns.map((p) => (p === 'rr' ? 'request-response' : `.${p}`)).join(', ');
    return reject(`${service}:${api} does not support .${pattern}: "${shown}".`, `${service}:${api} supports ${supported}.`);
  }
  return { ok: true, resource: { kind: 'optimized', service, api, pattern } };
}

function reject(message: string, hint: string): ResourceVerdict {
  return { ok: false, message, hint };
}

/** The integration pattern a Resource uses, read from its suffix. */
export function patternOf(resource: string): IntegrationPattern {
  if (/\.waitForTaskToken$/.test(resource)) return 'waitForTaskToken';
  if (/\.sync:2$/.test(resource)) return 'sync:2';
  if (/\.sync$/.test(resource)) return 'sync';
  return 'rr';
}

/** True for Lambda tasks: the lambda:invoke integration or a function ARN. */
export function isLambdaResource(resource: string): boolean {
  return /^arn:[^:]+:states:[^:]*:[^:]*:lambda:invoke(?:\.waitForTaskToken)?$/.test(resource) || /^arn:[^:]+:lambda:[^:]*:[^:]*:function:/.test(resource);
}
