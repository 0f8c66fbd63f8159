import { DescribeExecutionCommand, SendTaskSuccessCommand } from '@aws-sdk/client-sfn';
import { isAwsError, sfnCall } from '../aws-call.js';
import type { DeployClients } from '../clients.js';
import { DeployError } from '../problem.js';
import { executionHistory } from './list-waiting.js';
import { waitingInHistory, type WaitingApproval } from './waiting-in-history.js';

/** The bounds of the approval outcome every workflow's payload analysis relies on (@agentflow/dsl ApprovalOutcome). */
export const COMMENTS_MAX = 4000;
export const REVIEWER_MAX = 256;

export interface DecisionRequest {
  readonly executionArn: string;
  /** The approval step; needed only when several approvals of the execution wait. */
  readonly step?: string;
  readonly approved: boolean;
  readonly comments?: string;
  /** Recorded in the outcome the workflow reads. */
  readonly reviewer: string;
}

export interface Decision {
  readonly approval: Omit<WaitingApproval, 'token'>;
  readonly output: { readonly approved: boolean; readonly comments?: string; readonly reviewer: string };
}

/**
 * Completes one waiting approval with the caller's own credentials: the token comes from the execution's history
 * (the TaskScheduled event's parameters, which are the Arguments the Task sent to the responder), and the outcome is
 * the one the responder sends, `{ approved, comments?, reviewer }`.
 */
export async function decideApproval(clients: DeployClients, request: DecisionRequest): Promise<Decision> {
  if (request.comments !== undefined && request.comments.length > COMMENTS_MAX) {
    throw new DeployError({ code: 'approval-comments-too-long', message: `The comments have ${request.comments.length} characters; an approval outcome holds at most ${COMMENTS_MAX}.`, hint: 'Shorten them: the workflow\'s payload bounds count on that limit.' });
  }
  if (request.reviewer.length > REVIEWER_MAX) {
    throw new DeployError({ code: 'approval-reviewer-too-long', message: `The reviewer '${request.reviewer.slice(0, 60)}…' is over ${REVIEWER_MAX} characters.`, hint: 'Use an identity with a shorter ARN (a shorter role session name).' });
  }
  const execution = await sfnCall(clients, 'DescribeExecution', async () => {
    try {
      return await clients.sfn.send(new DescribeExecutionCommand({ executionArn: request.executionArn }));
    } catch (error) {
      if (isAwsError(error, 'ExecutionDoesNotExist')) return undefined;
      throw error;
    }
  }, { resource: request.executionArn });
  if (!execution) {
    throw new DeployError({ code: 'approval-execution-not-found', message: `No execution ${request.executionArn}.`, hint: 'Check the environment (--env), and list waiting approvals with `agentflow approvals`.' });
  }
  if (execution.status !== 'RUNNING') {
    throw new DeployError({ code: 'approval-not-waiting', message: `Execution ${request.executionArn} is ${execution.status}; nothing waits for a decision.` });
  }
  const waiting = waitingInHistory(request.executionArn, await executionHistory(clients, request.executionArn));
  const candidates = request.step === undefined ? waiting : waiting.filter((w) => w.step === request.step);
  if (candidates.length === 0) {
    const steps = [...new Set(waiting.map((w) => w.step))];
    throw new DeployError({
      code: 'approval-not-waiting',
      message: request.step === undefined ? `Execution ${request.executionArn} waits at no approval step.` : `Step '${request.step}' of execution ${request.executionArn} does not wait for a decision.`,
      ...(steps.length ? { hint: `Waiting: ${steps.join(', ')}.` } : {}),
    });
  }
  if (candidates.length > 1) {
    const steps = [...new Set(candidates.map((w) => w.step))];
    throw new DeployError({
      code: 'approval-ambiguous',
      message: `${candidates.length} approvals of execution ${request.executionArn} wait (${steps.join(', ')}${steps.length < candidates.length ? '; some in several map iterations' : ''}).`,
      hint: steps.length > 1 ? 'Name one with --step ID.' : 'Several iterations of one step wait; decide each with the links its reviewers received.',
    });
  }
  const approval = candidates[0]!;
  if (approval.token === undefined) {
    throw new DeployError({
      code: 'approval-token-unavailable',
      message: `The history of ${request.executionArn} does not show the task token of step '${approval.step}'.`,
      hint: 'Decide with the links the responder sent to the reviewers.',
    });
  }
  const output = { approved: request.approved, ...(request.comments !== undefined && request.comments !== '' ? { comments: request.comments } : {}), reviewer: request.reviewer };
  const token = approval.token;
  await sfnCall(clients, 'SendTaskSuccess', async () => {
    try {
      return await clients.sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: JSON.stringify(output) }));
    } catch (error) {
      // The task closed between reading the history and answering: a reviewer decided, or it timed out.
      if (isAwsError(error, 'TaskTimedOut') || isAwsError(error, 'TaskDoesNotExist') || isAwsError(error, 'InvalidToken')) return 'closed' as const;
      throw error;
    }
  }, { resource: request.executionArn }).then((sent) => {
    if (sent === 'closed') throw new DeployError({ code: 'approval-not-waiting', message: `Step '${approval.step}' of ${request.executionArn} stopped waiting before the decision arrived (decided by someone else, or timed out).` });
  });
  const { token: _token, ...shown } = approval;
  return { approval: shown, output };
}
