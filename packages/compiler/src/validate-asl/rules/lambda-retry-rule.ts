import { finding, type Finding } from '../finding.js';
import { maskPlaceholders } from '../json/placeholders.js';
import { isObject, own, type JsonObject } from '../model/json-value.js';
import { objectItems } from '../model/model-queries.js';
import { isLambdaResource } from '../resources/resource-classifier.js';
import type { AslRule } from './asl-rule.js';
import { APPROVAL_REQUEST_KIND } from '../../contract/approval-request.js';

const TRANSIENT = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException'];
const CATCH_ALL = ['States.ALL', 'States.TaskFailed'];

/**
 * An agentflow approval request to the approval responder: each attempt of a callback Task gets a new task token and
 * the responder notifies the reviewers again, so retrying is the author's choice (`retry`), not a default to ask for.
 */
function isApprovalRequest(node: JsonObject): boolean {
  const args = own(node, 'Arguments') ?? own(node, 'Parameters');
  const payload = isObject(args) ? own(args, 'Payload') : undefined;
  return isObject(payload) && own(payload, 'kind') === APPROVAL_REQUEST_KIND;
}

/** Lambda tasks should retry Lambda's transient service errors, as AWS recommends. */
export const lambdaRetryRule: AslRule = {
  name: 'lambda-retry',
  codes: ['LAMBDA_WITHOUT_RETRY'],
  check(model) {
    const findings: Finding[] = [];
    for (const state of model.states) {
      if (state.type !== 'Task' || !state.node) continue;
      const resource = own(state.node, 'Resource');
      if (typeof resource !== 'string' || !isLambdaResource(maskPlaceholders(resource))) continue;
      if (resource.endsWith('.waitForTaskToken') && isApprovalRequest(state.node)) continue;
      const covered = new Set<string>();
      for (const { value } of objectItems(state, 'Retry')) {
        const errors = own(value, 'ErrorEquals');
        if (!Array.isArray(errors) || own(value, 'MaxAttempts') === 0) continue;
        for (const name of errors) {
          if (typeof name !== 'string') continue;
          if (CATCH_ALL.includes(name)) TRANSIENT.forEach((e) => covered.add(e));
          covered.add(name);
        }
      }
      const missing = TRANSIENT.filter((e) => !covered.has(e));
      if (missing.length === 0) continue;
      findings.push(
        finding('LAMBDA_WITHOUT_RETRY', {
          message: `Lambda task "${state.name}" does not retry ${missing.join(', ')}.`,
          pointer: state.pointer,
          target: 'key',
          hint: 'Add a retrier: {"ErrorEquals": ["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"], "IntervalSeconds": 1, "MaxAttempts": 3, "BackoffRate": 2}.',
        }),
      );
    }
    return findings;
  },
};
