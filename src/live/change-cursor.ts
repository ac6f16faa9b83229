import { badInput } from '../shared/errors';
import type { ChangeLogBounds } from './change-log';

/**
 * Change cursors as clients see them: opaque strings. Inside is the change
 * log's bigint position; clients only store a cursor and hand it back.
 */
const PREFIX = 'chg:';

export function encodeChangeCursor(cursor: number): string {
  return Buffer.from(`${PREFIX}${cursor}`).toString('base64url');
}

/** The position inside a cursor, or undefined when it is not one of ours. */
export function decodeChangeCursor(value: string): number | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  const text = Buffer.from(value, 'base64url').toString('utf8');
  if (!text.startsWith(PREFIX)) return undefined;
  const digits = text.slice(PREFIX.length);
  if (!/^(0|[1-9]\d{0,15})$/.test(digits)) return undefined;
  const cursor = Number(digits);
  return Number.isSafeInteger(cursor) ? cursor : undefined;
}

/**
 * Why a `since` cursor cannot be resumed from (`extensions.reason`):
 * - CURSOR_INVALID: not a cursor this hub issued (malformed, or from the future).
 * - CURSOR_EXPIRED: older than the retained change log; changes after it may
 *   have been pruned. The client must re-sync (reload what it shows) and then
 *   subscribe or poll without `since`, or with a fresh cursor.
 */
export type CursorProblem = 'CURSOR_INVALID' | 'CURSOR_EXPIRED';

/**
 * The position to resume after, checked against what the log still holds;
 * BAD_USER_INPUT naming `field` with `extensions.reason` otherwise.
 */
export function resumePosition(since: string, bounds: ChangeLogBounds, field = 'since'): number {
  const cursor = decodeChangeCursor(since);
  if (cursor === undefined) {
    throw badInput(field, 'is not a change cursor issued by this hub; re-sync and start again without `since`.', {
      reason: 'CURSOR_INVALID' satisfies CursorProblem,
    });
  }
  if (cursor > bounds.latest) {
    throw badInput(
      field,
      'is ahead of the change log (not a cursor issued by this hub); re-sync and start again without `since`.',
      {
        reason: 'CURSOR_INVALID' satisfies CursorProblem,
      },
    );
  }
  if (cursor < bounds.prunedThrough) {
    throw badInput(
      field,
      'is older than the retained change log, so changes after it may be missing; re-sync (reload the events you show) and start again without `since`.',
      { reason: 'CURSOR_EXPIRED' satisfies CursorProblem },
    );
  }
  return cursor;
}
