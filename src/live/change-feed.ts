import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { refusedKeys } from '../access';
import type { Config } from '../config';
import { EventEntity, EventOrganiserEntity } from '../events';
import type { Logger } from '../shared/logger';
import { CHANGES_CHANNEL } from '../db/change-log';
import { changeLogBounds, eventIdsOf, pruneChangeLog, readChanges, type ChangeRow } from './change-log';
import type { CurrentEvent } from './change.policy';
import { inBackground } from '../db/background';

/** Entries read from the log per statement, live and when replaying. */
export const CHANGE_BATCH_SIZE = 500;
const MAX_RECONNECT_DELAY_MS = 10_000;
const PRUNE_INTERVAL_MS = 60 * 60 * 1000;

/** Changes read together, with the events they concern as they are now (loaded once for all subscribers). */
export interface ChangeBatch {
  readonly rows: readonly ChangeRow[];
  readonly current: ReadonlyMap<string, CurrentEvent>;
}

/** A local subscriber of the feed. `deliver` must not block: it queues and returns. */
export interface FeedListener {
  deliver(batch: ChangeBatch): void;
  /** The API key the subscriber acts with; undefined for anonymous subscribers. */
  readonly keyId?: string;
  /** Called instead of `deliver` once its key was revoked or has expired; the subscriber must end. */
  refuse?(): void;
}

/** The events with the given ids as they are now, with their organisers: two statements whatever the number. */
export async function loadCurrentEvents(
  db: DataSource | EntityManager,
  eventIds: readonly string[],
): Promise<Map<string, CurrentEvent>> {
  const ids = [...new Set(eventIds)];
  const current = new Map<string, CurrentEvent>();
  if (!ids.length) return current;
  const [events, organisers] = await Promise.all([
    db.getRepository(EventEntity).findBy({ id: In(ids) }),
    db.getRepository(EventOrganiserEntity).findBy({ eventId: In(ids) }),
  ]);
  for (const event of events) current.set(event.id, { event, organisers: [] });
  for (const organiser of organisers) current.get(organiser.eventId)?.organisers.push(organiser);
  return current;
}

export interface ChangeFeedOptions {
  db: DataSource;
  config: Pick<Config, 'CHANGE_POLL_INTERVAL_MS' | 'CHANGE_LOG_RETENTION_DAYS'>;
  log: Logger;
  /** The embedded database: notifications arrive in-process through PGlite's listen(). */
  pglite?: PGlite;
  /** The PostgreSQL server: a dedicated connection LISTENs (the pool's connections come and go). */
  url?: string;
}

/**
 * The process's one reader of the change log. It wakes on every NOTIFY on
 * {@link CHANGES_CHANNEL} (sent by any hub instance's commit) and on a timer
 * (`CHANGE_POLL_INTERVAL_MS`), reads every entry after its position, in
 * order, loads the events concerned once, and hands each batch to all local
 * subscribers. A lost notification (or a dropped LISTEN connection) therefore
 * only delays a change until the next tick; it never loses one.
 *
 * Positions are safe to resume from because appends are serialised until
 * commit (see `appendChange`): once entry N is visible, every entry below N
 * that will ever exist is visible too.
 */
export class ChangeFeed {
  private positionValue = 0;
  private readonly listeners = new Set<FeedListener>();
  private readonly watchers = new Set<() => void>();
  private readonly subscriberWatchers = new Set<() => void>();
  private readonly listeningWatchers = new Set<() => void>();
  private pumping: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  private started = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private pruneTimer: NodeJS.Timeout | undefined;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private listenClient: pg.Client | undefined;
  private unlistenPglite: (() => Promise<void>) | undefined;
  private reconnectAttempt = 0;
  private readonly log: Logger;

  constructor(private readonly options: ChangeFeedOptions) {
    this.log = options.log.child({ component: 'change-feed' });
  }

  /** The last cursor handed to subscribers: later subscribers receive only what comes after it. */
  get position(): number {
    return this.positionValue;
  }

  /** Local subscribers right now. */
  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** True while the feed holds a working LISTEN (always true on the embedded database once started). */
  get listening(): boolean {
    return this.options.pglite ? this.unlistenPglite !== undefined : this.listenClient !== undefined;
  }

  /**
   * Resolves once the feed holds a working LISTEN (at once if it does): the
   * fact to wait on after a lost LISTEN connection, e.g. "it reconnected".
   */
  whenListening(): Promise<void> {
    if (this.listening) return Promise.resolve();
    return new Promise((resolve) => this.listeningWatchers.add(resolve));
  }

  private listeningChanged(): void {
    if (!this.listening) return;
    for (const watcher of this.listeningWatchers) watcher();
    this.listeningWatchers.clear();
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.positionValue = (await changeLogBounds(this.options.db)).latest;
    await this.listen();
    this.pollTimer = setInterval(() => this.wake(), this.options.config.CHANGE_POLL_INTERVAL_MS);
    this.pollTimer.unref();
    this.pruneTimer = setInterval(() => void this.prune(), PRUNE_INTERVAL_MS);
    this.pruneTimer.unref();
    void this.prune();
  }

  /**
   * Registers a subscriber; it receives every batch after {@link position}
   * as it stands now (answered, so a replay can stop exactly there).
   */
  subscribe(listener: FeedListener): { position: number; unsubscribe: () => void } {
    this.listeners.add(listener);
    this.subscribersChanged();
    return {
      position: this.positionValue,
      unsubscribe: () => {
        if (this.listeners.delete(listener)) this.subscribersChanged();
      },
    };
  }

  /**
   * Resolves as soon as the number of local subscribers satisfies `condition`
   * (at once if it does now): a fact to wait on where tests used to poll
   * `subscriberCount` on a timer, e.g. "the subscription is registered".
   */
  whenSubscribers(condition: (count: number) => boolean): Promise<void> {
    if (condition(this.listeners.size)) return Promise.resolve();
    return new Promise((resolve) => {
      const watcher = () => {
        if (!condition(this.listeners.size)) return;
        this.subscriberWatchers.delete(watcher);
        resolve();
      };
      this.subscriberWatchers.add(watcher);
    });
  }

  private subscribersChanged(): void {
    for (const watcher of [...this.subscriberWatchers]) watcher();
  }

  /**
   * Calls `watcher` whenever the feed has read new entries (after they went
   * to the subscribers): a wake-up for workers that read the log themselves
   * from a durable position (webhooks). Not a subscriber: it gets no batch.
   */
  onNewChanges(watcher: () => void): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  /** Reads the log now (coalesced: a wake during a read makes one more read after it). */
  wake(): void {
    if (this.stopped || !this.started) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = undefined;
      if (this.again) {
        this.again = false;
        this.wake();
      }
    });
  }

  /**
   * The feed's caught-up signal: resolves once it has read the log up to now
   * and handed every batch to its subscribers (tests wait on this, not on time).
   */
  async settle(): Promise<void> {
    this.wake();
    while (this.pumping) await this.pumping;
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        if (this.stopped) return;
        const rows = await inBackground(this.options.db, (manager) =>
          readChanges(manager, this.positionValue, CHANGE_BATCH_SIZE),
        );
        if (!rows.length) return;
        // Nobody listening: just move on (no events to load). The keys of the subscribers are checked
        // alongside (a subscriber that joins meanwhile had its key checked as it subscribed).
        const [current, refused] = this.listeners.size
          ? await inBackground(this.options.db, (manager) =>
              Promise.all([
                loadCurrentEvents(manager, eventIdsOf(rows)),
                refusedKeys(
                  manager,
                  new Set([...this.listeners].flatMap((listener) => (listener.keyId ? [listener.keyId] : []))),
                ),
              ]),
            )
          : [new Map<string, CurrentEvent>(), new Set<string>()];
        if (this.stopped) return;
        this.positionValue = rows[rows.length - 1]!.cursor;
        const batch: ChangeBatch = { rows, current };
        for (const listener of [...this.listeners]) {
          try {
            if (listener.keyId && refused.has(listener.keyId)) {
              this.listeners.delete(listener);
              this.subscribersChanged();
              listener.refuse?.();
              continue;
            }
            listener.deliver(batch);
          } catch (error) {
            this.log.error({ err: error }, 'a subscriber failed to take a batch of changes');
          }
        }
        for (const watcher of this.watchers) watcher();
        if (rows.length < CHANGE_BATCH_SIZE) return;
      }
    } catch (error) {
      // The next notification or tick retries from the same position.
      if (!this.stopped) this.log.warn({ err: error }, 'reading the change log failed; retrying on the next tick');
    }
  }

  private async prune(): Promise<void> {
    try {
      const removed = await inBackground(this.options.db, (manager) =>
        pruneChangeLog(manager, this.options.config.CHANGE_LOG_RETENTION_DAYS),
      );
      if (removed) this.log.info({ removed }, 'pruned old change-log entries');
    } catch (error) {
      if (!this.stopped) this.log.warn({ err: error }, 'pruning the change log failed');
    }
  }

  private async listen(): Promise<void> {
    if (this.options.pglite) {
      this.unlistenPglite = await this.options.pglite.listen(CHANGES_CHANNEL, () => this.wake());
      this.listeningChanged();
      return;
    }
    if (this.options.url) await this.connectListener();
  }

  private async connectListener(): Promise<void> {
    const client = new pg.Client({ connectionString: this.options.url, application_name: 'wir-hub-listen' });
    let failed = false;
    const fail = (error?: Error) => {
      if (failed) return;
      failed = true;
      if (this.listenClient === client) this.listenClient = undefined;
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.log.warn({ err: error }, 'lost the LISTEN connection; reconnecting (changes still arrive by polling)');
      this.scheduleReconnect();
    };
    client.on('error', fail);
    client.on('end', () => fail());
    client.on('notification', () => this.wake());
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (error) {
      fail(error as Error);
      return;
    }
    if (this.stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.listenClient = client;
    this.reconnectAttempt = 0;
    this.listeningChanged();
    // Whatever was committed while no connection listened.
    this.wake();
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const delay = Math.min(MAX_RECONNECT_DELAY_MS, 250 * 2 ** this.reconnectAttempt);
    this.reconnectAttempt += 1;
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      void this.connectListener();
    }, delay);
    this.reconnectTimer.unref();
  }

  /**
   * Stops listening for notifications while the feed keeps polling: what a
   * lost NOTIFY looks like. For tests and diagnostics; {@link resumeListening} undoes it.
   */
  async stopListening(): Promise<void> {
    if (this.unlistenPglite) {
      const unlisten = this.unlistenPglite;
      this.unlistenPglite = undefined;
      await unlisten();
    }
    const client = this.listenClient;
    if (client) {
      this.listenClient = undefined;
      client.removeAllListeners('notification');
      await client.query(`UNLISTEN ${CHANGES_CHANNEL}`).catch(() => undefined);
      client.removeAllListeners('end');
      client.removeAllListeners('error');
      client.on('error', () => undefined);
      await client.end().catch(() => undefined);
    }
  }

  /** Listens again after {@link stopListening}. */
  async resumeListening(): Promise<void> {
    if (!this.listening) await this.listen();
  }

  /** Closes the LISTEN connection and timers; subscribers are ended by the websocket server's close. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.pollTimer);
    clearInterval(this.pruneTimer);
    clearTimeout(this.reconnectTimer);
    await this.stopListening().catch(() => undefined);
    await this.pumping?.catch(() => undefined);
    this.listeners.clear();
  }
}
