/** The parts of an ASL definition the executor reads; everything else passes through untouched. */
export interface Graph {
  readonly StartAt: string;
  readonly States: Readonly<Record<string, AslState>>;
}

export interface Retrier {
  readonly ErrorEquals: readonly string[];
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: 'FULL' | 'NONE';
}

export interface Catcher {
  readonly ErrorEquals: readonly string[];
  readonly Next: string;
  readonly Assign?: Record<string, unknown>;
  readonly Output?: unknown;
}

export interface ChoiceRule {
  readonly Condition?: unknown;
  readonly Next: string;
  readonly Assign?: Record<string, unknown>;
  readonly Output?: unknown;
}

export interface AslState {
  readonly Type: string;
  readonly QueryLanguage?: string;
  readonly Next?: string;
  readonly End?: boolean;
  readonly Assign?: Record<string, unknown>;
  readonly Output?: unknown;
  readonly Arguments?: unknown;
  readonly Resource?: string;
  readonly TimeoutSeconds?: number | string;
  readonly HeartbeatSeconds?: number | string;
  readonly Retry?: readonly Retrier[];
  readonly Catch?: readonly Catcher[];
  readonly Choices?: readonly ChoiceRule[];
  readonly Default?: string;
  readonly Seconds?: number | string;
  readonly Timestamp?: string;
  readonly Error?: string;
  readonly Cause?: string;
  readonly Branches?: readonly Graph[];
  readonly Items?: unknown;
  readonly ItemSelector?: unknown;
  readonly ItemProcessor?: Graph & { readonly ProcessorConfig?: { readonly Mode?: string; readonly ExecutionType?: string } };
  readonly Iterator?: Graph;
  readonly ItemReader?: { readonly Resource: string; readonly ReaderConfig?: Record<string, unknown>; readonly Arguments?: unknown };
  readonly ItemBatcher?: { readonly MaxItemsPerBatch?: unknown; readonly MaxInputBytesPerBatch?: unknown; readonly BatchInput?: unknown };
  readonly ResultWriter?: { readonly Resource?: string; readonly Arguments?: unknown; readonly WriterConfig?: Record<string, unknown> };
  readonly MaxConcurrency?: number | string;
  readonly ToleratedFailurePercentage?: number | string;
  readonly ToleratedFailureCount?: number | string;
  readonly Label?: string;
  readonly [field: string]: unknown;
}

export interface AslDefinition extends Graph {
  readonly QueryLanguage?: string;
  readonly TimeoutSeconds?: number;
  readonly Comment?: string;
}
