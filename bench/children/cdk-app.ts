/**
 * Optional CDK comparison: synthesises a research-report state machine written with CDK's Step Functions
 * constructs (search → map of summaries → draft → approval loop of at most 3 rounds → EventBridge), the
 * equivalent of workflows/research-report.ts, and reports import and synth time.
 *
 * aws-cdk-lib is not a dependency of this repo: everything is loaded at run time and typed loosely, so this file
 * type-checks without it. Prints one JSON line: `{ importMs, synthMs, templateBytes, templateCheck }` or
 * `{ skipped | error }`. `templateCheck` says whether CDK's built-in CloudFormation template validation ran (it is
 * true when its engine, `@aws/cloudformation-validate`, was loaded): aws-cdk-lib ≥ 2.262 runs it on every synth unless
 * `CDK_VALIDATION=false` (what `cdk synth --no-validation` passes) or `new App({ builtinCloudFormationValidation:
 * false })`, and it is most of CDK's synth time.
 *
 * The app reads the context `cdk synth` would pass from CDK_CONTEXT_JSON itself (CDK's App does), so the caller sets
 * that. Arguments: `--from DIR` resolves aws-cdk-lib from DIR (the temp folder `pnpm bench --only cdk --install-cdk`
 * installs it into; default: this repository); `--skip-validation` synthesises with `app.synth({ skipValidation:
 * true })`, which skips only the constructs' own `validate()` methods — not the template check (measured: no effect).
 */
import { createRequire } from 'node:module';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

/* eslint-disable @typescript-eslint/no-explicit-any -- CDK is optional and untyped here. */
type Any = any;

const argv = process.argv.slice(2);
const fromAt = argv.indexOf('--from');
const from = fromAt >= 0 ? argv[fromAt + 1]! : fileURLToPath(new URL('../../', import.meta.url));
const skipValidation = argv.includes('--skip-validation');
const req = createRequire(join(from, 'package.json'));
const out = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

let cdk: Any;
try {
  req.resolve('aws-cdk-lib');
} catch {
  out({ skipped: 'aws-cdk-lib is not installed' });
  process.exit(0);
}

const outdir = mkdtempSync(join(tmpdir(), 'agentflow-bench-cdk-'));
try {
  const t0 = performance.now();
  cdk = req('aws-cdk-lib');
  const sfn: Any = req('aws-cdk-lib/aws-stepfunctions');
  const tasks: Any = req('aws-cdk-lib/aws-stepfunctions-tasks');
  const lambda: Any = req('aws-cdk-lib/aws-lambda');
  const sns: Any = req('aws-cdk-lib/aws-sns');
  const events: Any = req('aws-cdk-lib/aws-events');
  const importMs = performance.now() - t0;

  const t1 = performance.now();
  const app = new cdk.App({ outdir });
  const stack = new cdk.Stack(app, 'ResearchReport', { env: { account: '111122223333', region: 'us-east-1' } });
  const adapter = lambda.Function.fromFunctionArn(stack, 'Adapter', 'arn:aws:lambda:us-east-1:111122223333:function:agentflow-agent-adapter');
  const topic = sns.Topic.fromTopicArn(stack, 'Reviewers', 'arn:aws:sns:us-east-1:111122223333:agentflow-report-reviewers');
  const bus = events.EventBus.fromEventBusName(stack, 'Bus', 'research-reports');
  // Newer CDK takes sfn.Timeout; older takes a Duration.
  const timeout = (d: Any) => (sfn.Timeout ? { taskTimeout: sfn.Timeout.duration(d) } : { timeout: d });
  const heartbeat = (d: Any) => (sfn.Timeout ? { heartbeatTimeout: sfn.Timeout.duration(d) } : { heartbeat: d });
  const J = sfn.JsonPath;

  const invoke = (id: string, agentId: string, aliasId: string, prompt: Any, resultPath: string, minutes: number) =>
    new tasks.LambdaInvoke(stack, id, {
      lambdaFunction: adapter,
      payload: sfn.TaskInput.fromObject({
        agentId,
        agentAliasId: aliasId,
        sessionId: J.format(`{}:${id}`, J.stringAt('$$.Execution.Name')),
        inputText: prompt,
      }),
      resultSelector: { 'value.$': '$.Payload' },
      resultPath,
      retryOnServiceExceptions: true,
      ...timeout(cdk.Duration.minutes(minutes)),
    });

  const search = invoke('Search', 'SRCH7Q2K1A', 'LIVE4S0R1A', J.format('Find up to 25 recent, citable sources about: {}', J.stringAt('$.topic')), '$.search', 5);
  const summarize = new sfn.Map(stack, 'SummarizeSources', { itemsPath: '$.search.value.sources', maxConcurrency: 10, resultPath: '$.summaries' });
  const summary = invoke('Summarize', 'SUMM3X8P2B', 'LIVE7M2Q9B', J.format('Summarize {} ({}) in at most 300 words.', J.stringAt('$.title'), J.stringAt('$.url')), '$.summary', 5);
  if (typeof summarize.itemProcessor === 'function') summarize.itemProcessor(summary);
  else summarize.iterator(summary);
  const write = invoke(
    'WriteDraft',
    'WRTR5K1Z3C',
    'LIVE2W8N4C',
    J.format('Write a report on {} for {} from these summaries: {}', J.stringAt('$.topic'), J.stringAt('$.audience'), J.jsonToString(J.objectAt('$.summaries'))),
    '$.draft',
    10,
  );
  const init = new sfn.Pass(stack, 'Review', { result: sfn.Result.fromObject({ n: 0 }), resultPath: '$.round' });
  const approve = new tasks.SnsPublish(stack, 'ApproveDraft', {
    topic,
    integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    subject: 'Review requested',
    message: sfn.TaskInput.fromObject({
      taskToken: J.taskToken,
      workflow: 'research-report',
      step: 'approve-draft',
      execution: J.stringAt('$$.Execution.Id'),
      message: J.format('Please review the report "{}".', J.stringAt('$.draft.value.title')),
    }),
    resultPath: '$.verdict',
    ...timeout(cdk.Duration.days(2)),
    ...heartbeat(cdk.Duration.hours(12)),
  });
  const publish = new tasks.EventBridgePutEvents(stack, 'Publish', {
    entries: [
      {
        eventBus: bus,
        source: 'agentflow.research-report',
        detailType: 'ReportApproved',
        detail: sfn.TaskInput.fromObject({ topic: J.stringAt('$.topic'), report: J.objectAt('$.draft.value') }),
      },
    ],
  });
  const revise = invoke('ReviseDraft', 'REVS9H4T6D', 'LIVE6R1V5D', J.format('Revise this report. Reviewer comments: {}', J.stringAt('$.verdict.comments')), '$.draft', 10);
  const nextRound = new sfn.Pass(stack, 'NextRound', { parameters: { 'n.$': 'States.MathAdd($.round.n, 1)' }, resultPath: '$.round' });
  const moreRounds = new sfn.Choice(stack, 'MoreRounds')
    .when(sfn.Condition.numberLessThan('$.round.n', 3), approve)
    .otherwise(new sfn.Fail(stack, 'Exhausted', { error: 'Agentflow.LoopExhausted', cause: 'Three review rounds without approval.' }));
  const approved = new sfn.Choice(stack, 'Approved').when(sfn.Condition.booleanEquals('$.verdict.approved', true), publish).otherwise(revise.next(nextRound).next(moreRounds));
  const chain = search.next(summarize).next(write).next(init).next(approve).next(approved);
  new sfn.StateMachine(stack, 'StateMachine', {
    ...(sfn.DefinitionBody ? { definitionBody: sfn.DefinitionBody.fromChainable(chain) } : { definition: chain }),
    timeout: cdk.Duration.days(7),
  });
  app.synth(skipValidation ? { skipValidation: true } : {});
  const synthMs = performance.now() - t1;
  const template = readdirSync(outdir).find((f) => f.endsWith('.template.json'));
  const templateBytes = template ? readFileSync(join(outdir, template), 'utf8').length : 0;
  const templateCheck = Object.keys(req.cache).some((file) => file.includes('cloudformation-validate'));
  out({ importMs, synthMs, templateBytes, templateCheck });
} catch (error) {
  out({ error: error instanceof Error ? error.message.split('\n')[0] : String(error) });
} finally {
  rmSync(outdir, { recursive: true, force: true });
}
