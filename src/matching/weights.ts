import { OrganisationKind } from '../directory';

/**
 * Every knob of partner matching, in one place. The scoring function
 * (`scoring.ts`) and the candidate pre-ranking in SQL (`matching.query.ts`)
 * both read these values, so tuning happens here and nowhere else.
 *
 * How a score comes about
 * -----------------------
 * Each signal yields a value in 0..1 for a candidate. The score is the
 * weighted mean of the signals that apply to the request (a signal applies
 * when the request gives what it needs: topics need wanted topics, distance
 * needs a place, history needs a lead organisation ...), so it stays in 0..1
 * whatever the request holds. Then each own event of the candidate that
 * overlaps the time window multiplies the score by `1 - conflictPenalty`.
 *
 * Each `MatchReason.weight` is that signal's share of the score before the
 * availability factor (weight × value / sum of applicable weights); the
 * availability reason (BUSY) carries the negative amount the factor removed.
 * So the weights of a suggestion's reasons add up to its score.
 */
export interface MatchWeights {
  /** Relative weight of each signal (only their ratios matter). */
  readonly signals: Readonly<Record<WeightedSignal, number>>;
  /** Wanted topics beyond this many need not all be shared for a full topic value. */
  readonly topicSaturation: number;
  /** Distance decay: the value outside the event's municipality is exp(-km / distanceDecayKm). */
  readonly distanceDecayKm: number;
  /** Each overlapping own event multiplies the score by (1 - conflictPenalty). */
  readonly conflictPenalty: number;
  /** Co-hosted events with the lead that give the full history value. */
  readonly coHostSaturation: number;
  /** An entry confirmed within this many months counts as fresh. */
  readonly freshnessMonths: number;
  /** How well a candidate kind complements a kind the event already has (see KIND_MIX). */
  readonly kindMix: Readonly<Record<OrganisationKind, Readonly<Record<OrganisationKind, number>>>>;
}

/** The signals that add to a score (availability lowers it instead). */
export type WeightedSignal =
  | 'TOPICS'
  | 'LANGUAGES'
  | 'DISTANCE'
  | 'KIND_MIX'
  | 'LOOKING_FOR_PARTNERS'
  | 'VERIFIED'
  | 'RECENTLY_CONFIRMED'
  | 'CO_HOSTED'
  | 'NEW_TO_NETWORK';

const K = OrganisationKind;

/**
 * Kind complementarity: KIND_MIX[candidate][present] says how much a candidate
 * of one kind widens an event that already has an organisation of the other
 * kind, 0 (same circle of people) .. 1 (a different circle). A candidate's
 * value is the lowest over the kinds already on the event, so a third mosque
 * adds nothing to two mosques, while a church or a sports club (association)
 * adds a lot. Rows are the candidate's kind, columns the kind already there.
 */
// prettier-ignore
export const KIND_MIX: Record<OrganisationKind, Record<OrganisationKind, number>> = {
  //                          ASSOC FED  MOSQ SUPP MIGR RELI PUBL OTHR
  [K.ASSOCIATION]:          row(0.3, 0.6, 1.0, 0.6, 0.8, 1.0, 0.9, 0.6),
  [K.FEDERATION]:           row(0.6, 0.0, 0.8, 0.7, 0.7, 0.8, 0.7, 0.6),
  [K.MOSQUE]:               row(1.0, 0.8, 0.0, 0.9, 0.5, 1.0, 0.9, 0.8),
  [K.SUPPORT_CIRCLE]:       row(0.6, 0.7, 0.9, 0.0, 0.8, 0.8, 0.7, 0.6),
  [K.MIGRANT_ORGANISATION]: row(0.8, 0.7, 0.5, 0.8, 0.2, 1.0, 0.9, 0.7),
  [K.RELIGIOUS_COMMUNITY]:  row(1.0, 0.8, 1.0, 0.8, 1.0, 0.2, 0.9, 0.8),
  [K.PUBLIC_INSTITUTION]:   row(0.9, 0.7, 0.9, 0.7, 0.9, 0.9, 0.1, 0.7),
  [K.OTHER]:                row(0.6, 0.6, 0.8, 0.6, 0.7, 0.8, 0.7, 0.4),
};

function row(...values: number[]): Record<OrganisationKind, number> {
  const kinds = [
    K.ASSOCIATION,
    K.FEDERATION,
    K.MOSQUE,
    K.SUPPORT_CIRCLE,
    K.MIGRANT_ORGANISATION,
    K.RELIGIOUS_COMMUNITY,
    K.PUBLIC_INSTITUTION,
    K.OTHER,
  ];
  return Object.fromEntries(kinds.map((kind, index) => [kind, values[index]!])) as Record<OrganisationKind, number>;
}

/** The weights the hub uses. */
export const MATCH_WEIGHTS: MatchWeights = {
  signals: {
    // What the event is about and who it is for weigh most.
    TOPICS: 0.3,
    LANGUAGES: 0.2,
    DISTANCE: 0.2,
    // The intercultural mix: bringing in a circle of people the event does not reach yet.
    KIND_MIX: 0.15,
    // Openness: willing, checked and up to date.
    LOOKING_FOR_PARTNERS: 0.06,
    VERIFIED: 0.03,
    RECENTLY_CONFIRMED: 0.03,
    // History: trust built before, and a small nudge to widen the circle.
    CO_HOSTED: 0.08,
    NEW_TO_NETWORK: 0.03,
  },
  topicSaturation: 3,
  distanceDecayKm: 10,
  conflictPenalty: 0.4,
  coHostSaturation: 3,
  freshnessMonths: 12,
  kindMix: KIND_MIX,
};

/**
 * Limits of the search (not of the score): how far around the event's place
 * candidates are looked for, how many are pre-ranked in SQL and scored.
 */
export const MATCH_LIMITS = {
  /** Radius around the event's place (or the municipality's centre) when the request gives none. */
  defaultRadiusKm: 25,
  /** Largest radius a partner search accepts (beyond that, "nearby" means nothing). */
  maxRadiusKm: 200,
  /**
   * Candidates pre-ranked in SQL by the signals known there (all but history
   * and availability) and then scored in full. History and availability can
   * move a candidate by at most their weights, so a pool a few times larger
   * than the answer keeps the top of the list exact in practice: on the
   * national benchmark network, 60 event requests gave the same top 10 with
   * a pool of 50 as with a pool of 2,000.
   */
  candidatePool: 60,
  /** The pool is at least this many times `first`. */
  candidatePoolFactor: 3,
  /** Suggestions per request: default and maximum of `first`. */
  defaultFirst: 10,
  maxFirst: 50,
  /** Longest time window checked for clashes. */
  maxWindowDays: 366,
  /** Most organisations `excludeOrganisationIds` may name. */
  maxExcluded: 500,
  /** Own events named in one availability reason. */
  conflictsNamed: 3,
} as const;
