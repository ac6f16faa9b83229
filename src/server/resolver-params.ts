/* eslint-disable @typescript-eslint/no-require-imports */
import path from 'node:path';
import { badInput } from '../shared/errors';

/**
 * A faster way for type-graphql (2.0.0-rc.4) to gather a resolver's
 * parameters, installed once before the schema is built.
 *
 * type-graphql's own `getParams` re-sorts the parameter list on every call,
 * and with a `validateFn` (ours: NUL checks and class-validator, see
 * validation.ts) turns every resolver that takes an argument into a promise
 * through an async validation and `Promise.all` — for `title(language)` on
 * every event of a page. That was about a quarter of the allocation of a list
 * page. Here the order is computed once per resolver, and the common
 * parameters (root, context, info, scalar arguments) are gathered
 * synchronously: a scalar argument only needs the NUL check, done here with
 * the same answer as validation.ts. Anything else (input objects, `@Args`,
 * custom decorators) goes through type-graphql's own path, unchanged.
 */
interface ParamMetadata {
  kind: string;
  index: number;
  name?: string;
  propertyName?: string;
  getType?: () => unknown;
}

interface ResolverData {
  root: Record<string, unknown>;
  args: Record<string, unknown>;
  context: Record<string, unknown>;
  info: unknown;
}

type GetParams = (params: ParamMetadata[], data: ResolverData, ...rest: unknown[]) => unknown;

let installed = false;

type ResolveType = (...args: unknown[]) => unknown;
interface TypeInfo {
  target: unknown;
  type: { name: string };
}

/**
 * type-graphql wraps every `resolveType` of an interface or union in an
 * async function, so each organisation on a page (an interface) completes
 * as a promise, and with it its organiser, the organisers list and the
 * event: graphql-js then builds a promise and a `Promise.all` per object
 * (promiseForObject). Ours answer synchronously (a type name from `kind`);
 * this wrapper keeps the answer synchronous when it is, with the same
 * mapping from a class to its type name, and awaits only a promise.
 */
function syncResolveTypeFunction(resolveType: ResolveType, possible: TypeInfo[]): ResolveType {
  const name = (resolved: unknown) => {
    if (!resolved || typeof resolved === 'string') return resolved ?? undefined;
    return possible.find((info) => info.target === resolved)?.type.name;
  };
  return (...args) => {
    const resolved = resolveType(...args);
    return resolved instanceof Promise ? resolved.then(name) : name(resolved);
  };
}

interface HandlerMetadata {
  kind?: string;
  target: Function;
  methodName: string;
  params: ParamMetadata[];
  middlewares?: unknown[];
  roles?: unknown[];
}
type FieldResolver = (root: unknown, args: unknown, context: unknown, info: unknown) => unknown;

/**
 * type-graphql runs every resolver method through its middleware chain, even
 * when there is none: a closure and a call more per resolved field, hundreds
 * per page. Without middlewares or roles (the hub uses neither; anything with
 * them keeps type-graphql's path) the method is called directly, with the
 * parameters gathered as above.
 */
function directHandlers(build: string, getParams: () => GetParams): void {
  const create = require(path.join(build, 'resolvers', 'create.js')) as {
    createHandlerResolver: (meta: HandlerMetadata) => FieldResolver;
    createAdvancedFieldResolver: (meta: HandlerMetadata) => FieldResolver;
  };
  const { BuildContext } = require(path.join(build, 'schema', 'build-context.js')) as {
    BuildContext: {
      validate: unknown;
      validateFn: unknown;
      globalMiddlewares: unknown[];
      container: { getInstance(target: Function, data: unknown): unknown };
    };
  };
  const { createHandlerResolver, createAdvancedFieldResolver } = create;
  const direct = (meta: HandlerMetadata): FieldResolver => {
    if (BuildContext.globalMiddlewares.length || meta.middlewares?.length || meta.roles?.length)
      return createHandlerResolver(meta);
    const { validate, validateFn, container } = BuildContext;
    const { target, methodName, params } = meta;
    type Instance = Record<string, (...values: unknown[]) => unknown>;
    const call = (instance: Instance, data: ResolverData) => {
      const values = getParams()(params, data, validate, validateFn);
      if (values instanceof Promise) return values.then((resolved: unknown[]) => instance[methodName]!(...resolved));
      return instance[methodName]!(...(values as unknown[]));
    };
    return (root, args, context, info) => {
      const data = { root, args, context, info } as ResolverData;
      const instance = container.getInstance(target, data) as Instance | Promise<Instance>;
      // The hub's container answers at once (src/schema.ts); one answering a promise is awaited.
      return instance instanceof Promise ? instance.then((resolved) => call(resolved, data)) : call(instance, data);
    };
  };
  create.createHandlerResolver = direct;
  // Field resolvers of resolver classes ("external") are handlers too; the rest keep type-graphql's.
  create.createAdvancedFieldResolver = (meta) => (meta.kind === 'external' ? direct(meta) : createAdvancedFieldResolver(meta));
}

/** Replaces type-graphql's `getParams`, its `resolveType` wrapper and its handler wrapper (idempotent). */
export function installFastResolverParams(): void {
  if (installed) return;
  installed = true;
  // Internal modules, not in the package's exports: reached by path from its entry (build/cjs/index.js).
  const build = path.dirname(require.resolve('type-graphql'));
  const generator = require(path.join(build, 'schema', 'schema-generator.js')) as {
    SchemaGenerator: { getResolveTypeFunction: typeof syncResolveTypeFunction };
  };
  generator.SchemaGenerator.getResolveTypeFunction = syncResolveTypeFunction;
  const helpers = require(path.join(build, 'resolvers', 'helpers.js')) as { getParams: GetParams };
  directHandlers(build, () => helpers.getParams);
  const { convertToType } = require(path.join(build, 'helpers', 'types.js')) as {
    convertToType: (target: unknown, data: unknown) => unknown;
  };
  const original = helpers.getParams;
  const ordered = new WeakMap<ParamMetadata[], ParamMetadata[]>();
  helpers.getParams = function getParams(params, data, ...rest) {
    let sorted = ordered.get(params);
    if (!sorted) {
      sorted = [...params].sort((a, b) => a.index - b.index);
      ordered.set(params, sorted);
    }
    const values = new Array<unknown>(sorted.length);
    for (let i = 0; i < sorted.length; i += 1) {
      const param = sorted[i]!;
      switch (param.kind) {
        case 'context':
          values[i] = param.propertyName ? data.context[param.propertyName] : data.context;
          break;
        case 'info':
          values[i] = data.info;
          break;
        case 'root': {
          const root = param.propertyName ? data.root[param.propertyName] : data.root;
          values[i] = param.getType ? convertToType(param.getType(), root) : root;
          break;
        }
        case 'arg': {
          const value = data.args[param.name!];
          if (value !== null && typeof value === 'object') return original(params, data, ...rest);
          if (typeof value === 'string' && value.includes('\u0000')) {
            throw badInput(param.name!, 'must not contain the NUL character (\\u0000).');
          }
          values[i] = value;
          break;
        }
        default:
          return original(params, data, ...rest);
      }
    }
    return values;
  };
}
