import { SfnError } from './errors.js';

/**
 * State machine ARNs: `arn:aws:states:<region>:<account>:stateMachine:<name>` (unqualified), with `:<N>` a version
 * and `:<alias>` an alias (API reference, DescribeStateMachine "qualified state machine ARN"; an alias name is never
 * all digits, so the two qualifiers cannot be confused).
 */

export type ParsedArn =
  | { readonly kind: 'machine'; readonly name: string }
  | { readonly kind: 'version'; readonly name: string; readonly version: number }
  | { readonly kind: 'alias'; readonly name: string; readonly alias: string };

export class ArnScheme {
  constructor(
    readonly region: string,
    readonly account: string,
  ) {}

  machine(name: string): string {
    return `arn:aws:states:${this.region}:${this.account}:stateMachine:${name}`;
  }

  version(name: string, version: number): string {
    return `${this.machine(name)}:${version}`;
  }

  alias(name: string, alias: string): string {
    return `${this.machine(name)}:${alias}`;
  }

  /** Reads a state machine ARN of this region and account; anything else is InvalidArn, as AWS answers. */
  parse(arn: unknown, member = 'stateMachineArn'): ParsedArn {
    if (typeof arn !== 'string') throw new SfnError('InvalidArn', `Invalid Arn: '${member}' must be a string`);
    const prefix = `arn:aws:states:${this.region}:${this.account}:stateMachine:`;
    if (!arn.startsWith(prefix)) throw new SfnError('InvalidArn', `Invalid Arn: '${arn}'`);
    const rest = arn.slice(prefix.length).split(':');
    const name = rest[0] ?? '';
    if (name === '' || rest.length > 2) throw new SfnError('InvalidArn', `Invalid Arn: '${arn}'`);
    // A Distributed Map label (`name/label`) is refused with ValidationException (DescribeStateMachine reference).
    if (name.includes('/')) throw new SfnError('ValidationException', `Distributed Map state ARNs are not supported by this action: '${arn}'`);
    const qualifier = rest[1];
    if (qualifier === undefined) return { kind: 'machine', name };
    if (qualifier === '') throw new SfnError('InvalidArn', `Invalid Arn: '${arn}'`);
    if (/^[0-9]+$/.test(qualifier)) return { kind: 'version', name, version: Number(qualifier) };
    return { kind: 'alias', name, alias: qualifier };
  }
}
