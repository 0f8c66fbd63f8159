/**
 * A small IAM evaluator for identity policies: explicit Deny wins, then any Allow. Action names match
 * case-insensitively, resources case-sensitively; `*` matches any run of characters (`:` and `/` included), `?` one
 * character. Conditions are evaluated against the request context given (IAM User Guide, "Condition operators"):
 * `StringEquals`, `StringLike`, `ArnEquals` and `ArnLike`, each key matching any of its values; a key the context
 * lacks fails its condition, so a conditional statement does not apply to a request without that key. Any other
 * operator is an error, not a silent match.
 */
export interface EvalStatement {
  readonly Effect: 'Allow' | 'Deny';
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/** Condition keys of the request and their values, e.g. `{ 's3:prefix': 'agentflow/wf/' }`. */
export type RequestContext = Readonly<Record<string, string>>;

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

function applies(s: EvalStatement, action: string, resource: string, context: RequestContext): boolean {
  const actionOk = s.Action !== undefined ? list(s.Action).some((a) => globMatch(a, action, true)) : !list(s.NotAction).some((a) => globMatch(a, action, true));
  const resourceOk = s.Resource !== undefined ? list(s.Resource).some((r) => globMatch(r, resource)) : !list(s.NotResource).some((r) => globMatch(r, resource));
  return actionOk && resourceOk && conditionsHold(s.Condition ?? {}, context);
}

const OPERATORS: Record<string, (pattern: string, value: string) => boolean> = {
  StringEquals: (p, v) => p === v,
  StringLike: (p, v) => globMatch(p, v),
  ArnEquals: (p, v) => p === v,
  ArnLike: (p, v) => globMatch(p, v),
};

function conditionsHold(condition: NonNullable<EvalStatement['Condition']>, context: RequestContext): boolean {
  return Object.entries(condition).every(([operator, keys]) => {
    const match = OPERATORS[operator];
    if (!match) throw new Error(`The test evaluator does not know the condition operator ${operator}: add it before relying on it.`);
    return Object.entries(keys).every(([key, values]) => {
      const value = context[key];
      return value !== undefined && list(values).some((p) => match(p, value));
    });
  });
}

export function isAllowed(policy: EvalPolicy, action: string, resource: string, context: RequestContext = {}): boolean {
  const statements = Array.isArray(policy.Statement) ? (policy.Statement as readonly EvalStatement[]) : [policy.Statement as EvalStatement];
  if (statements.some((s) => s.Effect === 'Deny' && applies(s, action, resource, context))) return false;
  return statements.some((s) => s.Effect === 'Allow' && applies(s, action, resource, context));
}

/** Whether `action` is allowed on at least one resource of the policy (for calls whose resource the test can't know). */
export function allowsActionSomewhere(policy: EvalPolicy, action: string): boolean {
  const statements = Array.isArray(policy.Statement) ? (policy.Statement as readonly EvalStatement[]) : [policy.Statement as EvalStatement];
  return statements.some((s) => s.Effect === 'Allow' && (s.Action !== undefined ? list(s.Action).some((a) => globMatch(a, action, true)) : !list(s.NotAction).some((a) => globMatch(a, action, true))));
}
