import { S3Client } from '@aws-sdk/client-s3';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { SSMClient } from '@aws-sdk/client-ssm';
import { APPROVAL_ERRORS, ApprovalError } from '../errors.js';
import { respond, type DecisionRecord } from './decide.js';
import { isHttpEvent, parseHttpEvent, type HttpResponse } from './http-event.js';
import { LinkKeyCache } from './keys.js';
import { withMessageText } from './message-parts.js';
import { heartbeat, notifyReviewers } from './notify.js';
import { REFUSALS } from './pages.js';
import { executionName, looksLikeApprovalRequest, parseApprovalRequest } from './request.js';
import { approvalSettings, requireUrl, type ApprovalSettings } from './settings.js';

export interface ApprovalDeps {
  readonly sfn: SFNClient;
  readonly sns: SNSClient;
  readonly ssm: SSMClient;
  /** Reads the offloaded values a request's `messageParts` splice into the message (the workflow's offload prefix). */
  readonly s3: S3Client;
  /** The function's environment; default `process.env`. Read once, at the first event. */
  readonly env?: Record<string, string | undefined>;
  /** Milliseconds since the epoch; default `Date.now`. */
  readonly now?: () => number;
  /** Where the one JSON log line per event goes; default `console.log` (CloudWatch Logs in Lambda). */
  readonly log?: (line: string) => void;
}

/** What a request event returns (Step Functions waits for the callback, not for this) or an HTTP response. */
export type ApprovalResult = { readonly notified: number; readonly expiresAt: string } | HttpResponse;

export type ApprovalHandler = (event: unknown) => Promise<ApprovalResult>;

/**
 * The approval responder of docs/runtime.md: one function for two events. An approval request (Step Functions,
 * `lambda:invoke.waitForTaskToken`) notifies the reviewers; an HTTP request (payload format 2.0) shows the
 * confirmation page (GET) or decides (POST).
 */
export function createApprovalHandler(deps: ApprovalDeps): ApprovalHandler {
  const now = deps.now ?? Date.now;
  const log = deps.log ?? ((line: string) => console.log(line));
  const keys = new LinkKeyCache(deps.ssm, now);
  let settings: { ok: true; value: ApprovalSettings } | { ok: false; error: Error } | undefined;
  const readSettings = (): ApprovalSettings => {
    if (settings === undefined) {
      try {
        settings = { ok: true, value: approvalSettings(deps.env ?? process.env) };
      } catch (error) {
        settings = { ok: false, error: error as Error };
      }
    }
    if (!settings.ok) throw settings.error;
    return settings.value;
  };

  return async (event) => {
    if (isHttpEvent(event)) {
      const request = parseHttpEvent(event);
      let outcome: { response: HttpResponse; record: DecisionRecord };
      try {
        outcome = await respond(request, { sfn: deps.sfn, keys, settings: readSettings(), nowMs: now() });
      } catch (error) {
        // A broken setting, or a fault of this code: a page without details, the details in the log.
        outcome = { response: REFUSALS.failed(), record: { level: 'ERROR', event: 'refused', status: 500, reason: (error as Error)?.name ?? 'Error', detail: String((error as Error)?.message ?? error) } };
      }
      log(JSON.stringify(outcome.record));
      return outcome.response;
    }
    if (looksLikeApprovalRequest(event)) {
      let request;
      try {
        request = parseApprovalRequest(event);
      } catch (error) {
        log(JSON.stringify({ level: 'ERROR', event: 'notified', status: 'failed', reason: (error as Error).name, detail: (error as Error).message }));
        throw error;
      }
      const record: Record<string, unknown> = { level: 'INFO', event: 'notified', workflow: request.workflow, step: request.step, execution: executionName(request.execution) };
      try {
        let current: ApprovalSettings;
        let url: string;
        let key;
        try {
          current = readSettings();
          url = requireUrl(current);
          // The first key seals; the cache keeps it for KEY_CACHE_MS.
          key = (await keys.keys(current.keyParameter))[0]!;
        } catch (error) {
          throw new ApprovalError(APPROVAL_ERRORS.NotifyFailed, `The reviewers were not notified: ${(error as Error).message}`, error);
        }
        // Expanded before anything is sealed or sent: a value that cannot be read fails the notification whole.
        const shown = await withMessageText(request, deps.s3);
        const notified = await notifyReviewers(deps.sns, shown, {
          url,
          key,
          nowSeconds: Math.floor(now() / 1000),
          ...(current.reviewers === undefined ? {} : { reviewers: current.reviewers }),
          ...(current.linkTtlSeconds === undefined ? {} : { linkTtlSeconds: current.linkTtlSeconds }),
        }).catch((error: unknown) => {
          throw new ApprovalError(APPROVAL_ERRORS.NotifyFailed, `The reviewers were not notified: ${(error as Error).message}`, error);
        });
        Object.assign(record, { status: 'sent', messages: notified.messages, expiresAt: new Date(notified.expiresAt * 1000).toISOString() });
        if (notified.cutBytes > 0) record['cutBytes'] = notified.cutBytes;
        if (current.reviewers !== undefined) record['reviewers'] = current.reviewers;
        if (current.debug) Object.assign(record, { subject: notified.subject, messageBytes: notified.messageBytes });
        if (request.heartbeatSeconds !== undefined) await heartbeat(deps.sfn, request.taskToken, record);
        return { notified: notified.messages, expiresAt: record['expiresAt'] as string };
      } catch (error) {
        Object.assign(record, { level: 'ERROR', status: 'failed', reason: (error as Error).name, detail: (error as Error).message });
        throw error;
      } finally {
        log(JSON.stringify(record));
      }
    }
    const shape = typeof event === 'object' && event !== null ? `an object with the fields ${Object.keys(event).slice(0, 10).join(', ') || '(none)'}` : `${event === null ? 'null' : typeof event}`;
    log(JSON.stringify({ level: 'ERROR', event: 'refused', status: 'invalid-event', reason: APPROVAL_ERRORS.InvalidRequest }));
    throw new ApprovalError(
      APPROVAL_ERRORS.InvalidRequest,
      `The approval responder got ${shape}: neither an approval request (kind 'agentflow.approval-request', sent by a compiled approval step) nor an HTTP request in payload format 2.0 (an API Gateway HTTP API route or a Lambda Function URL; REST APIs send format 1.0, which is not served).`,
    );
  };
}

let defaultHandler: ApprovalHandler | undefined;

/** The Lambda entry point: clients from the function's environment (region, role credentials), settings from AGENTFLOW_APPROVAL_*. */
export const approvalHandler: ApprovalHandler = (event) => {
  defaultHandler ??= createApprovalHandler({ sfn: new SFNClient({}), sns: new SNSClient({}), ssm: new SSMClient({}), s3: new S3Client({}) });
  return defaultHandler(event);
};
