import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineVersionCommand,
  PublishStateMachineVersionCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
  type EncryptionConfiguration,
  type LoggingConfiguration,
} from '@aws-sdk/client-sfn';
import { sfnCall } from './aws-call.js';
import type { DeployClients } from './clients.js';
import type { DesiredMachine } from './desired.js';
import { isEmptyDiff } from './diff-api.js';
import type { MachinePlan, MachineSettings, Route } from './plan-types.js';
import { aliasArn, versionArn, versionNumber, waitForRevision, type DeployedMachine, type WaitOptions } from './read-deployed.js';

/** Progress of one workflow's deploy, as it happens; the CLI prints these. */
export type DeployEvent =
  | { readonly kind: 'compiling' | 'planning' | 'creating' | 'updating' | 'publishing' | 'tags' | 'unchanged'; readonly workflow: string }
  | { readonly kind: 'published'; readonly workflow: string; readonly version: number }
  | { readonly kind: 'alias'; readonly workflow: string; readonly alias: string; readonly routes: readonly Route[] }
  | { readonly kind: 'pruned'; readonly workflow: string; readonly version: number };

export type OnEvent = (event: DeployEvent) => void;

/** What one applied machine ended as. */
export interface AppliedMachine {
  readonly workflow: string;
  readonly stateMachineArn: string;
  readonly action: MachinePlan['action'];
  /** The version published by this run. */
  readonly version?: number;
  readonly alias?: { readonly name: string; readonly arn: string; readonly routes: readonly Route[] };
  readonly pruned: readonly number[];
}

export function loggingConfiguration(settings: MachineSettings): LoggingConfiguration {
  return {
    level: settings.logging.level,
    includeExecutionData: settings.logging.includeExecutionData,
    ...(settings.logging.logGroupArn ? { destinations: [{ cloudWatchLogsLogGroup: { logGroupArn: settings.logging.logGroupArn } }] } : {}),
  };
}

export function encryptionConfiguration(settings: MachineSettings): EncryptionConfiguration {
  return settings.kmsKeyId ? { type: 'CUSTOMER_MANAGED_KMS_KEY', kmsKeyId: settings.kmsKeyId } : { type: 'AWS_OWNED_KEY' };
}

/**
 * Carries out one machine's plan. The order is what makes a stopped run converge when re-run: create or update,
 * publish the revision the update returned (its version ARN moves the alias in this same run), tags, then prune.
 */
export async function applyMachine(
  clients: DeployClients,
  desired: DesiredMachine,
  deployed: DeployedMachine | undefined,
  plan: MachinePlan,
  onEvent: OnEvent = () => {},
  wait: WaitOptions = {},
): Promise<AppliedMachine> {
  const workflow = desired.workflow;
  const arn = desired.stateMachineArn;
  const where = { resource: arn, workflow };
  if (plan.action === 'unchanged') {
    onEvent({ kind: 'unchanged', workflow });
    return { workflow, stateMachineArn: arn, action: 'unchanged', pruned: [] };
  }
  let published: number | undefined;
  if (plan.action === 'create' || !deployed) {
    onEvent({ kind: 'creating', workflow });
    const out = await sfnCall(
      clients,
      'CreateStateMachine',
      () =>
        clients.sfn.send(
          new CreateStateMachineCommand({
            name: desired.stateMachineName,
            definition: desired.definition,
            roleArn: desired.settings.roleArn,
            type: 'STANDARD',
            loggingConfiguration: loggingConfiguration(desired.settings),
            tracingConfiguration: { enabled: desired.settings.tracing },
            ...(desired.settings.kmsKeyId ? { encryptionConfiguration: encryptionConfiguration(desired.settings) } : {}),
            ...(Object.keys(desired.tags).length ? { tags: Object.entries(desired.tags).map(([key, value]) => ({ key, value })) } : {}),
            publish: true,
            versionDescription: desired.versionDescription,
          }),
        ),
      where,
    );
    published = versionNumber(out.stateMachineVersionArn ?? `${arn}:1`);
    onEvent({ kind: 'published', workflow, version: published });
  } else {
    const definitionChanged = plan.deployedHash !== plan.definitionHash || (plan.definition !== undefined && !isEmptyDiff(plan.definition));
    let revisionId = deployed.revisionId;
    if (definitionChanged || plan.settings.length > 0) {
      onEvent({ kind: 'updating', workflow });
      const out = await sfnCall(
        clients,
        'UpdateStateMachine',
        () =>
          clients.sfn.send(
            new UpdateStateMachineCommand({
              stateMachineArn: arn,
              definition: desired.definition,
              roleArn: desired.settings.roleArn,
              loggingConfiguration: loggingConfiguration(desired.settings),
              tracingConfiguration: { enabled: desired.settings.tracing },
              encryptionConfiguration: encryptionConfiguration(desired.settings),
            }),
          ),
        where,
      );
      revisionId = out.revisionId;
      if (revisionId) await waitForRevision(clients, arn, revisionId, { ...wait, workflow });
    }
    if (plan.publish) {
      onEvent({ kind: 'publishing', workflow });
      // The revision id is an optimistic lock: another deployer's update in between makes this a ConflictException.
      const out = await sfnCall(
        clients,
        'PublishStateMachineVersion',
        () => clients.sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn, revisionId: revisionId ?? 'INITIAL', description: desired.versionDescription })),
        where,
      );
      published = versionNumber(out.stateMachineVersionArn ?? '');
      onEvent({ kind: 'published', workflow, version: published });
    }
  }
  let alias: AppliedMachine['alias'];
  if (plan.alias) {
    const routes = plan.alias.after.map((r) => ({ version: r.version === 0 ? published! : r.version, weight: r.weight }));
    const routingConfiguration = routes.map((r) => ({ stateMachineVersionArn: versionArn(arn, r.version), weight: r.weight }));
    const target = aliasArn(arn, plan.alias.name);
    if (plan.alias.before === undefined) {
      await sfnCall(clients, 'CreateStateMachineAlias', () => clients.sfn.send(new CreateStateMachineAliasCommand({ name: plan.alias!.name, routingConfiguration })), {
        resource: target,
        workflow,
      });
    } else {
      await sfnCall(clients, 'UpdateStateMachineAlias', () => clients.sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn: target, routingConfiguration })), {
        resource: target,
        workflow,
      });
    }
    alias = { name: plan.alias.name, arn: target, routes };
    onEvent({ kind: 'alias', workflow, alias: plan.alias.name, routes });
  }
  // CreateStateMachine sets tags itself; on update they are reconciled apart, since Update takes none.
  if (plan.action === 'update') {
    const set = { ...plan.tags.added, ...Object.fromEntries(Object.entries(plan.tags.changed).map(([k, v]) => [k, v.after])) };
    if (Object.keys(set).length > 0 || plan.tags.removed.length > 0) onEvent({ kind: 'tags', workflow });
    if (Object.keys(set).length > 0) {
      await sfnCall(clients, 'TagResource', () => clients.sfn.send(new TagResourceCommand({ resourceArn: arn, tags: Object.entries(set).map(([key, value]) => ({ key, value })) })), where);
    }
    if (plan.tags.removed.length > 0) {
      await sfnCall(clients, 'UntagResource', () => clients.sfn.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: [...plan.tags.removed] })), where);
    }
  }
  const pruned: number[] = [];
  for (const version of plan.prune) {
    await sfnCall(clients, 'DeleteStateMachineVersion', () => clients.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: versionArn(arn, version) })), {
      resource: versionArn(arn, version),
      workflow,
    });
    pruned.push(version);
    onEvent({ kind: 'pruned', workflow, version });
  }
  return { workflow, stateMachineArn: arn, action: plan.action, ...(published !== undefined ? { version: published } : {}), ...(alias ? { alias } : {}), pruned };
}
