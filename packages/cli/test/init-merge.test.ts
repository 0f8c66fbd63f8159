import { describe, expect, it } from 'vitest';
import { mergeGitignore } from '../src/init/merge-gitignore.js';
import { mergePackageJson, newPackageJson } from '../src/init/merge-package-json.js';
import { renderTemplate } from '../src/init/templates.js';

const FRAGMENT = { scripts: { check: 'agentflow compile workflows --out build --check' }, devDependencies: { zod: '^4.1.12' } };

describe('mergeGitignore', () => {
  it.each(['node_modules', 'node_modules/', '/node_modules', ' /node_modules/ '])('takes %j for node_modules/', (line) => {
    expect(mergeGitignore(`dist\n${line}\n`, 'node_modules/\n')).toEqual({ text: `dist\n${line}\n`, added: [] });
  });

  it('appends a missing line after a last line without a newline, and to an empty file', () => {
    expect(mergeGitignore('dist', 'node_modules/\n')).toEqual({ text: 'dist\nnode_modules/\n', added: ['node_modules/'] });
    expect(mergeGitignore('', 'node_modules/\n')).toEqual({ text: 'node_modules/\n', added: ['node_modules/'] });
    // A pattern below the root is another rule, not the same one.
    expect(mergeGitignore('web/node_modules\n', 'node_modules/\n').added).toEqual(['node_modules/']);
  });
});

describe('mergePackageJson', () => {
  it('returns the text as it was when every script and package is there, whatever the dependency field', () => {
    const text = '{"scripts":{"check":"agentflow compile workflows --out build --check"},"peerDependencies":{"zod":"*"}}';
    expect(mergePackageJson(text, FRAGMENT)).toEqual({ text, added: [], kept: [] });
  });

  it('keeps a tab-indented file tab-indented and without a final newline when it had none', () => {
    const merged = mergePackageJson('{\n\t"name": "x"\n}', FRAGMENT);
    expect(merged).toMatchObject({ added: ['scripts.check', 'devDependencies.zod'] });
    expect((merged as { text: string }).text).toBe(
      '{\n\t"name": "x",\n\t"scripts": {\n\t\t"check": "agentflow compile workflows --out build --check"\n\t},\n\t"devDependencies": {\n\t\t"zod": "^4.1.12"\n\t}\n}',
    );
  });

  it.each([
    ['[]', 'it is not a JSON object'],
    ['{"scripts": []}', 'its "scripts" is not an object'],
    ['{"devDependencies": "zod"}', 'its "devDependencies" is not an object'],
  ])('refuses %s: %s', (text, problem) => {
    expect(mergePackageJson(text, FRAGMENT)).toEqual({ problem });
  });
});

describe('newPackageJson', () => {
  it.each([
    ['My Workflows', 'my-workflows'],
    ['_hidden', 'hidden'],
    ['...', 'agentflow-workflows'],
  ])('names the package after the folder %j: %j', (folder, name) => {
    expect(JSON.parse(newPackageJson(folder, FRAGMENT)).name).toBe(name);
  });
});

describe('renderTemplate', () => {
  it('fills every placeholder and refuses one it has no value for', () => {
    expect(renderTemplate('a @@x@@ b @@x@@', { x: '1' }, 't')).toBe('a 1 b 1');
    expect(() => renderTemplate('@@y@@', { x: '1' }, 't')).toThrow('template t: no value for @@y@@');
  });
});
