import { ASL_CODES, describeReadProblem, readBoundedFile, READ_LIMIT_BYTES, validateAslBytes, validateAslText, type AslCode, type BoundedRead, type Diagnostic } from '@agentflow/compiler';
import { sep } from 'node:path';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError } from '../errors.js';
import { definitionFiles, DEFINITION_SUFFIX } from '../definition-files.js';
import { readPathList, type NamedPath } from '../path-list.js';
import { capDiagnostics, DEFAULT_MAX_DIAGNOSTICS } from '../render/cap-diagnostics.js';
import { terminalSafe } from '../render/terminal-text.js';
import { tooLargeDefinition } from '../render/too-large.js';
import type { Io } from '../io.js';

export type ValidateFormat = 'text' | 'json' | 'sarif';

export interface ValidateCommandOptions {
  readonly format: ValidateFormat;
  /** Report `${...}` placeholders as errors. */
  readonly strict: boolean;
  /** Findings listed per file, as given on the command line; 0 lists all. Default 200. */
  readonly maxDiagnostics?: string;
  /** A file listing more paths, one per line (`-`: standard input). */
  readonly filesFrom?: string;
}

export interface ValidateIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: Io['readStdin'];
  /** Base for relative paths in the output; the process's working directory when absent. */
  readonly cwd?: string;
}

interface Checked {
  /** As shown to the user: relative to the working directory, or `<stdin>`. */
  readonly label: string;
  /** Of every finding, shown or not: the verdict, the counts and the exit code come from these. */
  readonly counts: Counts;
  /** What is printed: at most --max-diagnostics findings, then a FINDINGS_NOT_SHOWN note. */
  readonly shown: readonly Diagnostic[];
}

const STDIN = '-';
const STDIN_LABEL = '<stdin>';

/** `agentflow validate`: checks ASL definitions offline. Exit 0 clean, 1 any error, 2 usage problems. */
export async function runValidate(paths: readonly string[], options: ValidateCommandOptions, io: ValidateIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  const usage = (message: string, hint?: string): number => {
    io.stderr(`error: ${message}\n${hint ? `hint: ${hint}\n` : ''}`);
    return EXIT_USAGE;
  };
  if (!['text', 'json', 'sarif'].includes(options.format)) return usage(`unknown --format '${String(options.format)}'`, 'use text, json or sarif.');
  const max = options.maxDiagnostics === undefined ? DEFAULT_MAX_DIAGNOSTICS : Number(options.maxDiagnostics);
  if (options.maxDiagnostics !== undefined && (!/^\d+$/.test(options.maxDiagnostics) || !Number.isSafeInteger(max))) {
    return usage(`--max-diagnostics must be a whole number, not '${options.maxDiagnostics}'`, 'use 0 to list every finding.');
  }
  const stdinUses = paths.filter((p) => p === STDIN).length + (options.filesFrom === STDIN ? 1 : 0);
  if (stdinUses > 1) return usage('"-" (standard input) can be given only once', options.filesFrom === STDIN ? '--files-from - reads the list of files from standard input.' : undefined);

  let listed: NamedPath[] = [];
  if (options.filesFrom !== undefined) {
    try {
      listed = await readPathList(options.filesFrom, { cwd, stdout: io.stdout, stderr: io.stderr, readStdin: io.readStdin });
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      return usage(error.message, error.hint);
    }
  }
  const named = paths.map((path): NamedPath => ({ path }));
  if (named.length === 0 && listed.length === 0) {
    return usage('no files to validate', `agentflow validate <file.asl.json | dir>... (- reads standard input; --files-from FILE reads a list)`);
  }
  // Every path is checked before any is read, so a typo is a usage error before any output.
  const { files, problems } = definitionFiles(named, listed, cwd);
  if (problems.length > 0) {
    for (const problem of problems) io.stderr(`error: ${problem}\n`);
    if (problems.some((p) => p.startsWith('no *'))) io.stderr(`hint: a directory is searched for *${DEFINITION_SUFFIX} files at any depth; name other files directly.\n`);
    return EXIT_USAGE;
  }

  const checked: Checked[] = [];
  const check = (label: string, read: BoundedRead): string | undefined => {
    if (!read.ok && read.problem !== 'too-large') return `cannot read ${label}: ${describeReadProblem(read)}`;
    // Bytes when they were read here: decoding is the validator's job, so a bad byte is reported where it is.
    const diagnostics = !read.ok
      ? [tooLargeDefinition(read, label)]
      : read.bytes
        ? validateAslBytes(read.bytes, { file: label, strict: options.strict })
        : validateAslText(read.text, { file: label, strict: options.strict });
    // Only the counts and the shown findings are kept: thousands of files' findings never sit in memory together.
    checked.push({ label, counts: counts(diagnostics), shown: capDiagnostics(diagnostics, max, label) });
    return undefined;
  };
  // Files are read one at a time, each bounded, so thousands of them never sit in memory together.
  const late: string[] = [];
  for (const file of files) {
    const problem = check(file.label, file.absolute === undefined ? await io.readStdin(READ_LIMIT_BYTES) : readBoundedFile(file.absolute));
    if (problem) late.push(problem);
  }
  // A file replaced between the check above and its read (by a FIFO, say) is still a usage error, with no report.
  if (late.length > 0) {
    for (const problem of late) io.stderr(`error: ${problem}\n`);
    return EXIT_USAGE;
  }

  if (options.format === 'json') io.stdout(`${JSON.stringify(jsonReport(checked), null, 2)}\n`);
  else if (options.format === 'sarif') io.stdout(`${JSON.stringify(sarifReport(checked), null, 2)}\n`);
  else io.stdout(textReport(checked));
  return checked.some((c) => c.counts.errors > 0) ? EXIT_ERRORS : EXIT_OK;
}

interface Counts {
  readonly errors: number;
  readonly warnings: number;
  readonly notes: number;
}

function counts(diagnostics: readonly Diagnostic[]): Counts {
  return {
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    notes: diagnostics.filter((d) => d.severity === 'info').length,
  };
}

function sum(checked: readonly Checked[]): Counts {
  return {
    errors: checked.reduce((n, c) => n + c.counts.errors, 0),
    warnings: checked.reduce((n, c) => n + c.counts.warnings, 0),
    notes: checked.reduce((n, c) => n + c.counts.notes, 0),
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function textReport(checked: readonly Checked[]): string {
  const lines: string[] = [];
  for (const { label, shown } of checked) {
    for (const d of shown) {
      const file = terminalSafe(label);
      const where = d.loc ? `${file}:${d.loc.line}:${d.loc.column}` : `${file}:${terminalSafe(d.pointer || '/')}`;
      lines.push(`${where}  ${d.severity}  ${terminalSafe(d.code)}  ${terminalSafe(d.message)}`);
      for (const r of d.related ?? []) lines.push(`    note: ${terminalSafe(r.message)}${r.loc ? ` at ${file}:${r.loc.line}:${r.loc.column}` : ''}`);
      if (d.hint) lines.push(`    hint: ${terminalSafe(d.hint)}`);
    }
  }
  const total = sum(checked);
  const failing = checked.filter((c) => c.counts.errors > 0).length;
  const parts = [plural(total.errors, 'error'), plural(total.warnings, 'warning'), ...(total.notes ? [plural(total.notes, 'note')] : [])];
  const verdict = failing === 0 ? `${plural(checked.length, 'file')} valid` : `${failing} of ${plural(checked.length, 'file')} invalid`;
  if (lines.length > 0) lines.push('');
  lines.push(`${verdict}: ${parts.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function jsonReport(checked: readonly Checked[]): unknown {
  return {
    files: checked.map(({ label, counts, shown }) => ({
      file: label,
      valid: counts.errors === 0,
      ...counts,
      diagnostics: shown,
    })),
    summary: { files: checked.length, invalid: checked.filter((c) => c.counts.errors > 0).length, ...sum(checked) },
  };
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

/** SARIF 2.1.0 as GitHub code scanning ingests it: one run, every code as a rule, regions in UTF-16 columns. */
function sarifReport(checked: readonly Checked[]): unknown {
  const codes = Object.keys(ASL_CODES) as AslCode[];
  const index = new Map<string, number>(codes.map((code, i) => [code, i]));
  const rules = codes.map((code) => {
    const info = ASL_CODES[code];
    return {
      id: code,
      name: code.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()).replace(/^[a-z]/, (c) => c.toUpperCase()),
      shortDescription: { text: info.title },
      fullDescription: { text: info.help },
      help: { text: info.help, markdown: `**${info.title}**\n\n${info.help}` },
      defaultConfiguration: { level: SARIF_LEVEL[info.severity] },
      properties: { tags: ['aws-step-functions', 'amazon-states-language'] },
    };
  });
  const results = checked.flatMap(({ label, shown }) =>
    shown.map((d) => ({
      ruleId: d.code,
      ...(index.has(d.code) ? { ruleIndex: index.get(d.code)! } : {}),
      level: SARIF_LEVEL[d.severity],
      message: { text: d.hint ? `${d.message}\nHint: ${d.hint}` : d.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(label), ...(label === STDIN_LABEL ? {} : { uriBaseId: '%SRCROOT%' }) },
            region: { startLine: d.loc?.line ?? 1, startColumn: d.loc?.column ?? 1 },
          },
          ...(d.pointer !== undefined ? { logicalLocations: [{ fullyQualifiedName: d.pointer || '/', kind: 'member' }] } : {}),
        },
      ],
    })),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'agentflow', rules } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
}

/** A relative URI reference with forward slashes and each segment percent-encoded. */
function artifactUri(label: string): string {
  if (label === STDIN_LABEL) return 'stdin';
  return label
    .split(sep)
    .join('/')
    .split('/')
    .map((segment) => (segment === '..' || segment === '.' ? segment : encodeURIComponent(segment)))
    .join('/');
}
