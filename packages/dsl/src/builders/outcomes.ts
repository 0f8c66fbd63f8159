import { z } from 'zod';

/**
 * What a reviewer sends back through the approval responder (SendTaskSuccess output).
 * A rejection is a successful callback with `approved: false`, so a following choice can route on it.
 */
export const ApprovalOutcome = z.object({
  approved: z.boolean(),
  comments: z.string().max(4000).optional(),
  reviewer: z.string().max(256).optional(),
});
export type ApprovalOutcome = z.infer<typeof ApprovalOutcome>;

/** The answer every voter agent gives: its vote and why. */
export const Ballot = z.object({
  vote: z.enum(['approve', 'reject']),
  reasoning: z.string().max(2000).optional(),
});
export type Ballot = z.infer<typeof Ballot>;

/** The tally of a vote, computed in JSONata when all voters have answered. */
export function tallySchema(voters: number) {
  return z.object({
    approvals: z.number().int().min(0).max(voters),
    rejections: z.number().int().min(0).max(voters),
    /** Voters that failed after their retries; they count as neither approval nor rejection. */
    abstentions: z.number().int().min(0).max(voters),
    total: z.literal(voters),
    ratio: z.number().min(0).max(1),
    approved: z.boolean(),
    decided: z.boolean(),
    ballots: z
      .array(z.object({ voter: z.string().max(80), vote: z.enum(['approve', 'reject', 'abstain']), reasoning: z.string().max(2000).optional() }))
      .max(voters),
  });
}
export type VoteTally = z.infer<ReturnType<typeof tallySchema>>;
