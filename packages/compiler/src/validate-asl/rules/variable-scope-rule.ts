import { finding, type Finding } from '../finding.js';
import type { AslScope } from '../model/asl-model.js';
import { isObject, own } from '../model/json-value.js';
import { assignmentsByScope, describeScope } from '../model/model-queries.js';
import type { AslRule } from './asl-rule.js';

/**
 * A Parallel branch or Map processor may read outer variables but must not assign one. A Distributed
 * Map's children run as separate executions with variables of their own, so the check stops at that boundary —
 * also at a Distributed Map nested in another one's child.
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
        while (outer && !startsChildExecution(inner)) {
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

/** The processor of a Distributed Map (its own ProcessorConfig, not one it is nested in): each item is a child execution. */
function startsChildExecution(scope: AslScope): boolean {
  if (scope.kind !== 'item-processor' || !scope.distributed || !scope.node) return false;
  const config = own(scope.node, 'ProcessorConfig');
  return isObject(config) && own(config, 'Mode') === 'DISTRIBUTED';
}
