import { describe, expect, it } from 'vitest';
import { renderProblem, statusText } from '../src/render/deploy-text.js';

describe('deploy problems and status as text', () => {
  it('escapes terminal control sequences in AWS text and keeps the error[code] / hint shape', () => {
    const out = renderProblem({ code: 'aws-error', workflow: 'hello', message: 'bad \u001b[2J\u001b[31mred\u0007', hint: 'try \u001b]8;;http://x\u0007again' });
    expect(out).not.toMatch(/[\u001b\u0007]/);
    expect(out).toMatch(/^error\[aws-error\]: hello: bad .*red/);
    expect(out).toMatch(/\n {2}= hint: try /);
  });

  it('status of a machine that is not deployed says so', () => {
    expect(statusText({ workflow: 'w', stateMachineArn: 'arn:aws:states:us-east-1:111122223333:stateMachine:w', deployed: false, match: 'not deployed', tags: {} })).toBe(
      'w  arn:aws:states:us-east-1:111122223333:stateMachine:w\n  not deployed\n',
    );
  });

  it("names the version a description belongs to: the alias's main route, not the newest version", () => {
    const text = statusText({
      workflow: 'w',
      stateMachineArn: 'arn:aws:states:us-east-1:111122223333:stateMachine:w',
      deployed: true,
      latestVersion: 2,
      latestRevisionVersion: 2,
      alias: { name: 'live', routes: [{ version: 2, weight: 10 }, { version: 1, weight: 90 }] },
      match: 'unknown',
      tags: {},
      versionDescription: 'agentflow sha256:aaaa git 1234',
    });
    expect(text).toContain("  v1 (the alias's main route): agentflow sha256:aaaa git 1234\n");
    expect(text).toContain("  latest revision's definition: unreadable (not compared: pass the workflow file to compare)\n");
  });
});
