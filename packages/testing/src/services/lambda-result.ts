/** `SdkHttpMetadata` of an AWS SDK response as Step Functions passes it on. */
export function sdkHttpMetadata(requestId: string, contentType = 'application/json', extra: Record<string, string> = {}): Record<string, unknown> {
  const headers: Record<string, string> = {
    Connection: 'keep-alive',
    'Content-Type': contentType,
    Date: 'Thu, 01 Jan 2026 00:00:00 GMT',
    ...extra,
    'x-amzn-RequestId': requestId,
  };
  return { AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])), HttpHeaders: headers, HttpStatusCode: 200 };
}

/**
 * The `lambda:invoke` request-response result around a function's answer (REC/services/test_lambda_task_service):
 * the state reads `$states.result.Payload`. The metadata counts toward the 256 KiB limit, so it is included
 * at a realistic size.
 */
export function lambdaResult(payload: unknown, requestId: string): Record<string, unknown> {
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: sdkHttpMetadata(requestId, 'application/json', {
      'X-Amz-Executed-Version': '$LATEST',
      'x-amzn-Remapped-Content-Length': '0',
      'X-Amzn-Trace-Id': 'Root=1-00000000-000000000000000000000000;Sampled=0',
    }),
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}
