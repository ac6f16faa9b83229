// PostGraphile 5 (Grafast) serving the `peers` schema of the benchmark
// database, as an outsider would run it in production (amber preset, no
// GraphiQL, no mutations), on a port given by the benchmark. Started by `npm
// run bench peers` (bench/peers.bench.ts) with DATABASE_URL and PORT set; it
// counts the SQL statements it sends for the benchmark's probe
// (bench/peers/probe.js). Needs Node.js 22 or later.
'use strict';
const http = require('node:http');
const pg = require('pg');
const countedPool = require('../peers/counted-pool.js');
const { postgraphile } = require('postgraphile');
const { PostGraphileAmberPreset } = require('postgraphile/presets/amber');
const { makePgService } = require('postgraphile/adaptors/pg');
const { grafserv } = require('postgraphile/grafserv/node');

const pool = countedPool(pg);
const preset = {
  extends: [PostGraphileAmberPreset],
  // Reads only; conditions on unindexed columns too (PostGraphile 4's default, ignoreIndexes).
  disablePlugins: ['PgMutationCreatePlugin', 'PgMutationUpdateDeletePlugin', 'PgIndexBehaviorsPlugin'],
  pgServices: [makePgService({ pool, schemas: ['peers'] })],
  grafserv: { graphiql: false, watch: false },
  grafast: { explain: false },
};
const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = http.createServer();
server.keepAliveTimeout = 65_000;
serv.addTo(server).then(
  () =>
    server.listen(Number(process.env.PORT), '127.0.0.1', () =>
      console.log(`postgraphile 5 listening on ${server.address().port}`),
    ),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
process.on('SIGTERM', () =>
  server.close(() =>
    Promise.resolve(pgl.release())
      .then(() => pool.end())
      .then(() => process.exit(0)),
  ),
);
