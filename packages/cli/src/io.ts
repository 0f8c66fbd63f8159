import type { BoundedRead } from '@agentflow/compiler';
import type { ClientFactory, createAgentClient } from '@agentflow/deploy';

/** Everything a command touches outside itself, so tests can run commands in-process. */
export interface Io {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Standard input as UTF-8, at most `limit` bytes: `validate - < /dev/zero` stops there instead of filling memory. */
  readonly readStdin: (limit: number) => Promise<BoundedRead>;
  /** A person is there: standard input and standard error are terminals (deploy then shows progress and asks). */
  readonly isInteractive?: boolean;
  /** Asks a yes/no question on the terminal; true only for an explicit yes. */
  readonly confirm?: (question: string) => Promise<boolean>;
  /** The AWS clients deploy commands use, per region (default: the SDK's default credential and endpoint chains). */
  readonly awsClients?: ClientFactory;
  /** The Bedrock Agent client deploy re-resolves agents by name with, per region (default: the SDK's chains). */
  readonly agentClient?: typeof createAgentClient;
}

export function processIo(): Io {
  return {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    // Imported when read: the compiler is not loaded by commands that never need it (--help, usage errors).
    readStdin: async (limit) => (await import('@agentflow/compiler')).readBoundedStream(process.stdin, limit),
    // Read when a command asks: the first touch of process.stdin sets up its stream, which most commands never need.
    get isInteractive() {
      return process.stdin.isTTY === true && process.stderr.isTTY === true;
    },
    confirm: async (question) => {
      const { createInterface } = await import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      try {
        return /^(y|yes)$/i.test((await rl.question(question)).trim());
      } finally {
        rl.close();
      }
    },
  };
}
