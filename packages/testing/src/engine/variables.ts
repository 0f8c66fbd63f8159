/**
 * Variable scopes (Step Functions developer guide, "workflow-variables"): a Parallel branch or Map iteration
 * reads the variables of the scopes around it and assigns only its own; siblings never see each other's.
 * A Distributed Map child is a separate execution and starts with no variables at all.
 */
export class VariableScope {
  private readonly own = new Map<string, unknown>();
  private flat: Record<string, unknown> | undefined;

  constructor(private readonly parent?: VariableScope) {}

  child(): VariableScope {
    return new VariableScope(this);
  }

  /** All visible variables, innermost winning; cached until the next assignment. */
  snapshot(): Record<string, unknown> {
    if (this.flat === undefined) {
      const flat: Record<string, unknown> = this.parent ? { ...this.parent.snapshot() } : {};
      for (const [name, value] of this.own) flat[name] = value;
      this.flat = flat;
    }
    return this.flat;
  }

  /** Commits one state's evaluated `Assign` (all of it was computed from state-entry values). */
  assign(values: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(values)) this.own.set(name, value);
    this.flat = undefined;
  }

  ownNames(): string[] {
    return [...this.own.keys()];
  }
}
