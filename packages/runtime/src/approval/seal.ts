import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Sealed references: the capability a reviewer's link carries. AES-256-GCM hides the task token from everyone but
 * the responder (the link travels by e-mail) and authenticates every field, so a changed action, reviewer or expiry
 * does not open. Text form `v1.<kid>.<base64url(iv12 ‖ ciphertext ‖ tag16)>`.
 */
export interface Sealed {
  /** The task token. */
  readonly t: string;
  /** The execution ARN. */
  readonly x: string;
  /** The workflow. */
  readonly w: string;
  /** The step (state) id. */
  readonly s: string;
  readonly a: 'approve' | 'reject';
  /** Expiry, epoch seconds. */
  readonly e: number;
  /** The reviewer the link was sent to, when an allow-list is set. */
  readonly r?: string;
}

export interface LinkKey {
  /** First 8 hex characters of sha256(key): names the key in a reference without revealing it. */
  readonly kid: string;
  readonly key: Buffer;
}

const VERSION = 'v1';
const AAD = Buffer.from('agentflow-approval-v1', 'utf8');
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class KeyFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFormatError';
  }
}

/**
 * The SSM parameter's value: one or more base64 32-byte keys separated by commas or line breaks. The first seals;
 * every one opens, so a rotation prepends the new key and drops the old one once its links have expired.
 * Messages name a key by its position, never by its text.
 */
export function parseLinkKeys(text: string, where: string): LinkKey[] {
  const parts = text
    .split(/[,\r\n]+/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length === 0) throw new KeyFormatError(`${where} is empty; put a key in it: openssl rand -base64 32`);
  return parts.map((part, index) => {
    const key = /^[A-Za-z0-9+/]+={0,2}$/.test(part) ? Buffer.from(part, 'base64') : Buffer.alloc(0);
    if (key.length !== 32) {
      throw new KeyFormatError(`key ${index + 1} of ${where} is not 32 bytes in base64 (44 characters); make each key with: openssl rand -base64 32`);
    }
    return { kid: keyId(key), key };
  });
}

export function keyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

export function seal(sealed: Sealed, key: LinkKey, iv: Buffer = randomBytes(IV_BYTES)): string {
  const cipher = createCipheriv('aes-256-gcm', key.key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(AAD);
  const body = Buffer.concat([cipher.update(JSON.stringify(sealed), 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${key.kid}.${Buffer.concat([iv, body]).toString('base64url')}`;
}

/** Why a reference does not open. Pages say only "invalid"; logs say which. */
export type OpenFailure = 'malformed' | 'unknown-key' | 'tampered';

export type Opened = { readonly ok: true; readonly sealed: Sealed } | { readonly ok: false; readonly failure: OpenFailure };

/** The reference's kid, when it has the form of one: lets the caller refresh its keys before giving up. */
export function referenceKid(ref: string): string | undefined {
  return /^v1\.([0-9a-f]{8})\.[A-Za-z0-9_-]+$/.exec(ref)?.[1];
}

/** Opens a reference with the key its kid names; the expiry is the caller's check (authentic first, then fresh). */
export function open(ref: string, keys: readonly LinkKey[]): Opened {
  const kid = referenceKid(ref);
  if (kid === undefined) return { ok: false, failure: 'malformed' };
  const key = keys.find((k) => k.kid === kid);
  if (key === undefined) return { ok: false, failure: 'unknown-key' };
  const data = Buffer.from(ref.slice(VERSION.length + 1 + kid.length + 1), 'base64url');
  if (data.length < IV_BYTES + TAG_BYTES + 1) return { ok: false, failure: 'malformed' };
  let plain: string;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key.key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAAD(AAD);
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    return { ok: false, failure: 'tampered' };
  }
  // Authentic, so written by a responder holding the key; the shape is still checked, as a key may be shared by
  // mistake with something else that seals JSON.
  let value: unknown;
  try {
    value = JSON.parse(plain);
  } catch {
    return { ok: false, failure: 'malformed' };
  }
  return isSealed(value) ? { ok: true, sealed: value } : { ok: false, failure: 'malformed' };
}

function isSealed(value: unknown): value is Sealed {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  const text = (field: unknown): boolean => typeof field === 'string' && field !== '';
  return (
    text(v['t']) &&
    text(v['x']) &&
    text(v['w']) &&
    text(v['s']) &&
    (v['a'] === 'approve' || v['a'] === 'reject') &&
    Number.isSafeInteger(v['e']) &&
    (v['r'] === undefined || text(v['r']))
  );
}
