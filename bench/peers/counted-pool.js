// The PostgreSQL pool of both PostGraphile servers (postgraphile.js here, ../peers5/postgraphile5.js),
// counting the SQL statements it sends for the probe (probe.js reads globalThis.__benchStatements).
// It takes the server's own `pg`: each folder installs its own, and the count must patch the one
// the server uses.
'use strict';

module.exports = function countedPool(pg) {
  let statements = 0;
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function countedQuery(...args) {
    statements += 1;
    return query.apply(this, args);
  };
  globalThis.__benchStatements = () => statements;
  return new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_SIZE ?? 10) });
};
