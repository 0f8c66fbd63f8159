/**
 * A bare stand-in for the Step Functions and STS fakes, with the same API, so deploy tests run until the real fakes
 * land in @agentflow/aws-fakes. Step Functions speaks awsJson1_0 (X-Amz-Target: AWSStepFunctions.<Op>); STS awsQuery.
 */
import { FaultPlan, startLoopback, type LoopbackReply, type LoopbackRequest } from '@agentflow/aws-fakes';

export const SFN_MUTATING_OPERATIONS: readonly string[] = [
  'CreateStateMachine',
  'UpdateStateMachine',
  'DeleteStateMachine',
  'PublishStateMachineVersion',
  'DeleteStateMachineVersion',
  'CreateStateMachineAlias',
  'UpdateStateMachineAlias',
  'DeleteStateMachineAlias',
  'TagResource',
  'UntagResource',
];

interface Version {
  definition: string;
  roleArn: string;
  revisionId: string;
  description?: string;
}

interface Machine {
  arn: string;
  name: string;
  definition: string;
  roleArn: string;
  loggingConfiguration: unknown;
  tracingConfiguration: unknown;
  encryptionConfiguration: unknown;
  revisionId: string;
  tags: Map<string, string>;
  versions: Map<number, Version>;
  nextVersion: number;
  aliases: Map<string, { stateMachineVersionArn: string; weight: number }[]>;
  staleLeft: number;
  staleRevision?: string;
}

export interface FakeCall {
  readonly operation: string;
  readonly input: Record<string, unknown>;
}

class Fail extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export async function startFakeStepFunctions(options: { region?: string; account?: string; validate?: (definition: string) => unknown; staleDescribes?: number } = {}) {
  const region = options.region ?? 'us-east-1';
  const account = options.account ?? '111122223333';
  const machines = new Map<string, Machine>();
  const faults = new FaultPlan();
  const calls: FakeCall[] = [];
  let revision = 0;
  const nextRevision = () => `rev-${++revision}`;
  const arnOf = (name: string) => `arn:aws:states:${region}:${account}:stateMachine:${name}`;
  const find = (arn: string): { m: Machine; qualifier?: string } => {
    const prefix = `arn:aws:states:${region}:${account}:stateMachine:`;
    const rest = String(arn).startsWith(prefix) ? String(arn).slice(prefix.length) : '';
    const [name, qualifier] = rest.split(':');
    const m = machines.get(name ?? '');
    if (!m) throw new Fail('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return qualifier === undefined ? { m } : { m, qualifier };
  };
  const publish = (m: Machine, description?: string): string => {
    const latest = m.versions.get(m.nextVersion - 1);
    if (latest && latest.revisionId === m.revisionId) return `${m.arn}:${m.nextVersion - 1}`;
    const n = m.nextVersion++;
    m.versions.set(n, { definition: m.definition, roleArn: m.roleArn, revisionId: m.revisionId, ...(description !== undefined ? { description } : {}) });
    return `${m.arn}:${n}`;
  };
  const now = () => 1_700_000_000;

  const ops: Record<string, (i: Record<string, any>) => unknown> = {
    CreateStateMachine(i) {
      if (machines.has(i.name)) throw new Fail('StateMachineAlreadyExists', `State Machine Already Exists: '${arnOf(i.name)}'`);
      const m: Machine = {
        arn: arnOf(i.name),
        name: i.name,
        definition: i.definition,
        roleArn: i.roleArn,
        loggingConfiguration: i.loggingConfiguration ?? { level: 'OFF', includeExecutionData: false },
        tracingConfiguration: i.tracingConfiguration ?? { enabled: false },
        encryptionConfiguration: i.encryptionConfiguration ?? { type: 'AWS_OWNED_KEY' },
        revisionId: nextRevision(),
        tags: new Map((i.tags ?? []).map((t: { key: string; value: string }) => [t.key, t.value])),
        versions: new Map(),
        nextVersion: 1,
        aliases: new Map(),
        staleLeft: 0,
      };
      machines.set(i.name, m);
      const versionArn = i.publish ? publish(m, i.versionDescription) : undefined;
      return { stateMachineArn: m.arn, creationDate: now(), ...(versionArn ? { stateMachineVersionArn: versionArn } : {}) };
    },
    DescribeStateMachine(i) {
      const { m, qualifier } = find(i.stateMachineArn);
      if (qualifier !== undefined) {
        const v = m.versions.get(Number(qualifier));
        if (!v) throw new Fail('StateMachineDoesNotExist', `State Machine Does Not Exist: '${i.stateMachineArn}'`);
        return { stateMachineArn: i.stateMachineArn, name: m.name, status: 'ACTIVE', definition: v.definition, roleArn: v.roleArn, type: 'STANDARD', creationDate: now(), revisionId: v.revisionId, ...(v.description ? { description: v.description } : {}) };
      }
      let revisionId = m.revisionId;
      if (m.staleLeft > 0 && m.staleRevision) {
        m.staleLeft--;
        revisionId = m.staleRevision;
      }
      return {
        stateMachineArn: m.arn,
        name: m.name,
        status: 'ACTIVE',
        definition: m.definition,
        roleArn: m.roleArn,
        type: 'STANDARD',
        creationDate: now(),
        loggingConfiguration: m.loggingConfiguration,
        tracingConfiguration: m.tracingConfiguration,
        encryptionConfiguration: m.encryptionConfiguration,
        revisionId,
      };
    },
    UpdateStateMachine(i) {
      const { m } = find(i.stateMachineArn);
      m.staleRevision = m.revisionId;
      m.staleLeft = options.staleDescribes ?? 0;
      if (i.definition !== undefined) m.definition = i.definition;
      if (i.roleArn !== undefined) m.roleArn = i.roleArn;
      if (i.loggingConfiguration !== undefined) m.loggingConfiguration = i.loggingConfiguration;
      if (i.tracingConfiguration !== undefined) m.tracingConfiguration = i.tracingConfiguration;
      if (i.encryptionConfiguration !== undefined) m.encryptionConfiguration = i.encryptionConfiguration;
      m.revisionId = nextRevision();
      const versionArn = i.publish ? publish(m, i.versionDescription) : undefined;
      return { updateDate: now(), revisionId: m.revisionId, ...(versionArn ? { stateMachineVersionArn: versionArn } : {}) };
    },
    PublishStateMachineVersion(i) {
      const { m } = find(i.stateMachineArn);
      if (i.revisionId !== undefined && i.revisionId !== m.revisionId && !(i.revisionId === 'INITIAL' && m.versions.size === 0)) {
        throw new Fail('ConflictException', `Failed to publish the State Machine version: revisionId ${i.revisionId} is not the latest`, 409);
      }
      return { stateMachineVersionArn: publish(m, i.description), creationDate: now() };
    },
    ListStateMachineVersions(i) {
      const { m } = find(i.stateMachineArn);
      const all = [...m.versions.keys()].sort((a, b) => b - a);
      const start = i.nextToken ? Number(i.nextToken) : 0;
      const size = i.maxResults || 100;
      const page = all.slice(start, start + size);
      return { stateMachineVersions: page.map((n) => ({ stateMachineVersionArn: `${m.arn}:${n}`, creationDate: now() })), ...(start + size < all.length ? { nextToken: String(start + size) } : {}) };
    },
    DeleteStateMachineVersion(i) {
      const { m, qualifier } = find(i.stateMachineVersionArn);
      const n = Number(qualifier);
      for (const routes of m.aliases.values()) if (routes.some((r) => r.stateMachineVersionArn === i.stateMachineVersionArn)) throw new Fail('ConflictException', 'Version is referenced by an alias', 409);
      m.versions.delete(n);
      return {};
    },
    CreateStateMachineAlias(i) {
      const first = i.routingConfiguration?.[0]?.stateMachineVersionArn as string;
      const { m } = find(first.slice(0, first.lastIndexOf(':')));
      m.aliases.set(i.name, i.routingConfiguration);
      return { stateMachineAliasArn: `${m.arn}:${i.name}`, creationDate: now() };
    },
    UpdateStateMachineAlias(i) {
      const { m, qualifier } = find(i.stateMachineAliasArn);
      if (!m.aliases.has(qualifier ?? '')) throw new Fail('ResourceNotFound', 'Alias not found');
      m.aliases.set(qualifier!, i.routingConfiguration);
      return { updateDate: now() };
    },
    DescribeStateMachineAlias(i) {
      let found;
      try {
        found = find(i.stateMachineAliasArn);
      } catch {
        throw new Fail('ResourceNotFound', 'Alias not found');
      }
      const routes = found.m.aliases.get(found.qualifier ?? '');
      if (!routes) throw new Fail('ResourceNotFound', 'Alias not found');
      return { stateMachineAliasArn: i.stateMachineAliasArn, name: found.qualifier, routingConfiguration: routes, creationDate: now(), updateDate: now() };
    },
    ListStateMachineAliases(i) {
      const { m } = find(i.stateMachineArn);
      return { stateMachineAliases: [...m.aliases.keys()].map((a) => ({ stateMachineAliasArn: `${m.arn}:${a}`, creationDate: now() })) };
    },
    ListTagsForResource(i) {
      const { m } = find(i.resourceArn);
      return { tags: [...m.tags].map(([key, value]) => ({ key, value })) };
    },
    TagResource(i) {
      const { m } = find(i.resourceArn);
      for (const t of i.tags) m.tags.set(t.key, t.value);
      return {};
    },
    UntagResource(i) {
      const { m } = find(i.resourceArn);
      for (const k of i.tagKeys) m.tags.delete(k);
      return {};
    },
    ValidateStateMachineDefinition(i) {
      return options.validate ? options.validate(i.definition) : { result: 'OK', diagnostics: [], truncated: false };
    },
  };

  const handle = (request: LoopbackRequest): LoopbackReply => {
    const operation = String(request.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
    const input = JSON.parse(request.body.toString('utf8') || '{}') as Record<string, unknown>;
    calls.push({ operation, input });
    const fault = faults.take(operation);
    const error = (type: string, message: string, status: number): LoopbackReply => ({ status, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify({ __type: `com.amazonaws.states#${type}`, message }) });
    if (fault === 'drop') return { drop: true };
    if (fault === 'throttle') return error('ThrottlingException', 'Rate exceeded', 400);
    if (fault === 'server-error') return error('InternalServerError', 'Internal failure', 500);
    if (fault === 'access-denied') return error('AccessDeniedException', `User is not authorized to perform: states:${operation}`, 400);
    if (fault === 'conflict') return error('ConflictException', 'Conflict', 409);
    const op = ops[operation];
    if (!op) return error('UnknownOperationException', operation, 400);
    try {
      return { status: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify(op(input)) };
    } catch (e) {
      if (e instanceof Fail) return error(e.type, e.message, e.status);
      throw e;
    }
  };
  const server = await startLoopback(handle);
  return {
    endpoint: server.endpoint,
    faults,
    calls,
    writes: () => calls.filter((c) => SFN_MUTATING_OPERATIONS.includes(c.operation)).map((c) => c.operation),
    snapshot: () =>
      [...machines.values()].map((m) => ({
        name: m.name,
        definition: m.definition,
        roleArn: m.roleArn,
        tags: Object.fromEntries([...m.tags].sort()),
        versions: [...m.versions.keys()].sort((a, b) => a - b),
        aliases: Object.fromEntries([...m.aliases].map(([k, v]) => [k, v.map((r) => ({ version: Number(r.stateMachineVersionArn.slice(r.stateMachineVersionArn.lastIndexOf(':') + 1)), weight: r.weight }))])),
      })),
    close: () => server.close(),
  };
}

export async function startFakeSts(options: { account?: string; arn?: string } = {}) {
  const account = options.account ?? '111122223333';
  const arn = options.arn ?? `arn:aws:iam::${account}:user/deployer`;
  const faults = new FaultPlan();
  const calls: FakeCall[] = [];
  const server = await startLoopback((request) => {
    const form = new URLSearchParams(request.body.toString('utf8'));
    const operation = form.get('Action') ?? '';
    calls.push({ operation, input: Object.fromEntries(form) });
    const fault = faults.take(operation);
    if (fault === 'drop') return { drop: true };
    if (fault === 'access-denied') {
      return { status: 403, headers: { 'content-type': 'text/xml' }, body: `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>denied</Message></Error><RequestId>r</RequestId></ErrorResponse>` };
    }
    return {
      status: 200,
      headers: { 'content-type': 'text/xml' },
      body: `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${arn}</Arn><UserId>AIDAFAKE</UserId><Account>${account}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    };
  });
  return { endpoint: server.endpoint, faults, calls, close: () => server.close() };
}
