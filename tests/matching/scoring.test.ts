import { OrganisationKind, Topic } from '../../src/directory/directory.enums';
import {
  compareScored,
  kindMixValue,
  rankCandidates,
  scoreCandidate,
  type CandidateFacts,
  type MatchCriteria,
} from '../../src/matching/scoring';
import { MATCH_WEIGHTS } from '../../src/matching/weights';

const NOW = new Date('2026-09-01T10:00:00Z');
const BAUNATAL = { id: 'm-baunatal', name: 'Baunatal' };

/** Criteria with every signal switched off unless a test switches it on. */
function criteria(overrides: Partial<MatchCriteria> = {}): MatchCriteria {
  return {
    topics: [],
    languages: [],
    municipality: null,
    hasPlace: false,
    presentKinds: [],
    lead: null,
    hasWindow: false,
    now: NOW,
    ...overrides,
  };
}

let n = 0;
/** A bland candidate: nothing in common, not open, known to the network. */
function candidate(overrides: Partial<CandidateFacts> = {}): CandidateFacts {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    name: `Verein ${n}`,
    kind: OrganisationKind.ASSOCIATION,
    topics: [],
    languages: [],
    municipalityId: null,
    municipalityName: null,
    distanceKm: null,
    lookingForPartners: false,
    verified: false,
    lastConfirmedAt: null,
    conflicts: [],
    coHostedWithLead: 0,
    campaignParticipant: true,
    ...overrides,
  };
}

function reason(result: ReturnType<typeof scoreCandidate>, code: string) {
  return result.reasons.find((r) => r.code === code);
}

function sumOfWeights(result: ReturnType<typeof scoreCandidate>): number {
  return result.reasons.reduce((sum, r) => sum + r.weight, 0);
}

describe('topics', () => {
  const c = criteria({ topics: [Topic.INTERFAITH_DIALOGUE, Topic.CULTURE, Topic.YOUTH] });

  test('more shared topics score higher and the reason names them', () => {
    const two = scoreCandidate(c, candidate({ topics: ['CULTURE', 'INTERFAITH_DIALOGUE', 'SPORTS'] }));
    const one = scoreCandidate(c, candidate({ topics: ['CULTURE'] }));
    const none = scoreCandidate(c, candidate({ topics: ['SPORTS'] }));
    expect(two.score).toBeGreaterThan(one.score);
    expect(one.score).toBeGreaterThan(none.score);
    // Named in the event's order, with English labels.
    expect(reason(two, 'TOPICS')!.description).toBe('shares topics: Interfaith dialogue, Culture');
    expect(reason(one, 'TOPICS')!.description).toBe('shares the topic: Culture');
    // The same facts in German, with the console's German labels.
    expect(reason(two, 'TOPICS')!.descriptionDe).toBe('teilt die Themen: Interreligiöser Dialog, Kultur');
    expect(reason(one, 'TOPICS')!.descriptionDe).toBe('teilt das Thema: Kultur');
    expect(reason(none, 'TOPICS')).toBeUndefined();
  });

  test('beyond the saturation, not every wanted topic must be shared', () => {
    const many = criteria({
      topics: [Topic.CULTURE, Topic.YOUTH, Topic.SPORTS, Topic.WOMEN, Topic.HEALTH, Topic.EDUCATION],
    });
    const three = scoreCandidate(many, candidate({ topics: ['CULTURE', 'YOUTH', 'SPORTS'] }));
    const six = scoreCandidate(many, candidate({ topics: ['CULTURE', 'YOUTH', 'SPORTS', 'WOMEN', 'HEALTH', 'EDUCATION'] }));
    expect(three.score).toBe(six.score);
  });
});

describe('languages', () => {
  const c = criteria({ languages: ['de', 'tr', 'ar'] });

  test('speaking more of the audience languages scores higher; names in English', () => {
    const all = scoreCandidate(c, candidate({ languages: ['de', 'tr', 'ar', 'ku'] }));
    const two = scoreCandidate(c, candidate({ languages: ['tr', 'ar'] }));
    const none = scoreCandidate(c, candidate({ languages: ['fa'] }));
    expect(all.score).toBeGreaterThan(two.score);
    expect(two.score).toBeGreaterThan(none.score);
    expect(reason(two, 'LANGUAGES')!.description).toBe('speaks Turkish and Arabic');
    expect(reason(all, 'LANGUAGES')!.description).toBe('speaks German, Turkish and Arabic');
    expect(reason(two, 'LANGUAGES')!.descriptionDe).toBe('spricht Türkisch und Arabisch');
    expect(reason(all, 'LANGUAGES')!.descriptionDe).toBe('spricht Deutsch, Türkisch und Arabisch');
    expect(reason(none, 'LANGUAGES')).toBeUndefined();
  });

  test('a regional variant of the audience language counts', () => {
    const result = scoreCandidate(criteria({ languages: ['de-AT'] }), candidate({ languages: ['de'] }));
    expect(reason(result, 'LANGUAGES')).toBeDefined();
  });
});

describe('distance', () => {
  const c = criteria({ hasPlace: true, municipality: BAUNATAL });

  test('same municipality is best, then decaying with kilometres', () => {
    const same = scoreCandidate(c, candidate({ municipalityId: BAUNATAL.id, municipalityName: 'Baunatal', distanceKm: 3.5 }));
    const near = scoreCandidate(
      c,
      candidate({ municipalityId: 'm-schauenburg', municipalityName: 'Schauenburg', distanceKm: 2.4 }),
    );
    const far = scoreCandidate(c, candidate({ municipalityId: 'm-vellmar', municipalityName: 'Vellmar', distanceKm: 14 }));
    const unknown = scoreCandidate(c, candidate());
    expect(same.score).toBeGreaterThan(near.score);
    expect(near.score).toBeGreaterThan(far.score);
    expect(far.score).toBeGreaterThan(unknown.score);
    expect(reason(same, 'DISTANCE')!.description).toBe("3.5 km away in Baunatal, the event's municipality");
    expect(reason(near, 'DISTANCE')!.description).toBe('2.4 km away in Schauenburg');
    expect(reason(far, 'DISTANCE')!.description).toBe('14 km away in Vellmar');
    expect(reason(same, 'DISTANCE')!.descriptionDe).toBe('3,5 km entfernt in Baunatal, der Gemeinde der Veranstaltung');
    expect(reason(near, 'DISTANCE')!.descriptionDe).toBe('2,4 km entfernt in Schauenburg');
    expect(reason(far, 'DISTANCE')!.descriptionDe).toBe('14 km entfernt in Vellmar');
    expect(reason(unknown, 'DISTANCE')).toBeUndefined();
  });

  test('without a place the distance does not count', () => {
    const a = scoreCandidate(criteria(), candidate({ distanceKm: 1 }));
    const b = scoreCandidate(criteria(), candidate({ distanceKm: 100 }));
    expect(a.score).toBe(b.score);
    expect(reason(a, 'DISTANCE')).toBeUndefined();
  });
});

describe('kind complementarity', () => {
  test('a church or a sports club adds more to two mosques than a third mosque', () => {
    const c = criteria({ presentKinds: [OrganisationKind.MOSQUE, OrganisationKind.MOSQUE] });
    const church = scoreCandidate(c, candidate({ kind: OrganisationKind.RELIGIOUS_COMMUNITY }));
    const club = scoreCandidate(c, candidate({ kind: OrganisationKind.ASSOCIATION }));
    const mosque = scoreCandidate(c, candidate({ kind: OrganisationKind.MOSQUE }));
    expect(church.score).toBeGreaterThan(mosque.score);
    expect(club.score).toBeGreaterThan(mosque.score);
    expect(reason(church, 'KIND_MIX')!.description).toBe(
      'brings in a church or other faith community; the event has mosque community organisers so far',
    );
    expect(reason(church, 'KIND_MIX')!.descriptionDe).toBe(
      'bringt eine Kirche oder andere Religionsgemeinschaft ein; bisher veranstalten: Moscheegemeinde',
    );
    const second = scoreCandidate(
      criteria({ presentKinds: [OrganisationKind.MOSQUE, OrganisationKind.ASSOCIATION] }),
      candidate({ kind: OrganisationKind.ASSOCIATION }),
    );
    expect(reason(second, 'KIND_MIX')!.description).toBe(
      'another association; the event has association and mosque community organisers so far',
    );
    expect(reason(second, 'KIND_MIX')!.descriptionDe).toBe(
      'ein weiterer Verein; bisher veranstalten: Verein und Moscheegemeinde',
    );
    expect(reason(mosque, 'KIND_MIX')).toBeUndefined();
  });

  test('the lowest complementarity with any kind present counts', () => {
    const present = [OrganisationKind.MOSQUE, OrganisationKind.RELIGIOUS_COMMUNITY];
    expect(kindMixValue(OrganisationKind.RELIGIOUS_COMMUNITY, present)).toBe(
      MATCH_WEIGHTS.kindMix.RELIGIOUS_COMMUNITY.RELIGIOUS_COMMUNITY,
    );
    expect(kindMixValue(OrganisationKind.ASSOCIATION, present)).toBe(1);
  });

  test('the matrix is configurable', () => {
    const weights = {
      ...MATCH_WEIGHTS,
      kindMix: { ...MATCH_WEIGHTS.kindMix, MOSQUE: { ...MATCH_WEIGHTS.kindMix.MOSQUE, MOSQUE: 1 } },
    };
    const c = criteria({ presentKinds: [OrganisationKind.MOSQUE] });
    expect(reason(scoreCandidate(c, candidate({ kind: OrganisationKind.MOSQUE }), weights), 'KIND_MIX')).toBeDefined();
  });
});

describe('openness', () => {
  test('looking for partners, verified and recently confirmed each add, with their reasons', () => {
    const c = criteria();
    const closed = scoreCandidate(c, candidate());
    const looking = scoreCandidate(c, candidate({ lookingForPartners: true }));
    const verified = scoreCandidate(c, candidate({ lookingForPartners: true, verified: true }));
    const fresh = scoreCandidate(
      c,
      candidate({ lookingForPartners: true, verified: true, lastConfirmedAt: new Date('2026-05-20T00:00:00Z') }),
    );
    expect(looking.score).toBeGreaterThan(closed.score);
    expect(verified.score).toBeGreaterThan(looking.score);
    expect(fresh.score).toBeGreaterThan(verified.score);
    expect(reason(fresh, 'LOOKING_FOR_PARTNERS')!.description).toBe('is looking for partners for joint events');
    expect(reason(fresh, 'VERIFIED')!.description).toBe('its entry is verified by a coordinator');
    expect(reason(fresh, 'RECENTLY_CONFIRMED')!.description).toBe('confirmed its entry 3 months ago');
    expect(reason(fresh, 'LOOKING_FOR_PARTNERS')!.descriptionDe).toBe('sucht Partner für gemeinsame Veranstaltungen');
    expect(reason(fresh, 'VERIFIED')!.descriptionDe).toBe('ihr Eintrag ist von der Koordination geprüft');
    expect(reason(fresh, 'RECENTLY_CONFIRMED')!.descriptionDe).toBe('hat ihre Angaben vor 3 Monaten bestätigt');
    const lastMonth = scoreCandidate(c, candidate({ lastConfirmedAt: new Date('2026-08-20T00:00:00Z') }));
    expect(reason(lastMonth, 'RECENTLY_CONFIRMED')!.descriptionDe).toBe('hat ihre Angaben im letzten Monat bestätigt');
  });

  test('a confirmation older than 12 months does not count', () => {
    const stale = scoreCandidate(criteria(), candidate({ lastConfirmedAt: new Date('2025-08-01T00:00:00Z') }));
    expect(reason(stale, 'RECENTLY_CONFIRMED')).toBeUndefined();
    expect(stale.score).toBe(scoreCandidate(criteria(), candidate()).score);
  });
});

describe('availability', () => {
  const conflict = {
    id: 'e1',
    title: 'Sommerfest',
    startsAt: new Date('2026-10-03T09:00:00Z'),
    endsAt: new Date('2026-10-03T13:00:00Z'),
    timeZone: 'Europe/Berlin',
    allDay: false,
  };
  const c = criteria({ hasWindow: true, topics: [Topic.CULTURE] });

  test('own events in the window lower the score and are named, in the event time zone', () => {
    const free = scoreCandidate(c, candidate({ topics: ['CULTURE'] }));
    const busy = scoreCandidate(c, candidate({ topics: ['CULTURE'], conflicts: [conflict] }));
    const busier = scoreCandidate(
      c,
      candidate({ topics: ['CULTURE'], conflicts: [conflict, { ...conflict, id: 'e2', title: 'Basar' }] }),
    );
    expect(busy.score).toBeLessThan(free.score);
    expect(busier.score).toBeLessThan(busy.score);
    const busyReason = reason(busy, 'BUSY')!;
    expect(busyReason.description).toBe('has its own event at that time: "Sommerfest" on Sat 3 Oct 2026, 11:00–15:00');
    expect(busyReason.weight).toBeLessThan(0);
    expect(reason(busier, 'BUSY')!.description).toBe(
      'has 2 own events at that time: "Sommerfest" on Sat 3 Oct 2026, 11:00–15:00; "Basar" on Sat 3 Oct 2026, 11:00–15:00',
    );
    expect(busyReason.descriptionDe).toBe(
      'hat zu der Zeit eine eigene Veranstaltung: „Sommerfest“ am Sa., 3. Okt. 2026, 11:00–15:00',
    );
    expect(reason(busier, 'BUSY')!.descriptionDe).toBe(
      'hat zu der Zeit 2 eigene Veranstaltungen: „Sommerfest“ am Sa., 3. Okt. 2026, 11:00–15:00; „Basar“ am Sa., 3. Okt. 2026, 11:00–15:00',
    );
    const allDay = {
      ...conflict,
      id: 'e3',
      allDay: true,
      startsAt: new Date('2026-10-02T22:00:00Z'),
      endsAt: new Date('2026-10-03T21:59:00Z'),
    };
    expect(reason(scoreCandidate(c, candidate({ topics: ['CULTURE'], conflicts: [allDay] })), 'BUSY')!.descriptionDe).toBe(
      'hat zu der Zeit eine eigene Veranstaltung: „Sommerfest“ am Sa., 3. Okt. 2026 (ganztägig)',
    );
  });

  test('without a time window nothing is checked', () => {
    const result = scoreCandidate(
      criteria({ topics: [Topic.CULTURE] }),
      candidate({ topics: ['CULTURE'], conflicts: [conflict] }),
    );
    expect(reason(result, 'BUSY')).toBeUndefined();
  });
});

describe('history', () => {
  const c = criteria({ lead: { id: 'lead', name: 'DITIB Baunatal' } });

  test('co-hosting with the lead gives a bonus, growing to the saturation', () => {
    const never = scoreCandidate(c, candidate());
    const twice = scoreCandidate(c, candidate({ coHostedWithLead: 2 }));
    const often = scoreCandidate(c, candidate({ coHostedWithLead: 3 }));
    const veryOften = scoreCandidate(c, candidate({ coHostedWithLead: 9 }));
    expect(twice.score).toBeGreaterThan(never.score);
    expect(often.score).toBeGreaterThan(twice.score);
    expect(veryOften.score).toBe(often.score);
    expect(reason(twice, 'CO_HOSTED')!.description).toBe('co-hosted 2 events with the lead organisation (DITIB Baunatal)');
    expect(reason(twice, 'CO_HOSTED')!.descriptionDe).toBe(
      'hat 2 Veranstaltungen mit der federführenden Organisation (DITIB Baunatal) ausgerichtet',
    );
    expect(reason(scoreCandidate(c, candidate({ coHostedWithLead: 1 })), 'CO_HOSTED')!.descriptionDe).toBe(
      'hat eine Veranstaltung mit der federführenden Organisation (DITIB Baunatal) ausgerichtet',
    );
  });

  test('never in a campaign: "new to the network"', () => {
    const fresh = scoreCandidate(criteria(), candidate({ campaignParticipant: false }));
    expect(reason(fresh, 'NEW_TO_NETWORK')!.description).toBe('new to the network: has not taken part in a campaign yet');
    expect(reason(fresh, 'NEW_TO_NETWORK')!.descriptionDe).toBe('neu im Netzwerk: hat noch an keiner Kampagne teilgenommen');
    expect(reason(scoreCandidate(criteria(), candidate({ campaignParticipant: true })), 'NEW_TO_NETWORK')).toBeUndefined();
  });
});

describe('the score', () => {
  const full = criteria({
    topics: [Topic.INTERFAITH_DIALOGUE],
    languages: ['tr'],
    hasPlace: true,
    municipality: BAUNATAL,
    presentKinds: [OrganisationKind.MOSQUE],
    lead: { id: 'lead', name: 'Lead' },
    hasWindow: true,
  });

  test('is 1 for a perfect candidate and 0 for one with nothing', () => {
    const perfect = scoreCandidate(
      full,
      candidate({
        kind: OrganisationKind.RELIGIOUS_COMMUNITY,
        topics: ['INTERFAITH_DIALOGUE'],
        languages: ['tr'],
        municipalityId: BAUNATAL.id,
        distanceKm: 0.5,
        lookingForPartners: true,
        verified: true,
        lastConfirmedAt: NOW,
        coHostedWithLead: 5,
        campaignParticipant: false,
      }),
    );
    expect(perfect.score).toBe(1);
    const nothing = scoreCandidate(full, candidate({ kind: OrganisationKind.MOSQUE }));
    expect(nothing.score).toBe(0);
    expect(nothing.reasons).toEqual([]);
  });

  test('reason weights add up to the score and are sorted, strongest first', () => {
    const result = scoreCandidate(
      full,
      candidate({
        topics: ['INTERFAITH_DIALOGUE'],
        languages: ['de'],
        municipalityId: 'x',
        municipalityName: 'Vellmar',
        distanceKm: 12,
        lookingForPartners: true,
        conflicts: [{ id: 'e', title: 'T', startsAt: NOW, endsAt: NOW, timeZone: 'Europe/Berlin', allDay: true }],
      }),
    );
    expect(sumOfWeights(result)).toBeCloseTo(result.score, 3);
    const positive = result.reasons.filter((r) => r.weight > 0).map((r) => r.weight);
    expect(positive).toEqual([...positive].sort((a, b) => b - a));
    expect(result.reasons.at(-1)!.code).toBe('BUSY');
    for (const r of result.reasons) expect(r.description.length).toBeGreaterThan(5);
  });

  test('stays within 0..1 for any mix of facts', () => {
    for (let i = 0; i < 200; i += 1) {
      const result = scoreCandidate(
        full,
        candidate({
          kind: Object.values(OrganisationKind)[i % 8],
          topics: i % 2 ? ['INTERFAITH_DIALOGUE'] : [],
          languages: i % 3 ? ['tr'] : [],
          distanceKm: i % 5 ? i : null,
          municipalityId: i % 7 ? null : BAUNATAL.id,
          lookingForPartners: i % 4 === 0,
          verified: i % 6 === 0,
          coHostedWithLead: i % 11,
          campaignParticipant: i % 2 === 1,
          conflicts: Array.from({ length: i % 4 }, (_, k) => ({
            id: `c${k}`,
            title: 'x',
            startsAt: NOW,
            endsAt: NOW,
            timeZone: 'Europe/Berlin',
            allDay: false,
          })),
        }),
      );
      expect(result.score).toBeGreaterThanOrEqual(0);
      expect(result.score).toBeLessThanOrEqual(1);
    }
  });
});

describe('tie-breaking', () => {
  test('equal scores: nearer first, then by name, then by id — whatever the input order', () => {
    const c = criteria({ topics: [Topic.CULTURE] });
    const base = { topics: ['CULTURE'] };
    const farB = candidate({ ...base, name: 'B', distanceKm: 9, id: '00000000-0000-4000-8000-000000000009' });
    const nearZ = candidate({ ...base, name: 'Z', distanceKm: 1, id: '00000000-0000-4000-8000-000000000008' });
    const farA2 = candidate({ ...base, name: 'a', distanceKm: 9, id: '00000000-0000-4000-8000-000000000002' });
    const farA1 = candidate({ ...base, name: 'A', distanceKm: 9, id: '00000000-0000-4000-8000-000000000001' });
    const unknown = candidate({ ...base, name: 'A', distanceKm: null });
    const expected = [nearZ.id, farA1.id, farA2.id, farB.id, unknown.id];
    const inputs = [
      [farB, nearZ, farA2, farA1, unknown],
      [unknown, farA1, farA2, nearZ, farB],
      [farA2, unknown, farB, farA1, nearZ],
    ];
    for (const input of inputs) {
      expect(rankCandidates(c, input, 10).map((s) => s.candidate.id)).toEqual(expected);
    }
  });

  test('a higher score always wins over distance and name', () => {
    const c = criteria({ topics: [Topic.CULTURE] });
    const better = scoreCandidate(c, candidate({ topics: ['CULTURE'], name: 'Z', distanceKm: 50 }));
    const worse = scoreCandidate(c, candidate({ name: 'A', distanceKm: 1 }));
    expect(compareScored(better, worse)).toBeLessThan(0);
  });

  test('rankCandidates answers at most `first`', () => {
    const c = criteria();
    expect(rankCandidates(c, [candidate(), candidate(), candidate()], 2)).toHaveLength(2);
  });
});
