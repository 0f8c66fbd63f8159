/**
 * HTTP requests in payload format 2.0, which API Gateway HTTP APIs and Lambda Function URLs both send
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html,
 * https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html#urls-payloads).
 */
export interface HttpRequest {
  /** Upper case, as sent. */
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body decoded from base64 when the event says so; '' when there is none. */
  readonly body: string;
  /** The JWT authorizer's `email` claim, when an authorizer is attached. */
  readonly email?: string;
}

/** What the function returns for API Gateway or the Function URL to send. */
export interface HttpResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly isBase64Encoded: false;
}

export function isHttpEvent(event: unknown): boolean {
  if (typeof event !== 'object' || event === null) return false;
  const e = event as { version?: unknown; requestContext?: { http?: { method?: unknown } } };
  return e.version === '2.0' && typeof e.requestContext?.http?.method === 'string';
}

/** Reads the parts of a payload 2.0 event the responder uses; call only when `isHttpEvent` holds. */
export function parseHttpEvent(event: unknown): HttpRequest {
  const e = event as {
    rawPath?: unknown;
    rawQueryString?: unknown;
    headers?: unknown;
    body?: unknown;
    isBase64Encoded?: unknown;
    requestContext: { http: { method: string; path?: unknown }; authorizer?: { jwt?: { claims?: Record<string, unknown> } } };
  };
  const headers: Record<string, string> = {};
  // Both services send lower-case names, but a test client or a proxy in front may not.
  if (typeof e.headers === 'object' && e.headers !== null) {
    for (const [name, value] of Object.entries(e.headers)) if (typeof value === 'string') headers[name.toLowerCase()] = value;
  }
  const raw = typeof e.body === 'string' ? e.body : '';
  const email = e.requestContext.authorizer?.jwt?.claims?.['email'];
  return {
    method: e.requestContext.http.method.toUpperCase(),
    path: typeof e.rawPath === 'string' ? e.rawPath : typeof e.requestContext.http.path === 'string' ? e.requestContext.http.path : '/',
    query: new URLSearchParams(typeof e.rawQueryString === 'string' ? e.rawQueryString : ''),
    headers,
    body: e.isBase64Encoded === true ? Buffer.from(raw, 'base64').toString('utf8') : raw,
    ...(typeof email === 'string' && email !== '' ? { email } : {}),
  };
}

/** A form body (`application/x-www-form-urlencoded`, what an HTML form posts by default). */
export function formFields(request: HttpRequest): URLSearchParams {
  return new URLSearchParams(request.body);
}
