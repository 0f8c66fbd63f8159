import { MAX_DEFINITION_BYTES, type BoundedRead, type Diagnostic } from '@agentflow/compiler/reporting';

const HINT = 'Check that this is the definition you meant. Step Functions rejects definitions over 1 MB: move large literals out (S3, parameters), or split the workflow into nested state machines.';

const bytes = (n: number) => n.toLocaleString('en-US');

/**
 * A definition file (or standard input) over the read limit: reported as Step Functions' DEFINITION_TOO_LARGE at
 * the top of the file. A regular file's size comes from fstat and none of it is read; a stream is read up to the
 * limit only, so nothing else in it is checked.
 */
export function tooLargeDefinition(read: Extract<BoundedRead, { problem: 'too-large' }>, file: string): Diagnostic {
  const size =
    read.size !== undefined
      ? `The definition is ${bytes(read.size)} bytes; the limit is ${bytes(MAX_DEFINITION_BYTES)} bytes (1 MB). It was not read, so nothing else was checked.`
      : `The definition is more than ${bytes(read.limit)} bytes; the limit is ${bytes(MAX_DEFINITION_BYTES)} bytes (1 MB). Reading stopped there, so nothing else was checked.`;
  return { code: 'DEFINITION_TOO_LARGE', severity: 'error', message: size, pointer: '', loc: { file, line: 1, column: 1 }, hint: HINT };
}
