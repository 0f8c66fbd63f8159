import { createHash } from 'node:crypto';
import { FaultPlan, type FaultKind } from '../faults.js';
import { startLoopback, type LoopbackReply, type LoopbackRequest } from '../loopback-server.js';

/**
 * S3 PutObject, GetObject and HeadObject on a loopback port, path-style (`/{bucket}/{key}`, clients set
 * `forcePathStyle: true`), in memory. restXml: errors are `<Error><Code>…</Code><Message>…</Message></Error>` with
 * the HTTP status of the S3 error table (NoSuchKey 404, NoSuchBucket 404, AccessDenied 403, SlowDown 503,
 * InternalError 500); HeadObject errors have no body, so the SDK names them by status (404 → NotFound).
 * API reference: https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html
 */

export interface S3Call {
  readonly operation: 'PutObject' | 'GetObject' | 'HeadObject';
  readonly bucket: string;
  readonly key: string;
}

export interface FakeS3 {
  /** `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  /** Every request received, in order, including those a fault answered. */
  readonly calls: S3Call[];
  /** Faults by operation name (`PutObject`, `GetObject`, `HeadObject`). */
  readonly faults: FaultPlan;
  /** Stores an object directly (test setup), creating its bucket. */
  put(bucket: string, key: string, body: string): void;
  /** The object's body as text, or undefined. */
  text(bucket: string, key: string): string | undefined;
  /** Every object as `s3://bucket/key` → body text, sorted by URI. */
  objects(): Record<string, string>;
  close(): Promise<void>;
}

export interface FakeS3Options {
  /** Buckets that exist; default: any bucket named in a request exists. */
  buckets?: readonly string[];
  /**
   * The caller may not `s3:ListBucket`: S3 then answers a missing key with 403 AccessDenied instead of 404 NoSuchKey
   * (S3 API reference, GetObject and HeadObject, "Permissions"). Default false.
   */
  withoutListBucket?: boolean;
}

export async function startFakeS3(options: FakeS3Options = {}): Promise<FakeS3> {
  const store = new Map<string, Map<string, Buffer>>();
  for (const bucket of options.buckets ?? []) store.set(bucket, new Map());
  const calls: S3Call[] = [];
  const faults = new FaultPlan();
  let requests = 0;

  const bucketOf = (name: string): Map<string, Buffer> | undefined => {
    if (!store.has(name) && !options.buckets) store.set(name, new Map());
    return store.get(name);
  };

  const error = (status: number, code: string, message: string, head: boolean, resource: string): LoopbackReply => {
    requests += 1;
    const id = `FAKE${String(requests).padStart(12, '0')}`;
    const headers = { 'content-type': 'application/xml', 'x-amz-request-id': id };
    if (head) return { status, headers };
    return { status, headers, body: `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message><Resource>${escapeXml(resource)}</Resource><RequestId>${id}</RequestId></Error>` };
  };

  const injected = (fault: FaultKind, head: boolean, resource: string): LoopbackReply => {
    switch (fault) {
      case 'drop':
        return { drop: true };
      case 'throttle':
        return error(503, 'SlowDown', 'Please reduce your request rate.', head, resource);
      case 'server-error':
        return error(500, 'InternalError', 'We encountered an internal error. Please try again.', head, resource);
      case 'access-denied':
        return error(403, 'AccessDenied', 'Access Denied', head, resource);
      case 'conflict':
        return error(409, 'OperationAborted', 'A conflicting conditional operation is currently in progress against this resource.', head, resource);
    }
  };

  const handle = (request: LoopbackRequest): LoopbackReply => {
    const path = request.url.split('?')[0] ?? '/';
    const slash = path.indexOf('/', 1);
    const bucket = decodeURIComponent(slash < 0 ? path.slice(1) : path.slice(1, slash));
    const key = slash < 0 ? '' : path.slice(slash + 1).split('/').map(decodeURIComponent).join('/');
    const head = request.method === 'HEAD';
    const operation = request.method === 'PUT' ? 'PutObject' : request.method === 'GET' ? 'GetObject' : head ? 'HeadObject' : undefined;
    if (!operation || !key) return error(405, 'MethodNotAllowed', `The fake serves only PutObject, GetObject and HeadObject, not ${request.method} ${path}.`, head, path);
    calls.push({ operation, bucket, key });
    const fault = faults.take(operation);
    if (fault) return injected(fault, head, path);
    const objects = bucketOf(bucket);
    if (!objects) return error(404, 'NoSuchBucket', 'The specified bucket does not exist', head, path);
    if (operation === 'PutObject') {
      objects.set(key, request.body);
      return { status: 200, headers: { etag: etag(request.body) } };
    }
    const body = objects.get(key);
    if (!body) return options.withoutListBucket ? error(403, 'AccessDenied', 'Access Denied', head, path) : error(404, 'NoSuchKey', 'The specified key does not exist.', head, path);
    const headers = { 'content-type': 'application/octet-stream', etag: etag(body), 'last-modified': 'Thu, 01 Jan 2026 00:00:00 GMT' };
    // The loopback server sends text; objects here are the JSON documents offload writes.
    return head ? { status: 200, headers } : { status: 200, headers, body: body.toString('utf8') };
  };

  const server = await startLoopback(handle);
  return {
    endpoint: server.endpoint,
    calls,
    faults,
    put: (bucket, key, body) => {
      if (!store.has(bucket)) store.set(bucket, new Map());
      store.get(bucket)!.set(key, Buffer.from(body, 'utf8'));
    },
    text: (bucket, key) => store.get(bucket)?.get(key)?.toString('utf8'),
    objects: () => {
      const all: [string, string][] = [];
      for (const [bucket, objects] of store) for (const [key, body] of objects) all.push([`s3://${bucket}/${key}`, body.toString('utf8')]);
      return Object.fromEntries(all.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    },
    close: () => server.close(),
  };
}

function etag(body: Buffer): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
