import type { AslCode } from '../asl-codes.js';
import type { Finding } from '../finding.js';
import type { AslModel } from '../model/asl-model.js';

/** A semantic check: a pure function of the pre-computed model. */
export interface AslRule {
  readonly name: string;
  readonly codes: readonly AslCode[];
  check(model: AslModel): Finding[];
}
