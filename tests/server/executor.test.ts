import { addContact, createOrganisation, databaseId, municipalityIds } from '../helpers/factories';
import { createEvent, publishEvent } from '../helpers/events';
import { TestHub } from '../helpers/hub';

/**
 * Queries a client sends again run compiled (graphql-jit, src/server/executor.ts).
 * The first run of a document is graphql-js's; every later one must answer
 * exactly as it did: data, errors with their codes and paths, null
 * propagation, abstract types, fragments, directives, and for each viewer
 * only what that viewer may see.
 */
let hub: TestHub;
let coordinator: string;
let mosqueId: string;
let publicEventId: string;
let partnersEventId: string;

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true });
  const municipalities = await municipalityIds(hub);
  const mosque = await createOrganisation(hub, coordinator, {
    kind: 'MOSQUE',
    name: 'Moschee am Fluss',
    address: { municipalityId: municipalities.Baunatal },
  });
  mosqueId = mosque.id;
  await addContact(hub, coordinator, mosqueId, { name: 'Öffentlich', visibility: 'PUBLIC' });
  await addContact(hub, coordinator, mosqueId, { name: 'Nur Koordination', visibility: 'COORDINATORS' });
  const lead = await hub.key({ organisationId: databaseId(mosqueId), role: 'EDITOR' });
  const open = await createEvent(hub, lead, { title: 'Tag der offenen Moschee' });
  publicEventId = (await publishEvent(hub, lead, open)).id;
  const partners = await createEvent(hub, lead, { title: 'Nur für Partner', visibility: 'PARTNERS' });
  partnersEventId = (await publishEvent(hub, lead, partners)).id;
});
afterAll(() => hub?.stop());

/** A response without what differs from request to request (its id). */
function comparable(answer: unknown): unknown {
  return JSON.parse(JSON.stringify(answer, (key, value) => (key === 'requestId' ? undefined : value)));
}

/** Sends the same request `times` times and answers every response (status, data, errors; no request ids). */
async function repeated(times: number, query: string, variables?: Record<string, unknown>, key?: string): Promise<any[]> {
  const answers = [];
  for (let i = 0; i < times; i += 1) answers.push(comparable(await hub.gql(query, variables, { key })));
  return answers;
}

const DOCUMENTS: Array<[string, string, () => Record<string, unknown>]> = [
  [
    'a page with nested lists and an interface',
    `{ events(first: 10) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id title startsAt
        municipality { name } organisers { role status organisation { __typename id name kind ... on Mosque { name } } } } } } }`,
    () => ({}),
  ],
  [
    'aliases, fragments, variables and directives',
    `query($ids: [ID!]!, $withContacts: Boolean!, $skipKind: Boolean!) {
       first: nodes(ids: $ids) { __typename ...Org ... on Event { title(language: "de") status } }
       again: nodes(ids: $ids) { id }
     }
     fragment Org on Organisation { id name kind @skip(if: $skipKind) contacts @include(if: $withContacts) { name visibility } }`,
    () => ({ ids: [mosqueId, publicEventId, partnersEventId], withContacts: true, skipKind: false }),
  ],
  [
    'federation entities',
    `query($representations: [_Any!]!) { _entities(representations: $representations) { __typename ... on Event { id title } ... on Organisation { id name } } }`,
    () => ({
      representations: [
        { __typename: 'Event', id: publicEventId },
        { __typename: 'Event', id: partnersEventId },
        { __typename: 'Organisation', id: mosqueId },
      ],
    }),
  ],
  [
    'an error from a resolver, with its code and field',
    `{ a: event(id: "not an id") { id } b: organisations(first: 1) { totalCount } }`,
    () => ({}),
  ],
  ['introspection', `{ __type(name: "EventOrganiser") { name fields { name type { kind name ofType { name } } } } }`, () => ({})],
];

describe.each([
  ['anonymous', () => undefined],
  ['a coordinator', () => coordinator],
])('as %s', (_label, key) => {
  test.each(DOCUMENTS)('%s: compiled runs answer as the first run did', async (_name, query, variables) => {
    const compiledBefore = hub.hub.executor.compiledCount();
    const [first, ...later] = await repeated(3, query, variables(), key());
    expect(first!.status).toBe(200);
    for (const answer of later) expect(answer).toEqual(first);
    expect(hub.hub.executor.compiledCount()).toBeGreaterThanOrEqual(compiledBefore);
  });
});

test('a document compiled for one viewer answers every other viewer with what that viewer may see', async () => {
  const query = `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Event { id title } ... on Organisation { contacts { name } } } }`;
  const variables = { ids: [publicEventId, partnersEventId, mosqueId] };
  const before = hub.hub.executor.compiledCount();
  const asCoordinator = await repeated(2, query, variables, coordinator);
  expect(hub.hub.executor.compiledCount()).toBe(before + 1);
  expect(asCoordinator[1]!.data.nodes[1]).toMatchObject({ id: partnersEventId });
  expect(asCoordinator[1]!.data.nodes[2].contacts.map((c: any) => c.name).sort()).toEqual(['Nur Koordination', 'Öffentlich']);
  // The same document, already compiled, anonymously: the partners' event is null, the coordinators' contact missing.
  const anonymous = await hub.gql(query, variables);
  expect(hub.hub.executor.compiledCount()).toBe(before + 1);
  expect(anonymous.data.nodes[0]).toMatchObject({ id: publicEventId });
  expect(anonymous.data.nodes[1]).toBeNull();
  expect(anonymous.data.nodes[2].contacts).toEqual([{ name: 'Öffentlich' }]);
});

test('bad variables of a compiled document get the same BAD_USER_INPUT as before it was compiled', async () => {
  const query = `query($first: Int!) { organisations(first: $first) { totalCount } }`;
  const uncompiled = comparable(await hub.gql(query, { first: 'many' }));
  await repeated(2, query, { first: 2 });
  const compiled: any = comparable(await hub.gql(query, { first: 'many' }));
  expect(compiled).toEqual(uncompiled);
  expect(compiled.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  const missing = await hub.gql(query, {});
  expect(missing.errors?.[0]?.message).toMatch(/\$first/);
  expect(missing.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  // And a resolver's own refusal (out of range) names the argument, compiled too.
  const range = await hub.gql(query, { first: 1000 });
  expect(range.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
});

test('mutations are never compiled', async () => {
  const before = hub.hub.executor.compiledCount();
  const mutation = `mutation($id: ID!, $input: ContactInput!) { addContact(organisationId: $id, input: $input) { name } }`;
  for (const name of ['Eins', 'Zwei', 'Drei']) {
    const answer = await hub.gql(mutation, { id: mosqueId, input: { name, visibility: 'COORDINATORS' } }, { key: coordinator });
    expect(answer.errors).toBeUndefined();
  }
  expect(hub.hub.executor.compiledCount()).toBe(before);
});
