import type { Json, SimTable } from '../types.js';
import { SimulationSetupError, StatesError } from '../engine/errors.js';

/** DynamoDB's item size limit: 400 KB, attribute names and values together. */
export const ITEM_LIMIT_BYTES = 400 * 1024;

type Item = { [attribute: string]: Json };

/**
 * How Step Functions reports a DynamoDB `ValidationException` (too large an item, a key that does not match the
 * table): the SDK's generic exception name, with the detail in the cause. Third-party captures show this name; no AWS
 * page lists it (UNSETTLED). A cache catches `States.ALL`, so its behaviour does not depend on the name.
 */
const VALIDATION_ERROR = 'DynamoDB.AmazonDynamoDBException';

const utf8 = (text: string) => Buffer.byteLength(text, 'utf8');

/** Bytes DynamoDB counts for an attribute value (approximate for numbers: their digits). */
function valueBytes(value: Json): number {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return utf8(JSON.stringify(value));
  const [type, inner] = Object.entries(value)[0] ?? ['NULL', null];
  switch (type) {
    case 'S':
    case 'N':
      return utf8(String(inner));
    case 'B':
      return Buffer.from(String(inner), 'base64').length;
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
    case 'NS':
      return (inner as string[]).reduce((n, s) => n + utf8(s), 0);
    case 'L':
      return 3 + (inner as Json[]).reduce((n: number, v) => n + 1 + valueBytes(v), 0);
    case 'M':
      return 3 + itemBytes(inner as Item);
    default:
      return utf8(JSON.stringify(inner));
  }
}

export function itemBytes(item: Item): number {
  return Object.entries(item).reduce((n, [name, value]) => n + utf8(name) + valueBytes(value), 0);
}

/**
 * The in-memory tables behind `dynamodb:getItem` / `putItem` Tasks, declared per run (`simulate({ dynamodb })`) with
 * their key attributes. Items are in attribute-value form (`{ id: { S: 'a' } }`), as the integration sends them.
 */
export class MemoryDynamoDB {
  private readonly tables = new Map<string, { key: readonly string[]; items: Map<string, Item> }>();

  constructor(initial?: Readonly<Record<string, SimTable>>) {
    for (const [name, table] of Object.entries(initial ?? {})) {
      const key = typeof table.key === 'string' ? [table.key] : [...table.key];
      const items = new Map<string, Item>();
      this.tables.set(name, { key, items });
      for (const item of table.items ?? []) items.set(this.keyOf(name, item as Item, 'item'), structuredClone(item) as Item);
    }
  }

  has(table: string): boolean {
    return this.tables.has(table);
  }

  /** Every table's items after the run, in key order. */
  snapshot(): ReadonlyMap<string, readonly Json[]> {
    return new Map([...this.tables].map(([name, t]) => [name, [...t.items.keys()].sort().map((k) => t.items.get(k)! as Json)]));
  }

  getItem(args: Record<string, unknown>): Json {
    const table = String(args['TableName']);
    const found = this.tables.get(table)!.items.get(this.keyOf(table, (args['Key'] ?? {}) as Item, 'key', true));
    if (!found) return {};
    const projection = args['ProjectionExpression'];
    if (projection === undefined) return { Item: structuredClone(found) };
    const names = (args['ExpressionAttributeNames'] ?? {}) as Record<string, string>;
    const picked: Item = {};
    for (const raw of String(projection).split(',').map((p) => p.trim())) {
      const name = raw.startsWith('#') ? names[raw] : raw;
      if (name === undefined) throw new StatesError(VALIDATION_ERROR, `ValidationException: ${raw} is not defined in ExpressionAttributeNames.`);
      if (/[.[]/.test(name) && !raw.startsWith('#')) throw new SimulationSetupError(`ProjectionExpression '${raw}' reads a nested path, which the in-memory DynamoDB does not simulate.`, 'Give the state a task mock instead.');
      if (Object.hasOwn(found, name)) picked[name] = structuredClone(found[name]!);
    }
    return { Item: picked };
  }

  putItem(args: Record<string, unknown>): Json {
    const table = String(args['TableName']);
    if (args['ConditionExpression'] !== undefined) throw new SimulationSetupError(`The in-memory DynamoDB does not evaluate ConditionExpression (table '${table}').`, 'Give the state a task mock instead.');
    const item = (args['Item'] ?? {}) as Item;
    const bytes = itemBytes(item);
    if (bytes > ITEM_LIMIT_BYTES) {
      throw new StatesError(VALIDATION_ERROR, `ValidationException: Item size has exceeded the maximum allowed size (${bytes} bytes > ${ITEM_LIMIT_BYTES}).`);
    }
    this.tables.get(table)!.items.set(this.keyOf(table, item, 'item'), structuredClone(item));
    return {};
  }

  /** The item's primary key as a map key; a missing key attribute (or, for a Key, an extra one) is DynamoDB's ValidationException. */
  private keyOf(table: string, value: Item, what: 'key' | 'item', exact = false): string {
    const schema = this.tables.get(table)!.key;
    const parts = schema.map((name) => {
      const attribute = value[name];
      if (attribute === undefined || attribute === null || typeof attribute !== 'object') {
        throw new StatesError(VALIDATION_ERROR, `ValidationException: The provided key element does not match the schema (the ${what} lacks '${name}' of table '${table}').`);
      }
      return JSON.stringify(attribute);
    });
    if (exact && Object.keys(value).length !== schema.length) {
      throw new StatesError(VALIDATION_ERROR, `ValidationException: The provided key element does not match the schema (table '${table}' is keyed by ${schema.join(', ')}).`);
    }
    return parts.join('\u0000');
  }
}

/** `dynamodb:getItem` / `putItem` Tasks on a declared table answer from the in-memory tables; undefined otherwise. */
export function dynamoTask(resource: string, args: unknown, dynamodb: MemoryDynamoDB): Json | undefined {
  const api = /:states:::dynamodb:(getItem|putItem)$/.exec(resource)?.[1];
  const fields = (args ?? {}) as Record<string, unknown>;
  if (!api || !dynamodb.has(String(fields['TableName']))) return undefined;
  return api === 'getItem' ? dynamodb.getItem(fields) : dynamodb.putItem(fields);
}
