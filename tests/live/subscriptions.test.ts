import { cancelEvent, createCampaign, createEvent, inviteOrganisers, memberKey, publishEvent, respond } from '../helpers/events';
import { createOrganisation, municipalityIds } from '../helpers/factories';
import { errorCode, TestHub } from '../helpers/hub';
import { feedOf, nextAfterBarrier, take, updateEvent, waitForSubscriberCount, waitForSubscribers } from '../helpers/live';
import { WsClient, type WsSubscription } from '../helpers/ws';

/**
 * Subscriptions through the public API: real graphql-ws clients, changes made
 * with real mutations over HTTP.
 */
let hub: TestHub;
let coordinator: string;
let lead: { id: string; key: string };
let other: { id: string; key: string; viewerKey: string };
let partner: string;
let towns: Record<string, string>;
const clients: WsClient[] = [];

const CHANGE =
  'cursor kind eventId changedFields version occurredAt event { id status visibility version title municipality { name } }';
const EVENT_CHANGED = `subscription($filter: ChangeFilter, $since: String) { eventChanged(filter: $filter, since: $since) { ${CHANGE} } }`;

async function subscribe(
  key: string | undefined,
  variables: Record<string, unknown> = {},
  query = EVENT_CHANGED,
): Promise<WsSubscription> {
  const client = await WsClient.connect(hub, { key });
  clients.push(client);
  const before = feedOf(hub).subscriberCount;
  const subscription = client.subscribe(query, variables);
  await waitForSubscribers(hub, before + 1);
  return subscription;
}

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true });
  towns = await municipalityIds(hub);
  const leadOrg = await createOrganisation(hub, coordinator, { name: 'Moscheegemeinde Vellmar', kind: 'MOSQUE' });
  lead = { id: leadOrg.id, key: await memberKey(hub, leadOrg.id, 'EDITOR') };
  const otherOrg = await createOrganisation(hub, coordinator, { name: 'Helferkreis Baunatal', kind: 'SUPPORT_CIRCLE' });
  other = {
    id: otherOrg.id,
    key: await memberKey(hub, otherOrg.id, 'EDITOR'),
    viewerKey: await memberKey(hub, otherOrg.id, 'VIEWER'),
  };
  const partnerOrg = await createOrganisation(hub, coordinator, { name: 'Partner-App Kassel' });
  partner = await memberKey(hub, partnerOrg.id, 'VIEWER');
});
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
  // Closing a socket ends its subscriptions: nothing stays registered with the feed.
  await waitForSubscriberCount(hub, (n) => n === 0);
  expect(feedOf(hub).subscriberCount).toBe(0);
});
afterAll(() => hub?.stop());

test('subscribe, mutate over HTTP, receive each change with the right fields', async () => {
  const subscription = await subscribe(coordinator);
  // Each change is received before the next is made: a change carries the event as it is when the feed
  // delivers it, so a CREATED read together with a later UPDATED would already show the new title.
  const created = await createEvent(hub, lead.key, {
    title: 'Tag der offenen Moschee',
    address: { municipalityId: towns.Vellmar },
  });
  const [c] = (await take(subscription, 1)).map((r) => r.eventChanged);
  const updated = await updateEvent(hub, lead.key, created, {
    title: [{ language: 'de', text: 'Tag der offenen Moschee 2026' }],
  });
  const [u] = (await take(subscription, 1)).map((r) => r.eventChanged);
  await publishEvent(hub, lead.key, updated);
  const [p] = (await take(subscription, 1)).map((r) => r.eventChanged);
  expect(c).toMatchObject({
    kind: 'CREATED',
    eventId: created.id,
    version: 1,
    event: { id: created.id, status: 'DRAFT', title: 'Tag der offenen Moschee' },
  });
  expect(u).toMatchObject({ kind: 'UPDATED', eventId: created.id, version: 2, changedFields: ['title'] });
  expect(p).toMatchObject({ kind: 'PUBLISHED', version: 3, changedFields: ['status', 'publishedAt'] });
  // Each change carries the event as it is at delivery.
  expect(p.event).toMatchObject({
    status: 'PUBLISHED',
    version: 3,
    title: 'Tag der offenen Moschee 2026',
    municipality: { name: 'Vellmar' },
  });
  expect(new Date(c.occurredAt).getTime()).toBeLessThanOrEqual(new Date(p.occurredAt).getTime());
  // Nothing else arrives: the next result is the barrier's change.
  const next = await nextAfterBarrier(subscription, () =>
    updateEvent(hub, lead.key, { id: created.id, version: 3 }, { capacity: 5 }),
  );
  expect(next.eventChanged).toMatchObject({ kind: 'UPDATED', eventId: created.id, version: 4 });
});

test('privacy: nothing about drafts or PARTNERS events reaches anonymous subscribers; publishing shows, narrowing hides', async () => {
  const anonymous = await subscribe(undefined);
  const partnerApp = await subscribe(partner);
  const event = await createEvent(hub, lead.key, { title: 'Entwurf' });
  const v2 = await updateEvent(hub, lead.key, event, { title: [{ language: 'de', text: 'Noch ein Entwurf' }] });

  // Publishing is the barrier: deliveries keep commit order, so if anything about the draft (its CREATED or
  // UPDATED) had reached either app, that would be the next result here instead of the PUBLISHED change.
  const published = await publishEvent(hub, lead.key, v2);
  const [appeared] = (await take(anonymous, 1)).map((r) => r.eventChanged);
  expect(appeared).toMatchObject({
    kind: 'PUBLISHED',
    eventId: event.id,
    event: { id: event.id, status: 'PUBLISHED', title: 'Noch ein Entwurf' },
  });
  expect((await take(partnerApp, 1))[0].eventChanged).toMatchObject({ kind: 'PUBLISHED', eventId: event.id });

  // PUBLIC → PARTNERS: the anonymous app learns the event left its view, without its content.
  const narrowed = await updateEvent(hub, lead.key, published, { visibility: 'PARTNERS' });
  const [left] = (await take(anonymous, 1)).map((r) => r.eventChanged);
  expect(left).toMatchObject({ kind: 'UPDATED', eventId: event.id, changedFields: ['visibility'], event: null });
  const [stillThere] = (await take(partnerApp, 1)).map((r) => r.eventChanged);
  expect(stillThere.event).toMatchObject({ visibility: 'PARTNERS' });

  // From now on the PARTNERS event is invisible to the anonymous app: nothing about it arrives.
  await updateEvent(hub, lead.key, narrowed, { title: [{ language: 'de', text: 'Nur für Partner' }] });
  const partnersOnly = await createEvent(hub, lead.key, { visibility: 'PARTNERS' });
  await publishEvent(hub, lead.key, partnersOnly);
  const forPartner = (await take(partnerApp, 2)).map((r) => r.eventChanged);
  expect(forPartner.map((c) => [c.kind, c.eventId])).toEqual([
    ['UPDATED', event.id],
    ['PUBLISHED', partnersOnly.id],
  ]);

  // Polling answers the same stream with the same privacy.
  const polled = await hub.ok(
    `query($since: String) { changes(since: $since, first: 100) { edges { node { kind eventId event { id } } } } }`,
    {
      since: appeared.cursor,
    },
  );
  expect(polled.changes.edges.map((e: any) => [e.node.kind, e.node.eventId, e.node.event])).toEqual([
    ['UPDATED', event.id, null],
  ]);
  // Nothing about the PARTNERS events reached the anonymous app: the next thing it receives is a later public change.
  const barrier = await createEvent(hub, lead.key, { title: 'Öffentlich danach' });
  const next = await nextAfterBarrier(anonymous, () => publishEvent(hub, lead.key, barrier));
  expect(next.eventChanged).toMatchObject({ kind: 'PUBLISHED', eventId: barrier.id });
});

test('a draft reaches its organisers and coordinators only; going back to invisible sends event: null', async () => {
  const leadSub = await subscribe(lead.key);
  const otherSub = await subscribe(other.key);
  const event = await createEvent(hub, lead.key);
  const [created] = (await take(leadSub, 1)).map((r) => r.eventChanged);
  expect(created).toMatchObject({ kind: 'CREATED', event: { status: 'DRAFT' } });
  // Invited: the other organisation now sees the plan; then it declines and stops seeing it.
  const planning = await inviteOrganisers(hub, lead.key, event.id, [{ organisationId: other.id }]);
  const [invited] = (await take(otherSub, 1)).map((r) => r.eventChanged);
  expect(invited).toMatchObject({ kind: 'ORGANISERS_CHANGED', event: { status: 'PLANNING' } });
  await respond(hub, other.key, event.id, other.id, false, 'Leider keine Zeit');
  const [declined] = (await take(otherSub, 1)).map((r) => r.eventChanged);
  expect(declined).toMatchObject({ kind: 'ORGANISERS_CHANGED', event: null });
  await updateEvent(hub, lead.key, { id: event.id, version: planning.version + 1 }, { capacity: 30 });
  expect((await take(leadSub, 3)).map((r) => r.eventChanged.kind)).toEqual([
    'ORGANISERS_CHANGED',
    'ORGANISERS_CHANGED',
    'UPDATED',
  ]);
  // Deleting a draft: the lead hears of it, with no event; others hear nothing of it at all.
  const draft = await createEvent(hub, lead.key);
  await hub.ok(`mutation($id: ID!) { deleteEvent(id: $id) }`, { id: draft.id }, { key: lead.key });
  const [, deleted] = (await take(leadSub, 2)).map((r) => r.eventChanged);
  expect(deleted).toMatchObject({ kind: 'DELETED', eventId: draft.id, event: null });
  // The declining organisation heard nothing after its decline (not the update, not the lead's draft nor its
  // deletion): the next thing it receives is the barrier, a draft of its own committed after all of them.
  let own: { id: string } | undefined;
  const next = await nextAfterBarrier(otherSub, async () => (own = await createEvent(hub, other.key)));
  expect(next.eventChanged).toMatchObject({ kind: 'CREATED', eventId: own!.id, event: { status: 'DRAFT' } });
});

test('filters select exactly the right changes, and an event moving away is announced to the old selection', async () => {
  const campaign = await createCampaign(hub, coordinator, { name: 'Interkulturelle Woche Filtertest' });
  const inVellmar = await createEvent(hub, lead.key, { address: { municipalityId: towns.Vellmar } });
  const inCampaign = await createEvent(hub, lead.key, { address: { municipalityId: towns.Baunatal }, campaignId: campaign.id });
  const byOther = await createEvent(hub, other.key, { address: { municipalityId: towns.Baunatal } });

  const byTown = await subscribe(coordinator, { filter: { municipalityIds: [towns.Vellmar] } });
  const byCampaign = await subscribe(coordinator, { filter: { campaignIds: [campaign.id] } });
  const byOrganisation = await subscribe(coordinator, { filter: { organisationIds: [other.id] } });
  const byEvent = await subscribe(coordinator, { filter: { eventIds: [inCampaign.id] } });
  const combined = await subscribe(coordinator, { filter: { municipalityIds: [towns.Baunatal], organisationIds: [lead.id] } });

  const v1 = await publishEvent(hub, lead.key, inVellmar);
  const campaignPublished = await publishEvent(hub, lead.key, inCampaign);
  const otherPublished = await publishEvent(hub, other.key, byOther);
  // Moves out of Vellmar: the Vellmar subscriber hears of it once more (it left), then no more.
  const moved = await updateEvent(hub, lead.key, v1, { address: { municipalityId: towns.Baunatal } });
  await updateEvent(hub, lead.key, moved, { capacity: 12 });

  const ids = async (subscription: WsSubscription, count: number) =>
    (await take(subscription, count)).map((r) => [r.eventChanged.kind, r.eventChanged.eventId]);
  expect(await ids(byTown, 2)).toEqual([
    ['PUBLISHED', inVellmar.id],
    ['UPDATED', inVellmar.id],
  ]);
  expect(await ids(byCampaign, 1)).toEqual([['PUBLISHED', inCampaign.id]]);
  expect(await ids(byEvent, 1)).toEqual([['PUBLISHED', inCampaign.id]]);
  expect(await ids(byOrganisation, 1)).toEqual([['PUBLISHED', byOther.id]]);
  expect(await ids(combined, 3)).toEqual([
    ['PUBLISHED', inCampaign.id],
    ['UPDATED', inVellmar.id],
    ['UPDATED', inVellmar.id],
  ]);
  // Nothing else arrived: barriers committed after all of the above, each selected by some of the filters,
  // are the next (and only next) results, so an extra or duplicate delivery would show up here instead.
  await updateEvent(hub, lead.key, campaignPublished, { capacity: 7 }); // Baunatal, the campaign, the lead
  await updateEvent(hub, other.key, otherPublished, { capacity: 8 }); // Baunatal, the other organisation
  const laterInVellmar = await createEvent(hub, lead.key, { address: { municipalityId: towns.Vellmar } });
  expect(await ids(byCampaign, 1)).toEqual([['UPDATED', inCampaign.id]]);
  expect(await ids(byEvent, 1)).toEqual([['UPDATED', inCampaign.id]]);
  expect(await ids(combined, 1)).toEqual([['UPDATED', inCampaign.id]]);
  expect(await ids(byOrganisation, 1)).toEqual([['UPDATED', byOther.id]]);
  expect(await ids(byTown, 1)).toEqual([['CREATED', laterInVellmar.id]]);
});

test('resume: receive some, disconnect, 30 changes, reconnect with the last cursor → exactly those 30 in order, then live', async () => {
  let event = await publishEvent(hub, lead.key, await createEvent(hub, lead.key));
  // A second, still invisible event in the filter: published at the end, it is the barrier after the live change.
  const barrier = await createEvent(hub, lead.key);
  const filter = { eventIds: [event.id, barrier.id] };
  const first = await subscribe(undefined, { filter });
  event = { ...event, ...(await updateEvent(hub, lead.key, event, { capacity: 1 })) };
  const [last] = (await take(first, 1)).map((r) => r.eventChanged);
  await clients.pop()!.close();

  const expected: number[] = [];
  for (let i = 2; i <= 31; i += 1) {
    event = { ...event, ...(await updateEvent(hub, lead.key, event, { capacity: i })) };
    expected.push(event.version);
  }
  const resumed = await subscribe(undefined, { filter, since: last.cursor });
  const replayed = (await take(resumed, 30)).map((r) => r.eventChanged);
  expect(replayed.map((c) => c.version)).toEqual(expected);
  expect(new Set(replayed.map((c) => c.cursor)).size).toBe(30);
  await cancelEvent(hub, lead.key, event);
  const [live] = (await take(resumed, 1)).map((r) => r.eventChanged);
  expect(live).toMatchObject({ kind: 'CANCELLED', version: event.version + 1 });
  const next = await nextAfterBarrier(resumed, () => publishEvent(hub, lead.key, barrier));
  expect(next.eventChanged).toMatchObject({ kind: 'PUBLISHED', eventId: barrier.id });
});

test('invitationChanged: invitations and answers for the organisation’s keys and coordinators; FORBIDDEN for others', async () => {
  const INVITATIONS = `subscription($organisationId: ID!) { invitationChanged(organisationId: $organisationId) { kind eventId changedFields event { id status } } }`;
  const editor = await subscribe(other.key, { organisationId: other.id }, INVITATIONS);
  const viewer = await subscribe(other.viewerKey, { organisationId: other.id }, INVITATIONS);
  const watching = await subscribe(coordinator, { organisationId: other.id }, INVITATIONS);

  const refusedClient = await WsClient.connect(hub, { key: partner });
  clients.push(refusedClient);
  const refused = await refusedClient.subscribe(INVITATIONS, { organisationId: other.id }).next();
  expect(errorCode(refused)).toBe('FORBIDDEN');
  const anonymousClient = await WsClient.connect(hub);
  clients.push(anonymousClient);
  expect(errorCode(await anonymousClient.subscribe(INVITATIONS, { organisationId: other.id }).next())).toBe('UNAUTHENTICATED');
  expect(errorCode(await anonymousClient.subscribe(INVITATIONS, { organisationId: 'nonsense' }).next())).toBe('BAD_USER_INPUT');

  const event = await createEvent(hub, lead.key);
  await updateEvent(hub, lead.key, event, { capacity: 5 }); // no invitation: not announced
  await inviteOrganisers(hub, lead.key, event.id, [{ organisationId: other.id, message: 'Macht ihr mit?' }]);
  await respond(hub, other.key, event.id, other.id, true, 'Gerne');
  for (const subscription of [editor, viewer, watching]) {
    const changes = (await take(subscription, 2)).map((r) => r.invitationChanged);
    expect(changes.map((c) => [c.kind, c.eventId])).toEqual([
      ['ORGANISERS_CHANGED', event.id],
      ['ORGANISERS_CHANGED', event.id],
    ]);
    expect(changes[0].event).toMatchObject({ id: event.id, status: 'PLANNING' });
  }
  // Nothing else for the organisation (no duplicate, not the uninvited update): the next is a later invitation.
  const later = await createEvent(hub, lead.key);
  await inviteOrganisers(hub, lead.key, later.id, [{ organisationId: other.id }]);
  for (const subscription of [editor, viewer, watching])
    expect((await take(subscription, 1))[0].invitationChanged).toMatchObject({ kind: 'ORGANISERS_CHANGED', eventId: later.id });
});

test('bad documents, filters and keys answer documented errors or close codes; the server keeps serving others', async () => {
  const healthy = await subscribe(coordinator);
  const client = await WsClient.connect(hub);
  clients.push(client);
  const unknownField = await client.subscribe('subscription { eventChanged { nope } }').next();
  expect(errorCode(unknownField)).toBe('BAD_USER_INPUT');
  const syntax = await client.subscribe('subscription { eventChanged { ').next();
  expect(errorCode(syntax)).toBe('BAD_USER_INPUT');
  const badFilter = await client.subscribe(EVENT_CHANGED, { filter: { municipalityIds: ['nope'] } }).next();
  expect(badFilter.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.municipalityIds[0]' });
  const wrongType = await client.subscribe(EVENT_CHANGED, { filter: { eventIds: [lead.id] } }).next();
  expect(wrongType.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.eventIds[0]' });
  const tooMany = await client.subscribe(EVENT_CHANGED, { filter: { eventIds: Array(101).fill(lead.id) } }).next();
  expect(tooMany.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.eventIds' });
  const badCursor = await client.subscribe(EVENT_CHANGED, { since: 'garbage' }).next();
  expect(badCursor.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'since', reason: 'CURSOR_INVALID' });

  const badKey = WsClient.open(hub, { key: 'wir_not_a_real_key' });
  expect((await badKey.closed).code).toBe(4403);

  // Still serving: the healthy subscriber gets the next change, and the same socket answers a query.
  const event = await createEvent(hub, lead.key);
  const [change] = (await take(healthy, 1)).map((r) => r.eventChanged);
  expect(change).toMatchObject({ kind: 'CREATED', eventId: event.id });
  expect((await client.execute('{ municipalities { name } }')).data.municipalities).toHaveLength(28);
});

test('at most WS_MAX_SUBSCRIPTIONS_PER_CONNECTION subscriptions run on one connection', async () => {
  const client = await WsClient.connect(hub);
  clients.push(client);
  const limit = hub.config.WS_MAX_SUBSCRIPTIONS_PER_CONNECTION;
  for (let i = 0; i < limit; i += 1) client.subscribe(EVENT_CHANGED);
  await waitForSubscribers(hub, limit);
  const over = await client.subscribe(EVENT_CHANGED).next();
  expect(errorCode(over)).toBe('RATE_LIMITED');
});

test('changes: pages through the stream with a constant number of statements', async () => {
  const campaign = await createCampaign(hub, coordinator, { name: 'Seitentest' });
  let event = await createEvent(hub, lead.key, { campaignId: campaign.id });
  for (let i = 1; i <= 12; i += 1) event = { ...event, ...(await updateEvent(hub, lead.key, event, { capacity: i })) };
  const PAGE = `query($since: String, $first: Int) { changes(since: $since, first: $first, filter: { campaignIds: ["${campaign.id}"] }) {
    edges { cursor node { cursor version event { id } } } pageInfo { hasNextPage endCursor } } }`;
  const versions: number[] = [];
  let since: string | null = null;
  for (;;) {
    const data: any = await hub.ok(PAGE, { since, first: 5 }, { key: lead.key });
    versions.push(...data.changes.edges.map((e: any) => e.node.version));
    for (const edge of data.changes.edges) expect(edge.cursor).toBe(edge.node.cursor);
    since = data.changes.pageInfo.endCursor;
    if (!data.changes.pageInfo.hasNextPage) break;
  }
  expect(versions).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
  // Polling again from the end: nothing new, and the cursor stays usable.
  const again = await hub.ok(PAGE, { since, first: 5 }, { key: lead.key });
  expect(again.changes).toMatchObject({ edges: [], pageInfo: { hasNextPage: false, endCursor: since } });

  const small = await hub.countStatements(() => hub.ok(PAGE, { since: null, first: 2 }, { key: lead.key }));
  const large = await hub.countStatements(() => hub.ok(PAGE, { since: null, first: 100 }, { key: lead.key }));
  expect(large).toBe(small);
  expect(errorCode(await hub.gql(PAGE, { first: 101 }))).toBe('BAD_USER_INPUT');
});
