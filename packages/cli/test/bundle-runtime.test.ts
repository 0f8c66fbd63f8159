import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, parse } from 'node:path';
import { pathToFileURL } from 'node:url';
import { crc32 as zlibCrc32, inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBundleRuntime } from '../src/commands/bundle-runtime.js';
import { tableCrc32, zipArchive } from '../src/bundle/zip.js';
import { UsageError } from '../src/errors.js';
import type { Io } from '../src/io.js';
import { ROOT, runCli, runCliProcess } from './run-cli.js';

const ZIP = 'agentflow-agent-adapter.zip';
const RESPONDER_ZIP = 'agentflow-approval-responder.zip';

interface ZipRecord {
  readonly name: string;
  readonly method: number;
  readonly dosDate: number;
  readonly dosTime: number;
  /** Unix mode from the upper half of the external attributes. */
  readonly mode: number;
  readonly data: Buffer;
}

/**
 * Reads a zip through its end record and central directory (APPNOTE 4.3.12, 4.3.16), checks each local header
 * against its central entry, inflates the data and checks its CRC-32: independent of the writer's code paths.
 */
function readZip(zip: Buffer): ZipRecord[] {
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end)).toBe(0x06054b50);
  const count = zip.readUInt16LE(end + 10);
  const directorySize = zip.readUInt32LE(end + 12);
  let at = zip.readUInt32LE(end + 16);
  expect(at + directorySize).toBe(end);
  const records: ZipRecord[] = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressed = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    expect(zip.subarray(local + 30, local + 30 + zip.readUInt16LE(local + 26)).toString('utf8')).toBe(name);
    expect(zip.readUInt32LE(local + 14)).toBe(crc);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(start, start + compressed);
    const data = method === 8 ? inflateRawSync(body) : Buffer.from(body);
    expect(data.length).toBe(size);
    expect(zlibCrc32(data)).toBe(crc);
    records.push({ name, method, dosTime: zip.readUInt16LE(at + 12), dosDate: zip.readUInt16LE(at + 14), mode: zip.readUInt32LE(at + 38) >>> 16, data });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return records;
}

const temporaries: string[] = [];
/** A fresh directory under the system's temp directory, removed when the file's tests end. */
function temporaryDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temporaries.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temporaries) rmSync(dir, { recursive: true, force: true });
});

const HAS_UNZIP = spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0;
const figures: Record<string, number> = {};

describe('agentflow bundle-runtime', () => {
  let first: string;
  let second: string;
  let zip: Buffer;
  let responder: Buffer;

  beforeAll(async () => {
    first = temporaryDir('agentflow-bundle-a-');
    second = temporaryDir('agentflow-bundle-b-');
    const started = performance.now();
    const run = await runCli(['bundle-runtime', '--out', first]);
    figures['buildMs'] = Math.round(performance.now() - started);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect((await runCli(['bundle-runtime', '--out', second, '--json'])).code).toBe(0);
    zip = readFileSync(join(first, ZIP));
    responder = readFileSync(join(first, RESPONDER_ZIP));
  }, 120_000);

  afterAll(() => {
    // The figures of the report: sizes in bytes, times in ms on this machine.
    console.info(`bundle-runtime figures: ${JSON.stringify(figures)}`);
  });

  it('builds the same bytes twice, and the .sha256 file names the zip by its digest (sha256sum format)', () => {
    for (const [name, bytes] of [[ZIP, zip], [RESPONDER_ZIP, responder]] as const) {
      expect(readFileSync(join(second, name)).equals(bytes), name).toBe(true);
      const digest = createHash('sha256').update(bytes).digest('hex');
      expect(readFileSync(join(first, `${name}.sha256`), 'utf8')).toBe(`${digest}  ${name}\n`);
    }
    figures['zipBytes'] = zip.length;
    figures['responderZipBytes'] = responder.length;
  });

  it('builds the same bytes from a copy of the runtime package at another place and depth', async () => {
    const runtime = join(temporaryDir('agentflow-elsewhere-'), 'a/b/c/runtime');
    const source = join(ROOT, 'packages/runtime');
    cpSync(join(source, 'src'), join(runtime, 'src'), { recursive: true });
    cpSync(join(source, 'package.json'), join(runtime, 'package.json'));
    const { dependencies } = JSON.parse(readFileSync(join(source, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const name of Object.keys(dependencies)) {
      mkdirSync(dirname(join(runtime, 'node_modules', name)), { recursive: true });
      symlinkSync(realpathSync(join(source, 'node_modules', name)), join(runtime, 'node_modules', name));
    }
    const out = join(runtime, 'zips');
    expect(await runBundleRuntime({ out, runtimeDir: runtime }, { cwd: '/', stdout: () => {}, stderr: () => {}, readStdin: async () => ({ ok: true, text: '' }) as never })).toBe(0);
    expect(readFileSync(join(out, ZIP)).equals(zip)).toBe(true);
    expect(readFileSync(join(out, RESPONDER_ZIP)).equals(responder)).toBe(true);
  });

  it('prints the file, its size and digest, and with --json the same as data', async () => {
    const digest = createHash('sha256').update(zip).digest('hex');
    const responderDigest = createHash('sha256').update(responder).digest('hex');
    const text = await runCli(['bundle-runtime', '--out', first]);
    expect(text.stdout.split('\n')[0]).toBe(`${join(first, ZIP)}  ${zip.length} bytes  sha256 ${digest}`);
    expect(text.stdout).toContain('handler index.handler (nodejs20.x)');
    const json = await runCli(['bundle-runtime', '--out', 'out-dir', '--json'], second);
    expect(JSON.parse(json.stdout)).toEqual({
      bundles: [
        {
          handler: 'agent-adapter',
          file: join('out-dir', ZIP),
          bytes: zip.length,
          sha256: digest,
          bundleBytes: expect.any(Number),
          entries: ['THIRD-PARTY-NOTICES.txt', 'index.mjs'],
          lambdaHandler: 'index.handler',
          lambdaRuntime: 'nodejs20.x',
        },
        {
          handler: 'approval-responder',
          file: join('out-dir', RESPONDER_ZIP),
          bytes: responder.length,
          sha256: responderDigest,
          bundleBytes: expect.any(Number),
          entries: ['THIRD-PARTY-NOTICES.txt', 'index.mjs'],
          lambdaHandler: 'index.handler',
          lambdaRuntime: 'nodejs20.x',
        },
      ],
    });
    expect(text.stdout.split('\n')[2]).toBe(`${join(first, RESPONDER_ZIP)}  ${responder.length} bytes  sha256 ${responderDigest}`);
    expect(readFileSync(join(second, 'out-dir', ZIP)).equals(zip)).toBe(true);
  });

  it('is a valid zip of index.mjs and the notices: sorted, dated 1980-01-01 00:00, mode 0644', () => {
    const records = readZip(zip);
    expect(records.map((r) => r.name)).toEqual(['THIRD-PARTY-NOTICES.txt', 'index.mjs']);
    for (const record of records) {
      expect(record).toMatchObject({ method: 8, dosDate: (1 << 5) | 1, dosTime: 0, mode: 0o100644 });
    }
    figures['bundleBytes'] = records[1]!.data.length;
    const responderRecords = readZip(responder);
    expect(responderRecords.map((r) => r.name)).toEqual(['THIRD-PARTY-NOTICES.txt', 'index.mjs']);
    figures['responderBundleBytes'] = responderRecords[1]!.data.length;
    if (HAS_UNZIP) {
      const test = spawnSync('unzip', ['-t', join(first, ZIP)], { encoding: 'utf8' });
      expect(test.status).toBe(0);
      expect(test.stdout).toContain('No errors detected');
      const list = spawnSync('unzip', ['-Z', join(first, ZIP)], { encoding: 'utf8' });
      expect(list.stdout).toMatch(/-rw-r--r-- .* 80-Jan-01 00:00 index\.mjs/);
    }
  });

  it('holds no absolute path of this machine, and bundles the pinned SDK clients but nothing of the compiler', () => {
    const [notices, bundle] = readZip(zip).map((r) => r.data.toString('utf8'));
    for (const path of [ROOT, dirname(ROOT), homedir(), first]) expect(bundle!.includes(path), path).toBe(false);
    expect(notices).not.toContain(ROOT);
    const pins = JSON.parse(readFileSync(join(ROOT, 'packages/runtime/package.json'), 'utf8')).dependencies as Record<string, string>;
    for (const name of ['@aws-sdk/client-bedrock-agent-runtime', '@aws-sdk/client-s3']) expect(notices).toContain(`  ${name} ${pins[name]} Apache-2.0\n`);
    expect(notices).toMatch(/^ {2}ajv 8\.\S+ MIT$/m);
    expect(notices).toContain('Apache License');
    expect(notices).not.toMatch(/^ {2}(zod|yaml|commander|@agentflow\/\S+) /m);
    const [responderNotices, responderBundle] = readZip(responder).map((r) => r.data.toString('utf8'));
    for (const path of [ROOT, dirname(ROOT), homedir(), first]) expect(responderBundle!.includes(path), path).toBe(false);
    // The responder checks requests with ajv against the schema and reads offloaded message parts from S3.
    for (const name of ['@aws-sdk/client-s3', '@aws-sdk/client-sfn', '@aws-sdk/client-sns', '@aws-sdk/client-ssm']) expect(responderNotices).toContain(`  ${name} ${pins[name]} Apache-2.0\n`);
    expect(responderNotices).toMatch(/^ {2}ajv 8\.\S+ MIT$/m);
    // It never asks Bedrock.
    expect(responderNotices).not.toMatch(/^ {2}(@aws-sdk\/client-bedrock-agent-runtime|zod|yaml|commander|@agentflow\/\S+) /m);
  });

  /** Runs `call` (a script body that has `handler`) against `bundleZip`'s index.mjs in a child process that has only a Lambda's environment. */
  async function runAlone(bundleZip: Buffer, call: string, extraEnv: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const dir = temporaryDir('agentflow-lambda-task-');
    for (let at = dir; ; at = dirname(at)) {
      expect(existsSync(join(at, 'node_modules')), `${at}/node_modules would let the bundle resolve packages`).toBe(false);
      if (at === parse(at).root) break;
    }
    const bundle = readZip(bundleZip).find((r) => r.name === 'index.mjs')!;
    writeFileSync(join(dir, 'index.mjs'), bundle.data);
    const script = `
      const started = performance.now();
      const { handler } = await import(${JSON.stringify(pathToFileURL(join(dir, 'index.mjs')).href)});
      const importMs = performance.now() - started;
      ${call}`;
    // Only what a Lambda environment gives: no NODE_PATH or NODE_OPTIONS, so nothing resolves from the repository.
    const env = { PATH: process.env['PATH'] ?? '', AWS_REGION: 'us-east-1', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...extraEnv };
    return new Promise((done) => {
      const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
      child.on('close', (code) => done({ code, stdout, stderr }));
    });
  }

  it('runs alone: imported in a child process with no node_modules anywhere above it, the handler names a malformed request', async () => {
    const result = await runAlone(
      zip,
      `try {
        await handler({ agentId: 42 }, { getRemainingTimeInMillis: () => 60000, awsRequestId: 'r-1' });
        console.log(JSON.stringify({ returned: true }));
      } catch (error) {
        console.log(JSON.stringify({ name: error.name, message: error.message, importMs }));
      }`,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    // The adapter's own log line, then the error the test caught.
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'ERROR', outcome: 'Agentflow.InvalidRequest', requestId: 'r-1' });
    const outcome = JSON.parse(lines[1]!) as { name: string; message: string; importMs: number };
    expect(outcome.name).toBe('Agentflow.InvalidRequest');
    expect(outcome.message).toContain('agentId');
    figures['coldImportMs'] = Math.round(outcome.importMs);
  });

  it('runs alone: the approval responder answers a link without its reference with a 400 page, and names an unknown event', async () => {
    const result = await runAlone(
      responder,
      `const page = await handler({ version: '2.0', rawPath: '/approval', rawQueryString: '', headers: {}, requestContext: { http: { method: 'GET', path: '/approval' } } });
      console.log(JSON.stringify({ statusCode: page.statusCode, type: page.headers['content-type'], importMs }));
      try {
        await handler({ Records: [] });
      } catch (error) {
        console.log(JSON.stringify({ name: error.name }));
      }`,
      { AGENTFLOW_APPROVAL_KEY_PARAMETER: '/agentflow/w/approval-key' },
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toEqual([
      { level: 'WARN', event: 'refused', status: 400, reason: 'missing-ref' },
      { statusCode: 400, type: 'text/html; charset=utf-8', importMs: expect.any(Number) },
      { level: 'ERROR', event: 'refused', status: 'invalid-event', reason: 'Agentflow.InvalidRequest' },
      { name: 'Agentflow.InvalidRequest' },
    ]);
    figures['responderColdImportMs'] = Math.round(lines[1]!['importMs'] as number);
  });

  it('fails with a clear message, exit 1 and no stack, when --out cannot be written', { timeout: 120_000 }, async () => {
    const file = join(temporaryDir('agentflow-bundle-blocked-'), 'a-file');
    writeFileSync(file, 'not a directory');
    // The real process: what a user sees, with nothing of a stack trace.
    const run = await runCliProcess(['bundle-runtime', '--out', join(file, 'zips')]);
    expect(run.stdout).toBe('');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^error: cannot write .*a-file\/zips: a file is in the way of the directory \((ENOTDIR|EEXIST)\) \(nothing was written\)\.\nhint: /);
    expect(run.stderr).not.toMatch(/^\s+at /m);
  });

  it('requires --out (exit 2)', async () => {
    const run = await runCli(['bundle-runtime']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("required option '-o, --out <dir>' not specified");
  });
});

/** A runtime package holding `adapter` as src/adapter.ts and a minimal approval responder. */
function writeRuntime(runtime: string, adapter: string): void {
  mkdirSync(join(runtime, 'src/approval'), { recursive: true });
  writeFileSync(join(runtime, 'package.json'), '{ "type": "module" }\n');
  writeFileSync(join(runtime, 'src/adapter.ts'), adapter);
  writeFileSync(join(runtime, 'src/approval/handler.ts'), 'export const approvalHandler = async () => ({});\n');
}

describe('bundle-runtime on broken or missing runtime sources', () => {
  const io = (): Io & { err: () => string } => {
    let stderr = '';
    return { cwd: ROOT, stdout: () => {}, stderr: (t) => void (stderr += t), readStdin: async () => ({ ok: true, text: '' }) as never, err: () => stderr };
  };

  it('reports esbuild errors with their place, exit 1, and writes nothing', async () => {
    const runtime = temporaryDir('agentflow-broken-runtime-');
    writeRuntime(runtime, 'export const adapterHandler = (event: unknown) => {\n');
    const out = join(runtime, 'zips');
    const cli = io();
    expect(await runBundleRuntime({ out, runtimeDir: runtime }, cli)).toBe(1);
    expect(cli.err()).toMatch(/^error: cannot bundle the agent-adapter handler:\n {2}src\/adapter\.ts:2:1: Unexpected end of file\nhint: /);
    expect(existsSync(out)).toBe(false);
  });

  it("passes esbuild's warnings on to standard error and still writes the zip", async () => {
    const runtime = temporaryDir('agentflow-warned-runtime-');
    writeRuntime(runtime, 'export const adapterHandler = async () => ({ a: 1, a: 2 });\n');
    const out = join(runtime, 'zips');
    const cli = io();
    expect(await runBundleRuntime({ out, runtimeDir: runtime }, cli)).toBe(0);
    expect(cli.err()).toMatch(/^warning: agent-adapter: src\/adapter\.ts:1:\d+: Duplicate key "a" in object literal\n$/);
    expect(readZip(readFileSync(join(out, ZIP))).map((r) => r.name)).toEqual(['THIRD-PARTY-NOTICES.txt', 'index.mjs']);
  });

  it("rewrites the checkout's own path to `.`, and refuses a bundle that holds the home directory's path", async () => {
    const runtime = join(temporaryDir('agentflow-pathful-runtime-'), 'packages/runtime');
    writeRuntime(runtime, `export const adapterHandler = async () => ${JSON.stringify(join(runtime, 'src/data.json'))};\n`);
    const out = join(runtime, 'zips');
    expect(await runBundleRuntime({ out, runtimeDir: runtime }, io())).toBe(0);
    const bundle = readZip(readFileSync(join(out, ZIP))).find((r) => r.name === 'index.mjs')!.data.toString('utf8');
    expect(bundle).toContain('"./src/data.json"');
    expect(bundle).not.toContain(dirname(dirname(runtime)));

    writeFileSync(join(runtime, 'src/adapter.ts'), `export const adapterHandler = async () => ${JSON.stringify(join(homedir(), '.aws/config'))};\n`);
    const cli = io();
    expect(await runBundleRuntime({ out, runtimeDir: runtime }, cli)).toBe(1);
    expect(cli.err()).toContain(`the bundle still holds this machine's path ${homedir()}, so it would differ between machines`);
  });

  it('is a usage error when the runtime package is not there', async () => {
    const cli = io();
    await expect(runBundleRuntime({ out: 'zips', runtimeDir: join(tmpdir(), 'no-such-runtime') }, cli)).rejects.toThrow(UsageError);
  });
});

describe('zipArchive', () => {
  it('computes the zip CRC-32 by table exactly as zlib does', () => {
    for (const text of ['', 'a', '123456789', 'x'.repeat(10_000)]) expect(tableCrc32(Buffer.from(text))).toBe(zlibCrc32(Buffer.from(text)));
    expect(tableCrc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('stores an entry that deflate would not shrink, sorts names and refuses unsafe or repeated ones', () => {
    const noise = createHash('sha512').update('seed').digest();
    const records = readZip(zipArchive([{ name: 'b.bin', data: noise }, { name: 'a/c.txt', data: Buffer.from('hello hello hello hello') }]));
    expect(records.map((r) => [r.name, r.method])).toEqual([['a/c.txt', 8], ['b.bin', 0]]);
    expect(records[1]!.data.equals(noise)).toBe(true);
    for (const name of ['/abs', '../up', 'a\\b', '']) expect(() => zipArchive([{ name, data: Buffer.alloc(1) }])).toThrow(RangeError);
    expect(() => zipArchive([{ name: 'x', data: Buffer.alloc(1) }, { name: 'x', data: Buffer.alloc(2) }])).toThrow(/given twice/);
  });
});

describe('docs/runtime.md', () => {
  it('lists every environment variable the adapter reads, and the handler and runtime the zip is built for', () => {
    const doc = readFileSync(join(ROOT, 'docs/runtime.md'), 'utf8');
    const source = readFileSync(join(ROOT, 'packages/runtime/src/adapter.ts'), 'utf8');
    const read = [...source.matchAll(/(?:process\.env\['|numberFromEnv\(')(AGENTFLOW_[A-Z_]+)'/g)].map((m) => m[1]!);
    expect(read.length).toBeGreaterThanOrEqual(4);
    for (const name of read) expect(doc, name).toContain(`| \`${name}\` |`);
    expect(doc).toContain('handler          = "index.handler"');
    expect(doc).toContain('Handler: index.handler');
    expect(doc).toContain('runtime          = "nodejs20.x"');
  });

  it('lists every environment variable the approval responder reads, and its error names', () => {
    const doc = readFileSync(join(ROOT, 'docs/runtime.md'), 'utf8');
    const source = readFileSync(join(ROOT, 'packages/runtime/src/approval/settings.ts'), 'utf8');
    const read = [...new Set([...source.matchAll(/value\('(AGENTFLOW_[A-Z_]+)'\)/g)].map((m) => m[1]!))];
    expect(read.sort()).toEqual(['AGENTFLOW_APPROVAL_COMMENTS_MAX', 'AGENTFLOW_APPROVAL_KEY_PARAMETER', 'AGENTFLOW_APPROVAL_LINK_TTL', 'AGENTFLOW_APPROVAL_REVIEWERS', 'AGENTFLOW_APPROVAL_URL', 'AGENTFLOW_DEBUG']);
    const section = doc.slice(doc.indexOf('## The approval responder'));
    for (const name of read) expect(section, name).toContain(`| \`${name}\` |`);
    for (const name of ['Agentflow.ApprovalNotifyFailed', 'Agentflow.InvalidRequest', 'agentflow-approval-responder.zip', 'roles.approvalResponder']) expect(section, name).toContain(name);
  });
});
