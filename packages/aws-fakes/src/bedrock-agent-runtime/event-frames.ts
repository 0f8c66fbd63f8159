import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

/**
 * Frames of the InvokeAgent `completion` event stream (`application/vnd.amazon.eventstream`), encoded as the service
 * sends them: `:message-type` `event` with `:event-type` the union member (`chunk`, `trace`, `returnControl`), or
 * `exception` with `:exception-type` the camelCase member (`throttlingException`, …). The SDK yields an event's JSON
 * body as that member and throws an exception frame from the `for await` loop (research file, experiment E3; API
 * reference: https://docs.aws.amazon.com/bedrock/latest/APIReference/API_agent-runtime_InvokeAgent.html).
 */

const codec = new EventStreamCodec(toUtf8, fromUtf8);

function frame(headers: Record<string, string>, body: unknown): Uint8Array {
  return codec.encode({
    headers: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, { type: 'string' as const, value }])),
    body: fromUtf8(JSON.stringify(body)),
  });
}

export function eventFrame(eventType: string, body: unknown): Uint8Array {
  return frame({ ':message-type': 'event', ':event-type': eventType, ':content-type': 'application/json' }, body);
}

/** A chunk of the answer: `bytes` is a blob, so it travels base64-encoded in the JSON body. */
export function chunkFrame(piece: string | Uint8Array): Uint8Array {
  const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : Buffer.from(piece);
  return eventFrame('chunk', { bytes: bytes.toString('base64') });
}

export function exceptionFrame(exceptionType: string, message: string): Uint8Array {
  return frame({ ':message-type': 'exception', ':exception-type': exceptionType, ':content-type': 'application/json' }, { message });
}
