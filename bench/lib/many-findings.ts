/**
 * Definitions of just under 1 MB that produce tens of thousands of findings: the worst case for locating,
 * sorting and printing diagnostics in `agentflow validate` (issue 11, item 6).
 */
import { MAX_DEFINITION_BYTES } from '../../packages/compiler/src/validate-asl/rules/definition-size-rule.js';

export type FindingsShape = 'unreachable' | 'invalid';

/**
 * `unreachable`: StartAt names a Succeed state, then as many further Succeed states as fit, each unreachable
 * (one finding a state). `invalid`: every further state is a Pass whose Next names a missing state and that has
 * an unknown field (several findings a state). Both stay under the 1 MB definition limit.
 */
export function manyFindingsDefinition(shape: FindingsShape, maxBytes = MAX_DEFINITION_BYTES - 64): { text: string; states: number } {
  const head = '{"StartAt":"Start","States":{"Start":{"Type":"Succeed"}';
  const tail = '}}\n';
  const parts: string[] = [head];
  let bytes = head.length + tail.length;
  let states = 1;
  for (let i = 1; ; i++) {
    const name = `S${i}`;
    const state = shape === 'unreachable' ? `,"${name}":{"Type":"Succeed"}` : `,"${name}":{"Type":"Pass","Nxt":true,"Next":"Gone${i}"}`;
    if (bytes + state.length > maxBytes) break;
    parts.push(state);
    bytes += state.length;
    states++;
  }
  parts.push(tail);
  return { text: parts.join(''), states };
}
