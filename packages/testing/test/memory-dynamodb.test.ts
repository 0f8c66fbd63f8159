import { describe, expect, it } from 'vitest';
import { simulate, SimulationSetupError } from '@agentflow/testing';
import { ITEM_LIMIT_BYTES, itemBytes, MemoryDynamoDB } from '../src/services/memory-dynamodb.js';

const table = () => new MemoryDynamoDB({ cache: { key: 'id', items: [{ id: { S: 'a' }, value: { S: 'x' }, ttl: { N: '10' } }] } });

/** A one-state machine that runs `resource` with these arguments. */
const machine = (resource: string, args: object) =>
  JSON.stringify({ QueryLanguage: 'JSONata', StartAt: 'T', States: { T: { Type: 'Task', Resource: `arn:aws:states:::dynamodb:${resource}`, Arguments: args, End: true } } });

describe('in-memory DynamoDB', () => {
  it('gets an item by its key, with a projection through ExpressionAttributeNames', () => {
    const db = table();
    expect(db.getItem({ TableName: 'cache', Key: { id: { S: 'a' } } })).toEqual({ Item: { id: { S: 'a' }, value: { S: 'x' }, ttl: { N: '10' } } });
    expect(db.getItem({ TableName: 'cache', Key: { id: { S: 'a' } }, ProjectionExpression: '#v, ttl', ExpressionAttributeNames: { '#v': 'value' } })).toEqual({ Item: { value: { S: 'x' }, ttl: { N: '10' } } });
    expect(db.getItem({ TableName: 'cache', Key: { id: { S: 'b' } } })).toEqual({});
  });

  it('replaces an item with the same key', () => {
    const db = table();
    db.putItem({ TableName: 'cache', Item: { id: { S: 'a' }, value: { S: 'y' } } });
    expect(db.snapshot().get('cache')).toEqual([{ id: { S: 'a' }, value: { S: 'y' } }]);
  });

  it('rejects a key that does not match the table, as DynamoDB does', () => {
    expect(() => table().getItem({ TableName: 'cache', Key: { pk: { S: 'a' } } })).toThrow(/does not match the schema/);
    expect(() => table().getItem({ TableName: 'cache', Key: { id: { S: 'a' }, extra: { S: 'b' } } })).toThrow(/does not match the schema/);
    expect(() => table().putItem({ TableName: 'cache', Item: { value: { S: 'y' } } })).toThrow(/does not match the schema/);
  });

  it('rejects an item over 400 KB (names and values counted in UTF-8)', () => {
    const fits = { id: { S: 'a' }, v: { S: 'é'.repeat((ITEM_LIMIT_BYTES - 4) / 2) } };
    expect(itemBytes(fits)).toBe(ITEM_LIMIT_BYTES);
    expect(() => table().putItem({ TableName: 'cache', Item: fits })).not.toThrow();
    const over = { id: { S: 'a' }, v: { S: 'é'.repeat((ITEM_LIMIT_BYTES - 4) / 2) + 'x' } };
    expect(() => table().putItem({ TableName: 'cache', Item: over })).toThrow(/Item size has exceeded the maximum allowed size/);
  });

  it('never sees a 400 KB item from a state: its arguments exceed the 256 KiB state limit first', async () => {
    const run = await simulate(machine('putItem', { TableName: 'cache', Item: { id: { S: 'a' }, v: { S: `{% $join($map([1..${ITEM_LIMIT_BYTES}], function() { 'x' })) %}` } } }), { dynamodb: { cache: { key: 'id' } } });
    expect(run.status).toBe('FAILED');
    // Terminal and uncatchable: why the payload analysis bounds a cached answer where it is compiled.
    expect(run.error).toBe('States.DataLimitExceeded');
    expect(run.dynamodb.get('cache')).toEqual([]);
  });

  it('answers only declared tables; others still need a task mock', async () => {
    const declared = await simulate(machine('getItem', { TableName: 'cache', Key: { id: { S: 'a' } } }), { dynamodb: { cache: { key: 'id', items: [{ id: { S: 'a' } }] } } });
    expect(declared.output).toEqual({ Item: { id: { S: 'a' } } });
    await expect(simulate(machine('getItem', { TableName: 'other', Key: { id: { S: 'a' } } }), { dynamodb: { cache: { key: 'id' } } })).rejects.toThrow(SimulationSetupError);
    // A task mock wins over the table; automatic mocks leave declared tables to the table.
    const mocked = await simulate(machine('getItem', { TableName: 'cache', Key: { id: { S: 'a' } } }), { dynamodb: { cache: { key: 'id' } }, tasks: { t: [{ Item: { id: { S: 'mock' } } }] } });
    expect(mocked.output).toEqual({ Item: { id: { S: 'mock' } } });
    const auto = await simulate(machine('getItem', { TableName: 'cache', Key: { id: { S: 'a' } } }), { dynamodb: { cache: { key: 'id' } }, autoMock: true });
    expect(auto.output).toEqual({});
  });

  it('refuses what it does not simulate, as a test mistake', () => {
    expect(() => table().putItem({ TableName: 'cache', Item: { id: { S: 'a' } }, ConditionExpression: 'attribute_not_exists(id)' })).toThrow(SimulationSetupError);
  });
});
