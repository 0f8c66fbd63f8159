/**
 * Variable scopes (Step Functions developer guide, "workflow-variables"): a Parallel branch or Map iteration
 * reads the variables of the scopes around it and assigns only its own; siblings never see each other's.
 * A Distributed Map child is a separate execution and starts with no variables at all.
 */
export class VariableScope {
  private readonly own = new Map<string, unknown>();
  private readonly sizes = new Map<string, number>();
  private flat: Record<string, unknown> | undefined;
  /** Bytes held by the live variables of the whole execution (shared by every scope of it). */
  readonly usage: { bytes: number };

  constructor(private readonly parent?: VariableScope) {
    this.usage = parent ? parent.usage : { bytes: 0 };
  }

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

  /** The execution's variable bytes if `values` (with their serialized sizes) were assigned here. */
  bytesAfter(sizes: ReadonlyMap<string, number>): number {
    let bytes = this.usage.bytes;
    for (const [name, size] of sizes) bytes += size - (this.sizes.get(name) ?? 0);
    return bytes;
  }

  /** Commits one state's evaluated `Assign` (all of it was computed from state-entry values). */
  assign(values: ReadonlyMap<string, unknown>, sizes: ReadonlyMap<string, number>): void {
    this.usage.bytes = this.bytesAfter(sizes);
    for (const [name, value] of values) this.own.set(name, value);
    for (const [name, size] of sizes) this.sizes.set(name, size);
    this.flat = undefined;
  }

  /** The scope ends (its branch or iteration finished): its variables no longer count. */
  release(): void {
    for (const size of this.sizes.values()) this.usage.bytes -= size;
    this.sizes.clear();
  }

  ownNames(): string[] {
    return [...this.own.keys()];
  }
}
