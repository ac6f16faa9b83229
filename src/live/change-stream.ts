import type { DataSource } from 'typeorm';
import { refusedKeys } from '../access';
import { readChanges, type ChangeRow } from './change-log';
import { CHANGE_BATCH_SIZE, loadCurrentEvents, type ChangeBatch, type ChangeFeed, type FeedListener } from './change-feed';
import type { CurrentEvent } from './change.policy';

/** One change as delivered to one subscriber: the entry and the event (null when it may not see it now). */
export interface ChangePayload {
  change: ChangeRow;
  event: CurrentEvent['event'] | null;
}

/** Decides, for one subscriber, whether and how it receives a change. */
export type ChangeSelector = (change: ChangeRow, current: ReadonlyMap<string, CurrentEvent>) => ChangePayload | undefined;

export interface ChangeStreamOptions {
  feed: ChangeFeed;
  db: DataSource;
  select: ChangeSelector;
  /** Resume after this cursor: replay the log from there, then continue live. */
  since?: number;
  /** Undelivered changes this subscriber may have before it counts as too slow. */
  maxBuffered: number;
  /** Called once when the subscriber is more than `maxBuffered` behind as new changes arrive; the stream has ended. */
  onOverflow: () => void;
  /** Called before each change is handed out (e.g. to drop per-delivery caches). */
  beforeEach?: () => void;
  /** The subscriber's API key, checked before every batch it receives (live and replayed); undefined: anonymous. */
  keyId?: string;
  /** Called once when the key is found revoked or expired; the stream has ended. */
  onRefused?: () => void;
}

/** Entries replayed per statement when resuming. */
const REPLAY_PAGE = Math.min(200, CHANGE_BATCH_SIZE);

/**
 * One subscriber's changes as an async iterator (what a GraphQL subscription
 * resolver returns).
 *
 * It registers with the process's feed first and takes note of the feed's
 * position P. Live batches (cursors > P) are buffered from then on. With
 * `since` S < P it replays the log (S, P] page by page, as the consumer pulls
 * (so a long replay is paced by the client, not buffered), and only then
 * hands out the buffered live changes. Replay and live never overlap, and a
 * cursor at or below the last one handed out is never handed out again: no
 * gap, no duplicate.
 *
 * A consumer that is still more than `maxBuffered` changes behind when new
 * ones arrive (its socket does not drain) is cut off through `onOverflow`
 * instead of growing memory without bound (at most `maxBuffered` plus one
 * feed batch are ever held); other subscribers are never held up, because the feed only
 * queues into each stream.
 */
export class ChangeStream implements AsyncIterableIterator<ChangePayload>, FeedListener {
  private readonly ready: ChangePayload[] = [];
  private readonly live: ChangePayload[] = [];
  private replayAfter: number | undefined;
  private readonly replayUntil: number;
  /** Highest cursor taken from the feed (replay covers everything up to replayUntil). */
  private lastSeen: number;
  private waiter: (() => void) | undefined;
  private ended = false;
  private readonly unsubscribe: () => void;

  readonly keyId: string | undefined;

  constructor(private readonly options: ChangeStreamOptions) {
    this.keyId = options.keyId;
    const { position, unsubscribe } = options.feed.subscribe(this);
    this.unsubscribe = unsubscribe;
    this.replayUntil = position;
    if (options.since !== undefined && options.since < position) this.replayAfter = options.since;
    // A client may come from an instance whose feed is ahead of ours: skip what it already has.
    this.lastSeen = Math.max(position, options.since ?? position);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Undelivered changes held for this subscriber. */
  get buffered(): number {
    return this.ready.length + this.live.length;
  }

  deliver(batch: ChangeBatch): void {
    if (this.ended) return;
    // Too slow: still behind by more than the limit when more changes come. (Checked before
    // taking the batch, so one burst, up to a batch of the feed, never cuts off a healthy reader.)
    if (this.buffered > this.options.maxBuffered) {
      this.finish();
      this.options.onOverflow();
      return;
    }
    const target = this.replayAfter === undefined ? this.ready : this.live;
    for (const change of batch.rows) {
      if (change.cursor <= this.lastSeen) continue;
      this.lastSeen = change.cursor;
      const payload = this.options.select(change, batch.current);
      if (payload) target.push(payload);
    }
    this.notify();
  }

  /** The feed found the key revoked or expired: end, and let the connection know. */
  refuse(): void {
    if (this.ended) return;
    this.finish();
    this.options.onRefused?.();
  }

  async next(): Promise<IteratorResult<ChangePayload>> {
    for (;;) {
      if (this.ended) return { done: true, value: undefined };
      const payload = this.ready.shift();
      if (payload) {
        this.options.beforeEach?.();
        return { done: false, value: payload };
      }
      if (this.replayAfter !== undefined) {
        await this.replayPage();
        continue;
      }
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  async return(): Promise<IteratorResult<ChangePayload>> {
    this.finish();
    return { done: true, value: undefined };
  }

  async throw(error?: unknown): Promise<IteratorResult<ChangePayload>> {
    this.finish();
    throw error;
  }

  private async replayPage(): Promise<void> {
    const after = this.replayAfter!;
    if (this.keyId && (await refusedKeys(this.options.db, new Set([this.keyId]))).size) {
      this.refuse();
      return;
    }
    const rows = await readChanges(this.options.db, after, REPLAY_PAGE, this.replayUntil);
    const current = await loadCurrentEvents(
      this.options.db,
      rows.map((row) => row.eventId),
    );
    if (this.ended) return;
    for (const change of rows) {
      const payload = this.options.select(change, current);
      if (payload) this.ready.push(payload);
    }
    if (rows.length < REPLAY_PAGE || rows[rows.length - 1]!.cursor >= this.replayUntil) {
      // Replay reached the feed's position: live changes follow, in order.
      this.replayAfter = undefined;
      this.ready.push(...this.live.splice(0));
    } else {
      this.replayAfter = rows[rows.length - 1]!.cursor;
    }
  }

  private notify(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  private finish(): void {
    if (this.ended) return;
    this.ended = true;
    this.unsubscribe();
    this.ready.length = 0;
    this.live.length = 0;
    this.notify();
  }
}
