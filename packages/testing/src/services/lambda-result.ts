/**
 * The `lambda:invoke` request-response result around a function's answer (developer guide, "connect-lambda"):
 * the state reads `$states.result.Payload`. The metadata counts toward the 256 KiB limit, so it is included
 * at a realistic size.
 */
export function lambdaResult(payload: unknown, requestId: string): Record<string, unknown> {
  const headers = {
    Connection: 'keep-alive',
    'Content-Type': 'application/json',
    Date: 'Thu, 01 Jan 2026 00:00:00 GMT',
    'X-Amz-Executed-Version': '$LATEST',
    'x-amzn-Remapped-Content-Length': '0',
    'x-amzn-RequestId': requestId,
    'X-Amzn-Trace-Id': 'Root=1-00000000-000000000000000000000000;Sampled=0',
  };
  return {
    ExecutedVersion: '$LATEST',
    Payload: payload,
    SdkHttpMetadata: { AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])), HttpHeaders: headers, HttpStatusCode: 200 },
    SdkResponseMetadata: { RequestId: requestId },
    StatusCode: 200,
  };
}
