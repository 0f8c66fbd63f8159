import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';

/**
 * The IAM JSON policy grammar (IAM User Guide, "Grammar of the IAM JSON policy language") as a JSON Schema, in two
 * flavours: identity policies (Resource/NotResource, no Principal) and trust policies (Principal, no Resource).
 * Sids are alphanumeric, as IAM requires for identity policies.
 */
const stringOrList = (item: object) => ({ anyOf: [item, { type: 'array', minItems: 1, items: item }] });

const ACTION = { type: 'string', pattern: '^(\\*|[a-z0-9-]+:[A-Za-z0-9*?]+)$' };
const RESOURCE = { type: 'string', pattern: '^(\\*|arn:(\\*|[a-z-]+):[a-z0-9*?-]+:[a-z0-9*?-]*:(\\d{12}|\\*|\\?*|):.+)$' };
const CONDITION_VALUE = { type: ['string', 'number', 'boolean', 'null'] };

export const POLICY_SCHEMA = {
  $id: 'https://agentflow.dev/schema/iam-policy.json',
  $defs: {
    action: ACTION,
    resource: RESOURCE,
    principal: {
      anyOf: [
        { const: '*' },
        {
          type: 'object',
          minProperties: 1,
          additionalProperties: false,
          properties: {
            AWS: stringOrList({ type: 'string', minLength: 1 }),
            Service: stringOrList({ type: 'string', pattern: '^[a-z0-9.-]+\\.amazonaws\\.com(\\.cn)?$' }),
            Federated: stringOrList({ type: 'string', minLength: 1 }),
            CanonicalUser: stringOrList({ type: 'string', minLength: 1 }),
          },
        },
      ],
    },
    condition: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^(ForAllValues:|ForAnyValue:)?[A-Za-z]+(IfExists)?$' },
      additionalProperties: {
        type: 'object',
        minProperties: 1,
        propertyNames: { pattern: '^[A-Za-z0-9-]+:[A-Za-z0-9:/_.*-]+$' },
        additionalProperties: stringOrList(CONDITION_VALUE),
      },
    },
    // The grammar writes `"*" | [<string>, …]`; IAM also takes a single string, as its examples do.
    actions: { anyOf: [ACTION, { type: 'array', minItems: 1, uniqueItems: true, items: ACTION }] },
    resources: { anyOf: [RESOURCE, { type: 'array', minItems: 1, uniqueItems: true, items: RESOURCE }] },
    baseStatement: {
      type: 'object',
      required: ['Effect'],
      additionalProperties: false,
      properties: {
        Sid: { type: 'string', pattern: '^[A-Za-z0-9]*$' },
        Effect: { enum: ['Allow', 'Deny'] },
        Principal: { $ref: '#/$defs/principal' },
        NotPrincipal: { $ref: '#/$defs/principal' },
        Action: { $ref: '#/$defs/actions' },
        NotAction: { $ref: '#/$defs/actions' },
        Resource: { $ref: '#/$defs/resources' },
        NotResource: { $ref: '#/$defs/resources' },
        Condition: { $ref: '#/$defs/condition' },
      },
      // Exactly one of Action/NotAction.
      oneOf: [{ required: ['Action'] }, { required: ['NotAction'] }],
    },
    identityStatement: {
      allOf: [
        { $ref: '#/$defs/baseStatement' },
        { oneOf: [{ required: ['Resource'] }, { required: ['NotResource'] }] },
        { not: { anyOf: [{ required: ['Principal'] }, { required: ['NotPrincipal'] }] } },
      ],
    },
    trustStatement: {
      allOf: [
        { $ref: '#/$defs/baseStatement' },
        { oneOf: [{ required: ['Principal'] }, { required: ['NotPrincipal'] }] },
        { not: { anyOf: [{ required: ['Resource'] }, { required: ['NotResource'] }] } },
      ],
    },
    identityPolicy: {
      type: 'object',
      required: ['Version', 'Statement'],
      additionalProperties: false,
      properties: {
        Version: { const: '2012-10-17' },
        Id: { type: 'string' },
        Statement: { anyOf: [{ $ref: '#/$defs/identityStatement' }, { type: 'array', minItems: 1, items: { $ref: '#/$defs/identityStatement' } }] },
      },
    },
    trustPolicy: {
      type: 'object',
      required: ['Version', 'Statement'],
      additionalProperties: false,
      properties: {
        Version: { const: '2012-10-17' },
        Id: { type: 'string' },
        Statement: { anyOf: [{ $ref: '#/$defs/trustStatement' }, { type: 'array', minItems: 1, items: { $ref: '#/$defs/trustStatement' } }] },
      },
    },
  },
} as const;

/** The artifact around the policies: roles, each with a trust policy and a permissions policy, and the notes. */
export const ARTIFACT_SCHEMA = {
  $id: 'https://agentflow.dev/schema/iam-artifact.json',
  type: 'object',
  additionalProperties: false,
  required: ['workflow', 'partition', 'region', 'account', 'stateMachineArn', 'roles', 'notes'],
  properties: {
    workflow: { type: 'string', minLength: 1 },
    partition: { enum: ['aws', 'aws-cn', 'aws-us-gov'] },
    region: { type: 'string', pattern: '^[a-z]{2}(-[a-z]+)+-\\d$' },
    account: { type: 'string', pattern: '^\\d{12}$' },
    stateMachineArn: { type: 'string', pattern: '^arn:[a-z-]+:states:[a-z0-9-]+:\\d{12}:stateMachine:[A-Za-z0-9_-]{1,80}$' },
    roles: {
      type: 'object',
      additionalProperties: false,
      required: ['stateMachine'],
      properties: {
        stateMachine: { $ref: '#/$defs/role' },
        agentAdapter: { $ref: '#/$defs/role' },
        approvalResponder: { $ref: '#/$defs/role' },
      },
    },
    notes: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['role', 'sid', 'resources', 'reason'],
        properties: {
          role: { enum: ['stateMachine', 'agentAdapter', 'approvalResponder'] },
          sid: { type: 'string', pattern: '^[A-Za-z0-9]+$' },
          resources: { type: 'array', minItems: 1, items: { type: 'string' } },
          reason: { type: 'string', minLength: 20 },
        },
      },
    },
  },
  $defs: {
    role: {
      type: 'object',
      additionalProperties: false,
      required: ['description', 'assumeRolePolicy'],
      properties: {
        description: { type: 'string', minLength: 1 },
        functionArn: { type: 'string', pattern: '^arn:[a-z-]+:lambda:[a-z0-9-]+:\\d{12}:function:[A-Za-z0-9_-]{1,64}(:(\\$LATEST|[A-Za-z0-9_-]+))?$' },
        assumeRolePolicy: { $ref: 'https://agentflow.dev/schema/iam-policy.json#/$defs/trustPolicy' },
        policy: { $ref: 'https://agentflow.dev/schema/iam-policy.json#/$defs/identityPolicy' },
      },
    },
  },
} as const;

let compiled: { artifact: ValidateFunction; identity: ValidateFunction; trust: ValidateFunction } | undefined;

function validators() {
  if (!compiled) {
    const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, strictTypes: false, allowUnionTypes: true });
    ajv.addSchema(POLICY_SCHEMA);
    compiled = {
      artifact: ajv.compile(ARTIFACT_SCHEMA),
      identity: ajv.getSchema('https://agentflow.dev/schema/iam-policy.json#/$defs/identityPolicy')!,
      trust: ajv.getSchema('https://agentflow.dev/schema/iam-policy.json#/$defs/trustPolicy')!,
    };
  }
  return compiled;
}

function check(validate: ValidateFunction, value: unknown): string[] {
  return validate(value) ? [] : (validate.errors as ErrorObject[]).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`);
}

export const validateArtifact = (value: unknown) => check(validators().artifact, value);
export const validateIdentityPolicy = (value: unknown) => check(validators().identity, value);
export const validateTrustPolicy = (value: unknown) => check(validators().trust, value);
