import { DateTime } from 'luxon';
import { type OrganisationKind, TOPIC_LABELS, TOPIC_LABELS_DE, type Topic } from '../directory';
import { MATCH_LIMITS, MATCH_WEIGHTS, type MatchWeights, type WeightedSignal } from './weights';

/**
 * Partner scoring: a pure function of the request's criteria and one
 * candidate's facts (no database, no clock: `now` comes in), so it is unit
 * tested signal by signal and reused by `suggestPartners` and campaign gaps.
 *
 * Every reason is worded in English and in German from the same facts (the
 * console is German first; `MatchReason.description(language:)` picks one).
 *
 * Reason codes (stable; partner apps may switch on them):
 * - TOPICS               shares topics with the event ("shares topics: Interfaith dialogue, Culture")
 * - LANGUAGES            speaks languages of the audience, interpreting languages included ("speaks Turkish and Arabic")
 * - DISTANCE             close to the event's place ("2.4 km away in Vellmar", "in Baunatal, the event's municipality")
 * - KIND_MIX             brings in a kind of organisation the event does not have yet
 * - LOOKING_FOR_PARTNERS says it is looking for partners for joint events
 * - VERIFIED             its entry was verified by a coordinator
 * - RECENTLY_CONFIRMED   it confirmed its entry within the last 12 months
 * - CO_HOSTED            co-hosted events with the lead organisation before
 * - NEW_TO_NETWORK       has not taken part in a campaign yet: a chance to widen the circle
 * - BUSY                 has own events overlapping the time window (negative weight; listed in `conflicts`)
 */
export type ReasonCode = WeightedSignal | 'BUSY';

/** The languages reasons are worded in. */
export const REASON_LANGUAGES = ['en', 'de'] as const;
export type ReasonLanguage = (typeof REASON_LANGUAGES)[number];

export interface MatchReasonValue {
  code: ReasonCode;
  /** In English, e.g. "2.4 km away in Vellmar". */
  description: string;
  /** The same facts in German, e.g. "2,4 km entfernt in Vellmar". */
  descriptionDe: string;
  /** This reason's share of the score (BUSY: the negative amount it removed); a suggestion's weights add up to its score. */
  weight: number;
}

/** What is asked for, already restricted to facts the asker may see. */
export interface MatchCriteria {
  /** Topics of the event (or wanted); empty: the topic signal does not apply. */
  topics: readonly Topic[];
  /** Languages of the audience: the event's languages and its interpreting languages. */
  languages: readonly string[];
  /** The event's municipality, when known ("same municipality" is the best distance). */
  municipality?: { id: string; name: string } | null;
  /** True when the request has a place (a point or a municipality): the distance signal applies. */
  hasPlace: boolean;
  /** Kinds of the organisations already on the event; empty: the kind signal does not apply. */
  presentKinds: readonly OrganisationKind[];
  /** The lead organisation, when there is one: the history signal applies. */
  lead?: { id: string; name: string } | null;
  /** True when a time window is known: availability is checked. */
  hasWindow: boolean;
  /** The moment of the request (freshness is measured from it). */
  now: Date;
}

/** An own event of a candidate that overlaps the window (visible to the asker). */
export interface ConflictFact {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  timeZone: string;
  allDay: boolean;
}

/** One candidate organisation and the signals loaded for it. */
export interface CandidateFacts {
  id: string;
  name: string;
  kind: OrganisationKind;
  topics: readonly string[];
  languages: readonly string[];
  municipalityId: string | null;
  municipalityName: string | null;
  /** Kilometres from the event's place (own position, else its municipality's centre); null when unknown. */
  distanceKm: number | null;
  lookingForPartners: boolean;
  verified: boolean;
  lastConfirmedAt: Date | null;
  conflicts: readonly ConflictFact[];
  /** Events (visible to the asker) it organised together with the lead. */
  coHostedWithLead: number;
  /** Whether it took part in a campaign (as far as the asker can see). */
  campaignParticipant: boolean;
}

export interface ScoredCandidate<C extends CandidateFacts = CandidateFacts> {
  candidate: C;
  /** 0..1, rounded to 4 decimals. */
  score: number;
  reasons: MatchReasonValue[];
}

const languageNames = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'code' });
const languageNamesDe = new Intl.DisplayNames(['de'], { type: 'language', fallback: 'code' });
// British English lists: "German, Turkish and Arabic"; German: "Deutsch, Türkisch und Arabisch".
const list = new Intl.ListFormat('en-GB', { style: 'long', type: 'conjunction' });
const listDe = new Intl.ListFormat('de', { style: 'long', type: 'conjunction' });

const KIND_NAMES: Record<OrganisationKind, [string, string]> = {
  ASSOCIATION: ['an association', 'association'],
  FEDERATION: ['a federation', 'federation'],
  MOSQUE: ['a mosque community', 'mosque community'],
  SUPPORT_CIRCLE: ['a support circle', 'support circle'],
  MIGRANT_ORGANISATION: ['a migrant organisation', 'migrant organisation'],
  RELIGIOUS_COMMUNITY: ['a church or other faith community', 'faith community'],
  PUBLIC_INSTITUTION: ['a public institution', 'public institution'],
  OTHER: ['another kind of organisation', 'other organisation'],
};

/** German: [brought in (accusative), one more of the kind (nominative), the kind in a list]; genders differ. */
const KIND_NAMES_DE: Record<OrganisationKind, [string, string, string]> = {
  ASSOCIATION: ['einen Verein', 'ein weiterer Verein', 'Verein'],
  FEDERATION: ['einen Dachverband', 'ein weiterer Dachverband', 'Dachverband'],
  MOSQUE: ['eine Moscheegemeinde', 'eine weitere Moscheegemeinde', 'Moscheegemeinde'],
  SUPPORT_CIRCLE: ['einen Unterstützerkreis', 'ein weiterer Unterstützerkreis', 'Unterstützerkreis'],
  MIGRANT_ORGANISATION: ['eine Migrantenorganisation', 'eine weitere Migrantenorganisation', 'Migrantenorganisation'],
  RELIGIOUS_COMMUNITY: [
    'eine Kirche oder andere Religionsgemeinschaft',
    'eine weitere Religionsgemeinschaft',
    'Religionsgemeinschaft',
  ],
  PUBLIC_INSTITUTION: ['eine öffentliche Einrichtung', 'eine weitere öffentliche Einrichtung', 'öffentliche Einrichtung'],
  OTHER: ['eine andere Art von Organisation', 'eine weitere sonstige Organisation', 'sonstige Organisation'],
};

/** English name of a language code ("tr" → "Turkish"). */
export function languageName(code: string, names: Intl.DisplayNames = languageNames): string {
  try {
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}

/** German name of a language code ("tr" → "Türkisch"). */
function languageNameDe(code: string): string {
  return languageName(code, languageNamesDe);
}

function topicLabel(topic: string): string {
  return TOPIC_LABELS[topic as Topic] ?? topic;
}

function topicLabelDe(topic: string): string {
  return TOPIC_LABELS_DE[topic as Topic] ?? topic;
}

/** Base language of a tag ("de-AT" → "de"): an organisation speaking "de" serves a "de-AT" audience. */
function baseLanguage(tag: string): string {
  return tag.split('-')[0]!.toLowerCase();
}

function formatKm(km: number): string {
  return km < 10 ? km.toFixed(1) : String(Math.round(km));
}

/** German decimal comma: "2,4", "14". */
function formatKmDe(km: number): string {
  return formatKm(km).replace('.', ',');
}

/** "on Sat 3 Oct 2026, 11:00–15:00" in the event's own time zone. */
function describeWhen(conflict: ConflictFact): string {
  const start = DateTime.fromJSDate(conflict.startsAt, { zone: conflict.timeZone }).setLocale('en-GB');
  const end = DateTime.fromJSDate(conflict.endsAt, { zone: conflict.timeZone }).setLocale('en-GB');
  const day = start.toFormat('ccc d LLL yyyy');
  if (conflict.allDay)
    return start.hasSame(end, 'day') ? `on ${day} (all day)` : `from ${day} to ${end.toFormat('ccc d LLL yyyy')}`;
  if (start.hasSame(end, 'day')) return `on ${day}, ${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')}`;
  return `from ${day}, ${start.toFormat('HH:mm')} to ${end.toFormat('ccc d LLL yyyy, HH:mm')}`;
}

/** "am Sa., 3. Okt. 2026, 11:00–15:00" in the event's own time zone. */
function describeWhenDe(conflict: ConflictFact): string {
  const start = DateTime.fromJSDate(conflict.startsAt, { zone: conflict.timeZone }).setLocale('de');
  const end = DateTime.fromJSDate(conflict.endsAt, { zone: conflict.timeZone }).setLocale('de');
  const day = start.toFormat('EEE, d. MMM yyyy');
  if (conflict.allDay)
    return start.hasSame(end, 'day') ? `am ${day} (ganztägig)` : `vom ${day} bis ${end.toFormat('EEE, d. MMM yyyy')}`;
  if (start.hasSame(end, 'day')) return `am ${day}, ${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')}`;
  return `vom ${day}, ${start.toFormat('HH:mm')} bis ${end.toFormat('EEE, d. MMM yyyy, HH:mm')}`;
}

function monthsBetween(earlier: Date, later: Date): number {
  return DateTime.fromJSDate(later).diff(DateTime.fromJSDate(earlier), 'months').months;
}

interface Signal {
  code: WeightedSignal;
  value: number;
  description: string;
  descriptionDe: string;
}

/** The kind value: the lowest complementarity with any kind already on the event. */
export function kindMixValue(
  kind: OrganisationKind,
  presentKinds: readonly OrganisationKind[],
  weights: MatchWeights = MATCH_WEIGHTS,
): number {
  if (!presentKinds.length) return 0;
  return Math.min(...presentKinds.map((present) => weights.kindMix[kind]?.[present] ?? 0));
}

/**
 * Scores one candidate: each applicable signal's value in 0..1, their weighted
 * mean, times the availability factor. Answers the score and the reasons
 * (the contributing signals, strongest first, then availability).
 */
export function scoreCandidate<C extends CandidateFacts>(
  criteria: MatchCriteria,
  candidate: C,
  weights: MatchWeights = MATCH_WEIGHTS,
): ScoredCandidate<C> {
  const applicable: WeightedSignal[] = ['LOOKING_FOR_PARTNERS', 'VERIFIED', 'RECENTLY_CONFIRMED', 'NEW_TO_NETWORK'];
  const signals: Signal[] = [];

  if (criteria.topics.length) {
    applicable.push('TOPICS');
    const own = new Set(candidate.topics);
    const shared = criteria.topics.filter((topic) => own.has(topic));
    if (shared.length) {
      signals.push({
        code: 'TOPICS',
        value: Math.min(1, shared.length / Math.min(criteria.topics.length, weights.topicSaturation)),
        description: `shares ${shared.length === 1 ? 'the topic' : 'topics'}: ${shared.map(topicLabel).join(', ')}`,
        descriptionDe: `teilt ${shared.length === 1 ? 'das Thema' : 'die Themen'}: ${shared.map(topicLabelDe).join(', ')}`,
      });
    }
  }

  if (criteria.languages.length) {
    applicable.push('LANGUAGES');
    const own = new Set(candidate.languages.map(baseLanguage));
    const shared = criteria.languages.filter((language) => own.has(baseLanguage(language)));
    if (shared.length) {
      signals.push({
        code: 'LANGUAGES',
        value: shared.length / criteria.languages.length,
        description: `speaks ${list.format(shared.map((code) => languageName(code)))}`,
        descriptionDe: `spricht ${listDe.format(shared.map(languageNameDe))}`,
      });
    }
  }

  if (criteria.hasPlace) {
    applicable.push('DISTANCE');
    const sameMunicipality = !!criteria.municipality && candidate.municipalityId === criteria.municipality.id;
    const km = candidate.distanceKm;
    if (sameMunicipality) {
      signals.push({
        code: 'DISTANCE',
        value: 1,
        description:
          km === null
            ? `in ${criteria.municipality!.name}, the event's municipality`
            : `${formatKm(km)} km away in ${criteria.municipality!.name}, the event's municipality`,
        descriptionDe:
          km === null
            ? `in ${criteria.municipality!.name}, der Gemeinde der Veranstaltung`
            : `${formatKmDe(km)} km entfernt in ${criteria.municipality!.name}, der Gemeinde der Veranstaltung`,
      });
    } else if (km !== null) {
      const value = Math.exp(-km / weights.distanceDecayKm);
      signals.push({
        code: 'DISTANCE',
        value,
        description: candidate.municipalityName
          ? `${formatKm(km)} km away in ${candidate.municipalityName}`
          : `${formatKm(km)} km away`,
        descriptionDe: candidate.municipalityName
          ? `${formatKmDe(km)} km entfernt in ${candidate.municipalityName}`
          : `${formatKmDe(km)} km entfernt`,
      });
    }
  }

  if (criteria.presentKinds.length) {
    applicable.push('KIND_MIX');
    const value = kindMixValue(candidate.kind, criteria.presentKinds, weights);
    if (value > 0) {
      const presentKinds = [...new Set(criteria.presentKinds)].sort();
      const present = presentKinds.map((kind) => KIND_NAMES[kind][1]);
      const presentDe = listDe.format(presentKinds.map((kind) => KIND_NAMES_DE[kind][2]));
      const already = criteria.presentKinds.includes(candidate.kind);
      signals.push({
        code: 'KIND_MIX',
        value,
        description: already
          ? `another ${KIND_NAMES[candidate.kind][1]}; the event has ${list.format(present)} organisers so far`
          : `brings in ${KIND_NAMES[candidate.kind][0]}; the event has ${list.format(present)} organisers so far`,
        descriptionDe: already
          ? `${KIND_NAMES_DE[candidate.kind][1]}; bisher veranstalten: ${presentDe}`
          : `bringt ${KIND_NAMES_DE[candidate.kind][0]} ein; bisher veranstalten: ${presentDe}`,
      });
    }
  }

  if (candidate.lookingForPartners) {
    signals.push({
      code: 'LOOKING_FOR_PARTNERS',
      value: 1,
      description: 'is looking for partners for joint events',
      descriptionDe: 'sucht Partner für gemeinsame Veranstaltungen',
    });
  }
  if (candidate.verified) {
    signals.push({
      code: 'VERIFIED',
      value: 1,
      description: 'its entry is verified by a coordinator',
      descriptionDe: 'ihr Eintrag ist von der Koordination geprüft',
    });
  }
  if (candidate.lastConfirmedAt && candidate.lastConfirmedAt <= criteria.now) {
    const months = monthsBetween(candidate.lastConfirmedAt, criteria.now);
    if (months < weights.freshnessMonths) {
      const whole = Math.floor(months);
      signals.push({
        code: 'RECENTLY_CONFIRMED',
        value: 1,
        description: `confirmed its entry ${whole < 1 ? 'within the last month' : `${whole} month${whole === 1 ? '' : 's'} ago`}`,
        descriptionDe: `hat ihre Angaben ${whole < 1 ? 'im letzten Monat' : `vor ${whole === 1 ? 'einem Monat' : `${whole} Monaten`}`} bestätigt`,
      });
    }
  }

  if (criteria.lead) {
    applicable.push('CO_HOSTED');
    if (candidate.coHostedWithLead > 0) {
      const n = candidate.coHostedWithLead;
      signals.push({
        code: 'CO_HOSTED',
        value: Math.min(1, n / weights.coHostSaturation),
        description: `co-hosted ${n} event${n === 1 ? '' : 's'} with the lead organisation (${criteria.lead.name})`,
        descriptionDe: `hat ${n === 1 ? 'eine Veranstaltung' : `${n} Veranstaltungen`} mit der federführenden Organisation (${criteria.lead.name}) ausgerichtet`,
      });
    }
  }

  if (!candidate.campaignParticipant) {
    signals.push({
      code: 'NEW_TO_NETWORK',
      value: 1,
      description: 'new to the network: has not taken part in a campaign yet',
      descriptionDe: 'neu im Netzwerk: hat noch an keiner Kampagne teilgenommen',
    });
  }

  const total = applicable.reduce((sum, code) => sum + weights.signals[code], 0);
  const conflicts = criteria.hasWindow ? candidate.conflicts : [];
  const factor = (1 - weights.conflictPenalty) ** conflicts.length;
  const raw = signals.reduce((sum, signal) => sum + weights.signals[signal.code] * signal.value, 0) / total;

  const reasons: MatchReasonValue[] = signals
    .map((signal) => ({
      code: signal.code as ReasonCode,
      description: signal.description,
      descriptionDe: signal.descriptionDe,
      weight: round((weights.signals[signal.code] * signal.value) / total),
    }))
    .filter((reason) => reason.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.code.localeCompare(b.code));

  if (conflicts.length) {
    const named = [...conflicts].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || a.id.localeCompare(b.id));
    const shown = named.slice(0, MATCH_LIMITS.conflictsNamed);
    const hidden = named.length - shown.length;
    const en = shown.map((conflict) => `"${conflict.title}" ${describeWhen(conflict)}`);
    const de = shown.map((conflict) => `„${conflict.title}“ ${describeWhenDe(conflict)}`);
    reasons.push({
      code: 'BUSY',
      description: `has ${named.length === 1 ? 'its own event' : `${named.length} own events`} at that time: ${en.join('; ')}${hidden ? ` and ${hidden} more` : ''}`,
      descriptionDe: `hat zu der Zeit ${named.length === 1 ? 'eine eigene Veranstaltung' : `${named.length} eigene Veranstaltungen`}: ${de.join('; ')}${hidden ? ` und ${hidden} weitere` : ''}`,
      weight: -round(raw * (1 - factor)),
    });
  }

  return { candidate, score: round(Math.min(1, Math.max(0, raw * factor))), reasons };
}

function round(value: number): number {
  return Math.round(value * 10_000) / 10_000;
}

/**
 * Deterministic order: higher score first; on equal (rounded) scores the
 * nearer one, then by name (case-insensitive), then by id, so the same data
 * always gives the same list.
 */
export function compareScored(a: ScoredCandidate, b: ScoredCandidate): number {
  if (a.score !== b.score) return b.score - a.score;
  const da = a.candidate.distanceKm ?? Number.POSITIVE_INFINITY;
  const db = b.candidate.distanceKm ?? Number.POSITIVE_INFINITY;
  if (da !== db) return da - db;
  const byName = a.candidate.name.localeCompare(b.candidate.name, 'de', { sensitivity: 'base' });
  if (byName !== 0) return byName;
  return a.candidate.id < b.candidate.id ? -1 : a.candidate.id > b.candidate.id ? 1 : 0;
}

/** Scores every candidate and answers the best `first`, in the deterministic order. */
export function rankCandidates<C extends CandidateFacts>(
  criteria: MatchCriteria,
  candidates: readonly C[],
  first: number,
  weights: MatchWeights = MATCH_WEIGHTS,
): Array<ScoredCandidate<C>> {
  return candidates
    .map((candidate) => scoreCandidate(criteria, candidate, weights))
    .sort(compareScored)
    .slice(0, first);
}
