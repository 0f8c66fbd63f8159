import { describe, expect, it } from 'vitest';
import { lockDrift, type LockedAgent } from '../../src/index.js';

const SEARCH: LockedAgent = {
  agentName: 'research-search-prod',
  agentId: 'SRCH7Q2K1A',
  aliases: { live: { aliasName: 'prod-live', aliasId: 'LIVE4S0R1A', agentVersion: '3' } },
};

describe('lockDrift', () => {
  it('is empty when the lock matches the account, whatever the key order', () => {
    expect(lockDrift({ s: SEARCH }, { s: structuredClone(SEARCH) })).toEqual([]);
  });

  it('says, one line each, what moved: version, ids, names, entries new and gone', () => {
    const now: LockedAgent = {
      agentName: 'research-search-prod',
      agentId: 'SRCH000NEW',
      aliases: { live: { aliasName: 'prod-live', aliasId: 'LIVE000NEW', agentVersion: '4' }, canary: { aliasName: 'prod-canary', aliasId: 'CANARY0001', agentVersion: '5' } },
    };
    const writer: LockedAgent = { agentName: 'writer', agentId: 'WRTR5K1Z3C', aliases: {} };
    expect(lockDrift({ s: SEARCH, old: writer }, { s: now, w: writer })).toEqual([
      'old: in the lock (writer, WRTR5K1Z3C) but not resolved from the account',
      's: agent id SRCH7Q2K1A in the lock, SRCH000NEW in the account',
      's alias canary: not in the lock; the account has prod-canary (CANARY0001, version 5)',
      's alias live: alias id LIVE4S0R1A in the lock, LIVE000NEW in the account',
      's alias live: routes to version 4 in the account, 3 in the lock',
      'w: not in the lock; the account has writer (WRTR5K1Z3C)',
    ]);
    expect(lockDrift(undefined, { w: writer })).toEqual(['w: not in the lock; the account has writer (WRTR5K1Z3C)']);
  });
});
