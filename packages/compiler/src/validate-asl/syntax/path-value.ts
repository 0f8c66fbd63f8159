import { checkIntrinsic, looksLikeIntrinsic, STRING_INTRINSICS } from './intrinsic-parser.js';
import { parseJsonPath, referencePathProblem } from './jsonpath-parser.js';

/**
 * What a JSONPath-mode field accepts:
 * - `path`: any path (`$`, `$$`, `$var`), e.g. InputPath, Choice Variable, `*Path` fields;
 * - `result-path`: a reference path into the state input (ResultPath);
 * - `items-path`: a reference path, which may also read the context or a variable (ItemsPath);
 * - `string-source`: a path or a string-returning intrinsic (ErrorPath, CausePath);
 * - `template`: a path or any intrinsic (values of `.$` keys).
 */
export type PathKind = 'path' | 'result-path' | 'items-path' | 'string-source' | 'template';

export interface PathProblem {
  readonly code: 'INVALID_JSONPATH' | 'INVALID_INTRINSIC' | 'INVALID_INTRINSIC_ESCAPE';
  readonly severity: 'error' | 'warning';
  readonly message: string;
  readonly hint: string;
}

export function checkPathValue(value: string, kind: PathKind, field: string): PathProblem | undefined {
  const allowsIntrinsic = kind === 'template' || kind === 'string-source';
  if (allowsIntrinsic && looksLikeIntrinsic(value)) {
    const result = checkIntrinsic(value);
    if (!result.ok) {
      return { code: 'INVALID_INTRINSIC', severity: 'error', message: `Invalid intrinsic function in ${field}: ${result.message}.`, hint: intrinsicHint(result.message) };
    }
    if (kind === 'string-source' && !STRING_INTRINSICS.has(result.call.name)) {
      return {
        code: 'INVALID_INTRINSIC',
        severity: 'error',
        message: `${field} needs a string, but ${result.call.name} does not return one.`,
        hint: `Use a path or one of ${[...STRING_INTRINSICS].join(', ')}.`,
      };
    }
    if (result.escapes.length > 0) {
      return {
        code: 'INVALID_INTRINSIC_ESCAPE',
        severity: 'error',
        message: `Invalid intrinsic function in ${field}: ${result.escapes.map((e) => `"\\${e}"`).join(', ')} ${result.escapes.length === 1 ? 'is not an escape' : 'are not escapes'} Step Functions accepts (only \\', \\{, \\} and \\\\ are).`,
        hint: escapeHint(result.escapes),
      };
    }
    return undefined;
  }
  const parsed = parseJsonPath(value);
  if (!parsed.ok) {
    const expected = allowsIntrinsic ? 'a JSONPath or an intrinsic function' : 'a JSONPath';
    return {
      code: 'INVALID_JSONPATH',
      severity: 'error',
      message: `${field} must be ${expected}: "${value.length > 80 ? `${value.slice(0, 77)}...` : value}" is invalid (${parsed.message}).`,
      hint: pathHint(value, allowsIntrinsic),
    };
  }
  if (kind === 'result-path' || kind === 'items-path') {
    if (kind === 'result-path' && parsed.info.root !== 'input') {
      return {
        code: 'INVALID_JSONPATH',
        severity: 'error',
        message: `${field} "${value}" must point into the state input, not ${parsed.info.root === 'context' ? 'the context object ($$)' : `variable $${parsed.info.variable ?? ''}`}.`,
        hint: 'ResultPath places the result inside the input, e.g. "$.result"; use Assign to store a value in a variable.',
      };
    }
    const problem = referencePathProblem(parsed.info);
    if (problem) return { code: 'INVALID_JSONPATH', severity: 'error', message: `${field} "${value}": ${problem}.`, hint: 'Use a plain path such as "$.items" or "$.detail.results[0]".' };
  }
  return undefined;
}

function pathHint(value: string, allowsIntrinsic: boolean): string {
  if (/^States\./.test(value.trim())) return 'Intrinsic functions are only allowed in payload templates (keys ending in ".$"), ErrorPath and CausePath.';
  if (!value.trim().startsWith('$')) {
    return allowsIntrinsic
      ? 'Values of keys ending in ".$" are evaluated: write a path ("$.field", "$$.Execution.Id", "$variable") or an intrinsic (States.Format(...)); drop the ".$" suffix for a literal.'
      : 'Paths start with "$" (state input), "$$" (context object) or "$name" (a variable).';
  }
  return 'Check brackets, quotes and dots; filters look like $.items[?(@.price > 10)].';
}

function escapeHint(escapes: readonly string[]): string {
  const control = escapes.some((e) => 'nrtbf'.includes(e));
  return (
    "In intrinsic string literals write \\' \\{ \\} and \\\\ for a quote, brace or backslash (in JSON source: \\\\' and so on); " +
    (control
      ? 'intrinsics have no escape for a line break or tab: put such text in the state input and pass it with a path.'
      : 'for a literal backslash followed by the letter, write \\\\ (in JSON source: \\\\\\\\).')
  );
}

function intrinsicHint(message: string): string {
  if (message.startsWith('the States.Format') || message.startsWith('unescaped')) return "Each {} in the template takes one value, e.g. States.Format('Hello {}', $.name).";
  if (message.startsWith('unknown intrinsic')) return 'Intrinsic functions are States.Format, StringToJson, JsonToString, Array, ArrayPartition, ArrayContains, ArrayRange, ArrayGetItem, ArrayLength, ArrayUnique, Base64Encode, Base64Decode, Hash, JsonMerge, MathRandom, MathAdd, StringSplit and UUID.';
  return 'See the intrinsic functions reference: https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html';
}
