import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT, runCliProcess } from './run-cli.js';
import { WatchProcess } from './watch-process.js';

// Under the repository, so the workflows resolve @agentflow/dsl and zod from the workspace.
mkdirSync(join(ROOT, '.tmp'), { recursive: true });
const temp = mkdtempSync(join(ROOT, '.tmp', 'compile-watch-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

const SHARED = (note: string) => `import { agent } from '@agentflow/dsl';
import { z } from 'zod';

export const NOTE = '${note}';
export const researcher = agent('research', {
  agentName: 'market-researcher',
  alias: 'live',
  output: z.object({ claim: z.string().max(100) }),
  timeout: { minutes: 5 },
});
`;

const WORKFLOW = (name: string, extra = '') => `import { text, workflow } from '@agentflow/dsl';
import { z } from 'zod';
import { NOTE, researcher } from '../lib/shared.js';

export default workflow('${name}', { input: z.object({ q: z.string().max(100) }), comment: \`${name} \${NOTE}${extra}\` }, (flow) => {
  flow.invoke(researcher, { prompt: text\`Answer: \${flow.input.q}\` });
});
`;

function project(name: string): string {
  const dir = join(temp, name);
  mkdirSync(join(dir, 'wf'), { recursive: true });
  mkdirSync(join(dir, 'lib'), { recursive: true });
  writeFileSync(join(dir, 'lib/shared.ts'), SHARED('v1'));
  writeFileSync(join(dir, 'wf/one.ts'), WORKFLOW('watch-one'));
  writeFileSync(join(dir, 'wf/two.ts'), WORKFLOW('watch-two'));
  return dir;
}

const comment = (dir: string, name: string) => (JSON.parse(readFileSync(join(dir, 'out', `${name}.asl.json`), 'utf8')) as { Comment: string }).Comment;

describe('agentflow compile --watch (real CLI process)', () => {
  it('recompiles only what a change affects, keeps --out current, survives errors and exits 0 on SIGINT', async () => {
    const dir = project('main');
    const watch = new WatchProcess(['wf', '--out', 'out'], dir);
    try {
      const first = await watch.nextRun();
      expect(first[0]).toBe('watch: compiling wf/one.ts, wf/two.ts');
      expect(first.at(-1)).toMatch(/^watch: 2\/2 workflow\(s\) compiled in \d+ ms, 0 error\(s\), 0 warning\(s\); waiting for changes$/);
      expect(first).toContain('wrote out/watch-one.asl.json');
      expect(comment(dir, 'watch-one')).toBe('watch-one v1');

      // A save without changes and a touch: no run. The next real change is then the only thing compiled.
      writeFileSync(join(dir, 'wf/one.ts'), WORKFLOW('watch-one'));
      const later = new Date(Date.now() + 5_000);
      utimesSync(join(dir, 'lib/shared.ts'), later, later);
      await new Promise((resolve) => setTimeout(resolve, 500));
      writeFileSync(join(dir, 'wf/two.ts'), WORKFLOW('watch-two', ' edited'));
      const edited = await watch.nextRun();
      expect(edited[0]).toBe('watch: compiling wf/two.ts (changed: wf/two.ts)');
      expect(edited).toContain('wrote out/watch-two.asl.json');
      expect(edited).not.toContain('wrote out/watch-one.asl.json');
      expect(comment(dir, 'watch-two')).toBe('watch-two v1 edited');

      // A local module both workflows import: both are imported afresh and recompiled.
      writeFileSync(join(dir, 'lib/shared.ts'), SHARED('v2'));
      const shared = await watch.nextRun();
      expect(shared[0]).toBe('watch: compiling wf/one.ts, wf/two.ts (changed: lib/shared.ts)');
      expect(comment(dir, 'watch-one')).toBe('watch-one v2');
      expect(comment(dir, 'watch-two')).toBe('watch-two v2 edited');

      // A syntax error is reported with its location; the last good output stays; the fix recompiles.
      writeFileSync(join(dir, 'wf/one.ts'), `${WORKFLOW('watch-one')}\nexport const broken = ;\n`);
      const broken = await watch.nextRun();
      expect(broken.join('\n')).toContain('error[workflow-syntax-error]');
      expect(broken.join('\n')).toMatch(/--> wf\/one\.ts:\d+:\d+/);
      expect(broken.at(-1)).toMatch(/0\/1 workflow\(s\) compiled in \d+ ms, 1 error\(s\)/);
      expect(broken).toContain('kept the last good output of wf/one.ts in out until its errors are fixed');
      expect(comment(dir, 'watch-one')).toBe('watch-one v2');
      writeFileSync(join(dir, 'wf/one.ts'), WORKFLOW('watch-one', ' fixed'));
      const fixed = await watch.nextRun();
      expect(fixed.at(-1)).toMatch(/1\/1 workflow\(s\) compiled in \d+ ms, 0 error\(s\)/);
      expect(comment(dir, 'watch-one')).toBe('watch-one v2 fixed');

      // A new workflow file in a watched directory is compiled; deleting it removes its outputs.
      writeFileSync(join(dir, 'wf/three.ts'), WORKFLOW('watch-three'));
      const added = await watch.nextRun();
      expect(added[0]).toBe('watch: compiling wf/three.ts');
      expect(comment(dir, 'watch-three')).toBe('watch-three v2');
      rmSync(join(dir, 'wf/three.ts'));
      const removed = await watch.nextRun();
      expect(removed[0]).toBe('watch: removed wf/three.ts');
      expect(removed).toContain('removed out/watch-three.asl.json');
      expect(existsSync(join(dir, 'out/watch-three.asl.json'))).toBe(false);
      expect(existsSync(join(dir, 'out/watch-one.asl.json'))).toBe(true);

      // A module beside the workflows (no default export) is not a workflow: no error, no output, as `compile` skips it.
      writeFileSync(join(dir, 'wf/agents.ts'), "export const agentNames = ['a', 'b'];\n");
      const module = await watch.nextRun();
      expect(module[0]).toBe('watch: compiling wf/agents.ts');
      expect(module.at(-1)).toMatch(/^watch: 0\/0 workflow\(s\) compiled in \d+ ms, 0 error\(s\), 0 warning\(s\); waiting for changes$/);
      expect(existsSync(join(dir, 'out/agents.asl.json'))).toBe(false);

      watch.signal('SIGINT');
      expect(await watch.exited).toBe(0);
      expect(watch.unread).toContain('watch: stopped (SIGINT)');
    } finally {
      watch.signal('SIGKILL');
    }
  }, 240_000);

  it('recompiles every workflow when --config changes, re-reads CommonJS modules, and ends with exit 0 when its piped standard input ends', async () => {
    const dir = project('config');
    // No "type": "module": the workflows and their local modules load as CommonJS, cached by file name.
    writeFileSync(join(dir, 'package.json'), '{ "name": "watch-commonjs" }\n');
    const config = readFileSync(join(ROOT, 'agentflow.config.yaml'), 'utf8').replace(/^# yaml-language-server.*\n/, '');
    writeFileSync(join(dir, 'project.yaml'), config);
    const watch = new WatchProcess(['wf/one.ts', 'wf/two.ts', '--out', 'out', '--config', 'project.yaml', '--env', 'dev'], dir);
    try {
      await watch.nextRun();
      expect(readFileSync(join(dir, 'out/watch-one.asl.json'), 'utf8')).toContain(':us-east-1:');
      writeFileSync(join(dir, 'project.yaml'), config.replace(/region: us-east-1/, 'region: eu-west-1'));
      const run = await watch.nextRun();
      expect(run[0]).toBe('watch: compiling wf/one.ts, wf/two.ts (changed: project.yaml)');
      expect(readFileSync(join(dir, 'out/watch-one.asl.json'), 'utf8')).toContain(':eu-west-1:');
      expect(readFileSync(join(dir, 'out/watch-two.asl.json'), 'utf8')).toContain(':eu-west-1:');
      writeFileSync(join(dir, 'lib/shared.ts'), SHARED('v2'));
      const shared = await watch.nextRun();
      expect(shared[0]).toBe('watch: compiling wf/one.ts, wf/two.ts (changed: lib/shared.ts)');
      expect(comment(dir, 'watch-one')).toBe('watch-one v2');
      watch.endStdin();
      expect(await watch.exited).toBe(0);
      expect(watch.unread).toContain('watch: stopped (end of standard input)');
    } finally {
      watch.signal('SIGKILL');
    }
  }, 240_000);

  it('refuses --watch with --check (exit 2)', async () => {
    const dir = project('check');
    const run = await runCliProcess(['compile', 'wf', '--watch', '--check', '--out', 'out'], dir);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--watch cannot be combined with --check');
  }, 60_000);
});
