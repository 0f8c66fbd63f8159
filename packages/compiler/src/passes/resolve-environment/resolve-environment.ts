import type { AgentSpec, Expr, ResourceExpr, SourceLocation } from '@agentflow/dsl';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Environment } from '../../config/project-config.js';
import type { StepIndex } from '../step-index.js';
import { arnFor } from './arns.js';
import { aliasIdsOf, lockedIds } from './locked-agent.js';
import { stateMachineNameProblem } from '../../config/state-machine-name.js';

export interface ResolvedAgent {
  readonly agentId: string;
  readonly aliasId: string;
  readonly aliasArn: string;
}

/** Side table: every environment-dependent value a workflow uses, resolved for one environment. */
export interface ResolvedEnvironment {
  readonly env: Environment;
  readonly agents: ReadonlyMap<AgentSpec, ResolvedAgent>;
  /** Keyed by `resourceKey(expr)`. */
  readonly resources: ReadonlyMap<string, string>;
}

export function resourceKey(expr: Pick<ResourceExpr, 'type' | 'name' | 'form'>): string {
  return `${expr.type}:${expr.form}:${expr.name}`;
}

const CONFIG_SECTION: Record<Exclude<ResourceExpr['type'], 'state-machine'>, keyof Environment> = {
  'sns-topic': 'topics',
  'dynamodb-table': 'tables',
  'event-bus': 'eventBuses',
  'lambda-function': 'functions',
  'sqs-queue': 'queues',
};

export function resolveEnvironment(index: StepIndex, env: Environment, envName: string): { resolved: ResolvedEnvironment; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const agents = new Map<AgentSpec, ResolvedAgent>();
  const resources = new Map<string, string>();
  const miss = (code: string, message: string, hint: string, path: string, loc: SourceLocation | undefined) =>
    diagnostics.push({ code, severity: 'error', message, hint, path, ...(loc ? { loc } : {}) });

  const resolveAgent = (spec: AgentSpec, path: string, loc: SourceLocation | undefined) => {
    if (agents.has(spec)) return;
    const at = spec.loc ?? loc;
    const entry = 'name' in spec.agent ? env.agents[spec.agent.name] : Object.values(env.agents).find((a) => 'id' in spec.agent && (a.id ?? a.locked?.agentId) === spec.agent.id);
    const aliasName = 'name' in spec.alias ? spec.alias.name : undefined;
    const byName = entry?.name;
    if ('name' in spec.agent && entry !== undefined && byName !== undefined) {
      const ids = lockedIds(spec.agent.name, { ...entry, name: byName }, aliasName, envName);
      if (!ids.ok) {
        miss(ids.code, `Agent '${spec.name}' ${ids.message}`, ids.hint, path, at);
        return;
      }
      const aliasId = 'id' in spec.alias ? spec.alias.id : ids.aliasId;
      agents.set(spec, { agentId: ids.agentId, aliasId, aliasArn: aliasArn(env, ids.agentId, aliasId) });
      return;
    }
    const agentId = 'id' in spec.agent ? spec.agent.id : (entry?.id ?? entry?.locked?.agentId);
    if (agentId === undefined) {
      miss('unknown-agent', `Agent '${spec.name}' names Bedrock agent '${'name' in spec.agent ? spec.agent.name : ''}', which environment '${envName}' does not define.`, `Add it under environments.${envName}.agents in agentflow.config.yaml.`, path, at);
      return;
    }
    const aliasId = 'id' in spec.alias ? spec.alias.id : entry?.name !== undefined ? entry.locked?.aliases[spec.alias.name]?.aliasId : aliasIdsOf(entry)[spec.alias.name];
    if (aliasId === undefined) {
      miss('unknown-agent-alias', `Agent '${spec.name}' uses alias '${aliasName ?? ''}', which environment '${envName}' does not define for it.`, `Add it under the agent's aliases in environments.${envName}.`, path, at);
      return;
    }
    agents.set(spec, { agentId, aliasId, aliasArn: aliasArn(env, agentId, aliasId) });
  };

  const resolveResource = (expr: ResourceExpr, path: string, loc: SourceLocation | undefined) => {
    const key = resourceKey(expr);
    if (resources.has(key)) return;
    if (expr.type === 'state-machine') {
      const problem = stateMachineNameProblem(env, expr.name);
      if (problem) miss('invalid-state-machine-name', `Workflow '${expr.name}' gets no usable state machine name in environment '${envName}': ${problem}.`, `Shorten stateMachineName under environments.${envName} in agentflow.config.yaml, or the workflow's name.`, path, loc);
      else resources.set(key, arnFor(env, expr.type, expr.form, expr.name));
      return;
    }
    const section = CONFIG_SECTION[expr.type];
    const configured = (env[section] as Record<string, string>)[expr.name] ?? (expr.type === 'event-bus' && expr.name === 'default' ? 'default' : undefined);
    if (configured === undefined) {
      miss('unknown-resource', `${expr.type} '${expr.name}' is not defined in environment '${envName}'.`, `Add '${expr.name}' under environments.${envName}.${section} in agentflow.config.yaml.`, path, loc);
      return;
    }
    resources.set(key, arnFor(env, expr.type, expr.form, configured));
  };

  for (const info of index.all) {
    const { step, path } = info;
    if (step.kind === 'agent') resolveAgent(step.agent, path, step.loc);
    if (step.kind === 'agent' && step.cache) resolveResource({ kind: 'resource', type: 'dynamodb-table', name: step.cache.table, form: 'name' }, path, step.cache.loc ?? step.loc);
    if (step.kind === 'vote') for (const v of step.voters) resolveAgent(v.agent, path, step.loc);
    if (step.kind === 'approval') resolveResource({ kind: 'resource', type: 'sns-topic', name: step.topic, form: 'arn' }, path, step.loc);
    if (step.kind === 'task') for (const r of resourcesOf(step.integration.arguments)) resolveResource(r, path, step.loc);
  }
  return { resolved: { env, agents, resources }, diagnostics };
}

function aliasArn(env: Environment, agentId: string, aliasId: string): string {
  return `arn:${env.partition}:bedrock:${env.region}:${env.account}:agent-alias/${agentId}/${aliasId}`;
}

function resourcesOf(expr: Expr, out: ResourceExpr[] = []): ResourceExpr[] {
  if (expr.kind === 'resource') out.push(expr);
  else if (expr.kind === 'record') for (const [, v] of expr.fields) resourcesOf(v, out);
  else if (expr.kind === 'list') for (const v of expr.items) resourcesOf(v, out);
  return out;
}
