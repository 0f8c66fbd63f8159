/** Everything a command touches outside itself, so tests can run commands in-process. */
export interface Io {
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly readStdin: () => Promise<string>;
  /** Standard input as bytes, for commands that must see invalid UTF-8 rather than U+FFFD (validate). */
  readonly readStdinBytes?: () => Promise<Uint8Array>;
}

export function processIo(): Io {
  return {
    cwd: process.cwd(),
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readStdin: async () => (await readStdinBytes()).toString('utf8'),
    readStdinBytes,
  };
}

async function readStdinBytes(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
