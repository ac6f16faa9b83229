import fs from 'node:fs';
import path from 'node:path';
import { startGateway } from '../src/federation/gateway';
import { projectRoot } from './schema-sdl';

/**
 * `npm run gateway`: Hive Gateway over schema/supergraph.graphql.
 * Settings (environment):
 * - GATEWAY_PORT (default 4100; 0 picks a free port), GATEWAY_HOST (default 127.0.0.1)
 * - SUPERGRAPH_FILE (default schema/supergraph.graphql)
 * - SUBGRAPH_URL_<NAME>, e.g. SUBGRAPH_URL_HUB=http://127.0.0.1:4000/graphql: replaces the routing URL of
 *   that subgraph (the checked-in supergraph routes to the docker-compose services `hub` and `courses`)
 * - GATEWAY_LOG_LEVEL: debug | info | warn (default) | error
 * Prints "gateway ready at <url>" once it listens; SIGTERM/SIGINT stop it cleanly.
 */
async function main(): Promise<void> {
  const env = process.env;
  const file = path.resolve(env.SUPERGRAPH_FILE ?? path.join(projectRoot(), 'schema', 'supergraph.graphql'));
  const supergraph = fs.readFileSync(file, 'utf8');
  const subgraphUrls = Object.fromEntries(
    Object.entries(env)
      .filter(([name, value]) => name.startsWith('SUBGRAPH_URL_') && value)
      .map(([name, value]) => [name.slice('SUBGRAPH_URL_'.length).toLowerCase(), value!]),
  );
  const port = Number(env.GATEWAY_PORT ?? 4100);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`GATEWAY_PORT must be a port number, got "${env.GATEWAY_PORT}"`);
  const logLevel = (env.GATEWAY_LOG_LEVEL ?? 'warn') as 'debug' | 'info' | 'warn' | 'error';
  const gateway = await startGateway({ supergraph, port, host: env.GATEWAY_HOST ?? '127.0.0.1', subgraphUrls, logLevel });
  console.log(`gateway ready at ${gateway.url}`);
  const stop = () => {
    gateway.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
