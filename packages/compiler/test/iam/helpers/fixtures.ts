import { EnvironmentSchema, type Environment } from '../../../src/config/project-config.js';
import { generateIam, type IamContext, type PolicyStatement, type RoleKey } from '../../../src/iam/index.js';
import { invariantProblems } from './invariants.js';

export const ENV: Environment = EnvironmentSchema.parse({
  partition: 'aws',
  region: 'us-east-1',
  account: '111122223333',
  adapterFunction: 'agentflow-agent-adapter',
});

/** The adapter of workflow 'demo': a plain adapterFunction is a base name, each workflow's function `<name>-<workflow>`. */
export const ADAPTER = 'arn:aws:lambda:us-east-1:111122223333:function:agentflow-agent-adapter-demo';
export const KEY = 'arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';

/** ENV with settings switched on (logging, tracing, kms…), validated like agentflow.config.yaml. */
export function envWith(extra: Record<string, unknown>): Environment {
  return EnvironmentSchema.parse({ ...ENV, ...extra });
}
export const SM = 'arn:aws:states:us-east-1:111122223333:stateMachine:demo';

type State = Record<string, unknown>;

/** A one-state JSONata definition around `state` (Task, Map… with `End: true`). */
export function single(state: State, name = 'Step'): Record<string, unknown> {
  return { QueryLanguage: 'JSONata', StartAt: name, States: { [name]: { ...state, End: true } } };
}

export function task(resource: string, args: unknown, extra: State = {}): Record<string, unknown> {
  return single({ Type: 'Task', Resource: resource, Arguments: args, TimeoutSeconds: 60, ...extra });
}

/** Runs the generator and checks the invariants every artifact must hold. */
export function gen(definition: Record<string, unknown>, context: Partial<IamContext> = {}) {
  const out = generateIam(definition, { workflowName: 'demo', env: ENV, ...context });
  const problems = invariantProblems(out.policies);
  if (problems.length > 0) throw new Error(`artifact invariants broken:\n${problems.join('\n')}`);
  return { ...out, errors: out.diagnostics.filter((d) => d.severity === 'error') };
}

export function statements(out: ReturnType<typeof gen>, role: RoleKey = 'stateMachine'): PolicyStatement[] {
  return [...(out.policies.roles[role]?.policy?.Statement ?? [])];
}

export function statement(out: ReturnType<typeof gen>, sid: string, role: RoleKey = 'stateMachine'): PolicyStatement {
  const found = statements(out, role).find((s) => s.Sid === sid);
  if (!found) throw new Error(`no statement ${sid} in ${role}: ${statements(out, role).map((s) => s.Sid).join(', ')}`);
  return found;
}

/** `{Sid: [actions] on [resources]}` of a role, compact for assertions. */
export function summary(out: ReturnType<typeof gen>, role: RoleKey = 'stateMachine'): Record<string, { Action: readonly string[]; Resource: readonly string[] }> {
  return Object.fromEntries(statements(out, role).map((s) => [s.Sid, { Action: s.Action, Resource: s.Resource ?? [] }]));
}
