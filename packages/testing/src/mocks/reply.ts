import { agentSpecOf, type AgentDef } from '@agentflow/dsl';
import type { AgentRequest, MockContext, MockFn } from '../types.js';
import { SimulationSetupError } from '../engine/errors.js';

type Answer<T> = T | MockFn<AgentRequest, T>;

/**
 * A typed agent mock: every answer is checked by tsc against the agent's output type, and by the agent's zod
 * schema when it runs (a mismatch is a mistake in the test, reported with the failing path). Several answers are
 * given in order, the last repeating.
 *
 * @example
 * ```ts
 * agents: {
 *   'write-draft': reply(writer, { title: 'Tides', body: '…' }),
 *   'revise-draft': reply(reviser, (req) => ({ title: 'Tides, revised', body: req.prompt.slice(0, 100) })),
 * }
 * ```
 */
export function reply<T>(agent: AgentDef<T>, ...answers: [Answer<NoInfer<T>>, ...Answer<NoInfer<T>>[]]): MockFn<AgentRequest, T> {
  const spec = agentSpecOf(agent);
  if (!spec) throw new SimulationSetupError('reply(agent, …) needs an agent(...) definition as its first argument.');
  return async (request: AgentRequest, ctx: MockContext) => {
    const entry = answers[Math.min(ctx.call, answers.length - 1)]!;
    const answer = typeof entry === 'function' ? await (entry as MockFn<AgentRequest, T>)(request, ctx) : entry;
    const checked = spec.output.safeParse(answer);
    if (!checked.success) {
      const issues = checked.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(answer)'}: ${i.message}`).join('; ');
      throw new SimulationSetupError(`The mock answer for agent '${spec.name}' at state '${ctx.stateName}' does not match its output schema: ${issues}.`);
    }
    return answer;
  };
}
