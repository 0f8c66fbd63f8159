/**
 * Faults a fake injects into chosen operations, each a given number of times, so a test can show that a failure
 * gives a clear error and that running the command again converges.
 */

export type FaultKind =
  /** The service's throttling error (the SDK retries it). */
  | 'throttle'
  /** HTTP 500 InternalServerError / ServiceException (the SDK retries it). */
  | 'server-error'
  /** The connection is reset before any response. */
  | 'drop'
  /** AccessDeniedException for the caller on this action. */
  | 'access-denied'
  /** ConflictException, as a concurrent deployer causes. */
  | 'conflict';

export interface Fault {
  readonly operation: string;
  readonly kind: FaultKind;
  /** How many calls fail; default 1. `Infinity` fails every call. */
  readonly times?: number;
}

export class FaultPlan {
  private readonly pending: { operation: string; kind: FaultKind; left: number }[] = [];

  add(fault: Fault): void {
    this.pending.push({ operation: fault.operation, kind: fault.kind, left: fault.times ?? 1 });
  }

  /** The fault the next call of `operation` suffers, if any; counts it. */
  take(operation: string): FaultKind | undefined {
    const fault = this.pending.find((f) => f.operation === operation && f.left > 0);
    if (!fault) return undefined;
    fault.left -= 1;
    return fault.kind;
  }

  clear(): void {
    this.pending.length = 0;
  }
}
