import { FaultPlan, type FaultKind } from '../faults.js';
import { startLoopback, type LoopbackReply, type LoopbackRequest } from '../loopback-server.js';

/**
 * STS GetCallerIdentity on a loopback port, over awsQuery as the real service speaks it: a form-encoded POST body
 * `Action=GetCallerIdentity&Version=2011-06-15` and an XML reply; errors in the awsQuery shape
 * `<ErrorResponse><Error><Type>Sender</Type><Code>…</Code><Message>…</Message></Error><RequestId>…</RequestId></ErrorResponse>`
 * (STS API reference, GetCallerIdentity; research file cheat sheet: awsQuery like SNS).
 */

export interface FakeSts {
  /** `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  readonly faults: FaultPlan;
  /** Every request received, in order, including those a fault answered. */
  readonly calls: { operation: string }[];
  close(): Promise<void>;
}

export interface FakeStsOptions {
  /** Default 123456789012. */
  account?: string;
  /** Default `arn:aws:sts::<account>:assumed-role/deployer/session`. */
  arn?: string;
}

const XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

export async function startFakeSts(options: FakeStsOptions = {}): Promise<FakeSts> {
  const account = options.account ?? '123456789012';
  const arn = options.arn ?? `arn:aws:sts::${account}:assumed-role/deployer/session`;
  const faults = new FaultPlan();
  const calls: { operation: string }[] = [];
  let requests = 0;

  // The request id travels both in the body and in `x-amzn-requestid`, which the SDK reads into `$metadata`.
  const requestId = (): string => {
    requests += 1;
    return `00000000-0000-4000-b000-${String(requests).padStart(12, '0')}`;
  };
  const xml = (status: number, id: string, body: string): LoopbackReply => ({ status, headers: { 'content-type': 'text/xml', 'x-amzn-requestid': id }, body });
  const error = (status: number, type: 'Sender' | 'Receiver', code: string, message: string): LoopbackReply => {
    const id = requestId();
    return xml(status, id, `<ErrorResponse xmlns="${XMLNS}"><Error><Type>${type}</Type><Code>${code}</Code><Message>${escapeXml(message)}</Message></Error><RequestId>${id}</RequestId></ErrorResponse>`);
  };

  const injected = (fault: FaultKind, operation: string): LoopbackReply => {
    switch (fault) {
      case 'drop':
        return { drop: true };
      case 'throttle':
        // STS names its throttling error "Throttling", which the SDK retries (THROTTLING_ERROR_CODES).
        return error(400, 'Sender', 'Throttling', 'Rate exceeded');
      case 'server-error':
        return error(500, 'Receiver', 'InternalFailure', 'The request processing has failed because of an unknown error, exception or failure.');
      case 'access-denied':
        return error(403, 'Sender', 'AccessDenied', `User: ${arn} is not authorized to perform: sts:${operation} because no identity-based policy allows the sts:${operation} action`);
      case 'conflict':
        return error(400, 'Sender', 'ConflictException', `Conflict: a concurrent ${operation} is in progress`);
    }
  };

  const handle = (request: LoopbackRequest): LoopbackReply => {
    const form = new URLSearchParams(request.method === 'POST' ? request.body.toString('utf8') : (request.url.split('?')[1] ?? ''));
    const operation = form.get('Action') ?? '';
    calls.push({ operation });
    if (operation !== 'GetCallerIdentity') return error(400, 'Sender', 'InvalidAction', `Could not find operation ${operation || '(no Action)'} for version ${form.get('Version') ?? '(no Version)'}`);
    const fault = faults.take(operation);
    if (fault) return injected(fault, operation);
    const userId = `AROAFAKEFAKEFAKEFAKE:${arn.split('/').pop() ?? 'session'}`;
    const id = requestId();
    return xml(
      200,
      id,
      `<GetCallerIdentityResponse xmlns="${XMLNS}"><GetCallerIdentityResult><Arn>${escapeXml(arn)}</Arn><UserId>${escapeXml(userId)}</UserId><Account>${escapeXml(account)}</Account></GetCallerIdentityResult><ResponseMetadata><RequestId>${id}</RequestId></ResponseMetadata></GetCallerIdentityResponse>`,
    );
  };

  const server = await startLoopback(handle);
  return { endpoint: server.endpoint, faults, calls, close: () => server.close() };
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
