import { finding, type Finding } from '../finding.js';
import type { AslModel, AslScope, AslState } from '../model/asl-model.js';
import { isInteger, own } from '../model/json-value.js';
import type { AslRule } from './asl-rule.js';
import { isCallbackTask } from './callback-tasks.js';
import { counterTests, countersOf } from './loop-counters.js';

const HISTORY_LIMIT = 25_000;
const ONE_YEAR = 31_536_000;
/** Rough history events per visit: entered/exited, plus scheduled/started/succeeded for tasks. */
const BASE_EVENTS: Readonly<Record<string, number>> = { Task: 5, Wait: 2, Choice: 2, Pass: 2, Succeed: 2, Fail: 2, Parallel: 4, Map: 6 };
const SLOW = new Set(['Task', 'Wait', 'Parallel', 'Map']);

/**
 * Loops that can fill the 25,000-event history of a Standard execution. A cycle is reported when
 * (a) nothing but an error leads out of it; or (b) it runs through a Task, Wait, Parallel or Map, no
 * counter bounds it (a value stepped in the cycle and tested by a Choice that can leave it, see
 * loop-counters.ts), and neither the machine's TimeoutSeconds nor the one-year limit stops it first; or
 * (c) its counter limit times the events per pass exceeds 25,000. Loops that wait on a .waitForTaskToken
 * callback advance only when someone answers, so they are left alone.
 */
export const historyLoopRule: AslRule = {
  name: 'history-loop',
  codes: ['UNBOUNDED_LOOP'],
  check(model) {
    const findings: Finding[] = [];
    for (const scope of model.scopes) {
      // A scope without any terminal state, or states nobody reaches, already fail validation.
      if (!scope.states.some((s) => s.isTerminal)) continue;
      const reachable = reachableFromStart(scope);
      for (const members of cycles(scope)) {
        if (!members.some((s) => reachable.has(s))) continue;
        const problem = loopProblem(model, scope, members);
        if (problem) findings.push(problem);
      }
    }
    return findings;
  },
};

function loopProblem(model: AslModel, scope: AslScope, members: AslState[]): Finding | undefined {
  const names = new Set(members.map((s) => s.name));
  const exits = members.some(
    (s) => s.isTerminal || s.transitions.some((t) => t.via !== 'Catch' && typeof t.target === 'string' && scope.byName.has(t.target) && !names.has(t.target)),
  );
  const cost = members.reduce((sum, s) => sum + eventsOf(s, 0), 0);
  const passes = Math.max(1, Math.floor(HISTORY_LIMIT / Math.max(cost, 1)));
  const path = members.slice(0, 5).map((s) => `"${s.name}"`).join(' → ') + (members.length > 5 ? ' → ...' : '');
  const anchor = members.find((s) => s.type === 'Choice') ?? members[0]!;
  const report = (message: string, hint: string): Finding =>
    finding('UNBOUNDED_LOOP', { message, pointer: anchor.pointer, target: 'key', hint });

  if (!exits) {
    return report(
      `The loop ${path} has no way out except an error; each pass adds about ${cost} history events, so it fails after about ${passes.toLocaleString('en-US')} passes.`,
      'Add a Choice that leaves the loop (with a Default or a rule pointing outside), or an End/Succeed state reachable from it.',
    );
  }
  if (!members.some((s) => s.type && SLOW.has(s.type))) return undefined;
  if (members.some(isCallbackTask)) {
    return undefined;
  }
  const bound = counterBound(scope, members, names);
  if (bound !== undefined) {
    if (bound === 'unknown' || bound * cost <= HISTORY_LIMIT) return undefined;
    return report(
      `The loop ${path} may run ${bound.toLocaleString('en-US')} times at about ${cost} history events per pass (${(bound * cost).toLocaleString('en-US')} events), over the 25,000-event limit.`,
      `Lower the limit below ${passes.toLocaleString('en-US')} passes, or move the iterations into a Map or a child execution.`,
    );
  }
  const waitPerPass = members.reduce((sum, s) => sum + (s.type === 'Wait' && isInteger(own(s.node ?? {}, 'Seconds')) ? (own(s.node!, 'Seconds') as number) : 0), 0);
  const machineTimeout = model.root && isInteger(own(model.root, 'TimeoutSeconds')) ? (own(model.root, 'TimeoutSeconds') as number) : ONE_YEAR;
  if (waitPerPass > 0 && passes * waitPerPass > Math.min(machineTimeout, ONE_YEAR)) return undefined;
  return report(
    `The loop ${path} has no iteration limit; each pass adds about ${cost} history events, so after about ${passes.toLocaleString('en-US')} passes${waitPerPass > 0 ? ` (${duration(passes * waitPerPass)})` : ''} the execution fails at the 25,000-event limit.`,
    'Count the passes (e.g. "Assign": {"attempt": "{% $attempt + 1 %}"} or States.MathAdd) and leave the loop from a Choice when the count reaches a limit; or set TimeoutSeconds on the state machine, or use a .sync integration instead of polling.',
  );
}

function reachableFromStart(scope: AslScope): Set<AslState> {
  const start = typeof scope.startAt === 'string' ? scope.byName.get(scope.startAt) : undefined;
  const seen = new Set<AslState>(start ? [start] : []);
  const queue = start ? [start] : [];
  while (queue.length > 0) {
    for (const t of queue.pop()!.transitions) {
      const next = typeof t.target === 'string' ? scope.byName.get(t.target) : undefined;
      if (next && !seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}

function eventsOf(state: AslState, depth: number): number {
  const base = BASE_EVENTS[state.type ?? ''] ?? 2;
  if (depth > 4) return base;
  const inner = state.children.reduce(
    (sum, scope) => sum + (scope.distributed ? 0 : scope.states.reduce((s, child) => s + eventsOf(child, depth + 1), 0)),
    0,
  );
  return base + inner;
}

/**
 * How many passes a counter allows: a counter stepped inside the cycle and tested by a Choice of the
 * cycle that can leave it. `'unknown'` when the test compares with another value (a limit read at run
 * time); `undefined` when no counter bounds the cycle.
 */
function counterBound(scope: AslScope, members: readonly AslState[], names: ReadonlySet<string>): number | 'unknown' | undefined {
  const counters = members.flatMap(countersOf);
  if (counters.length === 0) return undefined;
  const terms = new Set(counters.map((c) => c.term));
  const tests = members
    .filter((s) => s.type === 'Choice' && s.transitions.some((t) => typeof t.target === 'string' && scope.byName.has(t.target) && !names.has(t.target)))
    .flatMap((s) => counterTests(s, terms));
  if (tests.length === 0) return undefined;
  const passes = tests.map((test) => {
    if (test.bound === undefined) return undefined;
    const step = Math.min(...counters.filter((c) => c.term === test.term).map((c) => c.step));
    return Math.ceil(Math.abs(test.bound) / step);
  });
  const known = passes.filter((n): n is number => n !== undefined);
  // Not every test need be the one that exits, so the largest count is the safe estimate.
  return known.length === 0 ? 'unknown' : Math.max(...known);
}

/** Strongly connected components that contain a cycle (Tarjan's algorithm, iterative). */
function cycles(scope: AslScope): AslState[][] {
  const index = new Map<AslState, number>();
  const low = new Map<AslState, number>();
  const onStack = new Set<AslState>();
  const stack: AslState[] = [];
  const result: AslState[][] = [];
  // Document order of the scope's states, built once for the first cycle (once per cycle made it quadratic).
  let order: Map<AslState, number> | undefined;
  let counter = 0;
  const successors = (state: AslState): AslState[] =>
    state.transitions.flatMap((t) => (typeof t.target === 'string' && scope.byName.has(t.target) ? [scope.byName.get(t.target)!] : []));

  for (const root of scope.states) {
    if (index.has(root)) continue;
    const work: { state: AslState; next: AslState[]; i: number }[] = [];
    const enter = (state: AslState): void => {
      index.set(state, counter);
      low.set(state, counter);
      counter++;
      stack.push(state);
      onStack.add(state);
      work.push({ state, next: successors(state), i: 0 });
    };
    enter(root);
    while (work.length > 0) {
      const frame = work[work.length - 1]!;
      if (frame.i < frame.next.length) {
        const next = frame.next[frame.i++]!;
        if (!index.has(next)) enter(next);
        else if (onStack.has(next)) low.set(frame.state, Math.min(low.get(frame.state)!, index.get(next)!));
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low.set(parent.state, Math.min(low.get(parent.state)!, low.get(frame.state)!));
      if (low.get(frame.state) === index.get(frame.state)) {
        const component: AslState[] = [];
        let member: AslState;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.state);
        const selfLoop = component.length === 1 && successors(component[0]!).includes(component[0]!);
        if (component.length > 1 || selfLoop) {
          const at = (order ??= new Map(scope.states.map((s, i) => [s, i])));
          result.push(component.sort((a, b) => at.get(a)! - at.get(b)!));
        }
      }
    }
  }
  return result;
}

function duration(seconds: number): string {
  if (seconds >= 86_400 * 2) return `about ${Math.round(seconds / 86_400)} days`;
  if (seconds >= 7_200) return `about ${Math.round(seconds / 3_600)} hours`;
  return `about ${Math.round(seconds / 60)} minutes`;
}
