import { createHash } from 'node:crypto';
import type { AgentCache, AgentStep } from '@agentflow/dsl';
import { CACHE_VALUE_ATTRIBUTE } from '@agentflow/dsl';
import { cacheStateNames } from './cache-states.js';
import { resourceKey } from '../../passes/resolve-environment/resolve-environment.js';
import type { AslState, EmitContext, NamedState } from './emit-context.js';
import type { StepEmit } from './emit-block.js';
import { emitAgent } from './emit-tasks.js';
import { jsonata, stringLiteral, withPath, type ExprContext } from './jsonata.js';
import { outputSchemaOf } from './output-schema.js';
import { stableJson } from './canonical-json.js';

/** DynamoDB answers in milliseconds; a lookup that takes longer is treated as a miss rather than holding the step up. */
export const CACHE_TIMEOUT_SECONDS = 10;

/**
 * Throttling clears with time: retried like any DynamoDB call, before the catcher turns what remains into a miss
 * (lookup) or a skipped store. Error names are `DynamoDB.<exception>` (asl-facts §1.6).
 */
export const CACHE_THROTTLE_RETRY = Object.freeze({
  ErrorEquals: ['DynamoDB.ProvisionedThroughputExceededException', 'DynamoDB.ThrottlingException', 'DynamoDB.RequestLimitExceeded'],
  IntervalSeconds: 1,
  MaxAttempts: 3,
  BackoffRate: 2,
  JitterStrategy: 'FULL',
});

/** The current time in epoch seconds, as DynamoDB TTL counts it; read from the state's own entry time. */
const NOW_SECONDS = '$floor($toMillis($states.context.State.EnteredTime) / 1000)';

/**
 * The partition key: SHA-256 of the agent, alias and output schema (compile-time constants) and the author's key
 * (or the prompt). Hashing keeps any key under DynamoDB's 2,048-byte partition key limit, and the schema digest
 * keeps answers of an older output schema from being read as the new type.
 */
function keyExpr(step: AgentStep, cache: AgentCache, ctx: EmitContext, exprs: ExprContext): string {
  const resolved = ctx.resolved.agents.get(step.agent);
  const agentId = resolved?.agentId ?? ('id' in step.agent.agent ? step.agent.agent.id : `\${agent:${step.agent.agent.name}}`);
  const aliasId = resolved?.aliasId ?? ('id' in step.agent.alias ? step.agent.alias.id : `\${alias:${step.agent.alias.name}}`);
  const schema = createHash('sha256').update(stableJson(outputSchemaOf(step.agent.output))).digest('hex').slice(0, 16);
  const material = cache.key ?? step.prompt;
  return `{% $hash(${stringLiteral(`${agentId}/${aliasId}/${schema}/`)} & ${jsonata(material, exprs)}, 'SHA-256') %}`;
}

/**
 * A cached agent invocation (docs/agent-cache.md): GetItem → Choice → the agent's Task → PutItem, joining after the
 * step with the same value in the step's variable. The lookup decides `hit` itself (item present, answer present,
 * TTL still in the future: DynamoDB deletes expired items only eventually) and parses the stored answer, so a
 * malformed item is a caught failure (a miss), never a failure of the Choice, which has no Catch.
 */
export function emitCachedAgent(step: AgentStep, ctx: EmitContext, at: StepEmit): NamedState[] {
  const cache = step.cache!;
  if (!('next' in at.cont)) throw new Error(`emitCachedAgent: step '${step.id}' needs a following state (emitScope adds one)`);
  const after = at.cont.next;
  const names = cacheStateNames(step.id);
  const owner = { what: `the cache of step '${step.id}'`, loc: cache.loc ?? step.loc };
  for (const name of [names.get, names.check, names.put]) ctx.states.reserve(name, owner);
  const table = ctx.resolved.resources.get(resourceKey({ type: 'dynamodb-table', name: cache.table, form: 'name' })) ?? `\${${cache.table}}`;
  // Later states read the workflow input (or map item) from variables; only the entry may read its bound input.
  const later = ctx.exprs();
  const attributeNames = { '#answer': CACHE_VALUE_ATTRIBUTE, '#expires': cache.ttlAttribute };
  const item = (path: string[]) => withPath('$cached', path);
  const hit = `$exists(${item([CACHE_VALUE_ATTRIBUTE, 'S'])}) and $exists(${item([cache.ttlAttribute, 'N'])}) and $number(${item([cache.ttlAttribute, 'N'])}) > ${NOW_SECONDS}`;
  const answer = `$lookup($parse(${item([CACHE_VALUE_ATTRIBUTE, 'S'])}), ${stringLiteral(CACHE_VALUE_ATTRIBUTE)})`;

  const get: AslState = {
    Type: 'Task',
    Resource: ctx.integration('dynamodb:getItem'),
    Arguments: {
      TableName: table,
      Key: { [cache.keyAttribute]: { S: keyExpr(step, cache, ctx, at.exprs) } },
      ProjectionExpression: '#answer, #expires',
      ExpressionAttributeNames: attributeNames,
    },
    Output: `{% ($cached := $states.result.Item; $hit := ${hit}; {'hit': $hit, 'answer': $hit ? ${answer}}) %}`,
    TimeoutSeconds: CACHE_TIMEOUT_SECONDS,
    Retry: [{ ...CACHE_THROTTLE_RETRY, ErrorEquals: [...CACHE_THROTTLE_RETRY.ErrorEquals] }],
    Catch: [{ ErrorEquals: ['States.ALL'], Next: names.invoke }],
    Next: names.check,
  };
  const rule: AslState = { Condition: '{% $states.input.hit %}', Next: after };
  ctx.produce(`result:${step.id}`, rule, '{% $states.input.answer %}');
  const check: AslState = { Type: 'Choice', Choices: [rule], Default: names.invoke };

  const invoke = emitAgent(step, ctx, later);
  invoke['Next'] = names.put;
  const put: AslState = {
    Type: 'Task',
    Resource: ctx.integration('dynamodb:putItem'),
    Arguments: {
      TableName: table,
      Item: {
        [cache.keyAttribute]: { S: keyExpr(step, cache, ctx, later) },
        // The invoke's output is the Lambda response: `Payload` is the answer, or its S3 pointer when offloaded.
        [CACHE_VALUE_ATTRIBUTE]: { S: `{% $string({${stringLiteral(CACHE_VALUE_ATTRIBUTE)}: $states.input.Payload}) %}` },
        [cache.ttlAttribute]: { N: `{% $string(${NOW_SECONDS} + ${cache.ttlSeconds}) %}` },
      },
    },
    TimeoutSeconds: CACHE_TIMEOUT_SECONDS,
    Retry: [{ ...CACHE_THROTTLE_RETRY, ErrorEquals: [...CACHE_THROTTLE_RETRY.ErrorEquals] }],
    Catch: [{ ErrorEquals: ['States.ALL'], Next: after }],
    Next: after,
  };
  return [
    [names.get, get],
    [names.check, check],
    [names.invoke, invoke],
    [names.put, put],
  ];
}
