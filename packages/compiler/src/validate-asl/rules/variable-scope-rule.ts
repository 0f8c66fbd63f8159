import { finding, type Finding } from '../finding.js';
import { assignmentsByScope, describeScope } from '../model/model-queries.js';
import type { AslRule } from './asl-rule.js';

/**
 * A Parallel branch or Map processor may read outer variables but must not assign one. A Distributed
 * Map's children run as separate executions, so the check stops at that boundary.
 */
export const variableScopeRule: AslRule = {
  name: 'variable-scope',
  codes: ['VARIABLE_SCOPE'],
  check(model) {
    const findings: Finding[] = [];
    const byScope = assignmentsByScope(model);
    for (const [scope, names] of byScope) {
      for (const [name, pointer] of names) {
        let inner = scope;
        let outer = scope.parent;
        while (outer && !(inner.kind === 'item-processor' && inner.distributed && !outer.distributed)) {
          const outerPointer = byScope.get(outer)?.get(name);
          if (outerPointer) {
            findings.push(
              finding('VARIABLE_SCOPE', {
                message: `Variable "${name}" is assigned in ${describeScope(scope)} but also in ${describeScope(outer)}, which encloses it.`,
                pointer,
                target: 'key',
                hint: 'Inner scopes can read outer variables but not assign them. Use a different name, or return the value through the branch/iteration Output.',
                related: [{ message: `"${name}" is assigned in the enclosing scope here`, pointer: outerPointer, target: 'key' }],
              }),
            );
            break;
          }
          inner = outer;
          outer = outer.parent;
        }
      }
    }
    return findings;
  },
};
