import type { JsonObject } from './json-value.js';

export type QueryLanguage = 'JSONPath' | 'JSONata';
export type ScopeKind = 'machine' | 'branch' | 'item-processor';

export const STATE_TYPES = ['Pass', 'Task', 'Choice', 'Wait', 'Succeed', 'Fail', 'Parallel', 'Map'] as const;
export type StateType = (typeof STATE_TYPES)[number];

/** A closed `{StartAt, States}` graph: the machine, a Parallel branch, or a Map processor. */
export interface AslScope {
  readonly id: number;
  readonly kind: ScopeKind;
  /** Pointer to the object holding StartAt and States. */
  readonly pointer: string;
  readonly node: JsonObject | undefined;
  readonly parent: AslScope | undefined;
  /** The Parallel or Map state that owns this scope. */
  readonly owner: AslState | undefined;
  readonly depth: number;
  /** Inside a Distributed Map processor (its children run as separate executions). */
  readonly distributed: boolean;
  readonly startAt: unknown;
  readonly states: readonly AslState[];
  readonly byName: ReadonlyMap<string, AslState>;
}

export interface AslTransition {
  readonly target: unknown;
  readonly pointer: string;
  readonly via: 'Next' | 'Default' | 'Choice' | 'Catch';
}

export interface AslState {
  readonly name: string;
  readonly pointer: string;
  readonly scope: AslScope;
  /** The state's fields; undefined when the state is not a JSON object. */
  readonly node: JsonObject | undefined;
  readonly type: StateType | undefined;
  /** The state's own QueryLanguage, else the machine's. */
  readonly queryLanguage: QueryLanguage;
  /**
   * Every language the state may be evaluated in. Whether a state without QueryLanguage inherits from an
   * enclosing Map/Parallel that sets one, or from the machine, is not settled by AWS's documentation, so
   * mismatch rules only fire when a field is wrong in all of them.
   */
  readonly queryLanguages: readonly QueryLanguage[];
  readonly children: readonly AslScope[];
  readonly transitions: readonly AslTransition[];
  readonly isTerminal: boolean;
}

export interface PlaceholderSite {
  readonly pointer: string;
  readonly text: string;
  /** The placeholder stood outside a JSON string and was replaced by a neutral number before parsing. */
  readonly unquoted: boolean;
}

/** The pre-computed view every rule reads; built once per definition. */
export interface AslModel {
  readonly definition: unknown;
  readonly root: JsonObject | undefined;
  readonly queryLanguage: QueryLanguage;
  readonly scopes: readonly AslScope[];
  readonly states: readonly AslState[];
  readonly byteLength: number;
  readonly strict: boolean;
  readonly placeholders: readonly PlaceholderSite[];
  /**
   * False when the source text provably holds no `${...}` placeholder and no CloudFormation intrinsic (see
   * mayHoldTemplates): rules that search every string for one may skip the search.
   */
  readonly templated: boolean;
  /** False when the source text provably holds no key ending in `$` (see mayHoldDollarKeys). */
  readonly dollarKeys: boolean;
  /** True when the value at `pointer` is a placeholder (a whole `${...}` string or an unquoted one). */
  isPlaceholder(pointer: string, value: unknown): boolean;
  /**
   * What a placeholder at `pointer` can become: `any` JSON value when it stood outside a string or is a
   * CloudFormation intrinsic; only `string` when it is a quoted `"${...}"`, because every template tool
   * (SAM/CloudFormation DefinitionSubstitutions, CDK, Terraform templatefile) substitutes text inside the
   * quotes, so the result is still a JSON string. Undefined when the value is no placeholder.
   */
  placeholderKind(pointer: string, value: unknown): PlaceholderKind | undefined;
}

export type PlaceholderKind = 'any' | 'string';
