/**
 * A deploy problem the user can act on: a code, what happened, what to do. Every failure of a deploy command ends as
 * one of these (never a stack trace); the CLI prints them like compile diagnostics.
 */
export interface DeployProblem {
  readonly code: string;
  readonly message: string;
  readonly hint?: string;
  /** The workflow it concerns, when it concerns one. */
  readonly workflow?: string;
}

/** Thrown inside the deploy package to stop a command with a problem; the command turns it into output and an exit code. */
export class DeployError extends Error {
  constructor(readonly problem: DeployProblem) {
    super(problem.message);
    this.name = 'DeployError';
  }
}
