import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { seedDemo } from '../../src/cli/seed-demo';
import { forwardedHeaders, type RunningGateway } from '../../src/federation/gateway';
import { createEvent, memberKey, publishEvent } from '../helpers/events';
import { post, spawnCourses, startDistrictGateway, type CoursesProcess } from '../helpers/federation';
import { TestHub } from '../helpers/hub';
import { feedOf, waitForSubscribers } from '../helpers/live';

/**
 * The district's graph as a partner web app sees it: the hub (PGlite or
 * PostgreSQL), the example courses subgraph as its own process, and Hive
 * Gateway in front of both, every one on a free port.
 */
let hub: TestHub;
let courses: CoursesProcess;
let gateway: RunningGateway;
let coordinator: string;
let familienzentrum: { id: string; key: string };
let partnersOnly: { id: string; title: string };
let draft: { id: string; title: string };
const now = new Date().toISOString();

const COURSES_IN_BAUNATAL = `query ($from: DateTime!) {
  courses(municipalitySlug: "baunatal") {
    title
    level
    free
    place { address { locality municipality { name } } }
    provider {
      slug
      name
      kind
      events(filter: { from: $from }, first: 50) { edges { node { id title visibility } } }
    }
  }
}`;

/** What the hub itself answers for one organisation, with the same key: the reference for the gateway's answer. */
async function providerAtHub(slug: string, key?: string) {
  const data = await hub.ok(
    `query ($slug: String!, $from: DateTime!) {
      organisation(slug: $slug) { slug name kind events(filter: { from: $from }, first: 50) { edges { node { id title visibility } } } }
    }`,
    { slug, from: now },
    { key },
  );
  return data.organisation;
}

beforeAll(async () => {
  hub = await TestHub.start();
  await seedDemo(hub.db);
  coordinator = await hub.key({ coordinator: true });
  const { organisation } = await hub.ok('{ organisation(slug: "demo-familienzentrum-baunatal") { id } }');
  familienzentrum = { id: organisation.id, key: await memberKey(hub, organisation.id, 'EDITOR') };
  const created = await createEvent(hub, familienzentrum.key, {
    title: 'Elternabend nur für Partner',
    visibility: 'PARTNERS',
    startsAt: '2027-02-10T18:00:00+01:00',
    endsAt: '2027-02-10T20:00:00+01:00',
  });
  partnersOnly = await publishEvent(hub, familienzentrum.key, created);
  draft = await createEvent(hub, familienzentrum.key, {
    title: 'Entwurf: Sommerfest',
    startsAt: '2027-06-10T15:00:00+02:00',
    endsAt: '2027-06-10T19:00:00+02:00',
  });
  courses = await spawnCourses(hub.url);
  gateway = await startDistrictGateway(hub, courses);
});
afterAll(async () => {
  await gateway?.stop();
  await courses?.stop();
  await hub?.stop();
});

test.each([
  ['anonymous', () => undefined],
  ['a coordinator key', () => coordinator],
])('courses in Baunatal with provider name, kind and upcoming events, as %s, across both subgraphs', async (_who, keyOf) => {
  const key = keyOf();
  const result = await post(gateway.url, COURSES_IN_BAUNATAL, { from: now }, { key });
  expect(result.errors).toBeUndefined();
  const list = result.data.courses as any[];
  expect(list.map((course) => course.title)).toEqual([
    'Deutsch für Mütter mit Kinderbetreuung (Demo)',
    'Deutsch im Alltag: Arztbesuch und Behörden (Demo)',
    'Deutsch für den Beruf B1 (Demo)',
  ]);
  expect(list[0]).toMatchObject({
    level: 'A1',
    free: true,
    place: { address: { locality: 'Baunatal', municipality: { name: 'Baunatal' } } },
    provider: { slug: 'demo-familienzentrum-baunatal', name: 'Familienzentrum Baunatal (Demo)', kind: 'PUBLIC_INSTITUTION' },
  });
  // Every provider's facts and events are exactly what the hub answers to the same viewer.
  for (const course of list) expect(course.provider).toEqual(await providerAtHub(course.provider.slug, key));
  const titles = list[0].provider.events.edges.map((edge: any) => edge.node.title);
  expect(titles.length).toBeGreaterThan(0);
  // Coordinators see drafts and partner-only events, anonymous requests neither.
  for (const title of [draft.title, partnersOnly.title]) {
    if (key) expect(titles).toContain(title);
    else expect(titles).not.toContain(title);
  }
});

test('the hub extends nothing it does not own: organisations and municipalities gain courses from the partner', async () => {
  const result = await post(
    gateway.url,
    `{ organisation(slug: "demo-familienzentrum-baunatal") { name courses { title provider { name } } municipality { name courses { title } } } }`,
  );
  expect(result.errors).toBeUndefined();
  expect(result.data.organisation).toEqual({
    name: 'Familienzentrum Baunatal (Demo)',
    courses: [
      { title: 'Deutsch für Mütter mit Kinderbetreuung (Demo)', provider: { name: 'Familienzentrum Baunatal (Demo)' } },
      { title: 'Deutsch für den Beruf B1 (Demo)', provider: { name: 'Familienzentrum Baunatal (Demo)' } },
    ],
    municipality: {
      name: 'Baunatal',
      courses: [
        { title: 'Deutsch für Mütter mit Kinderbetreuung (Demo)' },
        { title: 'Deutsch im Alltag: Arztbesuch und Behörden (Demo)' },
        { title: 'Deutsch für den Beruf B1 (Demo)' },
      ],
    },
  });
});

test.each([
  ['anonymous', () => undefined, null],
  ['another organisation’s editor', () => 'other', null],
  ['the lead’s editor', () => familienzentrum.key, 'Entwurf: Sommerfest'],
  ['a coordinator', () => coordinator, 'Entwurf: Sommerfest'],
])('behind the gateway a draft is seen exactly as at the hub, by %s', async (_who, keyOf, expected) => {
  let key = keyOf() as string | undefined;
  if (key === 'other') {
    const { organisation } = await hub.ok('{ organisation(slug: "demo-islamische-gemeinde-baunatal") { id } }');
    key = await memberKey(hub, organisation.id, 'EDITOR');
  }
  const query = `query ($id: ID!) { node(id: $id) { ... on Event { title } } }`;
  const direct = await hub.gql(query, { id: draft.id }, { key });
  const viaGateway = await post(gateway.url, query, { id: draft.id }, { key });
  expect(viaGateway.errors).toBeUndefined();
  expect(viaGateway.data).toEqual(direct.data);
  expect(viaGateway.data.node?.title ?? null).toBe(expected);
});

test('a bad key is refused behind the gateway as at the hub', async () => {
  const result = await post(gateway.url, '{ viewer { authenticated } }', undefined, { key: 'wh_not-a-key' });
  expect(result.errors?.[0]?.message).toMatch(/not valid/);
});

test('the client’s API key goes to the hub only, never to a partner’s subgraph; the language goes to all', () => {
  const request = new Request('http://gateway/graphql', {
    headers: { authorization: 'Bearer wh_secret', 'accept-language': 'tr' },
  });
  const trusted = new Set(['hub']);
  expect(forwardedHeaders('hub', trusted, request)).toEqual({ authorization: 'Bearer wh_secret', 'accept-language': 'tr' });
  expect(forwardedHeaders('courses', trusted, request)).toEqual({ authorization: null, 'accept-language': 'tr' });
  // Over graphql-ws the headers are the connection params.
  const socket = { authorization: 'Bearer wh_ws', 'accept-language': 'ar' };
  expect(forwardedHeaders('hub', trusted, undefined, socket)).toEqual({ authorization: 'Bearer wh_ws', 'accept-language': 'ar' });
  expect(forwardedHeaders('courses', trusted, undefined, socket)).toEqual({ authorization: null, 'accept-language': 'ar' });
  expect(forwardedHeaders('hub', trusted, undefined)).toEqual({ authorization: null, 'accept-language': null });
});

describe('subscriptions through the gateway', () => {
  let client: Client | undefined;
  afterEach(async () => {
    await client?.dispose();
    client = undefined;
  });

  test('eventChanged over graphql-ws at the gateway receives a change made at the hub, with courses joined in', async () => {
    client = createClient({
      url: gateway.url.replace(/^http/, 'ws'),
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { authorization: `Bearer ${coordinator}` },
    });
    const received: any[] = [];
    let failed: unknown;
    const before = feedOf(hub).subscriberCount;
    const done = new Promise<void>((resolve) => {
      client!.subscribe(
        {
          query: `subscription { eventChanged { kind event { title visibility municipality { name courses { title } } } } }`,
        },
        {
          next: (value) => {
            received.push(value);
            resolve();
          },
          error: (error) => {
            failed = error;
            resolve();
          },
          complete: () => resolve(),
        },
      );
    });
    // The gateway opens its own graphql-ws connection to the hub, with the client's key.
    await waitForSubscribers(hub, before + 1, 15_000);
    const created = await createEvent(hub, familienzentrum.key, {
      title: 'Sprachcafé für Partner',
      visibility: 'PARTNERS',
      venueId: familienzentrum.id,
      startsAt: '2027-03-03T17:00:00+01:00',
      endsAt: '2027-03-03T19:00:00+01:00',
    });
    await done;
    expect(failed).toBeUndefined();
    expect(received[0].errors).toBeUndefined();
    expect(received[0].data.eventChanged).toEqual({
      kind: 'CREATED',
      event: {
        title: 'Sprachcafé für Partner',
        visibility: 'PARTNERS',
        municipality: {
          name: 'Baunatal',
          courses: [
            { title: 'Deutsch für Mütter mit Kinderbetreuung (Demo)' },
            { title: 'Deutsch im Alltag: Arztbesuch und Behörden (Demo)' },
            { title: 'Deutsch für den Beruf B1 (Demo)' },
          ],
        },
      },
    });
    expect(created.title).toBe('Sprachcafé für Partner');
  });
});
