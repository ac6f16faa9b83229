import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type DocumentNode } from 'graphql';
import type { DataSource } from 'typeorm';
import type { Context, Viewer } from '../access';
import type { Config } from '../config';
import { ErrorCode, httpAnswer } from '../shared/errors';
import type { Logger } from '../shared/logger';
import { addressPseudonym, createBudgets, type Budgets, type Charge, type Clock } from './budgets';
import { actualCost, requestedCost } from './cost';

/**
 * Fair use, as GitHub's and Shopify's GraphQL APIs do it: every operation
 * (HTTP and websocket) is charged its requested cost against the budget of
 * its API key, or of its client address when anonymous. The answer says
 * where the client stands, in `extensions.cost` and in the `RateLimit` and
 * `RateLimit-Policy` headers (IETF draft "RateLimit header fields for HTTP");
 * over budget it is HTTP 429 RATE_LIMITED with `Retry-After`, and nothing runs.
 */
export interface RateLimits {
  /** The Apollo plugin that charges HTTP operations. */
  readonly plugin: ApolloServerPlugin<Context>;
  /** Charges a websocket operation; answers the refusal when over budget. */
  chargeOperation(viewer: Viewer, address: string, document: DocumentNode): Promise<GraphQLError | undefined>;
  /**
   * Runs `authenticate` for a request from `address`, refusing addresses that
   * failed too often (429) and counting failures (`UNAUTHENTICATED` errors).
   */
  guardAuthentication<T>(address: string, presented: boolean, authenticate: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** Points per second as clients read them: two decimals. */
const rounded = (value: number) => Math.round(value * 100) / 100;

function rateLimited(message: string, retryAfterS: number, headers: HeaderMap): GraphQLError {
  headers.set('retry-after', String(retryAfterS));
  return new GraphQLError(message, {
    extensions: { code: ErrorCode.RATE_LIMITED, retryAfter: retryAfterS, http: httpAnswer(429, headers) },
  });
}

export function createRateLimits(config: Config, db: DataSource, embedded: boolean, log: Logger, clock?: Clock): RateLimits {
  const budgets: Budgets = createBudgets(config, db, embedded, log, clock);
  const window = budgets.windowSeconds;
  const budgetOf = (viewer: Viewer): number =>
    viewer.keyId ? (viewer.budget ?? config.RATE_LIMIT_KEY_POINTS) : config.RATE_LIMIT_ANONYMOUS_POINTS;

  const policy = (budget: number) => `"cost";q=${budget};w=${window}`;
  const charge = async (viewer: Viewer, address: string, cost: number): Promise<Charge> => {
    const budget = budgetOf(viewer);
    return budgets.charge(
      viewer.keyId ? `key:${viewer.keyId}` : `address:${addressPseudonym(address, config.WEBHOOK_SECRET_KEY)}`,
      cost,
      budget,
    );
  };
  const refusal = (result: Charge, headers: HeaderMap): GraphQLError => {
    const wait = Math.max(1, Math.ceil(result.retryMs / 1000));
    const message =
      result.cost > result.budget
        ? `This operation costs ${result.cost} points, more than the whole budget of ${result.budget}; ask for fewer items (first/last).`
        : `Over budget: this operation costs ${result.cost} points and ${result.remaining} of ${result.budget} are left ` +
          `(${rounded(result.restoreRate)} flow back per second); try again in ${wait} s.`;
    return rateLimited(message, wait, headers);
  };
  const limitHeader = (result: Charge) => `"cost";r=${result.remaining};t=${Math.ceil(result.resetMs / 1000)}`;

  return {
    plugin: {
      async requestDidStart() {
        // Fair use off: no hooks at all, so Apollo has nothing of this plugin to await per request.
        if (!config.RATE_LIMIT_ENABLED) return;
        let charged: Charge | undefined;
        return {
          async didResolveOperation(rc) {
            if (rc.operation?.operation === 'subscription') return;
            const result = await charge(rc.contextValue.viewer, rc.contextValue.request.address, requestedCost(rc.document));
            charged = result;
            const headers = new HeaderMap([
              ['ratelimit-policy', policy(result.budget)],
              ['ratelimit', limitHeader(result)],
            ]);
            if (!result.allowed) throw refusal(result, headers);
          },
          async willSendResponse(rc) {
            if (!charged) return;
            const headers = rc.response.http.headers;
            headers.set('ratelimit-policy', policy(charged.budget));
            headers.set('ratelimit', limitHeader(charged));
            const body = rc.response.body;
            if (body.kind !== 'single') return;
            body.singleResult.extensions = {
              ...body.singleResult.extensions,
              cost: {
                requested: charged.cost,
                actual: charged.allowed ? actualCost(body.singleResult.data) : 0,
                budget: charged.budget,
                remaining: charged.remaining,
                windowSeconds: window,
                resetInSeconds: Math.ceil(charged.resetMs / 1000),
                restoreRate: rounded(charged.restoreRate),
              },
            };
          },
        };
      },
    },
    async chargeOperation(viewer, address, document) {
      if (!config.RATE_LIMIT_ENABLED) return undefined;
      const result = await charge(viewer, address, requestedCost(document));
      return result.allowed ? undefined : refusal(result, new HeaderMap());
    },
    async guardAuthentication(address, presented, authenticate) {
      if (!config.RATE_LIMIT_ENABLED || !presented) return authenticate();
      const blockedMs = await budgets.authBlockedFor(address);
      if (blockedMs > 0) {
        const wait = Math.ceil(blockedMs / 1000);
        throw rateLimited(
          `Too many requests with a wrong API key from this address; try again in ${wait} s.`,
          wait,
          new HeaderMap(),
        );
      }
      try {
        return await authenticate();
      } catch (error) {
        if (error instanceof GraphQLError && error.extensions.code === ErrorCode.UNAUTHENTICATED) {
          await budgets.authFailed(address).catch((failure: unknown) => log.debug({ err: failure }, 'counting failed'));
        }
        throw error;
      }
    },
    close: () => budgets.close(),
  };
}
