/** Small builders for the conformance corpus: JSONata ASL definitions written by hand, run through `simulate`. */
import { simulate, type HistoryEvent, type SimulateOptions, type SimulationResult } from '../../src/index.js';
import type { AslDefinition, AslState } from '../../src/engine/asl.js';

export type States = Record<string, Partial<AslState> & { Type: string }>;

/** A JSONata state machine from its states (the first one is StartAt unless given). */
export function machine(states: States, extra: Partial<AslDefinition> & { StartAt?: string } = {}): AslDefinition {
  const first = Object.keys(states)[0]!;
  return { QueryLanguage: 'JSONata', StartAt: first, ...extra, States: states as unknown as AslDefinition['States'] };
}

/** A graph (Parallel branch, Map ItemProcessor) from its states. */
export function graph(states: States, startAt?: string): { StartAt: string; States: Record<string, AslState> } {
  return { StartAt: startAt ?? Object.keys(states)[0]!, States: states as unknown as Record<string, AslState> };
}

export function run(definition: AslDefinition, options: SimulateOptions = {}): Promise<SimulationResult> {
  return simulate(definition, options);
}

export const types = (r: SimulationResult): string[] => r.events.map((e) => e.type);

export const ofType = (r: SimulationResult, type: string): HistoryEvent[] => r.events.filter((e) => e.type === type);

export const one = (r: SimulationResult, type: string): HistoryEvent => {
  const found = ofType(r, type);
  if (found.length !== 1) throw new Error(`expected one ${type} event, found ${found.length}: ${types(r).join(', ')}`);
  return found[0]!;
};

/** A lambda:invoke Task (its mock answers with the integration result, as `$states.result` sees it). */
export const task = (extra: Partial<AslState> = {}): Partial<AslState> & { Type: string } => ({ Type: 'Task', Resource: 'arn:aws:states:::lambda:invoke', End: true, ...extra });

export const CALLBACK = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken';

/** Sources cited by the corpus (docs/simulator.md, "Sources"). */
export const SPEC = 'https://states-language.net/spec.html';
export const DG = (page: string): string => `https://docs.aws.amazon.com/step-functions/latest/dg/${page}.html`;
export const REC = (test: string): string => `https://github.com/localstack/localstack/blob/main/tests/aws/services/stepfunctions/v2/${test}.snapshot.json`;
