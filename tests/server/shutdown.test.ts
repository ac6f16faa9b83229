import http from 'node:http';
import { post, processDatabase, runCli, spawnHub, type HubProcess } from './processes';

// These tests start real processes on a fresh database; on a busy machine that takes a while.
jest.setTimeout(180_000);

/**
 * SIGTERM on a real hub process: the request in flight is answered, new
 * connections are refused, the process exits 0 and the database is closed
 * cleanly (on the embedded database: the data folder is released and intact).
 */
const database = processDatabase();

/**
 * Starts a POST whose body arrives in two parts; answers, once the hub has
 * taken the request in, a function that sends the rest and resolves with the
 * answer. "Taken in" is a fact, not a guess: the request asks
 * `Expect: 100-continue`, and Node's HTTP server answers 100 Continue only
 * after it accepted the connection and parsed the request's head.
 */
function slowRequest(url: string, body: string): Promise<{ finish: () => Promise<{ status: number; body: string }> }> {
  const half = Math.floor(body.length / 2);
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), expect: '100-continue' },
    });
    const answer = new Promise<{ status: number; body: string }>((done, fail) => {
      request.on('response', (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () => done({ status: response.statusCode ?? 0, body: text }));
      });
      request.on('error', fail);
    });
    request.on('error', reject);
    request.once('continue', () =>
      request.write(body.slice(0, half), (error) => {
        if (error) return reject(error);
        resolve({
          finish: () => {
            request.end(body.slice(half));
            return answer;
          },
        });
      }),
    );
    request.flushHeaders();
  });
}

test('SIGTERM lets the request in flight finish, refuses new connections, exits 0 and closes the database', async () => {
  // As operators run it: production mode (Apollo behaves differently outside NODE_ENV=test).
  // Debug logs: the drain announces when it has closed the listener, the moment to try a new connection.
  const hub: HubProcess = await spawnHub({
    ...database.env,
    NODE_ENV: 'production',
    SHUTDOWN_TIMEOUT_MS: '20000',
    LOG_LEVEL: 'debug',
  });
  // On the embedded database the CLI cannot open the folder while the hub runs (tested in tests/cli); on the server it can.
  const key = process.env.DATABASE_URL
    ? (await runCli(['keys', 'create', '--coordinator', '--label', 'shutdown test'], database.env)).stdout
        .trim()
        .split('\n')
        .pop()
    : undefined;
  const before = await post(hub.url, '{ municipalities { name } }', undefined, key);
  expect(before.data.municipalities).toHaveLength(28);

  const inFlight = await slowRequest(hub.url, JSON.stringify({ query: 'query InFlight { municipalities { name } }' }));
  hub.child.kill('SIGTERM');
  await hub.waitForLog((line) => line.msg === 'listener closed; draining connections');

  // Still draining: the process waits for the request.
  expect(hub.child.exitCode).toBeNull();
  // ... but takes no new connections.
  // (On a connection of its own: fetch would reuse the kept-alive one of the request before, which the drain
  // rightly still serves until it has been idle for its grace period.)
  const fresh = await new Promise<string>((resolve) => {
    const request = http.request(hub.url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } });
    request.on('response', (response) => resolve(`answered ${response.statusCode}`));
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    request.end('{"query":"{ __typename }"}');
  });
  expect(fresh).toBe('ECONNREFUSED');

  const answer = await inFlight.finish();
  expect(answer.status).toBe(200);
  expect(JSON.parse(answer.body).data.municipalities).toHaveLength(28);

  const end = await hub.exited;
  expect(end.code).toBe(0);
  const messages = hub.logs.map((line) => line.msg);
  expect(messages).toContain('shutting down: draining requests');
  expect(messages).toContain('wir-hub stopped');
  expect(hub.logs.filter((line) => Number(line.level) >= 50)).toEqual([]);
  expect(end.stderr).toBe('');

  // The database was closed cleanly: the CLI can open it (on the embedded one: the lock is released) and the data is there.
  const list = await runCli(['keys', 'list'], database.env);
  expect(list.code).toBe(0);
  if (key) expect(list.stdout).toContain('shutdown test');
  const again = await spawnHub(database.env);
  try {
    expect((await post(again.url, '{ municipalities { name } }')).data.municipalities).toHaveLength(28);
  } finally {
    expect((await again.stop()).code).toBe(0);
  }
});

test('SIGINT twice (Ctrl-C under npm start reaches the hub from the terminal and from npm) still drains and closes', async () => {
  const hub = await spawnHub({ ...database.env, NODE_ENV: 'production' });
  // A request in flight keeps the hub draining while the second signal arrives.
  const inFlight = await slowRequest(hub.url, JSON.stringify({ query: '{ municipalities { name } }' }));
  hub.child.kill('SIGINT');
  await hub.waitForLog((line) => line.msg === 'shutting down: draining requests');
  hub.child.kill('SIGINT');
  await hub.waitForLog((line) => line.msg === 'already shutting down');
  expect(hub.child.exitCode).toBeNull();
  expect((await inFlight.finish()).status).toBe(200);
  const end = await hub.exited;
  expect(end.signal).toBeNull();
  expect(end.code).toBe(0);
  const messages = hub.logs.map((line) => line.msg);
  expect(messages).toContain('already shutting down');
  expect(messages).toContain('wir-hub stopped');
});

test('SIGINT (Ctrl-C) stops an idle hub just as cleanly', async () => {
  const hub = await spawnHub({ ...database.env, NODE_ENV: 'production' });
  hub.child.kill('SIGINT');
  const end = await hub.exited;
  expect(end.code).toBe(0);
  expect(hub.logs.map((line) => line.msg)).toContain('wir-hub stopped');
});
