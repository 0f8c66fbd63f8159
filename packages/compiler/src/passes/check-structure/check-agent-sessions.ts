import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { StepIndex } from '../step-index.js';

/**
 * `session: 'across-rounds'` only changes the session id of an invocation that runs in rounds: outside every loop it
 * is the default, and an author who wrote it most likely expected something else (e.g. map iterations sharing one
 * session, which they never do). The output is correct either way, so this is a warning.
 */
export function checkAgentSessions(index: StepIndex): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  for (const info of index.all) {
    const step = info.step;
    if (step.kind !== 'agent' || step.session !== 'across-rounds' || info.ancestors.some((a) => a.kind === 'loop')) continue;
    const inMap = info.ancestors.some((a) => a.kind === 'map');
    diagnostics.push({
      code: 'session-outside-loop',
      severity: 'warning',
      message:
        `Invocation '${step.id}' keeps its session across rounds, but no loop encloses it: it runs once` +
        (inMap ? ' per map iteration, and map iterations never share a session.' : ' per execution, so the option changes nothing.'),
      path: info.path,
      ...(step.loc ? { loc: step.loc } : {}),
      hint: "Remove session: 'across-rounds', or move the invocation into the loop body whose rounds should share the session (docs/agent-adapter.md, \"Sessions\").",
    });
  }
  return diagnostics;
}
