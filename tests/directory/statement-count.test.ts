import { createOrganisation, databaseId } from '../helpers/factories';
import { TestHub } from '../helpers/hub';

/**
 * A list query costs a constant number of SQL statements, whatever its page
 * size: the same for 10 and for 100 organisations, each with its
 * municipality, federations, contacts and a page of members (DataLoaders and
 * batched nested lists). Over 100 organisations are built for it.
 */
let hub: TestHub;
let coordinator: string;
let partner: string;
const organisationIds: string[] = [];

const NODE_FIELDS = `
  name
  municipality { name }
  memberOf { name }
  contacts { name visibility }
  members(first: 5) { totalCount edges { node { name } } }
  address { municipality { name } location { latitude } }
  ... on Mosque { sermonLanguages }
`;

const TOP_LEVEL = `query($first: Int) { organisations(first: $first) { edges { node { ${NODE_FIELDS} } } totalCount } }`;
const NESTED = `query($first: Int) { municipalities { name organisations(first: $first) { totalCount edges { node { ${NODE_FIELDS} } } } } }`;
const NODES = `query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Organisation { ${NODE_FIELDS} } } }`;

beforeAll(async () => {
  // Background reads of the change log must not land in a count.
  hub = await TestHub.start({ CHANGE_POLL_INTERVAL_MS: '600000' });
  coordinator = await hub.key({ coordinator: true });
  // Federations through the API; the 120 members in bulk (building them through the API would only be slow).
  const federations = [];
  for (let i = 0; i < 4; i += 1)
    federations.push(await createOrganisation(hub, coordinator, { kind: 'FEDERATION', name: `Aachen-Verband ${i}` }));
  const federationIds = federations.map((federation) => databaseId(federation.id));
  await hub.db.query(
    `INSERT INTO organisation (kind, name, slug, municipality_id, latitude, longitude, languages, topics, details)
     SELECT CASE WHEN n % 3 = 0 THEN 'MOSQUE' ELSE 'ASSOCIATION' END, 'Massenverein ' || lpad(n::text, 3, '0'), 'massenverein-' || n,
            m.id, m.latitude, m.longitude, '{de,tr}', '{EDUCATION}',
            CASE WHEN n % 3 = 0 THEN '{"sermonLanguages": ["tr"]}'::jsonb ELSE '{}'::jsonb END
     FROM generate_series(1, 120) AS n
     -- Half of them in one municipality, so its nested page fills up to 100.
     JOIN (SELECT id, latitude, longitude, row_number() OVER (ORDER BY name) - 1 AS i FROM municipality) m
       ON m.i = CASE WHEN n % 2 = 0 THEN 0 ELSE n % 28 END`,
  );
  const members = await hub.db.query(`SELECT id FROM organisation WHERE slug LIKE 'massenverein-%' ORDER BY slug`);
  await hub.db.query(
    `INSERT INTO organisation_membership (member_id, umbrella_id)
     SELECT o.id, f.id FROM unnest($1::uuid[]) WITH ORDINALITY AS o (id, n)
     JOIN unnest($2::uuid[]) WITH ORDINALITY AS f (id, k) ON f.k - 1 = o.n % 4 OR f.k - 1 = (o.n + 1) % 4`,
    [members.map((row: { id: string }) => row.id), federationIds],
  );
  // Federations are members of each other too, so `members` and `memberOf` are busy on every page.
  await hub.db.query(
    `INSERT INTO organisation_membership (member_id, umbrella_id) VALUES ($1, $2), ($2, $3), ($3, $4)`,
    federationIds,
  );
  await hub.db.query(
    `INSERT INTO contact (organisation_id, name, visibility, publication_basis, basis_recorded_at)
     SELECT o.id, 'Kontakt ' || v || ' ' || o.slug, v, CASE WHEN v <> 'COORDINATORS' THEN 'CONSENT' END, now()
       FROM organisation o CROSS JOIN unnest('{PUBLIC,PARTNERS,COORDINATORS}'::text[]) AS v`,
  );
  const all = await hub.ok('{ organisations(first: 100) { edges { node { id } } } }');
  organisationIds.push(...all.organisations.edges.map((edge: { node: { id: string } }) => edge.node.id));
  partner = await hub.key({ organisationId: databaseId(organisationIds[0]!), role: 'VIEWER' });
});
afterAll(() => hub?.stop());

async function statements(
  query: string,
  variables: Record<string, unknown>,
  key?: string,
): Promise<{ count: number; data: any }> {
  let data: any;
  const count = await hub.countStatements(async () => {
    data = await hub.ok(query, variables, { key });
  });
  return { count, data };
}

test('the directory is big enough to tell', async () => {
  const data = await hub.ok('{ organisations(first: 1) { totalCount } }');
  expect(data.organisations.totalCount).toBeGreaterThan(120);
});

describe.each([
  ['anonymous', () => undefined],
  ['a partner key', () => partner],
  ['a coordinator', () => coordinator],
])('as %s', (_label, key) => {
  test('the organisations page (municipality, memberOf, contacts) is one statement, plus the key lookup with a key', async () => {
    const PAGE = `{ organisations(first: 100) { edges { node { id name kind municipality { name location { longitude } } memberOf { id name } contacts { id name visibility publicationBasis { kind recordedBy } } } } } }`;
    const prepared = hub.preparedCount;
    const { count, data } = await statements(PAGE, {}, key());
    expect(count).toBe(key() ? 2 : 1);
    // The page names its columns, so it goes as a prepared statement (parsed and planned once per connection).
    expect(hub.preparedCount - prepared).toBe(1);
    const nodes = data.organisations.edges.map((edge: any) => edge.node);
    expect(nodes).toHaveLength(100);
    expect(nodes.filter((node: any) => node.memberOf.length > 0).length).toBeGreaterThan(90);
    // The bulk-made members have a municipality (the federations made through the API have none).
    expect(nodes.filter((node: any) => node.municipality?.name).length).toBeGreaterThan(90);
    // The same answer as the loaders give: `nodes(ids)` is not prefetched.
    const viaLoaders = await hub.ok(
      `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Organisation { id name kind municipality { name location { longitude } } memberOf { id name } contacts { id name visibility publicationBasis { kind recordedBy } } } } }`,
      { ids: nodes.map((node: any) => node.id) },
      { key: key() },
    );
    expect(viaLoaders.nodes).toEqual(nodes);
    expect(nodes.some((node: any) => node.contacts.length > 0)).toBe(true);
    // The publication basis reaches coordinators (and the organisation's own keys) only, prefetched or not.
    const withBasis = nodes.filter((node: any) => node.contacts.some((contact: any) => contact.publicationBasis));
    if (key() === coordinator) expect(withBasis.length).toBeGreaterThan(90);
    else if (key()) expect(withBasis.map((node: any) => node.id)).toEqual([organisationIds[0]]);
    else expect(withBasis).toEqual([]);
  });

  test('organisations(first: N): the same statements for N = 10 and N = 100', async () => {
    const small = await statements(TOP_LEVEL, { first: 10 }, key());
    const large = await statements(TOP_LEVEL, { first: 100 }, key());
    expect(small.data.organisations.edges).toHaveLength(10);
    expect(large.data.organisations.edges).toHaveLength(100);
    // The pages are really full of nested data.
    const nodes = large.data.organisations.edges.map((edge: any) => edge.node);
    expect(nodes.filter((node: any) => node.memberOf.length > 0).length).toBeGreaterThan(90);
    expect(nodes.every((node: any) => node.contacts.length > 0)).toBe(true);
    expect(nodes.some((node: any) => node.members.totalCount > 5)).toBe(true);
    expect(large.count).toBe(small.count);
    // page, count, municipalities, memberOf, contacts, members page, members count (+ the key check).
    expect(large.count).toBeLessThanOrEqual(8);
  });

  test('municipalities { organisations(first: N) }: the same statements for N = 10 and N = 100', async () => {
    const small = await statements(NESTED, { first: 10 }, key());
    const large = await statements(NESTED, { first: 100 }, key());
    const sizes = (data: any) => data.municipalities.map((municipality: any) => municipality.organisations.edges.length);
    expect(Math.max(...sizes(small.data))).toBe(10);
    expect(Math.max(...sizes(large.data))).toBeGreaterThan(50);
    expect(sizes(large.data).reduce((a: number, b: number) => a + b, 0)).toBeGreaterThan(100);
    expect(large.count).toBe(small.count);
    expect(large.count).toBeLessThanOrEqual(9);
  });

  test('nodes(ids): the same statements for 10 and 100 IDs', async () => {
    const small = await statements(NODES, { ids: organisationIds.slice(0, 10) }, key());
    const large = await statements(NODES, { ids: organisationIds.slice(0, 100) }, key());
    expect(large.data.nodes.filter((node: unknown) => node !== null)).toHaveLength(100);
    expect(large.count).toBe(small.count);
    expect(large.count).toBeLessThanOrEqual(8);
  });
});

test('members(first: N) of many federations: the same statements for N = 5 and N = 100', async () => {
  const query = `query($first: Int) { organisations(filter: { kinds: [FEDERATION] }) {
    edges { node { members(first: $first) { totalCount edges { node { name memberOf { name } contacts { name } } } } } } } }`;
  const small = await statements(query, { first: 5 }, coordinator);
  const large = await statements(query, { first: 100 }, coordinator);
  const total = (data: any) =>
    data.organisations.edges.reduce((sum: number, edge: any) => sum + edge.node.members.edges.length, 0);
  expect(total(large.data)).toBeGreaterThan(150);
  expect(large.count).toBe(small.count);
});

test('filters do not change the count: search, near and memberOf at page size 10 and 100', async () => {
  const query = `query($first: Int, $filter: OrganisationFilter) { organisations(first: $first, filter: $filter) { totalCount edges { node { ${NODE_FIELDS} } } } }`;
  for (const filter of [
    { search: 'Massenverein' },
    { near: { latitude: 51.3, longitude: 9.45, radiusKm: 100 } },
    { kinds: ['ASSOCIATION', 'MOSQUE'], languages: ['tr'] },
  ]) {
    const small = await statements(query, { first: 10, filter });
    const large = await statements(query, { first: 100, filter });
    expect(large.data.organisations.edges).toHaveLength(100);
    expect([filter, large.count]).toEqual([filter, small.count]);
  }
});
