import { OrganisationKind, type Topic, type OrganisationEntity, municipalityLoader, organisationLoader } from '../directory';
import { type EventEntity, canSeeEvent, occurrencesBetween } from '../events';
import type { Context } from '../access';
import { badInput } from '../shared/errors';
import { parseGlobalId, parseGlobalIds } from '../shared/global-id';
import { pickTranslation } from '../shared/translations';
import type { PartnerSearchInput } from './matching.inputs';
import { assertMayAskForPartners, assertMayMatchEvent, plannedForOrganisation } from './matching.policy';
import { findCandidates, loadPlannedEvent, loadSignals, type CandidateRow } from './matching.query';
import { kindMixValue, rankCandidates, type CandidateFacts, type MatchCriteria, type MatchReasonValue } from './scoring';
import { MATCH_LIMITS } from './weights';

/** A suggestion as resolvers hand it to GraphQL. */
export interface PartnerSuggestionValue {
  organisation: OrganisationEntity;
  score: number;
  reasons: MatchReasonValue[];
  conflicts: EventEntity[];
}

/** Candidate facts plus what the answer needs again (the entity, the conflicting events). */
export interface ScoredFacts extends CandidateFacts {
  entity: OrganisationEntity;
  conflictEvents: EventEntity[];
}

const DAY_MS = 86_400_000;

/** Checks `first` (1..maxFirst) and applies the default. */
export function suggestionCount(first: number | null | undefined, field = 'first', max: number = MATCH_LIMITS.maxFirst): number {
  if (first === undefined || first === null) return Math.min(MATCH_LIMITS.defaultFirst, max);
  if (!Number.isInteger(first) || first < 1 || first > max) throw badInput(field, `must be between 1 and ${max}, got ${first}.`);
  return first;
}

/** The search, resolved from the input (and the event): everything scoring and SQL need. */
interface ResolvedSearch {
  criteria: MatchCriteria;
  point: { latitude: number; longitude: number } | null;
  radiusKm: number;
  municipalityId: string | null;
  kinds: OrganisationKind[] | null;
  excludeIds: string[];
  window: { startsAt: Date; endsAt: Date } | null;
  eventId: string | null;
}

function uniqueLanguages(...lists: Array<readonly string[] | null | undefined>): string[] {
  return [...new Set(lists.flatMap((list) => list ?? []))];
}

function checkWindow(input: PartnerSearchInput): { startsAt: Date; endsAt: Date } | null {
  const { startsAt, endsAt } = input;
  if (!startsAt && !endsAt) return null;
  if (!startsAt) throw badInput('input.startsAt', 'give the start of the time window together with `endsAt`.');
  if (!endsAt) throw badInput('input.endsAt', 'give the end of the time window together with `startsAt`.');
  if (endsAt.getTime() <= startsAt.getTime()) throw badInput('input.endsAt', 'must be after `startsAt`.');
  if (endsAt.getTime() - startsAt.getTime() > MATCH_LIMITS.maxWindowDays * DAY_MS) {
    throw badInput('input.endsAt', `must be at most ${MATCH_LIMITS.maxWindowDays} days after \`startsAt\`.`);
  }
  return { startsAt, endsAt };
}

async function resolveSearch(ctx: Context, input: PartnerSearchInput): Promise<ResolvedSearch> {
  const viewer = ctx.viewer;
  // Everything that needs no database first, so bad input never costs a statement.
  const eventId = input.eventId ? parseGlobalId(input.eventId, 'Event', 'input.eventId') : null;
  const municipalityInputId = input.municipalityId
    ? parseGlobalId(input.municipalityId, 'Municipality', 'input.municipalityId')
    : null;
  const excluded = input.excludeOrganisationIds?.length
    ? parseGlobalIds(input.excludeOrganisationIds, 'Organisation', 'input.excludeOrganisationIds')
    : [];
  const windowInput = checkWindow(input);
  if (input.near && input.near.radiusKm > MATCH_LIMITS.maxRadiusKm) {
    throw badInput('input.near.radiusKm', `must be at most ${MATCH_LIMITS.maxRadiusKm} km for a partner search.`);
  }
  const topicsInput = input.topics?.length ? [...new Set(input.topics)] : null;
  const languagesInput = input.languages?.length ? uniqueLanguages(input.languages) : null;
  if (!eventId && !municipalityInputId && !input.near && !topicsInput && !languagesInput) {
    throw badInput('input', 'give an `eventId`, or at least one of `municipalityId`, `near`, `topics` or `languages`.');
  }

  const municipalityPromise = municipalityInputId ? municipalityLoader(ctx).load(municipalityInputId) : undefined;
  let municipality: { id: string; name: string; latitude: number | null; longitude: number | null } | null = null;
  let point: { latitude: number; longitude: number } | null = null;
  let topics: string[] = topicsInput ?? [];
  let languages: string[] = languagesInput ?? [];
  let window = windowInput;
  let lead: { id: string; name: string } | null = null;
  let presentKinds: OrganisationKind[] = [];
  const excludeIds = new Set(excluded);

  if (eventId) {
    const planned = await loadPlannedEvent(ctx, eventId);
    // An event the asker may not see is answered exactly like an unknown one.
    if (!planned || !canSeeEvent(viewer, planned.event, planned.organisers)) {
      throw badInput('input.eventId', 'no event you can see has this ID.');
    }
    assertMayMatchEvent(viewer, planned.event);
    const { event, organisers } = planned;
    for (const organiser of organisers) excludeIds.add(organiser.organisationId);
    presentKinds = organisers
      .filter((organiser) => organiser.status === 'INVITED' || organiser.status === 'ACCEPTED')
      .map((organiser) => organiser.kind);
    const leadOrganiser = organisers.find((organiser) => organiser.role === 'LEAD');
    lead = leadOrganiser ? { id: leadOrganiser.organisationId, name: leadOrganiser.name } : null;
    topics = topicsInput ?? event.topics;
    languages = languagesInput ?? uniqueLanguages(event.languages, event.interpretingLanguages);
    window ??= { startsAt: new Date(event.startsAt), endsAt: new Date(event.endsAt) };
    if (!municipalityInputId && !input.near) {
      municipality = planned.municipality;
      if (event.latitude !== null && event.longitude !== null) point = { latitude: event.latitude, longitude: event.longitude };
    }
  } else {
    const own = plannedForOrganisation(viewer);
    if (own) {
      const organisation = await organisationLoader(ctx).load(own);
      if (organisation) {
        lead = { id: organisation.id, name: organisation.name };
        presentKinds = [organisation.kind as OrganisationKind];
        excludeIds.add(organisation.id);
      }
    }
  }

  if (municipalityPromise) {
    const found = await municipalityPromise;
    if (!found) throw badInput('input.municipalityId', 'no municipality has this ID.');
    municipality = { id: found.id, name: found.name, latitude: found.latitude, longitude: found.longitude };
  }
  if (input.near) point = { latitude: input.near.latitude, longitude: input.near.longitude };
  else if (!point && municipality?.latitude != null && municipality.longitude != null) {
    point = { latitude: municipality.latitude, longitude: municipality.longitude };
  }
  if (!point && !municipality && !topics.length && !languages.length) {
    throw badInput(
      'input.eventId',
      'the event has no place, topics or languages to match on; give `municipalityId`, `near`, `topics` or `languages`.',
    );
  }

  return {
    criteria: {
      topics: topics as Topic[],
      languages,
      municipality: municipality ? { id: municipality.id, name: municipality.name } : null,
      hasPlace: !!point || !!municipality,
      presentKinds,
      lead,
      hasWindow: !!window,
      now: new Date(),
    },
    point,
    radiusKm: input.near?.radiusKm ?? MATCH_LIMITS.defaultRadiusKm,
    municipalityId: municipality?.id ?? null,
    kinds: input.kinds?.length ? [...new Set(input.kinds)] : null,
    excludeIds: [...excludeIds],
    window,
    eventId,
  };
}

/** KIND_MIX values of every kind for the kinds already present (empty when none are). */
export function kindValuesFor(presentKinds: readonly OrganisationKind[]): Partial<Record<OrganisationKind, number>> {
  if (!presentKinds.length) return {};
  return Object.fromEntries(Object.values(OrganisationKind).map((kind) => [kind, kindMixValue(kind, presentKinds)]));
}

/**
 * Turns candidate rows into scoring facts: own events overlapping the window
 * (series checked occurrence by occurrence) and history, loaded for all of
 * them at once (two statements).
 */
export async function candidateFacts(
  ctx: Context,
  rows: ReadonlyArray<{ row: CandidateRow; window: { startsAt: Date; endsAt: Date } | null }>,
  leadId: string | null,
  excludeEventId: string | null,
): Promise<ScoredFacts[]> {
  const signals = await loadSignals(
    ctx,
    rows.map(({ row, window }) => ({ organisationId: row.organisation.id, window })),
    leadId,
    excludeEventId,
  );
  return rows.map(({ row }, position) => {
    const organisation = row.organisation;
    const facts = signals[position]!;
    const window = rows[position]!.window;
    // A series clashes only when one of its occurrences falls into the window.
    const conflictEvents = window
      ? facts.overlapping.filter((event) => overlapsWindow(event, window.startsAt, window.endsAt))
      : [];
    return {
      id: organisation.id,
      name: organisation.name,
      kind: organisation.kind as OrganisationKind,
      topics: organisation.topics,
      languages: organisation.languages,
      municipalityId: organisation.municipalityId,
      municipalityName: row.municipalityName,
      distanceKm: row.distanceKm,
      lookingForPartners: organisation.lookingForPartners,
      verified: organisation.verified,
      lastConfirmedAt: organisation.lastConfirmedAt ? new Date(organisation.lastConfirmedAt) : null,
      conflicts: conflictEvents.map((event) => ({
        id: event.id,
        title: pickTranslation(event.title, ctx.languages, event.originalLanguage) ?? '',
        startsAt: new Date(event.startsAt),
        endsAt: new Date(event.endsAt),
        timeZone: event.timeZone,
        allDay: event.allDay,
      })),
      coHostedWithLead: facts.coHostedWithLead,
      campaignParticipant: facts.campaignParticipant,
      entity: organisation,
      conflictEvents,
    };
  });
}

/** Whether an event (a series: any of its occurrences) overlaps [from, to), touching ends excluded. */
function overlapsWindow(event: EventEntity, from: Date, to: Date): boolean {
  const timing = {
    startsAt: new Date(event.startsAt),
    endsAt: new Date(event.endsAt),
    timeZone: event.timeZone,
    recurrence: event.recurrence,
  };
  return occurrencesBetween(timing, from, to, 3).some(
    (occurrence) => occurrence.startsAt.getTime() < to.getTime() && occurrence.endsAt.getTime() > from.getTime(),
  );
}

/** The pool of candidates pre-ranked in SQL for an answer of `first`. */
export function candidatePool(first: number): number {
  return Math.max(MATCH_LIMITS.candidatePool, first * MATCH_LIMITS.candidatePoolFactor);
}

/**
 * Ranked, explained partner suggestions for an event or for criteria.
 * Statements: the asker's key, the event (or the editor's organisation), the
 * municipality when given, the candidates, and their availability and history
 * (one statement) — the same number whatever `first` is.
 */
export async function suggestPartners(
  ctx: Context,
  input: PartnerSearchInput,
  first: number | null | undefined,
): Promise<PartnerSuggestionValue[]> {
  assertMayAskForPartners(ctx.viewer);
  const size = suggestionCount(first);
  const search = await resolveSearch(ctx, input);
  const rows = await findCandidates(
    ctx,
    {
      point: search.point,
      radiusKm: search.radiusKm,
      municipalityId: search.municipalityId,
      topics: search.criteria.topics,
      languages: search.criteria.languages,
      kinds: search.kinds,
      excludeIds: search.excludeIds,
      kindValues: kindValuesFor(search.criteria.presentKinds),
      now: search.criteria.now,
    },
    candidatePool(size),
  );
  const facts = await candidateFacts(
    ctx,
    rows.map((row) => ({ row, window: search.window })),
    search.criteria.lead?.id ?? null,
    search.eventId,
  );
  const loader = organisationLoader(ctx);
  return rankCandidates(search.criteria, facts, size).map(({ candidate, score, reasons }) => {
    // The organisation is loaded already: later fields (node(), memberOf ...) need not fetch it again.
    loader.prime(candidate.id, candidate.entity);
    return { organisation: candidate.entity, score, reasons, conflicts: candidate.conflictEvents };
  });
}
