export { waitingInHistory, APPROVAL_REQUEST_KIND, type WaitingApproval } from './waiting-in-history.js';
export { listWaitingApprovals, executionHistory, type ApprovalSource } from './list-waiting.js';
export { decideApproval, COMMENTS_MAX, REVIEWER_MAX, type Decision, type DecisionRequest } from './decide.js';
