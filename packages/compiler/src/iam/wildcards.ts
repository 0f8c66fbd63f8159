import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { parseArn, type Arn } from './arns.js';
import { compareCodePoints } from '../text/compare-code-points.js';

interface PatternEntry {
  readonly entry: string;
  readonly arn: Arn;
}

/** The author's `allowWildcards`, parsed: ARN patterns by service, and actions accepted on `Resource: "*"`. */
export class AllowedWildcards {
  private readonly patterns: PatternEntry[] = [];
  private readonly actions = new Map<string, string>();
  private readonly used = new Set<string>();
  readonly diagnostics: Diagnostic[] = [];

  constructor(entries: readonly string[]) {
    for (const entry of [...new Set(entries)].sort(compareCodePoints)) {
      const arn = entry.startsWith('arn:') ? parseArn(entry) : undefined;
      if (arn && !/[*?]/.test(arn.service) && !/[*?]/.test(arn.partition)) {
        this.patterns.push({ entry, arn });
      } else if (/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(entry)) {
        this.actions.set(entry.toLowerCase(), entry);
      } else {
        this.diagnostics.push({
          code: 'iam-invalid-wildcard',
          severity: 'error',
          message: `allowWildcards entry '${entry}' is neither an ARN pattern for one service nor an IAM action.`,
          hint: "Scope it to a service, e.g. 'arn:aws:sns:us-east-1:111122223333:alerts-*', or name one action, e.g. 'ec2:DescribeInstances'. A bare '*' is never accepted.",
        });
      }
    }
  }

  /** ARN patterns of `service` that could match a value starting with `arnPrefix` ('' when nothing is known). */
  patternsFor(service: string, arnPrefix: string, resourceType = ''): string[] {
    const out = this.patterns
      .filter((p) => p.arn.service === service && compatible(p.arn.resource, resourceType) && compatible(p.entry, arnPrefix))
      .map((p) => p.entry);
    for (const entry of out) this.used.add(entry);
    return out;
  }

  /** The allowWildcards entry accepting `action` on "*", if any. */
  actionEntry(action: string): string | undefined {
    const entry = this.actions.get(action.toLowerCase());
    if (entry) this.used.add(entry);
    return entry;
  }

  unused(): Diagnostic[] {
    const all = [...this.patterns.map((p) => p.entry), ...this.actions.values()].sort(compareCodePoints);
    return all
      .filter((entry) => !this.used.has(entry))
      .map((entry) => ({
        code: 'iam-unused-wildcard',
        severity: 'warning' as const,
        message: `allowWildcards entry '${entry}' is not needed by this workflow; nothing was granted from it.`,
        hint: 'Remove it, so a later change cannot pick it up unnoticed.',
      }));
  }
}

/** Whether some string starting with `prefix` can match `pattern` (`*`, `?` wildcards): their literal heads agree. */
export function compatible(pattern: string, prefix: string): boolean {
  for (let i = 0; i < prefix.length && i < pattern.length; i++) {
    const p = pattern[i]!;
    if (p === '*') return true;
    if (p !== '?' && p !== prefix[i]) return false;
  }
  return prefix.length <= pattern.length || pattern.includes('*');
}
