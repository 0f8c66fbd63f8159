import { ERR, StatesError } from '../engine/errors.js';

/** The in-memory S3 behind offload, ItemReader and ResultWriter: `s3://bucket/key` → object body (text). */
export class MemoryS3 {
  readonly objects = new Map<string, string>();

  constructor(initial?: Readonly<Record<string, unknown>>) {
    for (const [uri, value] of Object.entries(initial ?? {})) {
      parseS3Uri(uri);
      this.objects.set(uri, typeof value === 'string' ? value : JSON.stringify(value));
    }
  }

  put(bucket: string, key: string, body: string): void {
    this.objects.set(`s3://${bucket}/${key}`, body);
  }

  getText(bucket: string, key: string, error: string = 'S3.NoSuchKey'): string {
    const body = this.objects.get(`s3://${bucket}/${key}`);
    if (body === undefined) throw new StatesError(error, `s3://${bucket}/${key} does not exist (NoSuchKey).`);
    return body;
  }

  getJson(uri: string, error?: string): unknown {
    const { bucket, key } = parseS3Uri(uri);
    const text = this.getText(bucket, key, error);
    try {
      return JSON.parse(text);
    } catch {
      throw new StatesError(error ?? ERR.Runtime, `${uri} is not JSON.`);
    }
  }
}

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!match) throw new StatesError(ERR.Runtime, `${JSON.stringify(uri)} is not an s3://bucket/key URI.`);
  return { bucket: match[1]!, key: match[2]! };
}
