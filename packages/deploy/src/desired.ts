import { execFileSync } from 'node:child_process';
import { stateMachineArnFor, stateMachineNameFor, type Environment } from '@agentflow/compiler';
import { definitionHash } from './definition-hash.js';
import type { MachineSettings } from './plan-types.js';
import { DeployError } from './problem.js';

/** The alias deploy moves when the environment names none. */
export const DEFAULT_ALIAS = 'live';

/** What one workflow should look like in AWS after the deploy. */
export interface DesiredMachine {
  readonly workflow: string;
  readonly stateMachineName: string;
  /** Unqualified: the ARN IAM authorises version and alias calls against (research a.3, Authorization). */
  readonly stateMachineArn: string;
  /** Exactly the compiled text: what is deployed is byte for byte what compile printed. */
  readonly definition: string;
  readonly definitionHash: string;
  readonly settings: MachineSettings;
  readonly tags: Readonly<Record<string, string>>;
  readonly alias: string;
  /** `agentflow <hash> git <sha>`; PublishStateMachineVersion takes at most 256 characters (research a.3). */
  readonly versionDescription: string;
}

export interface DesiredInput {
  readonly workflow: string;
  readonly aslText: string;
  readonly env: Environment;
  readonly envName: string;
  /** --alias, which wins over the environment's alias. */
  readonly alias?: string;
  /** The project's git commit, when it is a git repository. */
  readonly gitSha?: string;
}

export function desiredMachine(input: DesiredInput): DesiredMachine {
  const { env, workflow } = input;
  if (env.roleArn === undefined) {
    throw new DeployError({
      code: 'deploy-role-missing',
      workflow,
      message: `Environment '${input.envName}' has no roleArn: deploy needs the execution role each state machine runs as.`,
      hint: `Set environments.${input.envName}.roleArn in agentflow.config.yaml (for example arn:aws:iam::${env.account}:role/agentflow-{workflow}); its policy is the compiled ${workflow}.iam.json.`,
    });
  }
  const name = stateMachineNameFor(env, workflow);
  // CreateStateMachine's name rule (asl-facts §1.2): 1–80 of letters, digits, - and _.
  if (!/^[A-Za-z0-9_-]{1,80}$/.test(name)) {
    throw new DeployError({
      code: 'deploy-bad-name',
      workflow,
      message: `'${name}' is not a state machine name (at most 80 letters, digits, - and _).`,
      hint: `Shorten the workflow name or environments.${input.envName}.stateMachineName.`,
    });
  }
  const hash = definitionHash(input.aslText);
  const settings: MachineSettings = {
    roleArn: env.roleArn.replaceAll('{workflow}', workflow),
    logging: env.logging
      ? { level: env.logging.level, includeExecutionData: env.logging.includeExecutionData, ...(env.logging.logGroupArn ? { logGroupArn: env.logging.logGroupArn } : {}) }
      : { level: 'OFF', includeExecutionData: false },
    tracing: env.tracing ?? false,
    ...(env.kms?.stateMachine ? { kmsKeyId: env.kms.stateMachine } : {}),
  };
  return {
    workflow,
    stateMachineName: name,
    stateMachineArn: stateMachineArnFor(env, workflow),
    definition: input.aslText,
    definitionHash: hash,
    settings,
    tags: { ...(env.tags ?? {}) },
    alias: input.alias ?? env.alias ?? DEFAULT_ALIAS,
    versionDescription: `agentflow ${hash}${input.gitSha ? ` git ${input.gitSha}` : ''}`.slice(0, 256),
  };
}

/** The commit checked out in `dir`, or undefined when it is not a git work tree (or git is missing). */
export function gitHead(dir: string): string | undefined {
  try {
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 }).trim();
    return /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
  } catch {
    return undefined;
  }
}
