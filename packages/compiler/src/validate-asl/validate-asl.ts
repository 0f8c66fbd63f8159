import { findNodeAtOffset, getNodePath, type Node } from 'jsonc-parser';
import { sortDiagnostics, type Diagnostic } from '../diagnostics/diagnostic.js';
import { finding, type Finding } from './finding.js';
import { decodeUtf8 } from './json/decode-utf8.js';
import { joinPointer } from './json/json-pointer.js';
import { firstOffsetDeeperThan, indentedWithinDepth, MAX_JSON_DEPTH, parseDefinitionText } from './json/parse-text.js';
import { sanitizeDefinition } from './json/sanitize-value.js';
import { SourceLocator } from './json/source-locator.js';
import type { UnquotedPlaceholder } from './json/placeholders.js';
import type { AslModel } from './model/asl-model.js';
import { buildModel } from './model/build-model.js';
import { ALL_RULES } from './rules/all-rules.js';
import { checkSchema } from './schema/schema-check.js';

export interface ValidateAslOptions {
  /** Reported in each diagnostic's location; defaults to `<input>`. */
  readonly file?: string;
  /** Treat `${...}` placeholders as errors (the definition should be fully substituted). */
  readonly strict?: boolean;
  /**
   * Codes the caller reports itself (the compiler's `definition-too-large`): dropped before findings are located, as
   * locating one parses the whole text into a syntax tree, which for an 11 MB definition takes seconds.
   */
  readonly omit?: readonly string[];
}

const DEFAULT_FILE = '<input>';

/** Validates definition text; every diagnostic carries a pointer, a hint and a line:column. Never throws. */
export function validateAslText(text: string, options: ValidateAslOptions = {}): Diagnostic[] {
  const file = options.file ?? DEFAULT_FILE;
  try {
    if (typeof text !== 'string') return validateAslDefinition(text, options);
    const parsed = parseDefinitionText(text);
    const locator = new SourceLocator(parsed.text);
    const kept = (findings: readonly Finding[]) => (options.omit?.length ? findings.filter((f) => !options.omit!.includes(f.code)) : findings);
    if (!parsed.parsed) return toDiagnostics(kept(parsed.findings), locator, file);
    const model = buildModel({
      definition: parsed.value,
      byteLength: Buffer.byteLength(text, 'utf8'),
      strict: options.strict === true,
      unquoted: parsed.unquoted.length > 0 ? unquotedPointers(locator.tree, parsed.unquoted) : new Map(),
      source: parsed.text,
    });
    return toDiagnostics(kept([...parsed.findings, ...runChecks(model)]), locator, file);
  } catch (error) {
    return [internalError(error, file)];
  }
}

/**
 * Validates text that JSON.stringify produced (the compiler's own output), for the compiler's self-check. Such text
 * cannot hold what only text can (duplicate keys, a byte-order mark, unquoted `${...}` placeholders, invalid JSON),
 * so it is parsed with JSON.parse alone, and findings carry pointers but no line:column (the self-check places them
 * at the workflow). Every rule runs, as on any definition. Never throws.
 */
export function validateStringifiedAsl(text: string, options: Pick<ValidateAslOptions, 'omit'> = {}): Diagnostic[] {
  try {
    // The depth limit is the one structural check JSON.stringify does not already guarantee.
    if (!indentedWithinDepth(text, MAX_JSON_DEPTH) && firstOffsetDeeperThan(text, MAX_JSON_DEPTH) !== -1) return validateAslText(text, options);
    const model = buildModel({ definition: JSON.parse(text) as unknown, byteLength: Buffer.byteLength(text, 'utf8'), strict: false, unquoted: new Map(), source: text });
    const findings = runChecks(model);
    return toDiagnostics(options.omit?.length ? findings.filter((f) => !options.omit!.includes(f.code)) : findings, undefined, undefined);
  } catch (error) {
    return [internalError(error, undefined)];
  }
}

/**
 * Validates a definition file's bytes: invalid UTF-8 is one located INVALID_UTF8 error (at the first bad
 * byte), since nothing after it can be read the way AWS would; valid UTF-8 is validated as text. Never throws.
 */
export function validateAslBytes(bytes: Uint8Array, options: ValidateAslOptions = {}): Diagnostic[] {
  const file = options.file ?? DEFAULT_FILE;
  try {
    const decoded = decodeUtf8(bytes);
    if (decoded.ok) return validateAslText(decoded.text, options);
    const hex = `0x${decoded.byte.toString(16).toUpperCase().padStart(2, '0')}`;
    const invalid = finding('INVALID_UTF8', {
      message: `Byte ${hex} at byte offset ${decoded.offset} is not valid UTF-8.`,
      pointer: '',
      offset: decoded.prefix.length,
      hint: decoded.utf16
        ? 'The file starts with a UTF-16 byte-order mark: re-save it as UTF-8.'
        : 'Step Functions reads definitions as UTF-8: re-save the file as UTF-8 (it may be Latin-1 or Windows-1252), or escape the character as \\uXXXX.',
    });
    return toDiagnostics([invalid], new SourceLocator(decoded.prefix), file);
  } catch (error) {
    return [internalError(error, file)];
  }
}

/** Validates an already-parsed definition; diagnostics carry pointers but no line:column. Never throws. */
export function validateAslDefinition(definition: unknown, options: ValidateAslOptions = {}): Diagnostic[] {
  try {
    const { value, findings } = sanitizeDefinition(definition);
    if (findings.some((f) => f.severity === 'error')) return toDiagnostics(findings, undefined, undefined);
    let byteLength = 0;
    try {
      byteLength = Buffer.byteLength(JSON.stringify(value) ?? '', 'utf8');
    } catch {
      byteLength = 0;
    }
    const model = buildModel({ definition: value, byteLength, strict: options.strict === true, unquoted: new Map() });
    return toDiagnostics([...findings, ...runChecks(model)], undefined, undefined);
  } catch (error) {
    return [internalError(error, undefined)];
  }
}

function runChecks(model: AslModel): Finding[] {
  const findings: Finding[] = [];
  const guarded = (name: string, check: () => Finding[]): void => {
    try {
      findings.push(...check());
    } catch (error) {
      findings.push(
        finding('VALIDATOR_INTERNAL_ERROR', {
          message: `The "${name}" check failed unexpectedly: ${error instanceof Error ? error.message : String(error)}.`,
          pointer: '',
        }),
      );
    }
  };
  guarded('schema', () => checkSchema(model));
  for (const rule of ALL_RULES) guarded(rule.name, () => rule.check(model));
  return findings;
}

function unquotedPointers(tree: Node | undefined, placeholders: readonly UnquotedPlaceholder[]): Map<string, string> {
  const out = new Map<string, string>();
  if (!tree) return out;
  for (const placeholder of placeholders) {
    const node = findNodeAtOffset(tree, placeholder.offset);
    if (!node) continue;
    out.set(joinPointer('', ...getNodePath(node)), placeholder.text);
  }
  return out;
}

function toDiagnostics(findings: readonly Finding[], locator: SourceLocator | undefined, file: string | undefined): Diagnostic[] {
  const locate = (pointer: string, target: 'key' | 'value' | undefined, offset?: number) => {
    if (!locator || file === undefined) return undefined;
    const position = offset !== undefined ? locator.position(offset) : locator.locate(pointer, target);
    return { file, line: position.line, column: position.column };
  };
  const diagnostics = findings.map((f): Diagnostic => {
    const loc = locate(f.pointer, f.target, f.offset);
    return {
      code: f.code,
      severity: f.severity,
      message: f.message,
      pointer: f.pointer,
      hint: f.hint,
      ...(loc ? { loc } : {}),
      ...(f.related
        ? {
            related: f.related.map((r) => {
              const relatedLoc = locate(r.pointer, r.target);
              return { message: `${r.message} (${r.pointer || '/'})`, ...(relatedLoc ? { loc: relatedLoc } : {}) };
            }),
          }
        : {}),
    };
  });
  return sortDiagnostics(diagnostics);
}

/** Nothing was validated, so the file must not pass as clean: reported as an error. */
function internalError(error: unknown, file: string | undefined): Diagnostic {
  return {
    code: 'VALIDATOR_INTERNAL_ERROR',
    severity: 'error',
    message: `Validation stopped unexpectedly: ${error instanceof Error ? error.message : String(error)}.`,
    pointer: '',
    hint: 'This is a bug in agentflow, not in the definition. Please report it with the definition.',
    ...(file !== undefined ? { loc: { file, line: 1, column: 1 } } : {}),
  };
}
