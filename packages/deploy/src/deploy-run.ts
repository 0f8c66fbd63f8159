import type { DeployClients } from './clients.js';
import type { DesiredMachine } from './desired.js';
import { checkIdentity } from './identity.js';
import { planMachine, type PlanOptions } from './plan.js';
import type { DeployPlan } from './plan-types.js';
import { DeployError, type DeployProblem } from './problem.js';
import { readDeployed, type DeployedMachine, type WaitOptions } from './read-deployed.js';
import { applyMachine, type AppliedMachine, type OnEvent } from './apply.js';

/** A plan with what it was computed from, which apply needs and the printed plan leaves out. */
export interface PlannedDeploy {
  readonly plan: DeployPlan;
  readonly desired: readonly DesiredMachine[];
  readonly deployed: readonly (DeployedMachine | undefined)[];
}

export interface Target {
  readonly envName: string;
  readonly account: string;
}

/** Identity first, then every machine read and planned: only read calls. */
export async function planDeploy(clients: DeployClients, target: Target, desired: readonly DesiredMachine[], options: PlanOptions = {}, onEvent: OnEvent = () => {}): Promise<PlannedDeploy> {
  await checkIdentity(clients, { account: target.account, envName: target.envName });
  const deployed: (DeployedMachine | undefined)[] = [];
  const machines = [];
  for (const d of desired) {
    onEvent({ kind: 'planning', workflow: d.workflow });
    const current = await readDeployed(clients, d.stateMachineArn, { alias: d.alias, workflow: d.workflow, allAliases: options.keep !== undefined });
    deployed.push(current);
    machines.push(planMachine(d, current, options));
  }
  return { plan: { environment: target.envName, region: clients.region, account: target.account, machines }, desired, deployed };
}

export interface DeployOutcome {
  readonly applied: readonly AppliedMachine[];
  /** Workflows whose changes were not (or not completely) made, in plan order. */
  readonly notApplied: readonly string[];
  readonly problems: readonly DeployProblem[];
}

/**
 * Applies the machines one after another (the control plane's rate limit favours serial calls) and stops at the first
 * failure: what was applied and what not is reported, and running the deploy again converges.
 */
export async function applyDeploy(clients: DeployClients, planned: PlannedDeploy, onEvent: OnEvent = () => {}, wait: WaitOptions = {}): Promise<DeployOutcome> {
  const applied: AppliedMachine[] = [];
  const machines = planned.plan.machines;
  for (let i = 0; i < machines.length; i++) {
    try {
      applied.push(await applyMachine(clients, planned.desired[i]!, planned.deployed[i], machines[i]!, onEvent, wait));
    } catch (error) {
      if (!(error instanceof DeployError)) throw error;
      return { applied, notApplied: machines.slice(i).map((m) => m.workflow), problems: [{ ...error.problem, workflow: error.problem.workflow ?? machines[i]!.workflow }] };
    }
  }
  return { applied, notApplied: [], problems: [] };
}
