import { createSourceEventStream, execute, print, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Context } from '../access';

/**
 * Subscription execution that shares work between subscribers.
 *
 * A change fanned out to thousands of subscribers would otherwise run the
 * same GraphQL execution thousands of times. Here, subscribers that run the
 * same document with the same variables, as the same viewer (the same API
 * key, or anonymous) in the same languages, receive the result of one
 * execution per delivered payload: their answers are identical by
 * construction, so nothing of one viewer can reach another. The change feed
 * hands the same payload object to every subscriber that gets the same thing
 * (see `sharedPayload`), which is what makes the payload a cache key; results
 * live only as long as the payload.
 */
const results = new WeakMap<object, Map<string, Promise<ExecutionResult>>>();

function signature(args: ExecutionArgs): string {
  const ctx = args.contextValue as Context | undefined;
  const viewer = ctx?.viewer.keyId ?? 'anonymous';
  return JSON.stringify([
    print(args.document),
    args.operationName ?? null,
    args.variableValues ?? null,
    viewer,
    ctx?.languages ?? [],
  ]);
}

function executeShared(args: ExecutionArgs, key: string, payload: unknown): Promise<ExecutionResult> {
  if (payload === null || typeof payload !== 'object') return Promise.resolve(execute({ ...args, rootValue: payload }));
  let byOperation = results.get(payload);
  if (!byOperation) results.set(payload, (byOperation = new Map()));
  let result = byOperation.get(key);
  if (!result) {
    result = Promise.resolve(execute({ ...args, rootValue: payload }));
    byOperation.set(key, result);
  }
  return result;
}

/** graphql-ws's `subscribe`: graphql-js's, with executions shared as described above. */
export async function subscribeShared(args: ExecutionArgs): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  const source = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in source)) return source as ExecutionResult;
  const iterator = (source as AsyncIterable<unknown>)[Symbol.asyncIterator]();
  const key = signature(args);
  // A hand-written iterator, not an async generator: `return()` must reach the
  // source at once (to free the subscriber) even while it waits for a change.
  const mapped: AsyncIterableIterator<ExecutionResult> = {
    async next() {
      const step = await iterator.next();
      if (step.done) return { done: true, value: undefined };
      return { done: false, value: await executeShared(args, key, step.value) };
    },
    async return() {
      await iterator.return?.();
      return { done: true, value: undefined };
    },
    async throw(error?: unknown) {
      await iterator.return?.();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return mapped;
}
