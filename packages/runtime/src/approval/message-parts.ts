import type { S3Client } from '@aws-sdk/client-s3';
import type { ApprovalRequestPayload } from '../contract/approval-request.js';
import { APPROVAL_ERRORS, ApprovalError } from '../errors.js';
import { expandInputParts, OffloadStore } from '../s3-objects.js';

/**
 * The offload store as the responder reads it: a failed read names the object and the grant the responder role
 * needs (Sid ReadOffloadedPayloadsToShowReviewers in <workflow>.iam.json, s3:GetObject on the workflow's offload
 * prefix), as `Agentflow.ApprovalNotifyFailed`.
 */
class ReviewerStore extends OffloadStore {
  override async getText(bucket: string, key: string): Promise<string> {
    try {
      return await super.getText(bucket, key);
    } catch (error) {
      throw unreadable(bucket, key, error);
    }
  }

  override async getJson(bucket: string, key: string): Promise<unknown> {
    try {
      return await super.getJson(bucket, key);
    } catch (error) {
      throw error instanceof ApprovalError ? error : unreadable(bucket, key, error);
    }
  }
}

function unreadable(bucket: string, key: string, error: unknown): ApprovalError {
  const e = error as { name?: string; cause?: { name?: string } };
  // OffloadStore names the S3 refusal in its own error's cause; a document that is not JSON has no cause.
  const code = e.cause?.name ?? e.name ?? 'Error';
  const why =
    code === 'Agentflow.OffloadMissing'
      ? 'it is not a JSON document'
      : code === 'NoSuchKey' || code === 'NotFound'
        ? 'it does not exist (NoSuchKey): the step that offloaded it did not write it, or it was deleted'
        : code === 'AccessDenied'
          ? 'AccessDenied, which S3 also answers for a missing object when the role may not list the bucket'
          : code;
  return new ApprovalError(
    APPROVAL_ERRORS.NotifyFailed,
    `The reviewers were not notified: the approval message splices s3://${bucket}/${key}, which could not be read (${why}). The responder role needs s3:GetObject on it (roles.approvalResponder of <workflow>.iam.json, Sid ReadOffloadedPayloadsToShowReviewers, on the workflow's offload prefix).`,
    error,
  );
}

/**
 * The request as the reviewers see it: `messageParts` expanded into one text (the adapter's `inputParts` rule:
 * strings as written, expanded values as JSON text unless they are strings), in place of `message`. A request with
 * `message` is returned as it is.
 */
export async function withMessageText(request: ApprovalRequestPayload, s3: S3Client): Promise<ApprovalRequestPayload> {
  if (request.messageParts === undefined) return request;
  const { messageParts, ...rest } = request;
  try {
    return { ...rest, message: await expandInputParts(messageParts, new ReviewerStore(s3)) };
  } catch (error) {
    if (error instanceof ApprovalError) throw error;
    // A pointer that is not an s3:// URI: the request was not made by this compiler.
    throw new ApprovalError(APPROVAL_ERRORS.NotifyFailed, `The reviewers were not notified: the approval message cannot be expanded: ${(error as Error).message}`, error);
  }
}
