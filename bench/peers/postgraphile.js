// PostGraphile 4 serving the `peers` schema of the benchmark database, as an
// outsider would run it in production (no GraphiQL, no query log, no
// mutations), on a port given by the benchmark. Started by `npm run bench
// peers` (bench/peers.bench.ts) with DATABASE_URL and PORT set; it counts the
// SQL statements it sends for the benchmark's probe (probe.js).
'use strict';
const http = require('node:http');
const pg = require('pg');
const countedPool = require('./counted-pool.js');
const { postgraphile } = require('postgraphile');

const pool = countedPool(pg);
const handler = postgraphile(pool, 'peers', {
  disableDefaultMutations: true,
  disableQueryLog: true,
  graphiql: false,
  dynamicJson: true,
  setofFunctionsContainNulls: false,
  ignoreRBAC: false,
  retryOnInitFail: false,
  watchPg: false,
});
const server = http.createServer(handler);
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`postgraphile listening on ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => pool.end().then(() => process.exit(0))));
