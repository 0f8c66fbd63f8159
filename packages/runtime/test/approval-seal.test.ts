import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyId, open, parseLinkKeys, seal, type Sealed } from '../src/approval/seal.js';

const KEY_A = Buffer.alloc(32, 1).toString('base64');
const KEY_B = Buffer.alloc(32, 2).toString('base64');
const SEALED: Sealed = { t: 'AAAA+token/with=chars', x: 'arn:aws:states:us-east-1:111122223333:execution:m:run-1', w: 'wf', s: 'review', a: 'approve', e: 2_000_000_000, r: 'alice@example.com' };

describe('sealed references', () => {
  it('round-trips every field, in the form v1.<kid>.<base64url>, with a kid of sha256(key)', () => {
    const [key] = parseLinkKeys(KEY_A, 'the test parameter');
    const ref = seal(SEALED, key!);
    expect(ref).toMatch(/^v1\.[0-9a-f]{8}\.[A-Za-z0-9_-]+$/);
    expect(ref.split('.')[1]).toBe(keyId(Buffer.alloc(32, 1)));
    expect(keyId(Buffer.alloc(32, 1))).toBe('72cd6e84');
    expect(open(ref, [key!])).toEqual({ ok: true, sealed: SEALED });
    // The token is not readable in the reference.
    expect(Buffer.from(ref.split('.')[2]!, 'base64url').toString('latin1')).not.toContain('token');
  });

  it('round-trips any token and reviewer (property)', () => {
    const [key] = parseLinkKeys(KEY_A, 'p');
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 2048, unit: 'binary' }), fc.option(fc.emailAddress(), { nil: undefined }), fc.constantFrom('approve', 'reject' as const), (t, r, a) => {
        const { r: _listed, ...unlisted } = SEALED;
        const sealed: Sealed = { ...unlisted, t, a, ...(r === undefined ? {} : { r }) };
        expect(open(seal(sealed, key!), [key!])).toEqual({ ok: true, sealed });
      }),
      { numRuns: 50 },
    );
  });

  it('opens with any listed key (rotation: the first seals), and not with another key', () => {
    const [oldKey] = parseLinkKeys(KEY_A, 'p');
    const rotated = parseLinkKeys(`${KEY_B},\n${KEY_A}\n`, 'p');
    expect(rotated.map((k) => k.kid)).toEqual([keyId(Buffer.alloc(32, 2)), keyId(Buffer.alloc(32, 1))]);
    const old = seal(SEALED, oldKey!);
    expect(open(old, rotated)).toMatchObject({ ok: true });
    expect(open(seal(SEALED, rotated[0]!), [oldKey!])).toEqual({ ok: false, failure: 'unknown-key' });
  });

  it('refuses a reference whose kid is right but whose key is not (a forged kid)', () => {
    const [real] = parseLinkKeys(KEY_A, 'p');
    const forger = { kid: real!.kid, key: randomBytes(32) };
    expect(open(seal({ ...SEALED, a: 'reject' }, forger), [real!])).toEqual({ ok: false, failure: 'tampered' });
  });

  it('refuses a reference with any one byte flipped', () => {
    const [key] = parseLinkKeys(KEY_A, 'p');
    const ref = seal(SEALED, key!);
    const data = Buffer.from(ref.split('.')[2]!, 'base64url');
    for (let i = 0; i < data.length; i++) {
      const flipped = Buffer.from(data);
      flipped[i] = flipped[i]! ^ 0x01;
      expect(open(`v1.${key!.kid}.${flipped.toString('base64url')}`, [key!]).ok, `byte ${i}`).toBe(false);
    }
  });

  it('refuses malformed references without throwing', () => {
    const [key] = parseLinkKeys(KEY_A, 'p');
    for (const ref of ['', 'v1', 'v2.72cd6e84.AAAA', `v1.${key!.kid}.`, `v1.${key!.kid}.AAAA`, `v1.${key!.kid}.${'A'.repeat(40)}`, 'v1.XYZ.AAAA', `v1.${key!.kid}.a+b/c=`]) {
      expect(open(ref, [key!]).ok, ref).toBe(false);
    }
  });

  it('names a bad key by its position, never quoting it', () => {
    expect(() => parseLinkKeys('', 'the SSM parameter /k')).toThrow('the SSM parameter /k is empty; put a key in it: openssl rand -base64 32');
    const short = Buffer.alloc(16, 9).toString('base64');
    const error = (() => {
      try {
        parseLinkKeys(`${KEY_A},${short}`, 'the SSM parameter /k');
      } catch (e) {
        return e as Error;
      }
      throw new Error('no error');
    })();
    expect(error.message).toBe('key 2 of the SSM parameter /k is not 32 bytes in base64 (44 characters); make each key with: openssl rand -base64 32');
    expect(error.message).not.toContain(short);
    expect(() => parseLinkKeys('not base64 at all!', 'p')).toThrow('key 1 of p is not 32 bytes');
  });
});
