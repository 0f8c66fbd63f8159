import type { SourceLocation } from './source-location.js';
import { captureCallerLocation } from './source-location.js';

/** A misuse of a builder that stops building the workflow; the compiler turns it into a diagnostic. */
export class DslError extends Error {
  readonly code: string;
  readonly loc: SourceLocation | undefined;
  readonly hint: string | undefined;

  constructor(code: string, message: string, options: { loc?: SourceLocation | undefined; hint?: string } = {}) {
    super(message);
    this.name = 'DslError';
    this.code = code;
    // Errors are rare and may come from deep inside nested values: look further up than builders do.
    this.loc = options.loc ?? captureCallerLocation(64);
    this.hint = options.hint;
  }
}

export function isDslError(error: unknown): error is DslError {
  return error instanceof Error && error.name === 'DslError' && typeof (error as DslError).code === 'string';
}

/**
 * Runs `fn`; a DslError raised with no author frame on the stack (e.g. while the compiler builds the workflow)
 * takes `loc` instead, so the diagnostic still points at the author's code.
 */
export function locatedAt<T>(loc: SourceLocation | undefined, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (!isDslError(error) || error.loc !== undefined || loc === undefined) throw error;
    throw new DslError(error.code, error.message, { loc, ...(error.hint !== undefined ? { hint: error.hint } : {}) });
  }
}
