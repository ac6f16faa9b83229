import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildCoursesSchema, linkToHub, type HubIds } from './courses.ts';

/*
 * Starts the courses subgraph. Environment:
 * - PORT (default 4001; 0 picks a free port), HOST (default 127.0.0.1)
 * - HUB_URL (default http://127.0.0.1:4000/graphql): where to look up the hub's IDs of the
 *   demo data's organisations and municipalities; retried for up to a minute while the hub starts.
 * Prints "courses subgraph ready at <url>" once it listens; stops cleanly on SIGTERM/SIGINT.
 */
const port = Number(process.env.PORT ?? 4001);
const host = process.env.HOST ?? '127.0.0.1';
const hubUrl = process.env.HUB_URL ?? 'http://127.0.0.1:4000/graphql';

async function link(): Promise<HubIds> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await linkToHub(hubUrl);
    } catch (error) {
      const unreachable = error instanceof TypeError; // fetch failed: the hub is not up (yet)
      if (!unreachable || attempt >= 60) throw error;
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
  }
}

try {
  const server = new ApolloServer({
    schema: buildCoursesSchema(await link()),
    csrfPrevention: true,
    plugins: [ApolloServerPluginInlineTraceDisabled()],
  });
  const { url } = await startStandaloneServer(server, { listen: { port, host } });
  console.log(`courses subgraph ready at ${url}`);
} catch (error) {
  console.error(`courses subgraph: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
