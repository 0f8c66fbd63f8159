import { problemFromAwsError } from './aws-errors.js';
import type { DeployClients } from './clients.js';
import { DeployError } from './problem.js';

/**
 * Runs one Step Functions call; any failure becomes a DeployError naming the IAM action, the resource and the
 * endpoint. `operation` is the API name (`UpdateStateMachine`), which is also the IAM action after `states:`.
 */
export async function sfnCall<T>(clients: DeployClients, operation: string, send: () => Promise<T>, where: { resource?: string; workflow?: string } = {}): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw new DeployError(problemFromAwsError(error, { action: `states:${operation}`, endpoint: clients.endpoints.sfn, ...where }));
  }
}

/** The same for STS. */
export async function stsCall<T>(clients: DeployClients, operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw new DeployError(problemFromAwsError(error, { action: `sts:${operation}`, endpoint: clients.endpoints.sts }));
  }
}

/** An SDK service exception of this name (the SDK sets `name` to the service's error code). */
export function isAwsError(error: unknown, name: string): boolean {
  return typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;
}
