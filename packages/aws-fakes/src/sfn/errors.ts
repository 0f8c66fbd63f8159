/**
 * Step Functions errors as the service sends them over awsJson1_0: an HTTP status and a body
 * `{"__type":"<Code>","message":"…"}` from which the SDK builds its typed error classes.
 */

/**
 * HTTP status per error, from the `smithy.api#httpError` traits of the Step Functions model (as shipped in
 * @aws-sdk/client-sfn 3.1164.0 `dist-es/schemas/schemas_0.js`): ConflictException 409, ResourceNotFound 404,
 * ServiceQuotaExceededException 402; every other client fault 400; server faults 500.
 */
const STATUS: Record<string, number> = {
  ConflictException: 409,
  ResourceNotFound: 404,
  ServiceQuotaExceededException: 402,
  InternalFailure: 500,
};

export class SfnError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** Extra members the model gives this error (`resourceName` on ResourceNotFound/TooManyTags, `reason` on ValidationException). */
    readonly extra: Record<string, string> = {},
  ) {
    super(message);
  }

  get status(): number {
    return STATUS[this.code] ?? 400;
  }

  body(): string {
    return JSON.stringify({ __type: this.code, message: this.message, ...this.extra });
  }
}

/** AWS's text for a missing required member (smithy validation), e.g. "Value null at 'name' failed …". */
export function missing(member: string): SfnError {
  return new SfnError('ValidationException', `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`);
}

export function invalidValue(member: string, constraint: string): SfnError {
  return new SfnError('ValidationException', `1 validation error detected: Value at '${member}' failed to satisfy constraint: ${constraint}`);
}
