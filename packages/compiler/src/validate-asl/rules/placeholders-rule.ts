import { finding, type Finding } from '../finding.js';
import type { AslRule } from './asl-rule.js';

/**
 * `${...}` placeholders: accepted as values by default (one informational summary), errors with
 * `strict`, where the definition is expected to be fully substituted.
 */
export const placeholdersRule: AslRule = {
  name: 'placeholders',
  codes: ['UNRESOLVED_PLACEHOLDER'],
  check(model) {
    const sites = model.placeholders;
    if (sites.length === 0) return [];
    if (model.strict) {
      return sites.map((site) =>
        finding('UNRESOLVED_PLACEHOLDER', {
          severity: 'error',
          message: `Unresolved placeholder ${site.text}.`,
          pointer: site.pointer,
          hint: 'Substitute the value before deploying (SAM DefinitionSubstitutions, Terraform templatefile, CDK synth), or validate without --strict.',
        }),
      );
    }
    const first = sites[0]!;
    const distinct = new Set(sites.map((s) => s.text));
    const findingOut: Finding = finding('UNRESOLVED_PLACEHOLDER', {
      message: `The definition has ${sites.length} placeholder${sites.length === 1 ? '' : 's'} (${distinct.size} distinct, first ${first.text}); accepted where a value of their kind fits: a quoted one stays a string after substitution, an unquoted one may become any value.`,
      pointer: first.pointer,
      hint: 'Run with --strict on the substituted definition to check the final values.',
    });
    return [findingOut];
  },
};
