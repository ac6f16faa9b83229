import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createClient, type Client } from 'graphql-ws';
import { Client as PgClient } from 'pg';
import WebSocket from 'ws';
import { decodeChangeCursor, encodeChangeCursor } from '../../src/live/change-cursor';
import { createScratchDatabase } from '../helpers/hub';
import { LineLog } from '../helpers/lines';
import { Receiver } from '../helpers/webhooks';
import { ensureBuilt, post, runCli, spawnHub, type HubProcess } from './processes';

jest.setTimeout(180_000);

/**
 * Two hub processes (`node dist/src/main.js`) on one PostgreSQL database,
 * writers and subscribers on both, and one of them killed with SIGKILL under
 * load. Its subscribers reconnect to the survivor with their last cursor and
 * end up with exactly the change log (nothing missed, nothing twice); the
 * webhook delivery and the calendar sync the killed instance held at that
 * moment (its endpoint and its feed kept it waiting) are taken over by the
 * survivor once their lease (JOB_LEASE_MS, 2 s here) runs out.
 *
 * PostgreSQL only: the embedded database belongs to one process, so there is
 * no second instance to fail over to.
 */
const serverUrl = process.env.DATABASE_URL;
const testOnServer = serverUrl
  ? test
  : (name: string, fn: () => Promise<void>) =>
      test.skip(`${name} (PostgreSQL only: the embedded database belongs to one process)`, fn);

const vevent = (uid: string, summary: string) =>
  `BEGIN:VEVENT\r\nUID:${uid}\r\nDTSTAMP:20260901T000000Z\r\nDTSTART;TZID=Europe/Berlin:20261006T180000\r\nDURATION:PT2H\r\nSUMMARY:${summary}\r\nEND:VEVENT\r\n`;
const calendar = (...events: string[]) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Partner//DE\r\n${events.join('')}END:VCALENDAR\r\n`;

/**
 * Waits for `fact`, a promise the event itself resolves (a websocket message,
 * a request to the receiver or the feed, a write acknowledged); fails after
 * `timeoutMs` naming `what` instead of running into the test's timeout.
 */
async function bounded<T>(what: string, fact: Promise<T>, timeoutMs = 30_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
  });
  try {
    return await Promise.race([fact, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Resolves when a database state holds, looked at every 50 ms; fails after
 * `timeoutMs` naming `what`. Only for states no event announces to the test:
 * a lease renewed, a sync's outcome or a delivery's status written by a hub
 * process (they log only failures, and nothing reaches the test when the
 * row is written), so the row itself has to be read.
 */
async function untilDatabase(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A subscriber as a partner app writes one: follows `eventChanged` from a
 * cursor; when its connection drops, it reconnects to the next instance
 * that is up (here: the other URL, as through a load balancer) with the last
 * cursor it processed.
 */
class Follower {
  /** The cursors heard, in order; wait on them with `heard.nth()` / `heard.waitFor()` (woken by each message). */
  readonly heard = new LineLog<number>();
  readonly cursors = this.heard.lines;
  readonly errors: unknown[] = [];
  reconnects = 0;
  private client: Client | undefined;
  private stopped = false;

  constructor(
    private readonly name: string,
    private url: string,
    private readonly survivor: () => string,
    private readonly key: string,
    private since: string,
  ) {
    this.connect();
  }

  private connect(): void {
    const client = createClient({
      url: this.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      lazy: false,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${this.key}` },
      onNonLazyError: () => undefined,
    });
    this.client = client;
    client.subscribe<{ eventChanged: { cursor: string } }>(
      { query: 'subscription($since: String) { eventChanged(since: $since) { cursor } }', variables: { since: this.since } },
      {
        next: (result) => {
          if (result.errors?.length) {
            this.errors.push({ follower: this.name, errors: result.errors });
            return;
          }
          const cursor = result.data!.eventChanged.cursor;
          this.heard.push(decodeChangeCursor(cursor)!);
          this.since = cursor;
        },
        error: () => this.reconnect(client),
        complete: () => this.reconnect(client),
      },
    );
  }

  private reconnect(client: Client): void {
    if (this.stopped || client !== this.client) return;
    void client.dispose();
    this.reconnects += 1;
    this.url = this.survivor();
    this.connect();
  }

  get last(): number {
    return this.cursors.at(-1) ?? 0;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.heard.end(() => `follower ${this.name} stopped after ${this.cursors.length} changes`);
    await this.client?.dispose();
  }
}

testOnServer('SIGKILL one of two instances under load: subscribers, webhooks and calendar syncs carry on', async () => {
  ensureBuilt();
  const scratch = await createScratchDatabase(serverUrl!);
  const db = new PgClient({ connectionString: scratch.url });
  const receiver = await Receiver.start();
  // The first delivery hangs: the instance sending it holds its lease until it dies.
  receiver.script('hang');
  // The calendar feed: the first fetch (when the source is linked) answers, the second (the first periodic
  // sync) hangs, so its instance holds the source; later fetches have one event changed and one added.
  // The arrival time of each fetch; the test waits on the n-th with `fetches.nth(n)`.
  const fetched = new LineLog<number>();
  const fetches = fetched.lines;
  const feed = http.createServer((request, response) => {
    fetched.push(Date.now());
    if (fetches.length === 2) return; // never answered
    const body =
      fetches.length === 1
        ? calendar(vevent('kurs@partner', 'Deutschkurs'))
        : calendar(vevent('kurs@partner', 'Deutschkurs (neuer Raum)'), vevent('fest@partner', 'Sommerfest'));
    response.writeHead(200, { 'content-type': 'text/calendar' }).end(body);
  });
  await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
  const feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/kalender.ics`;

  const env = {
    DATABASE_URL: scratch.url,
    // Short claims, so the survivor takes over within seconds; attempts and fetches that may hang far longer.
    JOB_LEASE_MS: '2000',
    WEBHOOK_TIMEOUT_MS: '60000',
    CALENDAR_FETCH_TIMEOUT_MS: '60000',
    WEBHOOK_SECRET_KEY: randomBytes(32).toString('base64'),
    WEBHOOK_ALLOW_PRIVATE_URLS: 'true',
    WEBHOOK_RETRY_SCHEDULE: '0.05,0.05,0.05',
    WEBHOOK_POLL_INTERVAL_MS: '50',
    CHANGE_POLL_INTERVAL_MS: '200',
    CALENDAR_SYNC_INTERVAL_MS: '1000',
    CALENDAR_ALLOW_PRIVATE_ADDRESSES: 'true',
    RATE_LIMIT_KEY_POINTS: '100000000',
  };
  let one: HubProcess | undefined;
  let two: HubProcess | undefined;
  const followers: Follower[] = [];
  let writing = true;
  try {
    await db.connect();
    // Instance one alone first, so that it is the one holding the delivery and the sync when it is killed.
    one = await spawnHub(env);
    const created = await runCli(['keys', 'create', '--coordinator', '--label', 'failover'], { DATABASE_URL: scratch.url });
    const coordinator = created.stdout.trim().split('\n').pop()!;
    const organisation = await post(
      one.url,
      'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }',
      { input: { kind: 'ASSOCIATION', name: 'Partnerschaft Wolfhagen' } },
      coordinator,
    );
    const organisationId = organisation.data.createOrganisation.id as string;
    const keyed = await post(
      one.url,
      'mutation($input: ApiKeyInput!) { createApiKey(input: $input) { secret } }',
      { input: { label: 'Website Wolfhagen', organisationId, role: 'EDITOR' } },
      coordinator,
    );
    const editor = keyed.data.createApiKey.secret as string;
    const hook = await post(
      one.url,
      'mutation($input: CreateWebhookInput!) { createWebhook(input: $input) { webhook { id } } }',
      { input: { url: receiver.url } },
      coordinator,
    );
    expect(hook.errors).toBeUndefined();
    const linked = await post(
      one.url,
      'mutation($org: ID!, $url: String!) { addCalendarSource(organisationId: $org, url: $url, defaults: { publish: true }) { createdCount lastError } }',
      { org: organisationId, url: feedUrl },
      editor,
    );
    expect(linked.data.addCalendarSource).toEqual({ createdCount: 1, lastError: null });
    // The import's change is the webhook's first delivery: instance one is sending it, and the endpoint never answers.
    const [held] = await receiver.waitFor(1);
    const heldId = held!.headers['webhook-id'];
    // Instance one's first periodic sync is waiting for the feed.
    await bounded('the periodic calendar sync', fetched.nth(2));

    two = await spawnHub(env);
    const [{ max }] = (await db.query('SELECT coalesce(max(cursor), 0)::int AS max FROM change_log')).rows;
    const start = encodeChangeCursor(max);
    const urls = { one: one.url, two: two.url };
    let oneDead = false;
    const survivor = () => urls.two;
    for (let i = 0; i < 3; i++) {
      followers.push(new Follower(`one-${i}`, urls.one, survivor, coordinator, start));
      followers.push(new Follower(`two-${i}`, urls.two, survivor, coordinator, start));
    }

    // Writers: create an event and rename it, alternating instances (only the survivor once one is gone).
    // One line per acknowledged write, to wait on (`acks.nth(n)`).
    const acks = new LineLog<number>();
    let afterKill = 0;
    let failed = 0;
    const writers = Array.from({ length: 4 }, async (_, writer) => {
      // Until 24 more writes went through the survivor after the kill (enough load, a bounded test).
      for (let round = 0; writing && afterKill < 24; round++) {
        const url = !oneDead && round % 2 === 0 ? urls.one : urls.two;
        try {
          const made = await post(
            url,
            'mutation($input: CreateEventInput!) { createEvent(input: $input) { id version } }',
            {
              input: {
                title: [{ language: 'de', text: `Treffen ${writer}-${round}` }],
                category: 'MEETING',
                startsAt: '2026-10-03T11:00:00+02:00',
                endsAt: '2026-10-03T15:00:00+02:00',
              },
            },
            editor,
          );
          if (made.errors) throw new Error(JSON.stringify(made.errors));
          const renamed = await post(
            url,
            'mutation($id: ID!, $v: Int!, $input: UpdateEventInput!) { updateEvent(id: $id, expectedVersion: $v, input: $input) { version } }',
            {
              id: made.data.createEvent.id,
              v: made.data.createEvent.version,
              input: { title: [{ language: 'de', text: `Treffen ${writer}-${round} (verlegt)` }] },
            },
            editor,
          );
          if (renamed.errors) throw new Error(JSON.stringify(renamed.errors));
          acks.push(writer);
          acks.push(writer);
          if (oneDead) afterKill += 2;
        } catch (error) {
          // Only writes in flight on the killed instance may fail (the client cannot know whether they committed).
          if (url !== urls.one || !oneDead) throw error;
          failed += 1;
        }
      }
    });
    const load = Promise.all(writers);
    // A writer's failure is reported where `load` is awaited; until then the waits below fail by their bound.
    load.catch(() => undefined);

    // Writes through both instances and every subscriber hearing of them...
    await bounded('24 writes acknowledged', acks.nth(24));
    await bounded('every subscriber hearing two changes', Promise.all(followers.map((follower) => follower.heard.nth(2))));
    // ...and a whole lease (and more) past since instance one claimed the delivery, which it still holds: only its
    // renewals can have kept the claim (without them locked_until would be 2 s after the attempt began).
    const claimsQuery = `SELECT (SELECT count(*)::int FROM webhook_delivery
                  WHERE status = 'PENDING' AND attempts = 1 AND locked_until > now() AND last_attempt_at < now() - interval '2.5 s') AS deliveries,
                (SELECT count(*)::int FROM calendar_source WHERE claimed_until > now()) AS sources`;
    await untilDatabase('a lease gone by with the claims renewed', async () => {
      const [row] = (await db.query(claimsQuery)).rows;
      return row.deliveries === 1 && row.sources === 1;
    });
    // What instance one holds at this moment: the hung delivery (claimed over 2.5 s ago) and the hung sync.
    const [claims] = (await db.query(claimsQuery)).rows;
    expect(claims).toEqual({ deliveries: 1, sources: 1 });
    oneDead = true;
    one.child.kill('SIGKILL');
    const killedAt = Date.now();
    expect((await one.exited).signal).toBe('SIGKILL');

    // The survivor takes over: the held delivery is sent again (same webhook-id), the feed is fetched again.
    await receiver.waitForRequest((r, i) => i > 0 && r.headers['webhook-id'] === heldId, 30_000);
    const deliveryTakenOverMs = receiver.received[1]!.at - killedAt;
    const syncTakenOverMs = (await bounded('the calendar sync taken over', fetched.nth(3))) - killedAt;
    // The survivor writes the sync's outcome after applying it, with no signal to the test: read the row.
    await untilDatabase('the calendar applied', async () => {
      const [source] = (await db.query('SELECT created_count, updated_count FROM calendar_source')).rows;
      return source.created_count === 2 && source.updated_count === 1;
    });
    await load;

    // Every subscriber has exactly the event changes of the log after its start, in order: nothing missed, none twice.
    const expected = (
      await db.query(`SELECT cursor::int FROM change_log WHERE subject = 'EVENT' AND cursor > $1 ORDER BY cursor`, [max])
    ).rows.map((row) => row.cursor as number);
    const last = expected.at(-1)!;
    await bounded(
      'every subscriber caught up',
      Promise.all(followers.map((follower) => follower.heard.waitFor((cursor) => cursor >= last))),
    );
    for (const follower of followers) expect(follower.cursors).toEqual(expected);
    expect(followers.flatMap((follower) => follower.errors)).toEqual([]);
    expect(followers.filter((follower) => follower.reconnects > 0)).toHaveLength(3);

    // The webhook got every change after its creation, in order, each once, except the one in flight when its sender died.
    const [{ since }] = (await db.query('SELECT since_cursor::int AS since FROM webhook')).rows;
    const all = (await db.query('SELECT cursor::int FROM change_log WHERE cursor > $1 ORDER BY cursor', [since])).rows.map(
      (row) => row.cursor as number,
    );
    await receiver.waitFor(all.length + 1);
    const seen = receiver.bodies().map((body) => decodeChangeCursor(body.data.cursor)!);
    expect(seen).toEqual([all[0], ...all]);
    expect(receiver.received[1]!.headers['webhook-id']).toBe(heldId);
    // Recorded as delivered, every one (the survivor writes the outcome just after the endpoint answered).
    await untilDatabase('every delivery recorded', async () => {
      const [deliveries] = (
        await db.query(
          `SELECT count(*) FILTER (WHERE status = 'DELIVERED')::int AS delivered, count(*)::int AS total FROM webhook_delivery`,
        )
      ).rows;
      return deliveries.delivered === all.length && deliveries.total === all.length;
    });
    // The sync after the kill ended well; the survivor logged no error.
    const [source] = (await db.query('SELECT last_success_at, last_error FROM calendar_source')).rows;
    expect(source.last_error).toBeNull();
    expect(new Date(source.last_success_at).getTime()).toBeGreaterThan(killedAt - 1_000);
    expect(two.logs.filter((line) => Number(line.level) >= 50)).toEqual([]);
    const acknowledged = acks.lines.length;
    console.log(
      `failover: ${acknowledged} writes acknowledged (${afterKill} after the kill, ${failed} lost with instance one), ` +
        `${expected.length} event changes heard by each of 6 subscribers (3 reconnected), ${all.length} webhook deliveries ` +
        `(1 sent twice), delivery taken over ${deliveryTakenOverMs} ms and sync ${syncTakenOverMs} ms after the kill (lease 2000 ms)`,
    );
  } finally {
    writing = false;
    await Promise.all(followers.map((follower) => follower.stop()));
    one?.child.kill('SIGKILL');
    await two?.stop();
    await receiver.close();
    feed.closeAllConnections();
    await new Promise((resolve) => feed.close(resolve));
    await db.end();
    await scratch.drop();
  }
});
