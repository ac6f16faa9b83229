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

/** What a reader answers when the value needs type-graphql's own path (an input object: conversion, validation). */
const GENERAL = Symbol('general');
type Reader = (data: ResolverData) => unknown;

let convertToType: (target: unknown, data: unknown) => unknown;
const readersByParams = new WeakMap<ParamMetadata[], Reader[] | null>();

/**
 * How to read each parameter of a resolver, in order, worked out once per
 * resolver: root, context, info and scalar arguments (which only need the NUL
 * check, with the same answer as validation.ts); null when a parameter is of
 * another kind (`@Args`, custom decorators), which type-graphql gathers.
 */
function readersFor(params: ParamMetadata[]): Reader[] | null {
  let known = readersByParams.get(params);
  if (known !== undefined) return known;
  const sorted = [...params].sort((a, b) => a.index - b.index);
  const list: Reader[] = [];
  for (const param of sorted) {
    const property = param.propertyName;
    switch (param.kind) {
      case 'context':
        list.push(property ? (data) => data.context[property] : (data) => data.context);
        break;
      case 'info':
        list.push((data) => data.info);
        break;
      case 'root': {
        const getType = param.getType;
        const root: Reader = property ? (data) => data.root[property] : (data) => data.root;
        list.push(getType ? (data) => convertToType(getType(), root(data)) : root);
        break;
      }
      case 'arg': {
        const name = param.name!;
        list.push((data) => {
          const value = data.args[name];
          if (value !== null && typeof value === 'object') return GENERAL;
          if (typeof value === 'string' && value.includes('\u0000')) {
            throw badInput(name, 'must not contain the NUL character (\\u0000).');
          }
          return value;
        });
        break;
      }
      default:
        readersByParams.set(params, null);
        return null;
    }
  }
  known = list;
  readersByParams.set(params, known);
  return known;
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
    const readers = readersFor(params);
    const general = (instance: Instance, data: ResolverData) => {
      const values = getParams()(params, data, validate, validateFn);
      if (values instanceof Promise) return values.then((resolved: unknown[]) => instance[methodName]!(...resolved));
      return instance[methodName]!(...(values as unknown[]));
    };
    // The common shapes (up to three root, context, info or scalar parameters) without an array of values and a
    // spread per call; an input-object argument goes the general way.
    const call = (instance: Instance, data: ResolverData): unknown => {
      switch (readers?.length) {
        case 1: {
          const a = readers[0]!(data);
          return a === GENERAL ? general(instance, data) : instance[methodName]!(a);
        }
        case 2: {
          const a = readers[0]!(data);
          const b = readers[1]!(data);
          return a === GENERAL || b === GENERAL ? general(instance, data) : instance[methodName]!(a, b);
        }
        case 3: {
          const a = readers[0]!(data);
          const b = readers[1]!(data);
          const c = readers[2]!(data);
          return a === GENERAL || b === GENERAL || c === GENERAL ? general(instance, data) : instance[methodName]!(a, b, c);
        }
        default:
          return general(instance, data);
      }
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
  convertToType = (require(path.join(build, 'helpers', 'types.js')) as { convertToType: typeof convertToType }).convertToType;
  directHandlers(build, () => helpers.getParams);
  const original = helpers.getParams;
  helpers.getParams = function getParams(params, data, ...rest) {
    const readers = readersFor(params);
    if (!readers) return original(params, data, ...rest);
    const values = new Array<unknown>(readers.length);
    for (let i = 0; i < readers.length; i += 1) {
      const value = readers[i]!(data);
      if (value === GENERAL) return original(params, data, ...rest);
      values[i] = value;
    }
    return values;
  };
}
