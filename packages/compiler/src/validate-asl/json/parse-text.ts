import { parseTree, printParseErrorCode, type Node, type ParseError, type ParseErrorCode } from 'jsonc-parser';
import { finding, type Finding } from '../finding.js';
import { joinPointer } from './json-pointer.js';
import { findDuplicateKeys } from './duplicate-keys.js';
import { substituteUnquotedPlaceholders, type UnquotedPlaceholder } from './placeholders.js';

/** Deeper JSON than this is refused before parsing; AWS's own limit is unpublished. */
export const MAX_JSON_DEPTH = 256;

export interface ParsedText {
  /** Present when the text is valid JSON (after neutralising unquoted placeholders). */
  readonly value?: unknown;
  readonly parsed: boolean;
  /** The text that was parsed: same length and line breaks as the input. */
  readonly text: string;
  readonly unquoted: readonly UnquotedPlaceholder[];
  readonly findings: readonly Finding[];
}

export function parseDefinitionText(input: string): ParsedText {
  // A byte-order mark is not JSON, but editors add it silently; blank it without moving offsets.
  const withoutBom = input.charCodeAt(0) === 0xfeff ? ` ${input.slice(1)}` : input;
  const { text, placeholders: unquoted } = substituteUnquotedPlaceholders(withoutBom);
  const fail = (f: Finding): ParsedText => ({ parsed: false, text, unquoted, findings: [f] });

  if (text.trim() === '') {
    return fail(
      finding('MISSING_DESCRIPTION', {
        message: 'The definition is empty.',
        pointer: '',
        offset: 0,
        hint: 'A state machine definition is a JSON object such as {"StartAt": "Hello", "States": {"Hello": {"Type": "Pass", "End": true}}}.',
      }),
    );
  }

  const tooDeep = firstOffsetDeeperThan(text, MAX_JSON_DEPTH);
  if (tooDeep !== -1) {
    return fail(
      finding('TOO_DEEPLY_NESTED', {
        message: `The JSON is nested more than ${MAX_JSON_DEPTH} levels deep.`,
        pointer: '',
        offset: tooDeep,
        hint: 'No real state machine nests this deeply; check for generated or corrupted input.',
      }),
    );
  }

  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const errors: ParseError[] = [];
    parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
    const first = errors[0];
    const offset = first?.offset ?? positionFromMessage(error) ?? 0;
    return fail(
      finding('INVALID_JSON_DESCRIPTION', {
        message: `Invalid JSON: ${first ? describeParseError(first.error, text, first.offset) : messageOf(error)}.`,
        pointer: '',
        offset,
        hint: parseHint(first?.error, text, offset),
      }),
    );
  }

  return { value, parsed: true, text, unquoted, findings: duplicateKeyFindings(text) };
}

/** The syntax tree, for locating findings; built only when there is something to locate. */
export function syntaxTree(text: string): Node | undefined {
  return parseTree(text, [], { disallowComments: true, allowTrailingComma: false });
}

/**
 * True when `text`, as JSON.stringify indents it with two spaces, provably nests at most `limit` deep. Such text puts
 * the members of a container at depth d on lines indented 2d, and an empty `{}` or `[]` at depth d on a line indented
 * 2(d - 1), so nesting deeper than `limit` always leaves a line indented 2·limit or more: one native search for that
 * indentation replaces a scan of every character (most of an 11 MB definition's cost of checking its depth). False
 * means "not proven" (other indentation, or a line that deep), and the caller scans.
 */
export function indentedWithinDepth(text: string, limit: number): boolean {
  const opens = text.charCodeAt(0) === 0x7b || text.charCodeAt(0) === 0x5b;
  if (!opens || !text.startsWith('\n  ', 1) || text.charCodeAt(4) === 0x20) return false;
  return !text.includes(`\n${' '.repeat(2 * limit)}`);
}

export function firstOffsetDeeperThan(text: string, limit: number): number {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 0x5c) i++;
      else if (ch === 0x22) inString = false;
    } else if (ch === 0x22) inString = true;
    else if (ch === 0x7b || ch === 0x5b) {
      if (++depth > limit) return i;
    } else if (ch === 0x7d || ch === 0x5d) depth--;
  }
  return -1;
}

const STATES_OBJECT = /^(?:.*\/(?:Branches\/\d+|ItemProcessor|Iterator))?\/States$/;

function duplicateKeyFindings(text: string): Finding[] {
  return findDuplicateKeys(text).map(({ key, parent, offset }) =>
    STATES_OBJECT.test(parent)
      ? finding('DUPLICATE_STATE_NAME', {
          message: `State "${key}" is defined twice in the same States object.`,
          pointer: joinPointer(parent, key),
          offset,
          hint: 'Rename one of the states; JSON keeps only the last definition, so the first one is silently lost.',
        })
      : finding('DUPLICATE_JSON_KEY', {
          message: `Key "${key}" appears twice in the same object; only the last value is kept.`,
          pointer: joinPointer(parent, key),
          offset,
          hint: 'Remove or rename one of the duplicated keys.',
        }),
  );
}

const PARSE_ERROR_TEXT: Readonly<Record<string, string>> = {
  InvalidSymbol: 'unexpected character',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a double-quoted property name',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected ","',
  CloseBraceExpected: 'expected "}"',
  CloseBracketExpected: 'expected "]"',
  EndOfFileExpected: 'unexpected content after the end of the JSON value',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unterminated number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape character in string',
  InvalidCharacter: 'control character in string (escape it as \\n, \\t or \\u00XX)',
};

function describeParseError(code: ParseErrorCode, text: string, offset: number): string {
  if (isTrailingComma(text, offset)) return 'trailing comma before a closing bracket';
  if (isBareKey(text, offset)) return 'expected a double-quoted property name';
  return PARSE_ERROR_TEXT[printParseErrorCode(code)] ?? 'syntax error';
}

function isTrailingComma(text: string, offset: number): boolean {
  const next = text[offset];
  if (next !== '}' && next !== ']') return false;
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  return text[i] === ',';
}

/** A word where an object key belongs: after "{" or "," and before ":". */
function isBareKey(text: string, offset: number): boolean {
  if (!/[A-Za-z_$]/.test(text[offset] ?? '')) return false;
  let i = offset - 1;
  while (i >= 0 && /\s/.test(text[i]!)) i--;
  return (text[i] === '{' || text[i] === ',') && /^[A-Za-z_$][\w$]*\s*:/.test(text.slice(offset, offset + 200));
}

function parseHint(errorCode: ParseErrorCode | undefined, text: string, offset: number): string {
  const at = text[offset];
  const code = errorCode === undefined ? undefined : printParseErrorCode(errorCode);
  if (code === 'InvalidCommentToken' || text.startsWith('//', offset) || text.startsWith('/*', offset)) {
    return 'Step Functions accepts strict JSON only: remove the comment (put notes in a "Comment" field instead).';
  }
  if (isTrailingComma(text, offset)) return 'Remove the comma after the last element; JSON does not allow trailing commas.';
  if (at === "'") return 'JSON strings and property names use double quotes.';
  if (isBareKey(text, offset) || (code === 'PropertyNameExpected' && at !== undefined && /[A-Za-z_$]/.test(at))) {
    return 'Property names must be double-quoted; JSON5-style unquoted keys are not accepted.';
  }
  if (code === 'InvalidSymbol' && at !== undefined && /[A-Za-z]/.test(at)) {
    return 'Bare words are not JSON values: quote strings, and use true, false or null literally.';
  }
  return 'Fix the JSON syntax at this position; Step Functions accepts strict JSON (RFC 8259) only.';
}

function positionFromMessage(error: unknown): number | undefined {
  const match = /position (\d+)/.exec(messageOf(error));
  return match ? Number(match[1]) : undefined;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
