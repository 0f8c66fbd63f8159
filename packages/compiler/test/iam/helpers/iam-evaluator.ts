/**
 * A small IAM evaluator for identity policies: explicit Deny wins, then any Allow. Action names match
 * case-insensitively, resources case-sensitively; `*` matches any run of characters (`:` and `/` included), `?` one
 * character. Conditions are not evaluated: a statement with a Condition counts as applying (the generator's
 * permission policies carry none; the test asserts that).
 */
export interface EvalStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
}

export interface EvalPolicy {
  readonly Statement: EvalStatement | readonly EvalStatement[];
}

/** Glob match with IAM's two wildcards. Iterative, with backtracking to the last `*`. */
export function globMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const v = ignoreCase ? value.toLowerCase() : value;
  let pi = 0;
  let vi = 0;
  let star = -1;
  let mark = 0;
  while (vi < v.length) {
    if (pi < p.length && (p[pi] === '?' || p[pi] === v[vi])) {
      pi++;
      vi++;
    } else if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = vi;
    } else if (star >= 0) {
      pi = star + 1;
      vi = ++mark;
    } else {
      return false;
    }
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}

const list = (value: string | readonly string[] | undefined): readonly string[] => (value === undefined ? [] : typeof value === 'string' ? [value] : value);

function applies(s: EvalStatement, action: string, resource: string): boolean {
  const actionOk = s.Action !== undefined ? list(s.Action).some((a) => globMatch(a, action, true)) : !list(s.NotAction).some((a) => globMatch(a, action, true));
  const resourceOk = s.Resource !== undefined ? list(s.Resource).some((r) => globMatch(r, resource)) : !list(s.NotResource).some((r) => globMatch(r, resource));
  return actionOk && resourceOk;
}

export function isAllowed(policy: EvalPolicy, action: string, resource: string): boolean {
  const statements = Array.isArray(policy.Statement) ? (policy.Statement as readonly EvalStatement[]) : [policy.Statement as EvalStatement];
  if (statements.some((s) => s.Effect === 'Deny' && applies(s, action, resource))) return false;
  return statements.some((s) => s.Effect === 'Allow' && applies(s, action, resource));
}

/** Whether `action` is allowed on at least one resource of the policy (for calls whose resource the test can't know). */
export function allowsActionSomewhere(policy: EvalPolicy, action: string): boolean {
  const statements = Array.isArray(policy.Statement) ? (policy.Statement as readonly EvalStatement[]) : [policy.Statement as EvalStatement];
  return statements.some((s) => s.Effect === 'Allow' && (s.Action !== undefined ? list(s.Action).some((a) => globMatch(a, action, true)) : !list(s.NotAction).some((a) => globMatch(a, action, true))));
}
