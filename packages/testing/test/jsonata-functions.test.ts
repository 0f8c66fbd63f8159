import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import jsonata from 'jsonata';
import { describe, expect, it } from 'vitest';
import { awsFunctionBindings, type AwsFunctionOptions } from '../src/engine/jsonata/aws-functions.js';
import { createRandom } from '../src/engine/jsonata/random.js';

const CLOCK = Date.UTC(2024, 0, 2, 3, 4, 5, 6);
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

function run(expr: string, options: Partial<AwsFunctionOptions> = {}, extra: Record<string, unknown> = {}): Promise<unknown> {
  const bindings = awsFunctionBindings({ random: createRandom(1), now: () => CLOCK, ...options });
  return jsonata(expr).evaluate(undefined, { ...bindings, ...extra });
}

const withInput = (input: unknown) => ({ states: { input } });

describe('jsonata pin', () => {
  it('is exactly 2.0.6, the version Step Functions documents', () => {
    const require = createRequire(import.meta.url);
    const pkg = JSON.parse(readFileSync(require.resolve('jsonata/package.json'), 'utf8')) as { version: string };
    expect(pkg.version).toBe('2.0.6');
  });

  it('rejects `??` at parse time (S0211), as AWS does', () => {
    expect(() => jsonata('a ?? b')).toThrow(expect.objectContaining({ code: 'S0211' }));
  });
});

describe('$partition', () => {
  it('matches the AWS examples', async () => {
    expect(await run('$partition([1,2,3,4], $states.input.chunkSize)', {}, withInput({ chunkSize: 2 }))).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(await run('$partition($states.input.inputArray, 4)', {}, withInput({ inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] }))).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9],
    ]);
  });

  it('rounds the size down and treats a single path result as a one-item array', async () => {
    expect(await run('$partition([1,2,3], 2.9)')).toEqual([[1, 2], [3]]);
    expect(await run('$partition($states.input.items.id, 2)', {}, withInput({ items: [{ id: 7 }] }))).toEqual([[7]]);
  });

  it('rejects a non-positive size, a missing array and a wrong arity', async () => {
    await expect(run('$partition([1,2], 0.5)')).rejects.toThrow('$partition: chunk size must be a positive integer, got 0');
    await expect(run('$partition($states.input.nope, 2)', {}, withInput({}))).rejects.toThrow('must be an array, got nothing');
    await expect(run("$partition([1], '2')")).rejects.toThrow('chunk size must be a number, got a string');
    await expect(run('$partition([1])')).rejects.toThrow('expects 2 arguments, got 1');
  });
});

describe('$range', () => {
  it('matches the AWS examples, end inclusive', async () => {
    expect(await run('$range(0, 10, 2)')).toEqual([0, 2, 4, 6, 8, 10]);
    expect(await run('$range(1, 9, 2)')).toEqual([1, 3, 5, 7, 9]);
  });

  it('counts down with a negative step and stops before passing the end', async () => {
    expect(await run('$range(10, 0, -4)')).toEqual([10, 6, 2]);
    expect(await run('$range(0, 10, -1)')).toEqual([]);
  });

  it('rounds non-integers down', async () => {
    expect(await run('$range(0.9, 3.7, 1.5)')).toEqual([0, 1, 2, 3]);
  });

  it('allows 1000 items and refuses 1001', async () => {
    expect(await run('$count($range(1, 1000, 1))')).toBe(1000);
    await expect(run('$range(0, 1000, 1)')).rejects.toThrow('would produce 1001 items; Step Functions allows at most 1000');
  });

  it('rejects a zero step and non-numbers', async () => {
    await expect(run('$range(0, 10, 0)')).rejects.toThrow('$range: step must not be 0');
    await expect(run("$range('0', 10, 1)")).rejects.toThrow('start must be a number, got a string');
  });
});

describe('$hash', () => {
  it('equals node:crypto for every documented algorithm', async () => {
    for (const [name, node] of [['MD5', 'md5'], ['SHA-1', 'sha1'], ['SHA-256', 'sha256'], ['SHA-384', 'sha384'], ['SHA-512', 'sha512']] as const) {
      expect(await run(`$hash('input', '${name}')`)).toBe(createHash(node).update('input').digest('hex'));
    }
  });

  it('gives the States.Hash example, whose published value lost a digit', async () => {
    const result = await run('$hash($states.input.Data, $states.input.Algorithm)', {}, withInput({ Data: 'input data', Algorithm: 'SHA-1' }));
    expect(result).toBe('aaff4a450a104cd177d28d18d74485e8cae074b7');
    expect(String(result).replace('d74485', 'd7485')).toBe('aaff4a450a104cd177d28d18d7485e8cae074b7');
  });

  it('rejects unknown algorithms and non-strings', async () => {
    await expect(run("$hash('x', 'SHA256')")).rejects.toThrow("algorithm must be one of MD5, SHA-1, SHA-256, SHA-384, SHA-512, got 'SHA256'");
    await expect(run("$hash(1, 'MD5')")).rejects.toThrow('$hash: the value to hash must be a string, got a number');
  });
});

describe('$random', () => {
  it('returns the same number for the same seed and another for another seed', async () => {
    const a = await run('$random(42)', { random: createRandom(1) });
    const b = await run('$random(42)', { random: createRandom(999) });
    const c = await run('$random(43)');
    expect(a).toBe(b);
    expect(c).not.toBe(a);
    expect(await run('$random(42.9)')).toBe(a);
    expect(await run('$random(2 * 4294967296 + 42)')).not.toBe(a);
  });

  it('draws from options.random without a seed, reproducibly per run seed', async () => {
    const expr = '[$random(), $random(), $random($states.input.missing)]';
    const first = (await run(expr, { random: createRandom(7) }, withInput({}))) as number[];
    expect(await run(expr, { random: createRandom(7) }, withInput({}))).toEqual(first);
    expect(await run(expr, { random: createRandom(8) }, withInput({}))).not.toEqual(first);
    expect(new Set(first).size).toBe(3);
    for (const n of first) expect(n >= 0 && n < 1).toBe(true);
  });

  it('rejects a non-number seed and extra arguments', async () => {
    await expect(run("$random('42')")).rejects.toThrow('$random: seed must be a number, got a string');
    await expect(run('$random(1, 2)')).rejects.toThrow('$random: expects 0 to 1 argument, got 2');
  });
});

describe('$uuid', () => {
  it('returns v4 UUIDs that repeat under the same seed and differ under another', async () => {
    const expr = '[$uuid(), $uuid()]';
    const first = (await run(expr, { random: createRandom(3) })) as string[];
    expect(first).toHaveLength(2);
    for (const id of first) expect(id).toMatch(UUID_V4);
    expect(first[0]).not.toBe(first[1]);
    expect(await run(expr, { random: createRandom(3) })).toEqual(first);
    expect(await run(expr, { random: createRandom(4) })).not.toEqual(first);
  });

  it('takes no arguments', async () => {
    await expect(run('$uuid(1)')).rejects.toThrow('$uuid: expects 0 arguments, got 1');
  });
});

describe('$parse and $eval', () => {
  it('deserializes a JSON string (AWS example)', async () => {
    const json_string = JSON.stringify({ a: [1, { b: null }], c: 'd' });
    expect(await run('$parse($states.input.json_string)', {}, withInput({ json_string }))).toEqual({ a: [1, { b: null }], c: 'd' });
    expect(await run("$parse('[1,2]')[1]")).toBe(2);
  });

  it('rejects invalid JSON and non-strings', async () => {
    await expect(run("$parse('{oops')")).rejects.toThrow('$parse: argument is not valid JSON');
    await expect(run('$parse({})')).rejects.toThrow('$parse: argument must be a JSON string, got an object');
  });

  it('refuses $eval and points to $parse', async () => {
    await expect(run("$eval('1 + 1')")).rejects.toThrow('$eval is not available in Step Functions; use $parse');
  });
});

describe('$now and $millis', () => {
  it('read the virtual clock', async () => {
    expect(await run('$now()')).toBe('2024-01-02T03:04:05.006Z');
    expect(await run('$millis()')).toBe(CLOCK);
    expect(await run("$now('[Y0001]-[M01]-[D01]')")).toBe('2024-01-02');
    expect(await run("$now(undefined, '+0530')")).toBe('2024-01-02T08:34:05.006+05:30');
  });

  it('follow the clock between evaluations', async () => {
    let now = CLOCK;
    const bindings = awsFunctionBindings({ random: createRandom(1), now: () => now });
    const expr = jsonata('$millis()');
    expect(await expr.evaluate(undefined, bindings)).toBe(CLOCK);
    now += 1500;
    expect(await expr.evaluate(undefined, bindings)).toBe(CLOCK + 1500);
  });

  it('rejects a non-string picture', async () => {
    await expect(run('$now(1)')).rejects.toThrow('$now: picture must be a string, got a number');
  });
});

describe('createRandom', () => {
  it('is deterministic per seed and stays in [0, 1)', () => {
    const a = createRandom(12345);
    const b = createRandom(12345);
    const values = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(values);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    expect(createRandom(12346)()).not.toBe(values[0]);
    expect(() => createRandom(Number.NaN)).toThrow('seed must be a finite number');
  });
});
