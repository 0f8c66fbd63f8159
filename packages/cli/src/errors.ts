/** Exit codes, decided only here and in bin.ts (DESIGN D7). */
export const EXIT_OK = 0;
/** A workflow or definition has errors, or goldens drifted. */
export const EXIT_ERRORS = 1;
/** The command line itself is wrong: unknown option, missing file, no config. */
export const EXIT_USAGE = 2;
/** `agentflow deploy --plan` found changes to apply (like `terraform plan -detailed-exitcode`); 0 means none. */
export const EXIT_CHANGES_PENDING = 3;

/**
 * A mistake in how agentflow was invoked; printed as one message with a hint, exit 2. `code`, when given, names the
 * mistake for scripts and searches (`error[runtime-not-installed]: …`), as diagnostics do.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}
