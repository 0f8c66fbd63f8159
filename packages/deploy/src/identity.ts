import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { stsCall } from './aws-call.js';
import type { DeployClients } from './clients.js';
import { DeployError } from './problem.js';

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
}

/**
 * Who the credentials belong to, checked before anything else: deploying with the wrong profile to the wrong
 * account is the mistake this stops before any other call is made.
 */
export async function checkIdentity(clients: DeployClients, expected: { account: string; envName: string }): Promise<CallerIdentity> {
  const out = await stsCall(clients, 'GetCallerIdentity', () => clients.sts.send(new GetCallerIdentityCommand({})));
  const identity = { account: out.Account ?? '', arn: out.Arn ?? '' };
  if (identity.account !== expected.account) {
    throw new DeployError({
      code: 'deploy-wrong-account',
      message: `The credentials belong to account ${identity.account} (${identity.arn}), but environment '${expected.envName}' deploys to account ${expected.account}.`,
      hint: 'Use credentials of that account (AWS_PROFILE, or the role your CI assumes), or pick the environment of this account with --env NAME.',
    });
  }
  return identity;
}
