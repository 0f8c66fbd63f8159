/**
 * What `agentflow deploy --plan` finds, as data: the plan is computed with read-only calls, rendered as text,
 * Markdown or JSON, and applied by the same run. Every field is plain JSON so `--json` prints the plan as it is.
 */

/** The settings of a state machine besides its definition, as CreateStateMachine and UpdateStateMachine take them. */
export interface MachineSettings {
  readonly roleArn: string;
  readonly logging: { readonly level: 'ALL' | 'ERROR' | 'FATAL' | 'OFF'; readonly includeExecutionData: boolean; readonly logGroupArn?: string };
  readonly tracing: boolean;
  /** The customer managed key of the machine's encryption; absent: an AWS owned key. */
  readonly kmsKeyId?: string;
}

/** One field that differs, by JSON Pointer relative to its owner (a state, the definition's top level, a setting). */
export interface FieldChange {
  readonly pointer: string;
  readonly kind: 'added' | 'removed' | 'changed';
  readonly before?: unknown;
  readonly after?: unknown;
}

/** A state, by its path through Parallel branches and Map processors: `Fan Out › branch 1 › Search`. */
export interface StateRef {
  readonly path: readonly string[];
  /** JSON Pointer of the state in its definition (the new one for added and changed states, the old one for removed). */
  readonly pointer: string;
  readonly type: string;
}

export interface StateChange extends StateRef {
  readonly fields: readonly FieldChange[];
}

/** How the deployed definition and the compiled one differ, state by state; all empty when they are equal. */
export interface DefinitionDiff {
  /** Top-level fields other than States (StartAt, QueryLanguage, TimeoutSeconds, Comment). */
  readonly top: readonly FieldChange[];
  readonly added: readonly StateRef[];
  readonly removed: readonly StateRef[];
  readonly changed: readonly StateChange[];
}

/** One route of an alias: a version number and the percent of executions it gets. */
export interface Route {
  readonly version: number;
  readonly weight: number;
}

export interface AliasPlan {
  readonly name: string;
  /** Absent: the alias does not exist yet. */
  readonly before?: readonly Route[];
  /** Version 0 stands for the version this run publishes, whose number is known only once it is published. */
  readonly after: readonly Route[];
}

export interface TagChanges {
  readonly added: Readonly<Record<string, string>>;
  readonly changed: Readonly<Record<string, { readonly before: string; readonly after: string }>>;
  readonly removed: readonly string[];
}

export interface MachinePlan {
  readonly workflow: string;
  readonly stateMachineName: string;
  readonly stateMachineArn: string;
  /** create: no machine of that name; update: at least one write call; unchanged: none. */
  readonly action: 'create' | 'update' | 'unchanged';
  /** `sha256:<hex>` of the canonical compiled definition. */
  readonly definitionHash: string;
  /** The same hash of the deployed definition, when there is one. */
  readonly deployedHash?: string;
  /** How many states the compiled definition has, nested ones included (`countStates`); shown on create. */
  readonly stateCount?: number;
  /** Absent on create. */
  readonly definition?: DefinitionDiff;
  /** Role, logging, tracing and encryption changes, by pointer into MachineSettings (`/logging/level`). */
  readonly settings: readonly FieldChange[];
  readonly tags: TagChanges;
  /** A new version is published (the definition or settings change, or the latest revision has no version yet). */
  readonly publish: boolean;
  /** Absent when the alias already routes as wanted. */
  readonly alias?: AliasPlan;
  /** Versions `--keep` deletes after the alias moved. */
  readonly prune: readonly number[];
  /** Things to know that do not stop the deploy (near the version quota, lockfile drift, …). */
  readonly warnings: readonly string[];
}

export interface DeployPlan {
  readonly environment: string;
  readonly region: string;
  readonly account: string;
  readonly machines: readonly MachinePlan[];
  /** Things to know about the whole run (agent lock drift that breaks nothing). */
  readonly warnings?: readonly string[];
}
