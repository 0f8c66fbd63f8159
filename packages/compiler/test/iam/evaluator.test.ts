import { describe, expect, it } from 'vitest';
import { allowsActionSomewhere, globMatch, isAllowed } from './helpers/iam-evaluator.js';

describe('the test IAM evaluator', () => {
  it.each([
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b/a/c.json', true],
    ['arn:aws:s3:::b/*', 'arn:aws:s3:::b', false],
    ['arn:aws:lambda:r:a:function:f:*', 'arn:aws:lambda:r:a:function:f', false],
    ['arn:aws:lambda:r:a:function:f:*', 'arn:aws:lambda:r:a:function:f:live', true],
    ['arn:aws:secretsmanager:r:a:secret:k-??????', 'arn:aws:secretsmanager:r:a:secret:k-AbC123', true],
    ['arn:aws:secretsmanager:r:a:secret:k-??????', 'arn:aws:secretsmanager:r:a:secret:k-AbC12', false],
    ['a*b*c', 'aXXbYYc', true],
    ['a*b*c', 'aXXbYY', false],
    ['*', '', true],
  ])('%s ~ %s is %s', (pattern, value, expected) => {
    expect(globMatch(pattern, value)).toBe(expected);
  });

  it('matches actions case-insensitively and resources case-sensitively', () => {
    const policy = { Statement: [{ Effect: 'Allow' as const, Action: ['S3:getobject'], Resource: ['arn:aws:s3:::B/*'] }] };
    expect(isAllowed(policy, 's3:GetObject', 'arn:aws:s3:::B/k')).toBe(true);
    expect(isAllowed(policy, 's3:GetObject', 'arn:aws:s3:::b/k')).toBe(false);
  });

  it('an explicit Deny wins; NotAction and NotResource invert', () => {
    const policy = {
      Statement: [
        { Effect: 'Allow' as const, NotAction: ['iam:*'], Resource: '*' },
        { Effect: 'Deny' as const, Action: ['s3:DeleteObject'], NotResource: ['arn:aws:s3:::scratch/*'] },
      ],
    };
    expect(isAllowed(policy, 's3:GetObject', 'arn:aws:s3:::b/k')).toBe(true);
    expect(isAllowed(policy, 'iam:PassRole', 'arn:aws:iam::1:role/r')).toBe(false);
    expect(isAllowed(policy, 's3:DeleteObject', 'arn:aws:s3:::b/k')).toBe(false);
    expect(isAllowed(policy, 's3:DeleteObject', 'arn:aws:s3:::scratch/k')).toBe(true);
    expect(allowsActionSomewhere(policy, 'iam:PassRole')).toBe(false);
  });

  it('denies by default', () => {
    expect(isAllowed({ Statement: [] }, 's3:GetObject', 'arn:aws:s3:::b/k')).toBe(false);
  });
});

describe('conditions of the test IAM evaluator', () => {
  const listPrefix = { Statement: [{ Effect: 'Allow' as const, Action: 's3:ListBucket', Resource: 'arn:aws:s3:::b', Condition: { StringLike: { 's3:prefix': ['wf/*'] } } }] };

  it('applies a conditional statement only when the request context satisfies it', () => {
    expect(isAllowed(listPrefix, 's3:ListBucket', 'arn:aws:s3:::b', { 's3:prefix': 'wf/exec-1/step.json' })).toBe(true);
    expect(isAllowed(listPrefix, 's3:ListBucket', 'arn:aws:s3:::b', { 's3:prefix': 'wf-other/exec-1/step.json' })).toBe(false);
    // A request without the key (a listing of the whole bucket) does not satisfy the condition.
    expect(isAllowed(listPrefix, 's3:ListBucket', 'arn:aws:s3:::b')).toBe(false);
  });

  it('refuses an operator it cannot evaluate instead of matching it', () => {
    const policy = { Statement: [{ Effect: 'Allow' as const, Action: 's3:ListBucket', Resource: '*', Condition: { NumericLessThan: { 's3:max-keys': '10' } } }] };
    expect(() => isAllowed(policy, 's3:ListBucket', 'arn:aws:s3:::b', { 's3:max-keys': '5' })).toThrow(/does not know the condition operator NumericLessThan/);
  });
});
