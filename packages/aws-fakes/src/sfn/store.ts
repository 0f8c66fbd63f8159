import { ArnScheme } from './arns.js';
import { SfnError } from './errors.js';
import { configOf, type MachineConfig, type MachineRecord, type VersionRecord } from './state.js';
import type { TaskRecord, TaskResponse } from './tasks.js';

export type Diagnostic = { severity: 'ERROR' | 'WARNING'; code: string; message: string; location?: string };

export interface StoreOptions {
  region: string;
  account: string;
  validate?: (definition: string) => Diagnostic[];
  staleDescribes: number;
  pageSize: number;
}

/** Everything the operations share: the machines, ARN scheme, and deterministic clock and id counters. */
export class SfnStore {
  readonly machines = new Map<string, MachineRecord>();
  /** Callback tasks by token, open or closed (a closed task's token answers TaskTimedOut, not InvalidToken). */
  readonly tasks = new Map<string, TaskRecord>();
  readonly taskListeners = new Set<(response: TaskResponse) => void>();
  readonly arns: ArnScheme;
  private clock = 1_767_225_600; // 2026-01-01T00:00:00Z; each event advances it one second, so dates are deterministic
  private counter = 0;
  private revisions = 0;

  constructor(readonly options: StoreOptions) {
    this.arns = new ArnScheme(options.region, options.account);
  }

  /** Epoch seconds, as awsJson1_0 carries timestamps. */
  now(): number {
    this.clock += 1;
    return this.clock;
  }

  nextSeq(): number {
    this.counter += 1;
    return this.counter;
  }

  /** An opaque revision id shaped like AWS's (a UUID), from a counter so runs are reproducible. */
  newRevisionId(): string {
    this.revisions += 1;
    return `00000000-0000-4000-8000-${String(this.revisions).padStart(12, '0')}`;
  }

  machine(name: string, arn: string): MachineRecord {
    const machine = this.machines.get(name);
    if (!machine) throw new SfnError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return machine;
  }

  /** Publishes the machine's current revision, or returns the version already published from it (idempotent). */
  publish(machine: MachineRecord, description: string | undefined): VersionRecord {
    const existing = machine.publishedRevisions.get(machine.revision);
    const published = existing === undefined ? undefined : machine.versions.get(existing);
    if (published) return published;
    // "You can publish up to 1000 versions for each state machine" (PublishStateMachineVersion reference); HTTP 402.
    if (machine.versions.size >= 1000) {
      throw new SfnError('ServiceQuotaExceededException', `Service quota exceeded: state machine '${machine.arn}' already has 1000 versions; delete unused versions with DeleteStateMachineVersion`);
    }
    machine.lastVersion += 1;
    const number = machine.lastVersion;
    const config: MachineConfig = configOf(machine);
    const version: VersionRecord = {
      ...config,
      number,
      arn: this.arns.version(machine.name, number),
      ...(description !== undefined ? { description } : {}),
      ...(machine.revisionId !== undefined ? { revisionId: machine.revisionId } : {}),
      creationDate: this.now(),
      seq: this.nextSeq(),
    };
    machine.versions.set(number, version);
    machine.publishedRevisions.set(machine.revision, number);
    return version;
  }
}
