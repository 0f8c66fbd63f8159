import type { ErrorObject } from 'ajv';
import { finding, type Finding } from '../finding.js';
import { joinPointer, splitPointer } from '../json/json-pointer.js';
import type { AslModel, AslState } from '../model/asl-model.js';
import { closest, describeValue, lookup } from '../model/json-value.js';
import { mayBe } from '../model/model-queries.js';
import { JSONATA_PATTERN, STATE_FIELDS } from './asl-schema.js';

/** Keywords whose failure on a placeholder is expected: the placeholder stands for a value of the right kind. */
const VALUE_KEYWORDS = new Set(['type', 'enum', 'const', 'minimum', 'maximum', 'minLength', 'maxLength', 'pattern', 'anyOf', 'oneOf']);

/**
 * Turns ajv's errors into one readable finding per real problem: `if` noise dropped, the branches of an
 * `anyOf` folded into a single "must be X or Y", placeholders accepted as values.
 */
export function translateAjvErrors(errors: readonly ErrorObject[], model: AslModel): Finding[] {
  // Folds indexed by instance path: each error looks only at the folds on its own ancestors, not at all of them.
  const foldsAt = new Map<string, ErrorObject[]>();
  for (const e of errors) {
    if (e.keyword !== 'anyOf' && e.keyword !== 'oneOf') continue;
    const list = foldsAt.get(e.instancePath);
    if (list) list.push(e);
    else foldsAt.set(e.instancePath, [e]);
  }
  const folded = (error: ErrorObject): boolean => {
    if (unfoldedBranch(error) !== undefined) return true;
    for (let at = error.instancePath; ; at = at.slice(0, at.lastIndexOf('/'))) {
      if (foldsAt.get(at)?.some((fold) => fold !== error && isInside(error, fold) && !inUnfoldedBranch(error, fold))) return true;
      if (at === '') return false;
    }
  };
  const mayBeJsonata = jsonataAt(model);
  const kept = errors.filter((error) => {
    if (error.keyword === 'if') return false;
    if (folded(error)) return false;
    if (VALUE_KEYWORDS.has(error.keyword) && !isStateType(error)) {
      const kind = model.placeholderKind(error.instancePath, error.data);
      if (kind === 'any' || (kind === 'string' && stringMayFit(error, mayBeJsonata))) return false;
    }
    return true;
  });
  const seen = new Set<string>();
  const findings: Finding[] = [];
  for (const error of kept) {
    const quoted = !isStateType(error) && model.placeholderKind(error.instancePath, error.data) === 'string';
    const translated = quoted ? quotedPlaceholder(error, translate(error)) : translate(error);
    const key = `${translated.pointer}\u0000${translated.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(translated);
  }
  return findings;
}

/**
 * Whether a quoted placeholder can satisfy the keyword that failed once substituted. It stays a string (see
 * AslModel.placeholderKind), so it fits wherever the schema takes some string: a string field, a string enum,
 * or the "{% ... %}" branch of a field that also takes JSONata, in a state that may be JSONata. A string
 * placeholder where only an array, object, number or boolean is allowed ("Retry": "${X}") can never become
 * one, so it is reported with or without --strict.
 */
function stringMayFit(error: ErrorObject, mayBeJsonata: (pointer: string) => boolean): boolean {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'enum':
      return ((params['allowedValues'] as unknown[] | undefined) ?? []).some((v) => typeof v === 'string');
    case 'const':
      return typeof params['allowedValue'] === 'string';
    case 'pattern':
    case 'minLength':
    case 'maxLength':
      return true;
    case 'anyOf':
    case 'oneOf': {
      const branches = Array.isArray(error.schema) ? (error.schema as Record<string, unknown>[]) : [];
      return branches.some((branch) =>
        branch['pattern'] === JSONATA_PATTERN ? mayBeJsonata(error.instancePath) : takesString(branch),
      );
    }
    default:
      // "type" fails on a string only where no string is allowed; range keywords never fail on strings.
      return false;
  }
}

function takesString(schema: Record<string, unknown>): boolean {
  const type = schema['type'];
  if (type === 'string' || (Array.isArray(type) && type.includes('string'))) return true;
  return Array.isArray(schema['enum']) && schema['enum'].some((v) => typeof v === 'string');
}

/** Whether the state holding `pointer` may evaluate JSONata; fields outside any state follow the machine. */
function jsonataAt(model: AslModel): (pointer: string) => boolean {
  let byPointer: Map<string, AslState> | undefined;
  return (pointer) => {
    byPointer ??= new Map(model.states.map((s) => [s.pointer, s]));
    for (let at = pointer; at !== ''; at = at.slice(0, at.lastIndexOf('/'))) {
      const state = byPointer.get(at);
      if (state) return mayBe(state, 'JSONata');
    }
    return model.queryLanguage === 'JSONata';
  };
}

/** A quoted placeholder that cannot fit: say why, since the template looks right to its author. */
function quotedPlaceholder(error: ErrorObject, translated: Finding): Finding {
  const text = String(error.data);
  const field = lastSegment(error.instancePath);
  return {
    ...translated,
    message: `${translated.message.replace(/\.$/, '')}: the placeholder is inside quotes, so it is still a string after substitution.`,
    hint: `SAM/CloudFormation DefinitionSubstitutions, CDK and Terraform templatefile replace ${text} with text inside the quotes. Write it without quotes ("${field}": ${text}) where your tool substitutes raw text, or write the value itself.`,
  };
}

/**
 * The branch of an `anyOf` to report instead of the `anyOf` itself: when the value is an object or an array
 * and exactly one branch takes that type, its own errors ("Prefix" must be a string) say more than "must be
 * a JSON object, or a {% %} expression".
 */
function unfoldedBranch(error: ErrorObject): number | undefined {
  if (error.keyword !== 'anyOf' && error.keyword !== 'oneOf') return undefined;
  const type = Array.isArray(error.data) ? 'array' : typeof error.data === 'object' && error.data !== null ? 'object' : undefined;
  if (!type || !Array.isArray(error.schema)) return undefined;
  const matching = (error.schema as Record<string, unknown>[]).flatMap((branch, index) => {
    const types = Array.isArray(branch['type']) ? branch['type'] : [branch['type']];
    return types.includes(type) ? [index] : [];
  });
  return matching.length === 1 ? matching[0] : undefined;
}

function inUnfoldedBranch(error: ErrorObject, fold: ErrorObject): boolean {
  const branch = unfoldedBranch(fold);
  return branch !== undefined && isInside(error, fold, branch);
}

function isInside(error: ErrorObject, fold: ErrorObject, branch?: number): boolean {
  return (
    error.schemaPath.startsWith(branch === undefined ? `${fold.schemaPath}/` : `${fold.schemaPath}/${branch}/`) &&
    (error.instancePath === fold.instancePath || error.instancePath.startsWith(`${fold.instancePath}/`))
  );
}

function isStateType(error: ErrorObject): boolean {
  return error.schemaPath.endsWith('/properties/Type/enum') || /\/Type$/.test(error.instancePath) && error.keyword === 'enum';
}

function nameOf(error: ErrorObject): string {
  const schema = error.parentSchema as Record<string, unknown> | undefined;
  const name = schema?.['x-name'];
  return typeof name === 'string' ? name : 'this object';
}

function translate(error: ErrorObject): Finding {
  const pointer = error.instancePath;
  const subject = subjectOf(pointer);
  const params = error.params as Record<string, unknown>;
  const fail = (message: string, hint?: string, at: string = pointer, target?: 'key' | 'value'): Finding =>
    finding('SCHEMA_VALIDATION_FAILED', { message, pointer: at, ...(hint ? { hint } : {}), ...(target ? { target } : {}) });

  switch (error.keyword) {
    case 'additionalProperties': {
      const field = String(params['additionalProperty']);
      const owner = nameOf(error);
      const allowed = Object.keys(((error.parentSchema as Record<string, unknown>)['properties'] as object | undefined) ?? {});
      return fail(
        `Field "${field}" is not supported in ${owner}.`,
        unsupportedFieldHint(field, owner, allowed),
        joinPointer(pointer, field),
        'key',
      );
    }
    case 'required': {
      const missing = String(params['missingProperty']);
      const owner = nameOf(error);
      const subjectText = /\/States\/[^/]+$/.test(pointer)
        ? `${owner.replace(/^an? /, '').replace(/^state$/, 'State')} "${lastSegment(pointer)}"`
        : capitalize(owner);
      return fail(
        `${subjectText} is missing the required field "${missing}".`,
        requiredHint(missing, owner),
        pointer,
        pointer === '' ? undefined : 'key',
      );
    }
    case 'type': {
      if (/\/States\/[^/]+$/.test(pointer) && params['type'] === 'object') {
        return fail(`State "${lastSegment(pointer)}" must be a JSON object, not ${describeValue(error.data)}.`, 'Each entry of States is an object with at least a "Type" field.');
      }
      return fail(`${subject} must be ${typeWords(params['type'])}, not ${describeValue(error.data)}.`, `Write it as ${typeWords(params['type'])}.`);
    }
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[] | undefined) ?? [];
      if (isStateType(error)) {
        const state = lastSegment(pointer.replace(/\/Type$/, ''));
        const guess = typeof error.data === 'string' ? closest(error.data, allowed.map(String)) : undefined;
        return fail(
          `State "${state}" has an unknown Type ${describeValue(error.data)}.`,
          `${guess ? `Did you mean "${guess}"? ` : ''}Type is one of ${allowed.join(', ')}.`,
        );
      }
      const guess = typeof error.data === 'string' ? closest(error.data, allowed.map(String)) : undefined;
      return fail(
        `${subject} must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}, not ${describeValue(error.data)}.`,
        guess ? `Did you mean "${guess}"?` : undefined,
      );
    }
    case 'const':
      return fail(`${subject} must be ${JSON.stringify(params['allowedValue'])}.`);
    case 'minimum':
    case 'exclusiveMinimum':
      return fail(`${subject} must be at least ${String(params['limit'])}, not ${describeValue(error.data)}.`, `Use a value of ${String(params['limit'])} or more.`);
    case 'maximum':
    case 'exclusiveMaximum':
      return fail(`${subject} must be at most ${String(params['limit'])}, not ${describeValue(error.data)}.`, `Use a value of ${String(params['limit'])} or less.`);
    case 'minItems':
      return params['limit'] === 1
        ? fail(`${subject} must not be empty.`, emptyArrayHint(pointer))
        : fail(`${subject} must have at least ${String(params['limit'])} items.`);
    case 'minLength':
      return fail(`${subject} must not be an empty string.`, 'Give it a value or remove the field.');
    case 'minProperties':
      return fail(`${subject} must contain at least one state.`, 'Add a state, for example {"Done": {"Type": "Succeed"}}.');
    case 'anyOf':
    case 'oneOf': {
      const schema = error.parentSchema as Record<string, unknown> | undefined;
      const expected = typeof schema?.['x-expected'] === 'string' ? schema['x-expected'] : 'a valid value';
      return fail(`${subject} must be ${expected}, not ${describeValue(error.data)}.`, `Use ${expected}.`);
    }
    default:
      return fail(`${subject} ${error.message ?? 'is invalid'}.`);
  }
}

function subjectOf(pointer: string): string {
  if (pointer === '') return 'The definition';
  const segments = splitPointer(pointer);
  const last = segments[segments.length - 1]!;
  if (segments[segments.length - 2] === 'States') return `State "${last}"`;
  if (/^\d+$/.test(last)) return `"${segments[segments.length - 2] ?? ''}[${last}]"`;
  return `"${last}"`;
}

function lastSegment(pointer: string): string {
  const segments = splitPointer(pointer);
  return segments[segments.length - 1] ?? '';
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function typeWords(type: unknown): string {
  const words: Record<string, string> = {
    integer: 'an integer',
    number: 'a number',
    string: 'a string',
    boolean: 'true or false',
    object: 'a JSON object',
    array: 'an array',
    null: 'null',
  };
  const types = Array.isArray(type) ? type : [type];
  return types.map((t) => words[String(t)] ?? String(t)).join(' or ');
}

const ONLY_ON: Readonly<Record<string, string>> = {
  Arguments: 'Arguments is only allowed on Task and Parallel states (JSONata). On Pass, Wait, Choice and Succeed use Output; on Map use ItemSelector.',
  Resource: 'Only Task states have a Resource.',
  Retry: 'Retry is only allowed on Task, Parallel and Map states.',
  Catch: 'Catch is only allowed on Task, Parallel and Map states.',
  Assign: 'Succeed and Fail states cannot assign variables.',
  Output: 'Fail states have no output; set Error and Cause instead.',
};

function unsupportedFieldHint(field: string, owner: string, allowed: readonly string[]): string {
  if (owner === 'a Choice state' && (field === 'Next' || field === 'End')) {
    return 'A Choice state moves on through its Choices rules and Default; it has no Next or End.';
  }
  const onlyOn = lookup(ONLY_ON, field);
  if (onlyOn && owner.endsWith(' state')) return onlyOn;
  const guess = closest(field, allowed);
  if (guess) return `Did you mean "${guess}"?`;
  if (owner.endsWith(' state')) {
    const elsewhere = Object.entries(STATE_FIELDS)
      .filter(([, fields]) => fields.includes(field))
      .map(([type]) => type);
    if (elsewhere.length > 0) return `"${field}" belongs to ${elsewhere.join(', ')} states. Step Functions rejects unknown fields.`;
  }
  return `Remove it; allowed fields here are ${allowed.join(', ')}.`;
}

function requiredHint(missing: string, owner: string): string | undefined {
  if (missing === 'Type') return 'Every state needs a Type: Pass, Task, Choice, Wait, Succeed, Fail, Parallel or Map.';
  if (missing === 'Resource') return 'A Task names what it runs, e.g. "arn:aws:states:::lambda:invoke".';
  if (missing === 'Next' && owner === 'a catcher') return 'A catcher names the state to go to when it matches.';
  if (missing === 'StartAt') return 'StartAt names the first state to run.';
  if (missing === 'States') return 'States maps state names to states, e.g. {"Done": {"Type": "Succeed"}}.';
  if (missing === 'ErrorEquals') return 'List the error names to match, e.g. ["States.ALL"].';
  if (missing === 'Choices') return 'A Choice state needs a non-empty Choices array of rules.';
  if (missing === 'Branches') return 'A Parallel state needs a Branches array of {StartAt, States} objects.';
  return undefined;
}

function emptyArrayHint(pointer: string): string | undefined {
  if (pointer.endsWith('/ErrorEquals')) return 'List at least one error name, e.g. ["States.ALL"].';
  if (pointer.endsWith('/Choices')) return 'A Choice state needs at least one rule.';
  if (pointer.endsWith('/Branches')) return 'A Parallel state needs at least one branch.';
  return undefined;
}

