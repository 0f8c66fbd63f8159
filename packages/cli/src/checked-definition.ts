import { describeReadProblem, readBoundedFile, validateAslBytes, validateAslText, type Diagnostic } from '@agentflow/compiler';
import { UsageError } from './errors.js';
import { tooLargeDefinition } from './render/too-large.js';
import { JSON_SYNTAX, stripBom } from './user-files.js';

export type CheckedDefinition =
  | { readonly ok: true; readonly definition: Record<string, unknown> }
  /** `syntax`: the file is not JSON at all (its errors are only those), as opposed to JSON that is not valid ASL. */
  | { readonly ok: false; readonly diagnostics: readonly Diagnostic[]; readonly syntax: boolean };

/**
 * An ASL definition file (`agentflow run`, `agentflow graph`), checked as `agentflow validate` checks it: too large,
 * not JSON, or invalid ASL gives the validator's error diagnostics; a file that cannot be read is a usage error.
 */
export function readCheckedDefinition(file: string, shown: string): CheckedDefinition {
  const read = readBoundedFile(file);
  // Too large for Step Functions, and not read beyond the limit: the same finding `agentflow validate` reports.
  if (!read.ok && read.problem === 'too-large') return { ok: false, diagnostics: [tooLargeDefinition(read, file)], syntax: false };
  if (!read.ok) throw new UsageError(`Cannot read ${shown}: ${describeReadProblem(read)}.`);
  // The bytes as read, as `agentflow validate` checks them: a bad byte is located instead of decoded to U+FFFD.
  const found = read.bytes ? validateAslBytes(read.bytes, { file }) : validateAslText(read.text, { file });
  const errors = found.filter((d) => d.severity === 'error');
  const syntax = errors.filter((d) => JSON_SYNTAX.has(d.code));
  if (syntax.length > 0) return { ok: false, diagnostics: syntax, syntax: true };
  if (errors.length > 0) return { ok: false, diagnostics: errors, syntax: false };
  return { ok: true, definition: JSON.parse(stripBom(read.text)) as Record<string, unknown> };
}
