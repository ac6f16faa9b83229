import { HeaderMap, type ApolloServer, type BaseContext, type HTTPGraphQLRequest } from '@apollo/server';
import type express from 'express';

/**
 * Hands express requests on /graphql to Apollo Server, through its public
 * integration API (`executeHTTPGraphQLRequest`), as `@as-integrations/express5`
 * does, with two differences that cost every request otherwise (issue 9):
 *
 * - A POST answer is written with `res.end`: express's `res.send` computes a
 *   weak ETag of every body (a SHA-1 of the whole answer), which no cache uses
 *   for a POST. Before, POSTs went through a second express app with ETags
 *   off, which switched the prototypes of the request and response once more.
 *   GET answers still go through `res.send` and keep their ETag (HTTP caches
 *   and CDNs may keep them).
 * - The query string is cut from the URL instead of parsing the whole URL.
 */
export function graphqlMiddleware<TContext extends BaseContext>(
  server: ApolloServer<TContext>,
  context: (args: { req: express.Request; res: express.Response }) => Promise<TContext>,
): express.RequestHandler {
  server.assertStarted('graphqlMiddleware()');
  // Express 5 hands a rejected promise of a handler to the error handler (a fault; Apollo answers GraphQL errors).
  return async (req, res) => {
    const headers = new HeaderMap();
    for (const key in req.headers) {
      const value = req.headers[key];
      if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
    }
    const query = req.url.indexOf('?');
    const request: HTTPGraphQLRequest = {
      method: req.method.toUpperCase(),
      headers,
      search: query === -1 ? '' : req.url.slice(query),
      // Parsed by express.json() before; Apollo answers a POST without one with 400.
      body: req.body,
    };
    const response = await server.executeHTTPGraphQLRequest({
      httpGraphQLRequest: request,
      context: () => context({ req, res }),
    });
    for (const [key, value] of response.headers) res.setHeader(key, value);
    res.statusCode = response.status ?? 200;
    if (response.body.kind === 'complete') {
      if (req.method === 'POST') res.end(response.body.string);
      else res.send(response.body.string);
      return;
    }
    // Incremental delivery (multipart answers): written as Apollo yields the parts.
    for await (const chunk of response.body.asyncIterator) res.write(chunk);
    res.end();
  };
}
