import { queryRows } from '../db/query-rows';
import {
  cancelEvent,
  cancelOccurrence,
  cancelledOccurrencesOf,
  createEvent,
  publishEvent,
  restoreOccurrence,
  updateEvent,
  type CreateEventInput,
  type EventEntity,
  type UpdateEventInput,
} from '../events';
import type { Context } from '../access';
import { globalId } from '../shared/global-id';
import type { ParsedEvent, ParsedOverride } from './calendar.parse';

/**
 * Applying a parsed calendar to an organisation's events, by UID, through
 * the events slice's own mutations (each change with history and change-log
 * entries, in its own transaction).
 */

/** Defaults of a source's events (as stored, database ids). */
export interface SourceDefaults {
  municipalityId?: string | null;
  visibility?: 'PUBLIC' | 'PARTNERS' | 'ORGANISERS';
  topics?: string[];
  languages?: string[];
  category?: string;
  /** Publish imported events at once (true) or keep them as drafts. */
  publish?: boolean;
}

/** What one import did. */
export interface ImportCounts {
  created: number;
  updated: number;
  cancelled: number;
  unchanged: number;
  /** Events left out, with the reason (invalid rule, no UID, ...). */
  skipped: string[];
}

function sameDates(a: readonly Date[], b: readonly Date[]): boolean {
  const key = (list: readonly Date[]) => [...new Set(list.map((d) => d.getTime()))].sort((x, y) => x - y).join(',');
  return key(a) === key(b);
}

function inputOf(parsed: ParsedEvent, defaults: SourceDefaults): UpdateEventInput & CreateEventInput {
  return {
    title: [{ language: 'de', text: parsed.title }],
    description: parsed.description ? [{ language: 'de', text: parsed.description }] : null,
    category: (defaults.category ?? 'OTHER') as never,
    startsAt: parsed.startsAt,
    endsAt: parsed.endsAt,
    timeZone: parsed.timeZone,
    allDay: parsed.allDay,
    recurrence: parsed.recurrence,
    visibility: (defaults.visibility ?? 'PUBLIC') as never,
    topics: (defaults.topics ?? []) as never,
    languages: defaults.languages ?? [],
    registrationUrl: parsed.url && /^https?:\/\//.test(parsed.url) ? parsed.url : null,
    address:
      parsed.location || parsed.latitude !== null || defaults.municipalityId
        ? {
            street: parsed.location,
            municipalityId: defaults.municipalityId ? globalId('Municipality', defaults.municipalityId) : null,
            location:
              parsed.latitude !== null && parsed.longitude !== null
                ? { latitude: parsed.latitude, longitude: parsed.longitude }
                : null,
          }
        : null,
  } as UpdateEventInput & CreateEventInput;
}

/** The UID of the single event that stands for a changed occurrence: the series' UID and the occurrence's start. */
export const overrideUid = (seriesUid: string, recurrenceId: Date) => `${seriesUid}#${recurrenceId.toISOString()}`;

/** Whether a changed occurrence shows anything the series' own occurrence does not (Google lists attendee changes too). */
function changesOccurrence(series: ParsedEvent, override: ParsedOverride): boolean {
  const duration = series.endsAt.getTime() - series.startsAt.getTime();
  return (
    override.startsAt.getTime() !== override.recurrenceId.getTime() ||
    override.endsAt.getTime() - override.startsAt.getTime() !== duration ||
    override.allDay !== series.allDay ||
    override.title !== series.title ||
    override.description !== series.description ||
    override.location !== series.location ||
    override.latitude !== series.latitude ||
    override.longitude !== series.longitude ||
    override.url !== series.url
  );
}

/**
 * A feed's events as the hub keeps them. A changed occurrence of a series
 * (RECURRENCE-ID) becomes, on that date, a cancelled occurrence of the
 * series (EXDATE) and — unless it is cancelled (STATUS:CANCELLED) — a
 * single event of its own with the changed time, title or place, whose UID
 * is the series' UID and the occurrence's start. So lists, windows and the
 * hub's own feeds show the date as the partner's calendar does, and when
 * the change goes from the feed, the date comes back to the series and the
 * single event is cancelled like every event that left the feed.
 */
export function expandOverrides(parsed: readonly ParsedEvent[]): ParsedEvent[] {
  const expanded: ParsedEvent[] = [];
  for (const event of parsed) {
    if (!event.recurrence || !event.overrides.length || event.cancelled) {
      expanded.push({ ...event, overrides: [] });
      continue;
    }
    const cancelled = new Map(event.cancelledOccurrences.map((date) => [date.getTime(), date]));
    const singles: ParsedEvent[] = [];
    for (const override of event.overrides) {
      if (!override.cancelled && !changesOccurrence(event, override)) continue;
      cancelled.set(override.recurrenceId.getTime(), override.recurrenceId);
      if (override.cancelled) continue;
      const { recurrenceId, ...fields } = override;
      singles.push({
        ...fields,
        uid: overrideUid(event.uid, recurrenceId),
        recurrence: null,
        cancelledOccurrences: [],
        overrides: [],
      });
    }
    expanded.push({ ...event, cancelledOccurrences: [...cancelled.values()], overrides: [] }, ...singles);
  }
  return expanded;
}

/**
 * Applies parsed events to an organisation's events: create, update, cancel
 * by UID. With `sourceId`, events of that source missing from the feed are
 * cancelled. Idempotent: the same feed twice changes nothing the second time.
 */
export async function applyEvents(
  ctx: Context,
  organisationId: string,
  parsed: readonly ParsedEvent[],
  defaults: SourceDefaults,
  sourceId: string | null,
  skipped: string[],
): Promise<ImportCounts> {
  const counts: ImportCounts = { created: 0, updated: 0, cancelled: 0, unchanged: 0, skipped };
  parsed = expandOverrides(parsed);
  const rows = await queryRows(
    ctx.db,
    `SELECT id, version, status, source_uid, cancelled_occurrences FROM event
     WHERE lead_organisation_id = $1 AND (source_uid = ANY($2::text[]) OR ($3::uuid IS NOT NULL AND source_id = $3::uuid))`,
    [organisationId, parsed.map((event) => event.uid), sourceId],
  );
  const byUid = new Map(rows.map((row) => [String(row.source_uid), row]));
  const seen = new Set<string>();
  for (const item of parsed) {
    if (seen.has(item.uid)) continue;
    seen.add(item.uid);
    try {
      const existing = byUid.get(item.uid);
      let event: EventEntity;
      if (!existing) {
        if (item.cancelled) continue;
        event = await createEvent(
          ctx,
          { ...inputOf(item, defaults), leadOrganisationId: globalId('Organisation', organisationId) },
          {
            within: async (manager, created) => {
              await manager.query('UPDATE event SET source_id = $2, source_uid = $3 WHERE id = $1', [
                created.id,
                sourceId,
                item.uid,
              ]);
            },
          },
        );
        if (defaults.publish) event = await publishEvent(ctx, globalId('Event', event.id), event.version);
        counts.created += 1;
      } else {
        const id = globalId('Event', String(existing.id));
        if (existing.status === 'CANCELLED') {
          counts.unchanged += 1;
          continue;
        }
        if (item.cancelled) {
          await cancelEvent(ctx, id, Number(existing.version), 'Im Kalender der Organisation abgesagt.');
          counts.cancelled += 1;
          continue;
        }
        event = await updateEvent(ctx, id, Number(existing.version), inputOf(item, defaults));
        if (event.version !== Number(existing.version)) counts.updated += 1;
        else counts.unchanged += 1;
      }
      // EXDATEs: one versioned change per date that differs.
      const wanted = item.recurrence ? item.cancelledOccurrences : [];
      const current = cancelledOccurrencesOf(event);
      if (!sameDates(wanted, current)) {
        const id = globalId('Event', event.id);
        let version = event.version;
        for (const at of wanted.filter((d) => !current.some((c) => c.getTime() === d.getTime()))) {
          try {
            version = (await cancelOccurrence(ctx, id, at, version)).version;
          } catch {
            // an EXDATE that is no occurrence of the rule: nothing to cancel
          }
        }
        for (const at of current.filter((c) => !wanted.some((d) => d.getTime() === c.getTime()))) {
          version = (await restoreOccurrence(ctx, id, at, version)).version;
        }
      }
    } catch (error) {
      skipped.push(`${item.uid}: ${(error as Error).message}`);
    }
  }
  if (sourceId) {
    for (const row of rows) {
      if (seen.has(String(row.source_uid)) || row.status === 'CANCELLED') continue;
      try {
        await cancelEvent(
          ctx,
          globalId('Event', String(row.id)),
          Number(row.version),
          'Nicht mehr im Kalender der Organisation.',
        );
        counts.cancelled += 1;
      } catch (error) {
        skipped.push(`${String(row.source_uid)}: ${(error as Error).message}`);
      }
    }
  }
  return counts;
}
