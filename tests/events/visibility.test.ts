import { createOrganisation, municipalityIds } from '../helpers/factories';
import {
  cancelEvent,
  createCampaign,
  createEvent,
  dbId,
  inviteOrganisers,
  memberKey,
  publishEvent,
  respond,
} from '../helpers/events';
import { TestHub } from '../helpers/hub';
import { Viewer as HubViewer } from '../../src/access/viewer';
import { hydrate } from '../../src/db/hydrate';
import { EventEntity, EventOrganiserEntity } from '../../src/events/event.entity';
import { canSeeEvent } from '../../src/events/event.policy';

/**
 * The visibility matrix: every status × visibility × viewer, through every
 * path an event can travel (event, events, node, nodes, Organisation.events,
 * Municipality.events, Campaign.events, conflicts, occurrences). The expected
 * table is written out by hand from the rules, not computed with the
 * policy under test.
 */

type Viewer = 'anonymous' | 'partner' | 'invited' | 'declined' | 'unrelated' | 'coordinator' | 'lead';
const VIEWERS: Viewer[] = ['anonymous', 'partner', 'invited', 'declined', 'unrelated', 'coordinator', 'lead'];
type Case = 'DRAFT' | 'PLANNING' | 'PUBLISHED' | 'CANCELLED_AFTER_PUBLISHING' | 'CANCELLED_IN_PLANNING';
const CASES: Case[] = ['DRAFT', 'PLANNING', 'PUBLISHED', 'CANCELLED_AFTER_PUBLISHING', 'CANCELLED_IN_PLANNING'];
const VISIBILITIES = ['PUBLIC', 'PARTNERS', 'ORGANISERS'] as const;
type Visibility = (typeof VISIBILITIES)[number];

const ALL: Viewer[] = VIEWERS;
const KEYS: Viewer[] = ['partner', 'invited', 'declined', 'unrelated', 'coordinator', 'lead'];
const ON_EVENT: Viewer[] = ['invited', 'coordinator', 'lead'];
const DRAFT_ONLY: Viewer[] = ['coordinator', 'lead'];

/**
 * Who sees what. Drafts have no invitations yet (inviting makes them PLANNING).
 * Every other event has one organisation INVITED (still open) and one that DECLINED.
 */
const EXPECTED: Record<Case, Record<Visibility, Viewer[]>> = {
  DRAFT: { PUBLIC: DRAFT_ONLY, PARTNERS: DRAFT_ONLY, ORGANISERS: DRAFT_ONLY },
  PLANNING: { PUBLIC: ON_EVENT, PARTNERS: ON_EVENT, ORGANISERS: ON_EVENT },
  PUBLISHED: { PUBLIC: ALL, PARTNERS: KEYS, ORGANISERS: ON_EVENT },
  CANCELLED_AFTER_PUBLISHING: { PUBLIC: ALL, PARTNERS: KEYS, ORGANISERS: ON_EVENT },
  CANCELLED_IN_PLANNING: { PUBLIC: ON_EVENT, PARTNERS: ON_EVENT, ORGANISERS: ON_EVENT },
};

let hub: TestHub;
const keys = {} as Record<Viewer, string | undefined>;
let leadId: string;
const organisationIds = {} as Record<Viewer, string | undefined>;
let municipalityId: string;
let campaignId: string;
const events: Array<{ id: string; case: Case; visibility: Visibility }> = [];

const WINDOW = { from: '2026-10-01T00:00:00Z', to: '2026-10-10T00:00:00Z' };

beforeAll(async () => {
  hub = await TestHub.start();
  const coordinator = await hub.key({ coordinator: true });
  const m = await municipalityIds(hub);
  municipalityId = m.Calden!;
  const lead = await createOrganisation(hub, coordinator, { name: 'Lead e.V.' });
  const invited = await createOrganisation(hub, coordinator, { name: 'Eingeladen e.V.' });
  const declined = await createOrganisation(hub, coordinator, { name: 'Abgesagt e.V.' });
  const unrelated = await createOrganisation(hub, coordinator, { name: 'Unbeteiligt e.V.' });
  const partnerOrganisation = await createOrganisation(hub, coordinator, { name: 'Partner-App e.V.' });
  leadId = lead.id;
  Object.assign(organisationIds, {
    lead: dbId(lead.id),
    invited: dbId(invited.id),
    declined: dbId(declined.id),
    unrelated: dbId(unrelated.id),
    partner: dbId(partnerOrganisation.id),
  });
  keys.anonymous = undefined;
  keys.coordinator = coordinator;
  keys.lead = await memberKey(hub, lead.id, 'EDITOR');
  keys.invited = await memberKey(hub, invited.id, 'EDITOR');
  keys.declined = await memberKey(hub, declined.id, 'EDITOR');
  keys.unrelated = await memberKey(hub, unrelated.id, 'EDITOR');
  keys.partner = await memberKey(hub, partnerOrganisation.id, 'VIEWER');
  campaignId = (await createCampaign(hub, coordinator, { name: 'Sichtbarkeitswoche' })).id;

  for (const state of CASES) {
    for (const visibility of VISIBILITIES) {
      let event = await createEvent(hub, keys.lead, {
        title: `${state} ${visibility}`,
        visibility,
        campaignId,
        address: { municipalityId, locality: 'Calden' },
        startsAt: '2026-10-03T11:00:00+02:00',
        endsAt: '2026-10-03T15:00:00+02:00',
      });
      if (state !== 'DRAFT') {
        event = await inviteOrganisers(hub, keys.lead, event.id, [
          { organisationId: invited.id },
          { organisationId: declined.id },
        ]);
        event = await respond(hub, keys.declined!, event.id, declined.id, false);
      }
      if (state === 'PUBLISHED' || state === 'CANCELLED_AFTER_PUBLISHING') event = await publishEvent(hub, keys.lead, event);
      if (state.startsWith('CANCELLED')) event = await cancelEvent(hub, keys.lead, event);
      events.push({ id: event.id, case: state, visibility });
    }
  }
});
afterAll(() => hub?.stop());

function expectedIds(viewer: Viewer, options: { withoutCancelled?: boolean } = {}): string[] {
  return events
    .filter((e) => EXPECTED[e.case][e.visibility].includes(viewer))
    .filter((e) => !(options.withoutCancelled && e.case.startsWith('CANCELLED')))
    .map((e) => e.id)
    .sort();
}

const ids = (nodes: Array<{ id: string } | null>) =>
  nodes
    .filter((n): n is { id: string } => n !== null)
    .map((n) => n.id)
    .sort();
const edges = (connection: { edges: Array<{ node: { id: string } }> }) => ids(connection.edges.map((e) => e.node));

/** Each path answers the ids of the events the viewer receives through it. */
const PATHS: Record<string, { options?: { withoutCancelled?: boolean }; fetch: (viewer: Viewer) => Promise<string[]> }> = {
  event: {
    fetch: async (viewer) => {
      const found: Array<{ id: string } | null> = [];
      for (const event of events) {
        const data = await hub.ok(`query($id: ID!) { event(id: $id) { id } }`, { id: event.id }, { key: keys[viewer] });
        found.push(data.event);
      }
      return ids(found);
    },
  },
  node: {
    fetch: async (viewer) => {
      const found: Array<{ id: string } | null> = [];
      for (const event of events) {
        const data = await hub.ok(
          `query($id: ID!) { node(id: $id) { id ... on Event { status } } }`,
          { id: event.id },
          { key: keys[viewer] },
        );
        found.push(data.node);
      }
      return ids(found);
    },
  },
  nodes: {
    fetch: async (viewer) => {
      const data = await hub.ok(
        `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`,
        { ids: events.map((e) => e.id) },
        { key: keys[viewer] },
      );
      return ids(data.nodes);
    },
  },
  events: {
    fetch: async (viewer) => {
      const data = await hub.ok(`{ events(first: 100) { totalCount edges { node { id } } } }`, {}, { key: keys[viewer] });
      expect(data.events.totalCount).toBe(data.events.edges.length);
      return edges(data.events);
    },
  },
  'Organisation.events': {
    fetch: async (viewer) => {
      const data = await hub.ok(
        `query($id: ID!) { organisation(id: $id) { events(first: 100) { totalCount edges { node { id } } } } }`,
        { id: leadId },
        {
          key: keys[viewer],
        },
      );
      expect(data.organisation.events.totalCount).toBe(data.organisation.events.edges.length);
      return edges(data.organisation.events);
    },
  },
  'Municipality.events': {
    fetch: async (viewer) => {
      const data = await hub.ok(
        `query($id: ID!) { municipality(id: $id) { events(first: 100) { totalCount edges { node { id } } } } }`,
        {
          id: municipalityId,
        },
        { key: keys[viewer] },
      );
      expect(data.municipality.events.totalCount).toBe(data.municipality.events.edges.length);
      return edges(data.municipality.events);
    },
  },
  'Campaign.events': {
    fetch: async (viewer) => {
      const data = await hub.ok(
        `query($id: ID!) { campaign(id: $id) { events(first: 100) { totalCount edges { node { id } } } } }`,
        { id: campaignId },
        {
          key: keys[viewer],
        },
      );
      expect(data.campaign.events.totalCount).toBe(data.campaign.events.edges.length);
      return edges(data.campaign.events);
    },
  },
  occurrences: {
    fetch: async (viewer) => {
      const data = await hub.ok(
        `query($from: DateTime!, $to: DateTime!) { occurrences(from: $from, to: $to, first: 500) { event { id } } }`,
        WINDOW,
        {
          key: keys[viewer],
        },
      );
      return ids(data.occurrences.map((o: { event: { id: string } }) => o.event));
    },
  },
  // Cancelled events never clash.
  conflicts: {
    options: { withoutCancelled: true },
    fetch: async (viewer) => {
      const data = await hub.ok(
        `query($m: ID!) { conflicts(startsAt: "2026-10-03T12:00:00+02:00", endsAt: "2026-10-03T13:00:00+02:00", municipalityId: $m) { id } }`,
        { m: municipalityId },
        { key: keys[viewer] },
      );
      return ids(data.conflicts);
    },
  },
  'Event.conflicts': {
    options: { withoutCancelled: true },
    fetch: async (viewer) => {
      // Asked from a public event everyone sees; it does not list itself.
      const probe = events.find((e) => e.case === 'PUBLISHED' && e.visibility === 'PUBLIC')!;
      const data = await hub.ok(
        `query($id: ID!) { event(id: $id) { conflicts { id } } }`,
        { id: probe.id },
        { key: keys[viewer] },
      );
      return [...ids(data.event.conflicts), probe.id].sort();
    },
  },
};

const matrix = Object.keys(PATHS).flatMap((path) => VIEWERS.map((viewer) => [path, viewer] as const));

test.each(matrix)('%s as %s answers exactly the events the rules allow', async (path, viewer) => {
  const { fetch, options } = PATHS[path]!;
  expect(await fetch(viewer)).toEqual(expectedIds(viewer, options));
});

test.each(VIEWERS)('the in-memory rule (canSeeEvent, used by mutations and live updates) agrees for %s', async (viewer) => {
  const hubViewer =
    viewer === 'anonymous'
      ? HubViewer.anonymous()
      : viewer === 'coordinator'
        ? HubViewer.coordinator('00000000-0000-4000-8000-000000000001', 'test')
        : HubViewer.member(
            '00000000-0000-4000-8000-000000000002',
            'test',
            organisationIds[viewer]!,
            viewer === 'partner' ? 'VIEWER' : 'EDITOR',
          );
  const seen: string[] = [];
  for (const event of events) {
    const [row] = await hub.db.query('SELECT * FROM event WHERE id = $1', [dbId(event.id)]);
    const organisers = await hub.db.query('SELECT * FROM event_organiser WHERE event_id = $1', [dbId(event.id)]);
    const entity = hydrate(hub.db, EventEntity, row);
    if (
      canSeeEvent(
        hubViewer,
        entity,
        organisers.map((o: Record<string, unknown>) => hydrate(hub.db, EventOrganiserEntity, o)),
      )
    )
      seen.push(event.id);
  }
  expect(seen.sort()).toEqual(expectedIds(viewer));
});

test('the expected table covers every status × visibility and differs between viewers', () => {
  expect(events).toHaveLength(CASES.length * VISIBILITIES.length);
  expect(new Set(VIEWERS.map((viewer) => expectedIds(viewer).length)).size).toBeGreaterThan(3);
});

test('outsiders see only the organisers taking part, never open invitations or refusals', async () => {
  const event = events.find((e) => e.case === 'PUBLISHED' && e.visibility === 'PUBLIC')!;
  const QUERY = `query($id: ID!) { event(id: $id) { organisers { organisation { name } status } history { totalCount } } }`;
  const outsider = await hub.ok(QUERY, { id: event.id }, { key: keys.unrelated });
  expect(outsider.event).toEqual({
    organisers: [{ organisation: { name: 'Lead e.V.' }, status: 'ACCEPTED' }],
    history: { totalCount: 0 },
  });
  const anonymous = await hub.ok(QUERY, { id: event.id });
  expect(anonymous.event.organisers).toHaveLength(1);
  const declined = await hub.ok(QUERY, { id: event.id }, { key: keys.declined });
  expect(declined.event.organisers).toHaveLength(1);
  const invited = await hub.ok(QUERY, { id: event.id }, { key: keys.invited });
  expect(invited.event.organisers.map((o: { status: string }) => o.status).sort()).toEqual(['ACCEPTED', 'DECLINED', 'INVITED']);
  expect(invited.event.history.totalCount).toBe(4);
});

test('campaign participants and coverage count only what the viewer may see', async () => {
  const QUERY = `query($id: ID!) { campaign(id: $id) {
    participants { name }
    coverage { municipality { name } eventCount participatingOrganisationCount organisationCount } } }`;
  const anonymous = await hub.ok(QUERY, { id: campaignId });
  const coordinator = await hub.ok(QUERY, { id: campaignId }, { key: keys.coordinator });
  const calden = (data: { campaign: { coverage: Array<{ municipality: { name: string }; eventCount: number }> } }) =>
    data.campaign.coverage.find((c) => c.municipality.name === 'Calden')!;
  expect(anonymous.campaign.coverage).toHaveLength(28);
  // Not cancelled and visible: anonymous sees one published PUBLIC event; coordinators the 9 that are not cancelled.
  expect(calden(anonymous).eventCount).toBe(1);
  expect(calden(coordinator).eventCount).toBe(9);
  expect(anonymous.campaign.participants).toEqual([{ name: 'Lead e.V.' }]);
  expect(coordinator.campaign.participants).toEqual([{ name: 'Lead e.V.' }]);
});
