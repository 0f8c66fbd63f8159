import { readFileSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { ASL_CODES, validateAslBytes, validateAslText, type AslCode, type Diagnostic } from '@agentflow/compiler';
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE } from '../errors.js';
import { terminalSafe } from '../render/terminal-text.js';

export type ValidateFormat = 'text' | 'json' | 'sarif';

export interface ValidateCommandOptions {
  readonly format: ValidateFormat;
  /** Report `${...}` placeholders as errors. */
  readonly strict: boolean;
}

export interface ValidateIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  /** Standard input as bytes, so invalid UTF-8 is reported instead of decoded to U+FFFD; used when present. */
  readonly readStdinBytes?: () => Promise<Uint8Array>;
  /** Base for relative paths in the output; the process's working directory when absent. */
  readonly cwd?: string;
}

interface Checked {
  /** As shown to the user: relative to the working directory, or `<stdin>`. */
  readonly label: string;
  readonly diagnostics: readonly Diagnostic[];
}

const STDIN = '-';
const STDIN_LABEL = '<stdin>';

/** `agentflow validate`: checks ASL definitions offline. Exit 0 clean, 1 any error, 2 usage problems. */
export async function runValidate(paths: readonly string[], options: ValidateCommandOptions, io: ValidateIo): Promise<number> {
  const cwd = io.cwd ?? process.cwd();
  if (!['text', 'json', 'sarif'].includes(options.format)) {
    io.stderr(`error: unknown --format '${String(options.format)}'\nhint: use text, json or sarif.\n`);
    return EXIT_USAGE;
  }
  if (paths.length === 0) {
    io.stderr('error: no files to validate\nhint: agentflow validate <file.asl.json>... (use - to read standard input)\n');
    return EXIT_USAGE;
  }
  if (paths.filter((p) => p === STDIN).length > 1) {
    io.stderr('error: "-" (standard input) can be given only once\n');
    return EXIT_USAGE;
  }

  const sources = readSources(paths, cwd, io);
  if (!sources) return EXIT_USAGE;
  const checked: Checked[] = [];
  for (const source of sources) {
    const file = source.path === STDIN ? STDIN_LABEL : source.label;
    const bytes = source.path === STDIN ? await io.readStdinBytes?.() : source.bytes;
    const diagnostics = bytes
      ? validateAslBytes(bytes, { file, strict: options.strict })
      : validateAslText(await io.readStdin(), { file, strict: options.strict });
    checked.push({ label: file, diagnostics });
  }

  if (options.format === 'json') io.stdout(`${JSON.stringify(jsonReport(checked), null, 2)}\n`);
  else if (options.format === 'sarif') io.stdout(`${JSON.stringify(sarifReport(checked), null, 2)}\n`);
  else io.stdout(textReport(checked));
  return checked.some((c) => c.diagnostics.some((d) => d.severity === 'error')) ? EXIT_ERRORS : EXIT_OK;
}

interface Source {
  readonly path: string;
  readonly label: string;
  /** Read as bytes: decoding is the validator's job, so a bad byte is reported where it is. */
  readonly bytes?: Uint8Array;
}

/** Reads every file up front, so a typo in one path is a usage error before any output. */
function readSources(paths: readonly string[], cwd: string, io: ValidateIo): Source[] | undefined {
  const sources: Source[] = [];
  const problems: string[] = [];
  for (const path of paths) {
    if (path === STDIN) {
      sources.push({ path, label: STDIN_LABEL });
      continue;
    }
    const absolute = resolve(cwd, path);
    const label = relative(cwd, absolute) || path;
    try {
      if (statSync(absolute).isDirectory()) {
        problems.push(`error: ${label} is a directory\nhint: pass the definition files themselves, e.g. ${label}${sep}*.asl.json\n`);
        continue;
      }
      sources.push({ path, label, bytes: readFileSync(absolute) });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      problems.push(
        code === 'ENOENT'
          ? `error: cannot read ${label}: no such file\n`
          : `error: cannot read ${label}: ${error instanceof Error ? error.message : String(error)}\n`,
      );
    }
  }
  if (problems.length === 0) return sources;
  for (const problem of problems) io.stderr(problem);
  return undefined;
}

function counts(diagnostics: readonly Diagnostic[]): { errors: number; warnings: number; notes: number } {
  return {
    errors: diagnostics.filter((d) => d.severity === 'error').length,
    warnings: diagnostics.filter((d) => d.severity === 'warning').length,
    notes: diagnostics.filter((d) => d.severity === 'info').length,
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function textReport(checked: readonly Checked[]): string {
  const lines: string[] = [];
  for (const { label, diagnostics } of checked) {
    for (const d of diagnostics) {
      const file = terminalSafe(label);
      const where = d.loc ? `${file}:${d.loc.line}:${d.loc.column}` : `${file}:${terminalSafe(d.pointer || '/')}`;
      lines.push(`${where}  ${d.severity}  ${terminalSafe(d.code)}  ${terminalSafe(d.message)}`);
      for (const r of d.related ?? []) lines.push(`    note: ${terminalSafe(r.message)}${r.loc ? ` at ${file}:${r.loc.line}:${r.loc.column}` : ''}`);
      if (d.hint) lines.push(`    hint: ${terminalSafe(d.hint)}`);
    }
  }
  const all = checked.flatMap((c) => c.diagnostics);
  const total = counts(all);
  const failing = checked.filter((c) => c.diagnostics.some((d) => d.severity === 'error')).length;
  const parts = [plural(total.errors, 'error'), plural(total.warnings, 'warning'), ...(total.notes ? [plural(total.notes, 'note')] : [])];
  const verdict = failing === 0 ? `${plural(checked.length, 'file')} valid` : `${failing} of ${plural(checked.length, 'file')} invalid`;
  if (lines.length > 0) lines.push('');
  lines.push(`${verdict}: ${parts.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function jsonReport(checked: readonly Checked[]): unknown {
  const all = checked.flatMap((c) => c.diagnostics);
  return {
    files: checked.map(({ label, diagnostics }) => ({
      file: label,
      valid: !diagnostics.some((d) => d.severity === 'error'),
      ...counts(diagnostics),
      diagnostics,
    })),
    summary: { files: checked.length, invalid: checked.filter((c) => c.diagnostics.some((d) => d.severity === 'error')).length, ...counts(all) },
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
  const results = checked.flatMap(({ label, diagnostics }) =>
    diagnostics.map((d) => ({
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
