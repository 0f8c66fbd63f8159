import { GetExecutionHistoryCommand, ListExecutionsCommand, type HistoryEvent } from '@aws-sdk/client-sfn';
import { isAwsError, sfnCall } from '../aws-call.js';
import type { DeployClients } from '../clients.js';
import { waitingInHistory, type WaitingApproval } from './waiting-in-history.js';

/** A state machine whose running executions may wait at approvals. */
export interface ApprovalSource {
  readonly workflow: string;
  readonly stateMachineArn: string;
}

/** Every page of an execution's history, oldest first (GetExecutionHistory is paginated: 1,000 events a page at most). */
export async function executionHistory(clients: DeployClients, executionArn: string, workflow?: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfnCall(clients, 'GetExecutionHistory', () => clients.sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, includeExecutionData: true, ...(nextToken ? { nextToken } : {}) })), {
      resource: executionArn,
      ...(workflow ? { workflow } : {}),
    });
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return events;
}

/**
 * The approvals waiting in the RUNNING executions of each state machine: ListExecutions (every page), then each
 * execution's history. A state machine that does not exist has no waiting approvals (it was never deployed here).
 */
export async function listWaitingApprovals(clients: DeployClients, sources: readonly ApprovalSource[]): Promise<WaitingApproval[]> {
  const waiting: WaitingApproval[] = [];
  for (const source of sources) {
    const executions: string[] = [];
    let nextToken: string | undefined;
    let missing = false;
    do {
      const page = await sfnCall(clients, 'ListExecutions', async () => {
        try {
          return await clients.sfn.send(new ListExecutionsCommand({ stateMachineArn: source.stateMachineArn, statusFilter: 'RUNNING', maxResults: 1000, ...(nextToken ? { nextToken } : {}) }));
        } catch (error) {
          if (isAwsError(error, 'StateMachineDoesNotExist')) return undefined;
          throw error;
        }
      }, { resource: source.stateMachineArn, workflow: source.workflow });
      if (!page) {
        missing = true;
        break;
      }
      for (const e of page.executions ?? []) if (e.executionArn) executions.push(e.executionArn);
      nextToken = page.nextToken;
    } while (nextToken);
    if (missing) continue;
    for (const arn of executions) waiting.push(...waitingInHistory(arn, await executionHistory(clients, arn, source.workflow)));
  }
  return waiting.sort((a, b) => a.since.localeCompare(b.since) || a.executionArn.localeCompare(b.executionArn) || a.eventId - b.eventId);
}
