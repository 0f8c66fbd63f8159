import { pathToFileURL } from 'node:url';
import { failWith, simulate, type Json, type TaskMocks } from '@agentflow/testing';
import { describe, expect, test } from 'vitest';
import { isAllowed } from '../../compiler/test/iam/helpers/iam-evaluator.js';
import { CONFIG_FILE, compileFile, environments } from '../../compiler/test/iam/helpers/load-workflows.js';
import { grantUsed, listsPrefix, startIamRig, type AwsCall } from './iam-rig.js';
import { startResponderRig } from './responder-iam-rig.js';
import { adapterStates, placeOf } from './seed-drive.js';
import { lambdaContext } from './support.js';
import { httpEvent, linksOf, page, refOf } from './approval-support.js';

/**
 * The seed workflow research-report end to end: its compiled ASL runs in the simulator, the REAL adapter handler
 * plays every agent step (h2c Bedrock fake, S3 fake) and the REAL approval responder handles its approval — it is
 * invoked with the state's evaluated Payload, notifies the reviewers on the SNS fake, and the test then acts as a
 * reviewer: opens the link from the e-mail (GET: the confirmation page), presses the button (POST), and the
 * responder's SendTaskSuccess on the Step Functions fake is what the waiting state receives. Every AWS call of both
 * handlers is judged against the roles `compile` emits for that workflow and environment.
 */

const FILE = new URL('../../../workflows/research-report.ts', import.meta.url).pathname;
const APPROVAL_STATE = 'Approve Draft';
const KEY = Buffer.alloc(32, 0x5a).toString('base64');
const URL_BASE = 'https://approvals.example.com/decide';
const NOT_FROM_RUNS = new Set(['WriteApprovalResponderLogs', 'WriteAdapterLogs', 'ListOwnOffloadPrefixSoMissingKeysAre404']);

/** What each reviewer does in one round: approve or reject, with comments. */
type Reviewer = { readonly action: 'approve' | 'reject'; readonly comments?: string };

/** The agents' answers, fixed so the run is readable: one source, a summary, a draft whose body is offloaded. */
function answerFor(state: string, round: number): unknown {
  if (state === 'Search') return { sources: [{ url: 'https://example.com/a', title: 'A' }] };
  if (state === 'Summarize') return { url: 'https://example.com/a', summary: 'Tide pools are small.' };
  return { title: `Tide pools, draft ${round + 1}`, body: `Body of draft ${round + 1}: tide pools hold life.` };
}

describe.each(environments())('research-report in environment $name', ({ name: envName, env }) => {
  test('agents through the adapter, the approval through the responder: rejected once with comments, then approved', async () => {
    const compiled = await compileFile(FILE, envName, env);
    if (!compiled.ok) throw new Error(compiled.why);
    const { result } = compiled;
    const adapterRole = result.iam!.roles.agentAdapter!;
    const responderRole = result.iam!.roles.approvalResponder!;
    expect(responderRole.functionArn).toBeDefined();
    const approvalArgs = (JSON.stringify(result.definition).match(/"topicArn":"([^"]+)"/) ?? [])[1]!;
    const adapterPlace = placeOf(adapterRole.functionArn!);
    const bucket = env.offload!.bucket;
    const adapter = await startIamRig({
      policy: adapterRole.policy!,
      place: adapterPlace,
      buckets: [bucket],
      listBucket: listsPrefix(adapterRole.policy!, adapterPlace.partition, bucket, `${env.offload!.prefix}/${result.name}/`),
    });
    const keyParameter = `/agentflow/${result.name}/approval-key`;
    const responder = await startResponderRig({ policy: responderRole.policy!, place: placeOf(responderRole.functionArn!), keyParameter, key: KEY, buckets: [bucket], topics: [approvalArgs], s3: adapter.s3 });
    const reviewers: Reviewer[] = [{ action: 'reject', comments: 'Cite <b>two</b> sources.' }, { action: 'approve' }];
    const requests: Record<string, unknown>[] = [];
    const pages: string[] = [];
    try {
      const handler = responder.handler({ AGENTFLOW_APPROVAL_URL: URL_BASE, AGENTFLOW_APPROVAL_KEY_PARAMETER: keyParameter });
      let round = 0;
      const agentTask = (state: string) => async (args: Json) => {
        const payload = (args as { Payload: Record<string, unknown> }).Payload;
        adapter.answer(String(payload['agentId']), String(payload['sessionId']), JSON.stringify(answerFor(state, round)));
        try {
          return { ExecutedVersion: '$LATEST', Payload: (await adapter.handler(payload, lambdaContext())) as Json, StatusCode: 200 };
        } catch (error) {
          throw failWith((error as Error).name, (error as Error).message);
        }
      };
      // The approval state: Lambda hands the evaluated Payload to the responder, which returns once the reviewers are
      // notified; the state then waits for the callback the responder sends when a reviewer decides.
      const approvalTask = async (args: Json) => {
        const payload = (args as { Payload: Record<string, unknown> }).Payload;
        requests.push(payload);
        const token = String(payload['taskToken']);
        responder.openTask(token, String(payload['execution']));
        const decided = new Promise<string>((resolve) => {
          const stop = responder.sfn.onTaskResponse((r) => {
            if (r.token !== token) return;
            stop();
            resolve(r.output ?? '');
          });
        });
        const notified = (await handler(payload)) as { notified: number };
        expect(notified.notified).toBe(1);
        const message = responder.sns.published.at(-1)!.message;
        const links = linksOf(message);
        const reviewer = reviewers[round]!;
        const link = reviewer.action === 'approve' ? links.approve : links.reject;
        // A mail scanner's prefetch and the reviewer's click: GET shows the confirmation page and decides nothing.
        const confirm = page(await handler(httpEvent('GET', link)));
        expect(confirm.statusCode).toBe(200);
        expect(responder.sfn.task(token)?.status).toBe('open');
        const form: Record<string, string> = { ref: refOf(link), ...(reviewer.comments ? { comments: reviewer.comments } : {}) };
        const done = page(await handler(httpEvent('POST', URL_BASE, { form })));
        expect(done.statusCode).toBe(200);
        pages.push(confirm.body, done.body);
        round += 1;
        return JSON.parse(await decided) as Json;
      };
      const tasks: TaskMocks = {
        ...Object.fromEntries([...adapterStates(result.definition).keys()].map((state) => [state, agentTask(state)])),
        [APPROVAL_STATE]: approvalTask,
      };
      const workflow = ((await import(pathToFileURL(FILE).href)) as { default: Parameters<typeof simulate>[0] }).default;
      const run = await simulate(workflow, {
        env: envName,
        config: CONFIG_FILE,
        executionName: 'e2e-review',
        input: { topic: 'tide pools', audience: 'students' },
        tasks,
        autoMock: { answers: 'minimal', seed: 1 },
      });
      expect(run.error ?? '').toBe('');
      expect(run.status).toBe('SUCCEEDED');
      expect(round).toBe(2);

      // The reviewers saw the draft, and the rejection's comments reached the reviser.
      const messages = responder.sns.published.map((m) => m.message);
      expect(messages).toHaveLength(2);
      expect(messages[0]).toContain('Tide pools, draft 1');
      expect(messages[1]).toContain('Tide pools, draft 2');
      // The offloaded body, read by the responder from S3: what the reviewer decides on.
      expect(messages[0]).toContain('Body of draft 1: tide pools hold life.');
      expect(messages[1]).toContain('Body of draft 2: tide pools hold life.');
      for (const m of messages) expect(m).not.toContain('s3://');
      const reviserCall = adapter.agent.calls.find((c) => (c.inputText ?? '').includes('Cite <b>two</b> sources.'));
      expect(reviserCall, 'the reviser is asked with the reviewer\'s comments').toBeDefined();

      // The token reached the responder only: never a message, page or log line.
      for (const request of requests) {
        const token = String(request['taskToken']);
        for (const text of [...messages, ...pages, ...responder.logs]) expect(text.includes(token)).toBe(false);
      }
      // Comments are escaped on every page they appear on.
      expect(pages.join('')).not.toContain('<b>two</b>');

      // IAM: every call of both handlers is allowed by the role compile emitted for it…
      const key = (c: AwsCall) => `${c.action} ${c.resource}`;
      expect(adapter.denied.map(key)).toEqual([]);
      expect(responder.denied.map(key)).toEqual([]);
      expect(responder.calls.filter((c) => !isAllowed(responderRole.policy!, c.action, c.resource)).map(key)).toEqual([]);
      expect(responder.calls.map((c) => c.action).sort()).toEqual(expect.arrayContaining(['sns:Publish', 'ssm:GetParameter', 'states:SendTaskHeartbeat', 'states:SendTaskSuccess']));
      // …and the responder's role grants nothing these calls do not use, beyond its logs (written by Lambda) and KMS
      // (used by SNS for an encrypted topic, and by S3 for an object under the offload key, on the caller's behalf).
      const topicKeys = Object.values(env.kms?.topics ?? {}).flatMap((k) => (k ? [{ action: 'kms:GenerateDataKey', resource: k }, { action: 'kms:Decrypt', resource: k }] : []));
      const offloadKey = env.kms?.offload;
      const objectKeys = offloadKey ? responder.calls.filter((c) => c.action === 's3:GetObject').map(() => ({ action: 'kms:Decrypt', resource: offloadKey })) : [];
      const kmsCalls: AwsCall[] = [...topicKeys, ...objectKeys];
      const unused = responderRole.policy!.Statement.flatMap((s) =>
        s.Action.flatMap((a) => (s.Resource ?? []).filter((r) => !grantUsed(a, r, [...responder.calls, ...kmsCalls])).map((r) => `${s.Sid} ${a} ${r}`)),
      );
      expect(unused.filter((u) => !NOT_FROM_RUNS.has(u.split(' ')[0]!))).toEqual([]);
    } finally {
      await responder.close();
      await adapter.close();
    }
  }, 120_000);
});
