/**
 * The state machine a workflow deploys as, per environment: `stateMachineName` in agentflow.config.yaml, in which
 * `{workflow}` stands for the workflow's name (default: the workflow's name itself). It is the one source of that
 * name: the ARN `flow.run` starts, the ARN the IAM policies name as "this state machine", and the simulator's.
 */
import { WORKFLOW_PLACEHOLDER } from './workflow-function.js';

/** The default pattern: the state machine is named after the workflow. */
export const DEFAULT_STATE_MACHINE_NAME = WORKFLOW_PLACEHOLDER;

/** Step Functions' rule for state machine names (asl-facts §1.2): at most 80 of letters, digits, `-` and `_`. */
const NAME = /^[A-Za-z0-9_-]{1,80}$/;

/** Why a `stateMachineName` pattern is unusable; undefined when it is fine. */
export function stateMachinePatternProblem(pattern: string): string | undefined {
  if (!pattern.includes(WORKFLOW_PLACEHOLDER)) return `must contain ${WORKFLOW_PLACEHOLDER}, so each workflow gets a state machine of its own`;
  if (/[{}]/.test(pattern.replaceAll(WORKFLOW_PLACEHOLDER, ''))) return `may use only the placeholder ${WORKFLOW_PLACEHOLDER}`;
  if (!/^[A-Za-z0-9_-]*$/.test(pattern.replaceAll(WORKFLOW_PLACEHOLDER, ''))) return 'must be a state machine name of letters, digits, - and _ around {workflow}';
  return undefined;
}

/** The state machine name of `workflow` in an environment. */
export function stateMachineNameFor(env: { readonly stateMachineName?: string | undefined }, workflow: string): string {
  return (env.stateMachineName ?? DEFAULT_STATE_MACHINE_NAME).replaceAll(WORKFLOW_PLACEHOLDER, workflow);
}

/** Why the name `workflow` gets is not a valid state machine name (too long); undefined when it is fine. */
export function stateMachineNameProblem(env: { readonly stateMachineName?: string | undefined }, workflow: string): string | undefined {
  const name = stateMachineNameFor(env, workflow);
  return NAME.test(name) ? undefined : `'${name}' is not a state machine name (at most 80 letters, digits, - and _)`;
}

/** The unqualified ARN of `workflow`'s state machine in an environment. */
export function stateMachineArnFor(env: { readonly partition: string; readonly region: string; readonly account: string; readonly stateMachineName?: string | undefined }, workflow: string): string {
  return `arn:${env.partition}:states:${env.region}:${env.account}:stateMachine:${stateMachineNameFor(env, workflow)}`;
}
