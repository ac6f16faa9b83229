import type { GatewayExecutionResult, GatewayGraphQLRequestContext, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  execute,
  getVariableValues,
  GraphQLError,
  printSchema,
  type DocumentNode,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { compileQuery, isCompiledQuery, type CompiledQuery } from 'graphql-jit';

/**
 * How the hub executes queries over HTTP: documents a client sends again
 * and again are compiled once into JavaScript (graphql-jit) and then run
 * without graphql-js's interpretation of the document at every field.
 *
 * graphql-js walks the document for every object of a list: collecting
 * fields, looking up each field's definition, building a resolve info,
 * checking for promises, completing by type. For a page of 50 events with
 * their organisers that walk was a third of the CPU time of the request
 * (issue 9). graphql-jit does that walk once, at compile time, and keeps the
 * same resolvers, scalars, type resolution, null propagation and error
 * shapes (its errors are graphql-js `GraphQLError`s, with the resolver's
 * `extensions`).
 *
 * Apollo Server has no option for another executor; its gateway interface
 * (what @apollo/gateway plugs into) is the public way to hand it one. Parsing,
 * validation (graphql-armor's limits included), plugins and error formatting
 * stay Apollo's; only the execution step is this one's.
 *
 * What stays with graphql-js, whose behaviour partners and tests know:
 * - mutations (run one after another, rarely the same document twice) and
 *   anything that is not a query;
 * - a document's first run: compiling costs about as much as a few
 *   executions, so a document is compiled when it comes a second time (the
 *   parsed document is the same object then: Apollo keeps parsed documents);
 * - requests whose variables do not fit the operation: graphql-js answers
 *   them with its exact messages (BAD_USER_INPUT naming the variable);
 * - documents graphql-jit cannot compile.
 * Subscriptions run over the websocket with graphql-js (src/server/websocket.ts).
 */

interface Compiled {
  /** How often the document came; it is compiled at the second time. */
  seen: number;
  query?: CompiledQuery;
  /** graphql-jit refused it: graphql-js runs it every time. */
  refused?: boolean;
}

export interface QueryExecutor {
  /** For `new ApolloServer({ gateway })`. */
  readonly gateway: GatewayInterface;
  /** Documents compiled so far (for tests and metrics). */
  readonly compiledCount: () => number;
  /** Executions so far, compiled and by graphql-js (metrics: `wirhub_graphql_executions_total`). */
  readonly executions: () => { compiled: number; interpreted: number };
}

/**
 * graphql-jit's errors are `GraphQLError`s by prototype, but one thrown
 * without `extensions` (a fault, a lost database connection) has none, where
 * graphql-js gives `{}`: Apollo reads `extensions.code` of every error and
 * would answer "Internal server error" without the path or the outage's 503.
 * Each becomes graphql-js's own error, with the same message, path,
 * locations, original error and extensions.
 */
function withGraphQLErrors(result: ExecutionResult): ExecutionResult {
  if (!result.errors?.length) return result;
  const errors = result.errors.map((error) => {
    if (error.extensions) return error;
    const converted = new GraphQLError(error.message, { path: error.path, originalError: error.originalError ?? undefined });
    (converted as { locations?: GraphQLError['locations'] }).locations = error.locations;
    return converted;
  });
  return { ...result, errors };
}

export function createQueryExecutor(schema: GraphQLSchema): QueryExecutor {
  // By document (the same object while Apollo's document store keeps it, collected with it), then operation name.
  const byDocument = new WeakMap<DocumentNode, Map<string, Compiled>>();
  let compiledCount = 0;
  const executions = { compiled: 0, interpreted: 0 };

  function compiledFor(document: DocumentNode, operationName: string | undefined): CompiledQuery | undefined {
    let byOperation = byDocument.get(document);
    if (!byOperation) byDocument.set(document, (byOperation = new Map()));
    const key = operationName ?? '';
    let entry = byOperation.get(key);
    if (!entry) byOperation.set(key, (entry = { seen: 0 }));
    entry.seen += 1;
    if (entry.query || entry.refused || entry.seen < 2) return entry.query;
    const compiled = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true });
    if (isCompiledQuery(compiled)) {
      entry.query = compiled;
      compiledCount += 1;
    } else {
      entry.refused = true;
    }
    return entry.query;
  }

  async function executor(requestContext: GatewayGraphQLRequestContext): Promise<GatewayExecutionResult> {
    const { document, operation, request, context } = requestContext;
    // The request's name, not the resolved operation's: an unknown name must reach graphql-js, which refuses it.
    const operationName = request.operationName ?? undefined;
    const variables = request.variables ?? {};
    const interpreted = () => {
      executions.interpreted += 1;
      return execute({
        schema,
        document,
        contextValue: context,
        variableValues: variables,
        operationName,
      }) as Promise<ExecutionResult>;
    };
    // No operation: an unknown or missing operation name, which graphql-js answers (BAD_USER_INPUT).
    if (!operation || operation.operation !== 'query') return interpreted();
    const compiled = compiledFor(document, operationName);
    if (!compiled) return interpreted();
    if (operation.variableDefinitions?.length) {
      // graphql-jit coerces variables itself, with other messages; graphql-js answers bad ones as always.
      const coerced = getVariableValues(schema, operation.variableDefinitions, variables);
      if (coerced.errors) return interpreted();
    }
    executions.compiled += 1;
    const result = compiled.query(undefined, context, variables) as ExecutionResult | Promise<ExecutionResult>;
    return result instanceof Promise ? result.then(withGraphQLErrors) : withGraphQLErrors(result);
  }

  const gateway: GatewayInterface = {
    onSchemaLoadOrUpdate(callback) {
      // The SDL is only read by Apollo's schema reporting to its cloud, which the hub does not use.
      callback({ apiSchema: schema, coreSupergraphSdl: printSchema(schema) });
      return () => undefined;
    },
    load: async () => ({ executor }),
    stop: async () => undefined,
  };
  return { gateway, compiledCount: () => compiledCount, executions: () => ({ ...executions }) };
}
