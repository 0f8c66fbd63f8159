import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { Field } from './asl-fields.js';
import { hasWildcard, prefixPath, s3ObjectArn, type ArnEnv } from './arns.js';
import { GrantSet, REASON, SID } from './grants.js';
import type { ConditionBlock, RoleKey } from './types.js';
import type { AllowedWildcards } from './wildcards.js';

/** What a static field value grants: the ARNs, and why if any of them holds a wildcard. */
export interface Derived {
  readonly resources: readonly string[];
  readonly reason?: string;
}

/** One resource a Task needs, read from one field of its arguments. */
export interface ResourceNeed {
  readonly role?: RoleKey;
  readonly sid: string;
  /** IAM actions, `service:Action`. */
  readonly actions: readonly string[];
  /** The IAM service of the resource, to match allowWildcards patterns. */
  readonly service: string;
  readonly field: Field;
  /** For messages: "SNS topic", "DynamoDB table". */
  readonly what: string;
  /** A static value → its ARNs; undefined when the value is not a valid reference. */
  readonly derive: (value: string) => Derived | undefined;
  /** For hints: an allowWildcards pattern for this kind of resource. */
  readonly example: string;
  /** The ARN a dynamic value's literal start maps to, to narrow allowWildcards and offload coverage. */
  readonly prefixArn?: (prefix: string) => string | undefined;
  /** Used when the field is absent (EventBridge's default bus); otherwise absence is an error. */
  readonly whenMissing?: string;
  /** Only allowWildcards patterns of this resource type apply, e.g. `stateMachine:` versus `execution:`. */
  readonly resourceType?: string;
}

export interface Offload {
  readonly bucket: string;
  readonly prefix: string;
}

/** Collects grants and diagnostics while the integrations walk the ASL. */
export class IamBuilder {
  readonly grants = new GrantSet();
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly env: ArnEnv,
    readonly wildcards: AllowedWildcards,
    readonly offload: Offload | undefined,
  ) {}

  grant(role: RoleKey, sid: string, actions: readonly string[], resources: readonly string[], reason?: string, condition?: ConditionBlock): void {
    this.grants.add({ role, sid, actions, resources, ...(reason ? { reason } : {}), ...(condition ? { condition } : {}) });
  }

  error(code: string, message: string, pointer: string, hint?: string): void {
    this.diagnostics.push({ code, severity: 'error', message, pointer, ...(hint ? { hint } : {}) });
  }

  /** Grants `need.actions` on the resource named by `need.field`, or reports why it cannot. */
  need(need: ResourceNeed): void {
    const role = need.role ?? 'stateMachine';
    const { field } = need;
    if (field.kind === 'missing' && need.whenMissing === undefined) {
      this.error('iam-missing-resource', `The ${need.what} field ${lastSegment(field.pointer)} is missing, so no ARN can be granted.`, field.pointer, 'Set it to a literal value.');
      return;
    }
    if (field.kind === 'dynamic') {
      this.dynamic(role, need, field.pointer, field.prefix ? (need.prefixArn?.(field.prefix) ?? '') : '');
      return;
    }
    const value = field.kind === 'missing' ? need.whenMissing! : field.value;
    if (typeof value !== 'string') {
      this.error('iam-invalid-resource', `The ${need.what} at ${field.pointer} is not a string.`, field.pointer);
      return;
    }
    const derived = need.derive(value);
    if (!derived) {
      this.error('iam-invalid-resource', `'${value}' is not a valid ${need.what} reference; no ARN can be derived from it.`, field.pointer, `Use the ${need.what}'s name or ARN.`);
      return;
    }
    const wild = derived.resources.filter(hasWildcard);
    if (wild.length > 0 && !derived.reason) {
      this.error('iam-wildcard-resource', `The ${need.what} '${value}' at ${field.pointer} contains a wildcard.`, field.pointer, 'Name one resource; wildcards come only from allowWildcards.');
      return;
    }
    this.grant(role, need.sid, need.actions, derived.resources, derived.reason);
  }

  /**
   * A value known only at run time, whose ARN is known to start with `arnPrefix` ('' when nothing is). Covered by the
   * offload prefix (S3 only), by allowWildcards patterns of the service, or action by action by allowWildcards
   * actions; anything left is an error pointing at the field.
   */
  dynamic(
    role: RoleKey,
    need: Pick<ResourceNeed, 'actions' | 'service' | 'what' | 'example' | 'resourceType'>,
    pointer: string,
    arnPrefix: string,
    problem?: { readonly code: string; readonly message: string; readonly hint?: string },
  ): void {
    if (need.service === 's3' && this.offload && arnPrefix) {
      const offloadArn = s3ObjectArn(this.offload.bucket, prefixPath(this.offload.prefix), this.env.partition);
      if (arnPrefix.startsWith(offloadArn)) {
        this.grant(role, SID.offload, need.actions, [`${offloadArn}*`], REASON.offload);
        return;
      }
    }
    const patterns = this.wildcards.patternsFor(need.service, arnPrefix, need.resourceType);
    if (patterns.length > 0) {
      this.grant(role, SID.configuredWildcard, need.actions, patterns, `allowWildcards accepts ${patterns.map((p) => `'${p}'`).join(', ')} for the ${need.what} at ${pointer}, known only at run time.`);
      return;
    }
    const uncovered: string[] = [];
    for (const action of need.actions) {
      const entry = this.wildcards.actionEntry(action);
      if (entry) this.grant(role, SID.configuredUnscoped, [action], ['*'], `allowWildcards lists '${entry}': the author accepts it on any resource (needed at ${pointer}).`);
      else uncovered.push(action);
    }
    if (uncovered.length === 0) return;
    const suggestion = arnPrefix ? `${arnPrefix}*` : need.example;
    const hint = problem
      ? `Accept a scoped wildcard by adding an ARN pattern such as '${suggestion}' to allowWildcards, or, for an action without resource-level permissions, the action itself ('${uncovered[0]}').`
      : `Use a literal (a resource from agentflow.config.yaml), or accept a scoped wildcard by adding an ARN pattern such as '${suggestion}' to allowWildcards.`;
    this.error(
      problem?.code ?? 'iam-dynamic-resource',
      `${problem?.message ?? `The ${need.what} at ${pointer} is only known at run time`}, so ${uncovered.join(', ')} cannot be scoped to an ARN.`,
      pointer,
      problem?.hint ?? hint,
    );
  }

  /** An SDK call whose resource agentflow cannot derive: allowWildcards must cover it. */
  underivable(role: RoleKey, actions: readonly string[], service: string, what: string, pointer: string, example: string): void {
    this.dynamic(role, { actions, service, what, example }, pointer, '', {
      code: 'iam-underivable-resource',
      message: `agentflow cannot tell which resource the ${what} at ${pointer} touches`,
    });
  }
}

function lastSegment(pointer: string): string {
  return pointer.slice(pointer.lastIndexOf('/') + 1);
}
