import { globalId } from '../../src/shared/global-id';
import { cancelEvent, createEvent, inviteOrganisers, memberKey, publishEvent } from '../helpers/events';
import { addContact, createOrganisation, municipalityIds } from '../helpers/factories';
import { errorCode, TestHub } from '../helpers/hub';
import { insertEvent } from '../helpers/live';

/**
 * `_entities` directly at the hub, as a gateway calls it: privacy exactly as
 * `node()`, batched loading, and bad representations answered clearly.
 */
let hub: TestHub;
let coordinator: string;
let lead: { id: string; editor: string; viewer: string };
let other: { id: string; editor: string };
let partner: string;
let events: Record<'draft' | 'planning' | 'public' | 'partners' | 'organisers' | 'cancelled', string>;
let contactNames: Record<'PUBLIC' | 'PARTNERS' | 'COORDINATORS', string>;

const ENTITIES = `query ($representations: [_Any!]!) {
  _entities(representations: $representations) {
    __typename
    ... on Event { id title status visibility }
    ... on Organisation { id name contacts { name visibility } }
    ... on Municipality { id name }
    ... on Campaign { id name }
  }
}`;
const NODE = `query ($id: ID!) {
  node(id: $id) {
    __typename
    ... on Event { id title status visibility }
    ... on Organisation { id name contacts { name visibility } }
    ... on Municipality { id name }
    ... on Campaign { id name }
  }
}`;

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true });
  const leadOrg = await createOrganisation(hub, coordinator, { name: 'Moscheegemeinde Vellmar', kind: 'MOSQUE' });
  lead = {
    id: leadOrg.id,
    editor: await memberKey(hub, leadOrg.id, 'EDITOR'),
    viewer: await memberKey(hub, leadOrg.id, 'VIEWER'),
  };
  const otherOrg = await createOrganisation(hub, coordinator, { name: 'Helferkreis Baunatal', kind: 'SUPPORT_CIRCLE' });
  other = { id: otherOrg.id, editor: await memberKey(hub, otherOrg.id, 'EDITOR') };
  const partnerOrg = await createOrganisation(hub, coordinator, { name: 'Partner-App Kassel' });
  partner = await memberKey(hub, partnerOrg.id, 'VIEWER');

  const make = async (title: string, visibility: string, publish: boolean) => {
    const created = await createEvent(hub, lead.editor, { title, visibility });
    return publish ? publishEvent(hub, lead.editor, created) : created;
  };
  const planning = (await make('In Planung', 'PUBLIC', false)).id;
  await inviteOrganisers(hub, lead.editor, planning, [{ organisationId: partnerOrg.id }]);
  const cancelled = (await cancelEvent(hub, lead.editor, await make('Abgesagt', 'PUBLIC', true))).id;
  events = {
    draft: (await make('Entwurf', 'PUBLIC', false)).id,
    planning,
    public: (await make('Öffentlich', 'PUBLIC', true)).id,
    partners: (await make('Nur Partner', 'PARTNERS', true)).id,
    organisers: (await make('Nur Organisatoren', 'ORGANISERS', true)).id,
    cancelled,
  };
  contactNames = { PUBLIC: 'Öffentliche Person', PARTNERS: 'Partner-Person', COORDINATORS: 'Vertrauliche Person' };
  for (const [visibility, name] of Object.entries(contactNames)) {
    await addContact(hub, lead.editor, lead.id, { name, visibility });
  }
});
afterAll(() => hub?.stop());

const viewers: Array<[string, () => string | undefined]> = [
  ['anonymous', () => undefined],
  ['a partner key', () => partner],
  ['an editor of another organisation', () => other.editor],
  ['a viewer of the lead', () => lead.viewer],
  ['an editor of the lead', () => lead.editor],
  ['a coordinator', () => coordinator],
];

describe.each(viewers)('%s', (_who, keyOf) => {
  test('every event and organisation resolves through _entities exactly as through node()', async () => {
    const key = keyOf();
    const ids = [...Object.values(events), lead.id, other.id];
    const representations = ids.map((id) => ({
      __typename: id === lead.id ? 'Mosque' : id === other.id ? 'Organisation' : 'Event',
      id,
    }));
    const result = await hub.gql(ENTITIES, { representations }, { key });
    expect(result.errors).toBeUndefined();
    for (const [index, id] of ids.entries()) {
      const direct = await hub.ok(NODE, { id }, { key });
      expect(result.data._entities[index]).toEqual(direct.node);
    }
  });
});

test('what each viewer sees: drafts and plans only for organisers, partner events for keys, organisers-only for organisers', async () => {
  const visible = async (key: string | undefined) => {
    const representations = Object.values(events).map((id) => ({ __typename: 'Event', id }));
    const { data } = await hub.gql(ENTITIES, { representations }, { key });
    return Object.keys(events).filter((_, index) => data._entities[index] !== null);
  };
  expect(await visible(undefined)).toEqual(['public', 'cancelled']);
  expect(await visible(partner)).toEqual(['planning', 'public', 'partners', 'cancelled']); // invited to the plan
  expect(await visible(other.editor)).toEqual(['public', 'partners', 'cancelled']);
  expect(await visible(lead.editor)).toEqual(Object.keys(events));
  expect(await visible(coordinator)).toEqual(Object.keys(events));
});

test('hidden contacts never reach a viewer through an entity, and a Contact is no entity', async () => {
  const names = async (key: string | undefined) => {
    const { data } = await hub.gql(ENTITIES, { representations: [{ __typename: 'Organisation', id: lead.id }] }, { key });
    return data._entities[0].contacts.map((contact: { name: string }) => contact.name).sort();
  };
  expect(await names(undefined)).toEqual([contactNames.PUBLIC]);
  expect(await names(other.editor)).toEqual([contactNames.PARTNERS, contactNames.PUBLIC].sort());
  expect(await names(lead.viewer)).toEqual(Object.values(contactNames).sort());
  expect(await names(coordinator)).toEqual(Object.values(contactNames).sort());

  const { data } = await hub.gql('{ organisation(slug: "moscheegemeinde-vellmar") { contacts { id } } }', undefined, {
    key: coordinator,
  });
  const contactId = data?.organisation?.contacts?.[0]?.id ?? globalId('Contact', '00000000-0000-4000-8000-000000000000');
  const asContact = await hub.gql(ENTITIES, { representations: [{ __typename: 'Contact', id: contactId }] });
  expect(asContact.status).toBe(200);
  expect(errorCode(asContact)).toBe('BAD_USER_INPUT');
  expect(asContact.errors![0]!.extensions!.field).toBe('representations[0].__typename');
  expect(JSON.stringify(asContact)).not.toMatch(/Person/);
});

test('an entity interface representation resolves to the concrete type; a mismatched type or a bad ID to null', async () => {
  const towns = await municipalityIds(hub);
  const unknownEvent = globalId('Event', '00000000-0000-4000-8000-000000000000');
  const result = await hub.gql(ENTITIES, {
    representations: [
      { __typename: 'Organisation', id: lead.id },
      { __typename: 'Association', id: lead.id }, // it is a Mosque
      { __typename: 'Event', id: lead.id }, // an organisation's ID
      { __typename: 'Event', id: unknownEvent },
      { __typename: 'Event', id: 'not-an-id' },
      { __typename: 'Event', id: 42 },
      { __typename: 'Event' },
      { __typename: 'Municipality', id: towns.Baunatal },
      { __typename: 'Event', id: events.public, title: 'injected' },
    ],
  });
  expect(result.status).toBe(200);
  expect(result.errors).toBeUndefined();
  const [asInterface, wrongKind, wrongType, unknown, malformed, number, missing, town, extra] = result.data._entities;
  expect(asInterface).toMatchObject({ __typename: 'Mosque', id: lead.id, name: 'Moscheegemeinde Vellmar' });
  expect([wrongKind, wrongType, unknown, malformed, number, missing]).toEqual([null, null, null, null, null, null]);
  expect(town).toEqual({ __typename: 'Municipality', id: towns.Baunatal, name: 'Baunatal' });
  // The representation's own fields are never echoed back: the hub's data answers.
  expect(extra).toMatchObject({ id: events.public, title: 'Öffentlich' });
});

test('the SQL statement count of _entities is the same for 10 and 100 representations', async () => {
  const ids = await Promise.all(
    Array.from({ length: 50 }, (_, index) =>
      insertEvent(hub, { leadOrganisationId: lead.id, title: `Serie ${index}`, visibility: index % 2 ? 'PUBLIC' : 'PARTNERS' }),
    ),
  );
  const organisations = [lead.id, other.id];
  const representations = (count: number) =>
    Array.from({ length: count }, (_, index) =>
      index % 2
        ? { __typename: 'Event', id: globalId('Event', ids[index % ids.length]!) }
        : { __typename: index % 4 ? 'Organisation' : 'Mosque', id: organisations[index % 2 === 0 ? (index / 2) % 2 : 0] },
    );
  const query = `query ($representations: [_Any!]!) {
    _entities(representations: $representations) {
      ... on Event { id title municipality { name } organisers { organisation { name } } }
      ... on Organisation { id name contacts { name } municipality { name } }
    }
  }`;
  const count = async (n: number) => {
    let answer: any;
    const statements = await hub.countStatements(async () => {
      answer = await hub.gql(query, { representations: representations(n) }, { key: partner });
    });
    expect(answer.errors).toBeUndefined();
    expect(answer.data._entities).toHaveLength(n);
    return statements;
  };
  // The least of three runs: the hub's change feed polls the log in the background, and a poll that
  // lands inside a measurement only ever adds to it.
  const least = async (n: number) => Math.min(await count(n), await count(n), await count(n));
  const ten = await least(10);
  const hundred = await least(100);
  console.log(`_entities SQL statements: 10 representations → ${ten}, 100 representations → ${hundred}`);
  expect(hundred).toBe(ten);
  expect(ten).toBeLessThanOrEqual(8);
});

describe('bad representations and limits', () => {
  test('an unknown __typename, a non-object or a missing __typename: BAD_USER_INPUT naming the element', async () => {
    for (const [representations, field] of [
      [
        [
          { __typename: 'Event', id: events.public },
          { __typename: 'Secret', id: 'x' },
        ],
        'representations[1].__typename',
      ],
      [[{ id: events.public }], 'representations[0].__typename'],
      [['Event'], 'representations[0]'],
      [[{ __typename: 'Query' }], 'representations[0].__typename'],
    ] as const) {
      const result = await hub.gql(ENTITIES, { representations });
      expect(result.status).toBe(200);
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.extensions!.field).toBe(field);
      expect(JSON.stringify(result)).not.toMatch(/stack|at \//);
    }
  });

  test('10,000 representations: a clear error, not a 500, and nothing loaded', async () => {
    const representations = Array.from({ length: 10_000 }, () => ({ __typename: 'Event', id: events.public }));
    const attempt = async () => {
      let result: any;
      const statements = await hub.countStatements(async () => {
        result = await hub.gql(ENTITIES, { representations });
      });
      expect(result.status).toBe(200);
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors[0].message).toMatch(/at most 1000 representations/);
      return statements;
    };
    // Nothing is loaded (the least of three runs: the change feed's background polls only ever add).
    expect(Math.min(await attempt(), await attempt(), await attempt())).toBe(0);
  });

  test('depth, alias, cost and body limits apply to _entities as to every query', async () => {
    const limited = await TestHub.start({
      GRAPHQL_MAX_DEPTH: '4',
      GRAPHQL_MAX_ALIASES: '2',
      GRAPHQL_MAX_COST: '100',
      MAX_BODY_BYTES: '4096',
    });
    const refused = (result: any) => [
      result.status,
      errorCode(result),
      result.errors?.[0]?.extensions?.reason,
      result.data ?? null,
    ];
    try {
      const r = { r: [{ __typename: 'Event', id: events.public }] };
      const deep = await limited.gql(
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Event { organisers { organisation { memberOf { name } } } } } }`,
        r,
      );
      expect(refused(deep)).toEqual([400, 'BAD_USER_INPUT', 'MAX_DEPTH', null]);
      const aliases = await limited.gql(
        `query ($r: [_Any!]!) { a: _entities(representations: $r) { __typename } b: _entities(representations: $r) { __typename } c: _entities(representations: $r) { __typename } }`,
        r,
      );
      expect(refused(aliases)).toEqual([400, 'BAD_USER_INPUT', 'MAX_ALIASES', null]);
      const costly = await limited.gql(
        `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Organisation { members(first: 100) { edges { node { members(first: 100) { totalCount } } } } } } }`,
        r,
      );
      expect(refused(costly)).toEqual([400, 'BAD_USER_INPUT', 'MAX_COST', null]);
      const big = await limited.gql(ENTITIES, {
        representations: Array.from({ length: 200 }, () => ({ __typename: 'Event', id: events.public })),
      });
      expect(big.status).toBe(413);
      expect(errorCode(big)).toBe('BAD_USER_INPUT');
    } finally {
      await limited.stop();
    }
  });
});
