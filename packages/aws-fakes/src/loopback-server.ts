import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/**
 * An HTTP/1.1 server on 127.0.0.1 with an ephemeral port, which the real AWS SDK clients reach through their
 * `endpoint` option or `AWS_ENDPOINT_URL_<SERVICE>`. Each fake service decides replies from the parsed request; this
 * file only moves bytes, and can drop a connection the way a network failure does.
 */

export interface LoopbackRequest {
  readonly method: string;
  /** Path and query, as sent. */
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

export type LoopbackReply =
  | { readonly status: number; readonly headers?: Record<string, string>; readonly body?: string }
  /** Destroys the socket without a response: the client sees a reset connection. */
  | { readonly drop: true };

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  close(): Promise<void>;
}

export async function startLoopback(handle: (request: LoopbackRequest) => LoopbackReply | Promise<LoopbackReply>): Promise<LoopbackServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      void (async () => {
        let reply: LoopbackReply;
        try {
          reply = await handle({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks) });
        } catch (error) {
          // A defect in a fake must show in the test, as a 500 whose body says what broke.
          reply = { status: 500, headers: { 'content-type': 'text/plain' }, body: `fake failed: ${String(error)}` };
        }
        if ('drop' in reply) {
          req.socket.destroy();
          return;
        }
        res.writeHead(reply.status, { ...(reply.headers ?? {}), 'content-length': String(Buffer.byteLength(reply.body ?? '')) });
        res.end(reply.body ?? '');
      })();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A JSON request body (awsJson protocols) as an object; undefined when it is not one. An empty body is `{}`. */
export function jsonObjectBody(body: Buffer): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(body.length ? body.toString('utf8') : '{}');
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
