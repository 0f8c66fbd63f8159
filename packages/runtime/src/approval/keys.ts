import { GetParameterCommand, type SSMClient } from '@aws-sdk/client-ssm';
import { parseLinkKeys, type LinkKey } from './seal.js';

/** How long a container keeps the keys it read: a rotation reaches every running container within this time. */
export const KEY_CACHE_MS = 5 * 60_000;
/**
 * A reference naming a key this container does not hold makes it read the parameter again (a rotation that another
 * container already sees), but at most this often, so forged references cannot drive GetParameter's quota
 * (40 per second by default, SSM quotas) from the Internet.
 */
export const UNKNOWN_KEY_REFRESH_MS = 30_000;

export class KeyReadError extends Error {
  constructor(message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'KeyReadError';
  }
}

/** The link keys of one SSM parameter, cached per container (one instance per handler). */
export class LinkKeyCache {
  private cached: { readonly name: string; readonly keys: LinkKey[]; readonly at: number } | undefined;

  constructor(
    private readonly ssm: SSMClient,
    private readonly now: () => number,
  ) {}

  /** The keys, read again when older than KEY_CACHE_MS, or than UNKNOWN_KEY_REFRESH_MS when `kid` is not among them. */
  async keys(name: string, kid?: string): Promise<LinkKey[]> {
    const now = this.now();
    const cached = this.cached?.name === name ? this.cached : undefined;
    if (cached !== undefined && now - cached.at < KEY_CACHE_MS) {
      const missing = kid !== undefined && !cached.keys.some((k) => k.kid === kid);
      if (!missing || now - cached.at < UNKNOWN_KEY_REFRESH_MS) return cached.keys;
    }
    const keys = await this.read(name);
    this.cached = { name, keys, at: now };
    return keys;
  }

  private async read(name: string): Promise<LinkKey[]> {
    let value: string | undefined;
    try {
      // WithDecryption: the parameter is a SecureString; without it SSM returns the ciphertext (API/GetParameter).
      const result = await this.ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }));
      value = result.Parameter?.Value;
    } catch (error) {
      const code = (error as Error)?.name ?? 'Error';
      const hint =
        code === 'ParameterNotFound'
          ? `create it: aws ssm put-parameter --type SecureString --name ${name} --value "$(openssl rand -base64 32)"`
          : code === 'AccessDeniedException'
            ? "the function's role needs ssm:GetParameter on it (roles.approvalResponder of <workflow>.iam.json, Sid ReadApprovalLinkKey), and kms:Decrypt when it is encrypted with a customer managed key"
            : 'try again; the Task fails with a name a Retry can match';
      throw new KeyReadError(`cannot read the link key parameter ${name} from SSM (${code}): ${hint}.`, error);
    }
    if (value === undefined) throw new KeyReadError(`the SSM parameter ${name} returned no value.`);
    return parseLinkKeys(value, `the SSM parameter ${name}`);
  }
}
