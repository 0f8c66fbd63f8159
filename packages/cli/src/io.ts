import { readBoundedStream, type BoundedRead } from '@agentflow/compiler';

/** Everything a command touches outside itself, so tests can run commands in-process. */
export interface Io {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Standard input as UTF-8, at most `limit` bytes: `validate - < /dev/zero` stops there instead of filling memory. */
  readonly readStdin: (limit: number) => Promise<BoundedRead>;
}

export function processIo(): Io {
  return {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: (limit) => readBoundedStream(process.stdin, limit),
  };
}
