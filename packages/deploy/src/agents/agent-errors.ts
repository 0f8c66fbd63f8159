import { problemFromAwsError } from '../aws-errors.js';
import type { DeployProblem } from '../problem.js';

/** A failed Bedrock Agent call of agent resolution, through the one SDK error mapping (aws-errors.ts). */
export function agentSdkProblem(error: unknown, action: string, endpoint: string, resource?: string): DeployProblem {
  return problemFromAwsError(error, { action, endpoint, ...(resource !== undefined ? { resource } : {}) });
}
