/**
 * Type tests for `flow.attempt`: the value is the union of what the body and the handlers return, a handler gets the
 * caught error typed, and a handler that returns nothing adds nothing to the union. `tsc` fails if any of it is lost.
 */
import { expectTypeOf } from 'vitest';
import { z } from 'zod';
import { agent, workflow, type Ref } from '@agentflow/dsl';

const writer = agent('writer', { agentName: 'writer', alias: 'live', output: z.object({ text: z.string().max(100), words: z.number() }) });

export default workflow('attempt-types', { input: z.object({ topic: z.string().max(100) }) }, (flow) => {
  // Body and handler return the same type: the value has that type.
  const same = flow.attempt('same', (f) => f.invoke(writer, { prompt: flow.input.topic }).text, {
    catch: [{ handler: () => 'fallback' }],
  });
  expectTypeOf(same).toEqualTypeOf<Ref<string>>();

  // Different types: the union of both paths.
  const either = flow.attempt('either', (f) => f.invoke(writer, { id: 'w2', prompt: flow.input.topic }).words, {
    catch: [{ errors: ['States.Timeout'], handler: () => 'timed out' }],
  });
  expectTypeOf(either).toEqualTypeOf<Ref<number | string>>();

  // Several clauses: every handler's value joins the union; the error is typed.
  const three = flow.attempt('three', (f) => f.invoke(writer, { id: 'w3', prompt: flow.input.topic }), {
    catch: [
      {
        errors: ['States.TaskFailed'],
        handler: (error) => {
          expectTypeOf(error.error).toEqualTypeOf<Ref<string>>();
          expectTypeOf(error.cause).toEqualTypeOf<Ref<string | undefined>>();
          return { text: error.error, words: 0 };
        },
      },
      { errors: ['States.ALL'], handler: () => null },
    ],
  });
  expectTypeOf(three).toEqualTypeOf<Ref<{ text: string; words: number } | null>>();

  // A handler that returns nothing (e.g. it ends in fail) adds nothing to the value.
  const strict = flow.attempt('strict', (f) => f.invoke(writer, { id: 'w4', prompt: flow.input.topic }).text, {
    catch: [{ handler: (error, f) => f.fail('give-up', { error: 'Writer.Failed', cause: error.error }) }],
  });
  expectTypeOf(strict).toEqualTypeOf<Ref<string>>();

  // A whole-body retry takes the usual retry options.
  const retried = flow.attempt('retried', (f) => f.invoke(writer, { id: 'w7', prompt: flow.input.topic }).words, {
    retry: [{ errors: ['States.TaskFailed'], maxAttempts: 2, interval: { seconds: 5 } }],
    catch: [{ handler: () => 0 }],
  });
  expectTypeOf(retried).toEqualTypeOf<Ref<number>>();
  // @ts-expect-error retry options need errors
  flow.attempt('bad-retry', (f) => f.invoke(writer, { id: 'w8', prompt: flow.input.topic }).words, { retry: [{ maxAttempts: 2 }], catch: [{ handler: () => 0 }] });

  // @ts-expect-error the caught error has `error` and `cause`, nothing else
  flow.attempt('bad-field', (f) => f.invoke(writer, { id: 'w5', prompt: flow.input.topic }).text, { catch: [{ handler: (error) => error.message }] });
  // @ts-expect-error catch clauses are required
  flow.attempt('no-catch', (f) => f.invoke(writer, { id: 'w6', prompt: flow.input.topic }).text, {});
  return { same, either };
});
