import { configJsonSchemaText, describeReadProblem, readBoundedFile } from '@agentflow/compiler';
import { basename, dirname, resolve } from 'node:path';
import { EXIT_ERRORS, EXIT_OK, UsageError } from '../errors.js';
import type { Io } from '../io.js';
import { writeFileSet } from '../write-file-set.js';

export interface ConfigSchemaOptions {
  /** Write the schema to this file instead of standard output. */
  readonly out?: string;
  /** With `out`: compare instead of writing; exit 1 when the file differs. */
  readonly check?: boolean;
}

/** Where the CLI package ships the schema; the example configs reference it (docs/configuration.md). */
export const CONFIG_SCHEMA_FILE = 'schemas/agentflow.config.schema.json';

/**
 * Prints (or writes, or checks) the JSON Schema of agentflow.config.yaml. The output depends only on the zod schema,
 * so regenerating the checked-in file is repeatable and a stale copy shows as a diff.
 */
export function runConfigSchema(options: ConfigSchemaOptions, io: Io): number {
  const text = configJsonSchemaText();
  if (options.out === undefined) {
    if (options.check) throw new UsageError('--check needs --out <file>: the schema file to compare with.');
    io.stdout(text);
    return EXIT_OK;
  }
  const file = resolve(io.cwd, options.out);
  if (options.check) {
    const read = readBoundedFile(file);
    if (read.ok && read.text === text) return EXIT_OK;
    const why = read.ok ? 'differs from the config schema' : `cannot be read: ${describeReadProblem(read)}`;
    io.stderr(`${options.out} ${why}.\nhint: regenerate it with agentflow config-schema --out ${options.out}\n`);
    return EXIT_ERRORS;
  }
  // Written whole or not at all (write-file-set.ts): an editor never reads a half-written schema.
  const outcome = writeFileSet(dirname(file), [{ path: file, shown: basename(file), text }]);
  if (!outcome.ok) {
    io.stderr(`error: cannot write ${options.out}: ${outcome.reason}.\n`);
    return EXIT_ERRORS;
  }
  return EXIT_OK;
}
