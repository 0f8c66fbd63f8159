import { describe, expect, it } from 'vitest';
import { validateAslDefinition, validateAslText } from '../../../src/validate-asl/index.js';
import { placeholdersRule } from '../../../src/validate-asl/rules/placeholders-rule.js';
import { machine, task } from '../support/asl-builders.js';
import { ruleTable } from '../support/rule-table.js';

const templated = machine({ T: task('${FunctionArn}', { Parameters: { Table: '${TableName}' } }) });

ruleTable(placeholdersRule, {
  valid: [{ name: 'no placeholders', definition: machine({ T: task() }) }],
  invalid: [{ name: 'placeholders are reported as a note', definition: templated, code: 'UNRESOLVED_PLACEHOLDER', pointer: '/States/T/Resource', severity: 'info' }],
});

describe('placeholders with strict', () => {
  it('reports every placeholder as an error', () => {
    const diagnostics = validateAslDefinition(templated, { strict: true }).filter((d) => d.code === 'UNRESOLVED_PLACEHOLDER');
    expect(diagnostics.map((d) => [d.severity, d.pointer])).toEqual([
      ['error', '/States/T/Parameters/Table'],
      ['error', '/States/T/Resource'],
    ]);
  });

  it('reports unquoted placeholders at their own position', () => {
    const text = '{\n  "StartAt": "W",\n  "States": {"W": {"Type": "Wait", "Seconds": ${delay}, "End": true}}\n}\n';
    const [diagnostic] = validateAslText(text, { strict: true, file: 'w.json' }).filter((d) => d.code === 'UNRESOLVED_PLACEHOLDER');
    expect(diagnostic).toMatchObject({ severity: 'error', pointer: '/States/W/Seconds', message: 'Unresolved placeholder ${delay}.' });
    expect(diagnostic!.loc).toEqual({ file: 'w.json', line: 3, column: 47 });
  });
});
