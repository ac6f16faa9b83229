import { createOrganisation, municipalityIds } from '../helpers/factories';
import { errorCode, TestHub } from '../helpers/hub';

/**
 * Every organisation filter and order through the public API, on a small
 * directory built for it: two mosques, a café, a support circle with an
 * umlaut, a federation with members, a youth centre, one without a position.
 */
let hub: TestHub;
let coordinator: string;
let m: Record<string, string>;
const org: Record<string, { id: string; slug: string; version: number; name: string }> = {};

const VELLMAR = { latitude: 51.36, longitude: 9.47 };

const LIST = `query($filter: OrganisationFilter, $orderBy: OrganisationOrder, $first: Int, $after: String) {
  organisations(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    edges { cursor node { id name } }
    pageInfo { hasNextPage endCursor }
  }
}`;

async function names(filter: Record<string, unknown> | null, orderBy?: string): Promise<string[]> {
  const data = await hub.ok(LIST, { filter, orderBy, first: 100 });
  expect(data.organisations.totalCount).toBe(data.organisations.edges.length);
  return data.organisations.edges.map((edge: { node: { name: string } }) => edge.node.name);
}

/** Great-circle distance in km (the hub uses earthdistance, a sphere of the same radius). */
function km(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLon = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6378.168 * Math.asin(Math.sqrt(h));
}

const POSITIONS: Record<string, { latitude: number; longitude: number }> = {
  'Moscheegemeinde Vellmar': { latitude: 51.3605, longitude: 9.4702 },
  'Moschee Baunatal': { latitude: 51.2595, longitude: 9.4198 },
  'Café Mondial': { latitude: 51.2801, longitude: 9.6205 },
  'Freundeskreis München': { latitude: 51.5012, longitude: 9.3791 },
  'Dachverband Integration Nordhessen': { latitude: 51.3127, longitude: 9.4797 },
  'Jugendzentrum Wolfhagen': { latitude: 51.3265, longitude: 9.1702 },
};

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true });
  m = await municipalityIds(hub);
  const at = (name: string, municipality: string, extra: Record<string, unknown> = {}) => ({
    municipalityId: m[municipality],
    location: POSITIONS[name],
    locality: municipality,
    ...extra,
  });

  org.federation = await createOrganisation(hub, coordinator, {
    kind: 'FEDERATION',
    name: 'Dachverband Integration Nordhessen',
    address: at('Dachverband Integration Nordhessen', 'Fuldatal'),
    topics: ['VOLUNTEERING'],
    languages: ['de'],
  });
  org.otherFederation = await createOrganisation(hub, coordinator, {
    kind: 'FEDERATION',
    name: 'Landesverband Kultur',
    languages: ['de'],
  });
  org.vellmar = await createOrganisation(hub, coordinator, {
    kind: 'MOSQUE',
    name: 'Moscheegemeinde Vellmar',
    languages: ['tr', 'de'],
    topics: ['RELIGION', 'INTERFAITH_DIALOGUE'],
    lookingForPartners: true,
    memberOfIds: [org.federation.id],
    address: at('Moscheegemeinde Vellmar', 'Vellmar', { street: 'Holländische Str. 1' }),
    mosque: { sermonLanguages: ['tr'] },
  });
  org.baunatal = await createOrganisation(hub, coordinator, {
    kind: 'MOSQUE',
    name: 'Moschee Baunatal',
    languages: ['ar'],
    topics: ['RELIGION'],
    memberOfIds: [org.federation.id, org.otherFederation.id],
    address: at('Moschee Baunatal', 'Baunatal'),
  });
  org.cafe = await createOrganisation(hub, coordinator, {
    kind: 'ASSOCIATION',
    name: 'Café Mondial',
    languages: ['ar', 'fa', 'de'],
    topics: ['LANGUAGE_SUPPORT', 'CULTURE'],
    lookingForPartners: true,
    description: [{ language: 'de', text: 'Ein Sprachcafé für alle Generationen, jeden Dienstag im Bürgerhaus.' }],
    address: at('Café Mondial', 'Kaufungen'),
  });
  org.muenchen = await createOrganisation(hub, coordinator, {
    kind: 'SUPPORT_CIRCLE',
    name: 'Freundeskreis München',
    languages: ['de', 'uk'],
    topics: ['VOLUNTEERING', 'COUNSELLING'],
    memberOfIds: [org.federation.id],
    address: at('Freundeskreis München', 'Hofgeismar'),
  });
  org.youth = await createOrganisation(hub, coordinator, {
    kind: 'PUBLIC_INSTITUTION',
    name: 'Jugendzentrum Wolfhagen',
    topics: ['YOUTH', 'SPORTS'],
    languages: ['de', 'en'],
    address: at('Jugendzentrum Wolfhagen', 'Wolfhagen'),
  });
  org.nowhere = await createOrganisation(hub, coordinator, {
    kind: 'OTHER',
    name: 'Initiative ohne Ort',
    topics: ['YOUTH'],
  });
  await hub.ok('mutation($id: ID!) { verifyOrganisation(id: $id) { id } }', { id: org.youth.id }, { key: coordinator });
  await hub.ok('mutation($id: ID!) { verifyOrganisation(id: $id) { id } }', { id: org.vellmar.id }, { key: coordinator });
});
afterAll(() => hub?.stop());

const ALL = [
  'Café Mondial',
  'Dachverband Integration Nordhessen',
  'Freundeskreis München',
  'Initiative ohne Ort',
  'Jugendzentrum Wolfhagen',
  'Landesverband Kultur',
  'Moschee Baunatal',
  'Moscheegemeinde Vellmar',
];

describe('filters', () => {
  test('no filter lists everything by name (accents folded: "Café" sorts as "cafe")', async () => {
    expect(await names(null)).toEqual(ALL);
    expect(await names({})).toEqual(ALL);
  });

  test('kinds: any of the given kinds', async () => {
    expect(await names({ kinds: ['MOSQUE'] })).toEqual(['Moschee Baunatal', 'Moscheegemeinde Vellmar']);
    expect(await names({ kinds: ['FEDERATION', 'SUPPORT_CIRCLE'] })).toEqual([
      'Dachverband Integration Nordhessen',
      'Freundeskreis München',
      'Landesverband Kultur',
    ]);
    expect(await names({ kinds: ['RELIGIOUS_COMMUNITY'] })).toEqual([]);
  });

  test('municipalityIds: in any of the municipalities', async () => {
    expect(await names({ municipalityIds: [m.Vellmar] })).toEqual(['Moscheegemeinde Vellmar']);
    expect(await names({ municipalityIds: [m.Vellmar, m.Kaufungen, m.Calden] })).toEqual([
      'Café Mondial',
      'Moscheegemeinde Vellmar',
    ]);
  });

  test('topics: working on any of the topics', async () => {
    expect(await names({ topics: ['YOUTH'] })).toEqual(['Initiative ohne Ort', 'Jugendzentrum Wolfhagen']);
    expect(await names({ topics: ['CULTURE', 'COUNSELLING'] })).toEqual(['Café Mondial', 'Freundeskreis München']);
  });

  test('languages: speaking any of the languages, codes normalised', async () => {
    expect(await names({ languages: ['AR'] })).toEqual(['Café Mondial', 'Moschee Baunatal']);
    expect(await names({ languages: ['uk', 'tr'] })).toEqual(['Freundeskreis München', 'Moscheegemeinde Vellmar']);
  });

  test('verified true / false', async () => {
    expect(await names({ verified: true })).toEqual(['Jugendzentrum Wolfhagen', 'Moscheegemeinde Vellmar']);
    expect(await names({ verified: false })).toEqual(
      ALL.filter((name) => name !== 'Jugendzentrum Wolfhagen' && name !== 'Moscheegemeinde Vellmar'),
    );
  });

  test('lookingForPartners true / false', async () => {
    expect(await names({ lookingForPartners: true })).toEqual(['Café Mondial', 'Moscheegemeinde Vellmar']);
    expect(await names({ lookingForPartners: false })).toHaveLength(ALL.length - 2);
  });

  test('memberOf: members of a federation', async () => {
    expect(await names({ memberOf: org.federation.id })).toEqual([
      'Freundeskreis München',
      'Moschee Baunatal',
      'Moscheegemeinde Vellmar',
    ]);
    expect(await names({ memberOf: org.otherFederation.id })).toEqual(['Moschee Baunatal']);
    expect(await names({ memberOf: org.cafe.id })).toEqual([]);
  });

  test('near: within the radius, nearest first (DISTANCE is the default order with near)', async () => {
    const near = { ...VELLMAR, radiusKm: 15 };
    const expected = Object.entries(POSITIONS)
      .map(([name, position]) => ({ name, distance: km(VELLMAR, position) }))
      .filter(({ distance }) => distance <= 15)
      .sort((a, b) => a.distance - b.distance)
      .map(({ name }) => name);
    // The fixture must make the radius matter: some inside, some outside.
    expect(expected.length).toBeGreaterThan(2);
    expect(expected.length).toBeLessThan(Object.keys(POSITIONS).length);
    expect(await names({ near })).toEqual(expected);
    expect(await names({ near }, 'DISTANCE')).toEqual(expected);
    // The same radius ordered by name holds the same organisations.
    expect(await names({ near }, 'NAME')).toEqual([...expected].sort((a, b) => a.localeCompare(b, 'de')));
  });

  test('near: a small radius keeps only what is inside; organisations without a position are left out', async () => {
    expect(await names({ near: { ...VELLMAR, radiusKm: 1 } })).toEqual(['Moscheegemeinde Vellmar']);
    expect(await names({ near: { ...VELLMAR, radiusKm: 500 } })).not.toContain('Initiative ohne Ort');
    expect(await names({ near: { ...VELLMAR, radiusKm: 500 } })).toHaveLength(6);
  });

  test('filters combine with AND', async () => {
    expect(await names({ kinds: ['MOSQUE'], languages: ['ar'] })).toEqual(['Moschee Baunatal']);
    expect(await names({ kinds: ['MOSQUE'], near: { ...VELLMAR, radiusKm: 5 } })).toEqual(['Moscheegemeinde Vellmar']);
    expect(await names({ topics: ['YOUTH'], verified: true })).toEqual(['Jugendzentrum Wolfhagen']);
    expect(await names({ memberOf: org.federation.id, lookingForPartners: true, search: 'Moschee' })).toEqual([
      'Moscheegemeinde Vellmar',
    ]);
    expect(await names({ kinds: ['MOSQUE'], municipalityIds: [m.Kaufungen] })).toEqual([]);
  });

  test('empty lists in a filter mean "no restriction"', async () => {
    expect(await names({ kinds: [], topics: [], languages: [], municipalityIds: [] })).toEqual(ALL);
  });
});

describe('search', () => {
  test('German stemming: "Moscheen" finds "Moschee" and "Moscheegemeinde"', async () => {
    expect((await names({ search: 'Moscheen' })).sort()).toEqual(['Moschee Baunatal', 'Moscheegemeinde Vellmar']);
  });

  test('a word finds compounds it begins: "Moschee" finds "Moscheegemeinde"', async () => {
    expect((await names({ search: 'Moschee' })).sort()).toEqual(['Moschee Baunatal', 'Moscheegemeinde Vellmar']);
    expect(await names({ search: 'Moscheegemeinde' })).toEqual(['Moscheegemeinde Vellmar']);
  });

  test.each(['München', 'Muenchen', 'MÜNCHEN', 'muenchen', 'MUENCHEN', 'munchen'])(
    'case and umlauts do not matter: "%s" finds "Freundeskreis München"',
    async (search) => {
      expect(await names({ search })).toContain('Freundeskreis München');
    },
  );

  test.each(['Café', 'Cafe', 'CAFÉ', 'cafe'])('accents do not matter: "%s" finds "Café Mondial"', async (search) => {
    expect(await names({ search })).toEqual(['Café Mondial']);
  });

  test.each([
    ['Moshee', 'Moscheegemeinde Vellmar'],
    ['Mosche Baunatl', 'Moschee Baunatal'],
    ['Freundeskries', 'Freundeskreis München'],
    ['Jugenzentrum', 'Jugendzentrum Wolfhagen'],
  ])('typos in names are tolerated: "%s" finds "%s"', async (search, expected) => {
    expect(await names({ search })).toContain(expected);
  });

  test('search reaches the description and the place, not only the name', async () => {
    expect(await names({ search: 'Sprachcafé' })).toEqual(['Café Mondial']);
    expect(await names({ search: 'Bürgerhaus' })).toEqual(['Café Mondial']);
    expect(await names({ search: 'buergerhaus dienstag' })).toEqual(['Café Mondial']);
    expect(await names({ search: 'Hofgeismar' })).toEqual(['Freundeskreis München']);
  });

  test('all words must match, and unrelated words find nothing', async () => {
    expect(await names({ search: 'Moschee Vellmar' })).toEqual(['Moscheegemeinde Vellmar']);
    expect(await names({ search: 'Synagoge' })).toEqual([]);
    expect(await names({ search: 'Schachverein Zierenberg' })).toEqual([]);
  });

  test('RELEVANCE (the default with search) puts the best match first', async () => {
    const ranked = await names({ search: 'Moschee Baunatal' });
    expect(ranked[0]).toBe('Moschee Baunatal');
    expect(await names({ search: 'Moschee Baunatal' }, 'RELEVANCE')).toEqual(ranked);
    const byName = await names({ search: 'Moschee' }, 'NAME');
    expect(byName).toEqual(['Moschee Baunatal', 'Moscheegemeinde Vellmar']);
  });

  test('special characters are plain text, never query syntax', async () => {
    for (const search of ["Moschee & | ! ( ) : * '", "Café'; DROP TABLE organisation; --", '100% _Moschee\\']) {
      const result = await hub.gql(LIST, { filter: { search } });
      expect(result.errors).toBeUndefined();
    }
    expect(await names({ search: 'Moschee:*|Café' })).toEqual([]);
    expect(await names(null)).toHaveLength(ALL.length);
  });

  test('a search without letters or digits is refused, naming the field', async () => {
    const result = await hub.gql(LIST, { filter: { search: ' !? ' } });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe('filter.search');
  });
});

describe('orders', () => {
  test('NAME ignores case and accents', async () => {
    expect(await names(null, 'NAME')).toEqual(ALL);
  });

  test('RECENTLY_UPDATED: the last changed first', async () => {
    const before = await names(null, 'RECENTLY_UPDATED');
    const data = await hub.ok(`query($id: ID!) { organisation(id: $id) { version } }`, { id: org.baunatal.id });
    await hub.ok(
      `mutation($id: ID!, $v: Int!) { updateOrganisation(id: $id, expectedVersion: $v, input: { phone: "+49 561 1" }) { id } }`,
      { id: org.baunatal.id, v: data.organisation.version },
      { key: coordinator },
    );
    const after = await names(null, 'RECENTLY_UPDATED');
    expect(after[0]).toBe('Moschee Baunatal');
    expect([...after].sort()).toEqual([...before].sort());
    // The one created last (and not changed since) comes next.
    expect(after[1]).toBe(before.filter((name) => name !== 'Moschee Baunatal')[0]);
  });

  test('DISTANCE needs near, RELEVANCE needs search', async () => {
    for (const orderBy of ['DISTANCE', 'RELEVANCE']) {
      const result = await hub.gql(LIST, { orderBy });
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.extensions!.field).toBe('orderBy');
    }
  });

  test('an unknown order is refused, naming the argument', async () => {
    const result = await hub.gql(LIST, { orderBy: 'POPULARITY' });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe('orderBy');
  });
});

describe('bad filter values', () => {
  test.each([
    [{ municipalityIds: ['nonsense'] }, 'filter.municipalityIds[0]'],
    [{ municipalityIds: ['x'], kinds: ['MOSQUE'] }, 'filter.municipalityIds[0]'],
    [{ memberOf: 'nonsense' }, 'filter.memberOf'],
    [{ near: { latitude: 91, longitude: 9, radiusKm: 5 } }, 'filter.near.latitude'],
    [{ near: { latitude: 51, longitude: -181, radiusKm: 5 } }, 'filter.near.longitude'],
    [{ near: { latitude: 51, longitude: 9, radiusKm: 0 } }, 'filter.near.radiusKm'],
    [{ near: { latitude: 51, longitude: 9, radiusKm: 501 } }, 'filter.near.radiusKm'],
    [{ near: { latitude: 51, longitude: 9 } }, 'filter.near.radiusKm'],
    [{ languages: ['klingonisch'] }, 'filter.languages[0]'],
    [{ kinds: ['MOSQUE', 'CHURCH'] }, 'filter.kinds[1]'],
    [{ topics: ['GARDENING'] }, 'filter.topics[0]'],
    [{ search: 'x'.repeat(201) }, 'filter.search'],
    [{ verified: 'yes' }, 'filter.verified'],
  ])('%j → BAD_USER_INPUT naming %s', async (filter, field) => {
    const result = await hub.gql(LIST, { filter });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe(field);
    expect(result.data?.organisations ?? null).toBeNull();
  });

  test('IDs of another type are refused, naming the field', async () => {
    let result = await hub.gql(LIST, { filter: { municipalityIds: [org.cafe.id] } });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe('filter.municipalityIds[0]');
    expect(result.errors![0]!.message).toMatch(/Municipality/);
    result = await hub.gql(LIST, { filter: { memberOf: m.Vellmar } });
    expect(result.errors![0]!.extensions!.field).toBe('filter.memberOf');
  });

  test('the same mistakes written inline in the document name the same fields', async () => {
    const cases: Array<[string, string]> = [
      ['filter: { kinds: [MOSQUE, CHURCH] }', 'filter.kinds[1]'],
      ['filter: { languages: ["de", "klingonisch"] }', 'filter.languages[1]'],
      ['filter: { near: { latitude: 91, longitude: 9, radiusKm: 5 } }', 'filter.near.latitude'],
      ['filter: { near: { latitude: 51, longitude: 9 } }', 'filter.near.radiusKm'],
      ['filter: { municipalityIds: ["nonsense"] }', 'filter.municipalityIds[0]'],
      ['filter: { verified: "yes" }', 'filter.verified'],
      ['orderBy: POPULARITY', 'orderBy'],
      ['first: "ten"', 'first'],
    ];
    for (const [args, field] of cases) {
      const result = await hub.gql(`{ organisations(${args}) { totalCount } }`);
      expect([args, errorCode(result)]).toEqual([args, 'BAD_USER_INPUT']);
      expect([args, result.errors![0]!.extensions!.field]).toEqual([args, field]);
    }
  });
});

describe('single lookups', () => {
  test('organisation by id and by slug', async () => {
    const byId = await hub.ok('query($id: ID) { organisation(id: $id) { id name slug kind } }', { id: org.vellmar.id });
    expect(byId.organisation).toEqual({
      id: org.vellmar.id,
      name: 'Moscheegemeinde Vellmar',
      slug: org.vellmar.slug,
      kind: 'MOSQUE',
    });
    const bySlug = await hub.ok('query($slug: String) { organisation(slug: $slug) { id } }', { slug: org.vellmar.slug });
    expect(bySlug.organisation.id).toBe(org.vellmar.id);
    expect(org.vellmar.slug).toBe('moscheegemeinde-vellmar');
  });

  test('unknown id or slug answers null', async () => {
    const unknown = Buffer.from('Organisation:00000000-0000-4000-8000-000000000000').toString('base64');
    expect((await hub.ok('query($id: ID) { organisation(id: $id) { id } }', { id: unknown })).organisation).toBeNull();
    expect((await hub.ok('{ organisation(slug: "gibt-es-nicht") { id } }')).organisation).toBeNull();
  });

  test('organisation with neither or both of id and slug → BAD_USER_INPUT', async () => {
    for (const query of [
      '{ organisation { id } }',
      `{ organisation(id: "${org.vellmar.id}", slug: "${org.vellmar.slug}") { id } }`,
    ]) {
      const result = await hub.gql(query);
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(['id', 'slug']).toContain(result.errors![0]!.extensions!.field);
    }
  });

  test('organisation(id:) with an ID of another type → BAD_USER_INPUT naming id', async () => {
    const result = await hub.gql('query($id: ID) { organisation(id: $id) { id } }', { id: m.Vellmar });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe('id');
  });

  test('municipality by official key, by id; neither/both/malformed refused', async () => {
    await hub.db.query("UPDATE municipality SET official_key = '06633026' WHERE name = 'Vellmar'");
    const byKey = await hub.ok('{ municipality(officialKey: "06633026") { id name officialKey district } }');
    expect(byKey.municipality).toEqual({ id: m.Vellmar, name: 'Vellmar', officialKey: '06633026', district: 'Landkreis Kassel' });
    expect((await hub.ok('{ municipality(officialKey: "06633999") { id } }')).municipality).toBeNull();
    const byId = await hub.ok('query($id: ID) { municipality(id: $id) { name location { latitude longitude } } }', {
      id: m.Vellmar,
    });
    expect(byId.municipality).toEqual({ name: 'Vellmar', location: { latitude: 51.36, longitude: 9.47 } });
    for (const [query, field] of [
      ['{ municipality { id } }', ['id', 'officialKey']],
      [`{ municipality(id: "${m.Vellmar}", officialKey: "06633026") { id } }`, ['id', 'officialKey']],
      ['{ municipality(officialKey: "6633026") { id } }', ['officialKey']],
      [`{ municipality(id: "${org.cafe.id}") { id } }`, ['id']],
    ] as const) {
      const result = await hub.gql(query);
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(field).toContain(result.errors![0]!.extensions!.field);
    }
  });

  test('the 28 municipalities, by name, each a Node', async () => {
    const data = await hub.ok('{ municipalities { id name slug } }');
    expect(data.municipalities).toHaveLength(28);
    const list = data.municipalities.map((x: { name: string }) => x.name);
    expect(list).toEqual([...list].sort((a: string, b: string) => a.localeCompare(b, 'de')));
    expect(list).toContain('Söhrewald');
    const node = await hub.ok('query($id: ID!) { node(id: $id) { __typename ... on Municipality { name } } }', {
      id: m.Fuldabrück,
    });
    expect(node.node).toEqual({ __typename: 'Municipality', name: 'Fuldabrück' });
  });
});

describe('kinds and their facts', () => {
  test.each([
    [
      'ASSOCIATION',
      'association',
      { registered: true, registerNumber: 'VR 1234' },
      'Association',
      '... on Association { registered registerNumber }',
    ],
    ['FEDERATION', 'federation', { region: 'Nordhessen' }, 'Federation', '... on Federation { region }'],
    [
      'MOSQUE',
      'mosque',
      { openToVisitors: true, guidedTours: false, sermonLanguages: ['TR', 'de'] },
      'Mosque',
      '... on Mosque { openToVisitors guidedTours sermonLanguages }',
    ],
    ['SUPPORT_CIRCLE', 'supportCircle', { volunteerCount: 47 }, 'SupportCircle', '... on SupportCircle { volunteerCount }'],
    [
      'MIGRANT_ORGANISATION',
      'migrantOrganisation',
      { communities: [' Eritrean ', 'Syrian', ' '] },
      'MigrantOrganisation',
      '... on MigrantOrganisation { communities }',
    ],
    [
      'RELIGIOUS_COMMUNITY',
      'religiousCommunity',
      { denomination: 'Protestant' },
      'ReligiousCommunity',
      '... on ReligiousCommunity { denomination }',
    ],
    [
      'PUBLIC_INSTITUTION',
      'publicInstitution',
      { institutionType: 'school' },
      'PublicInstitution',
      '... on PublicInstitution { institutionType }',
    ],
  ])('%s: created with its facts, read back as %s', async (kind, field, facts, typeName, fragment) => {
    const created = await createOrganisation(hub, coordinator, {
      kind,
      name: `Fakten ${kind}`,
      languages: ['DE', 'tr', 'de'],
      topics: ['CULTURE', 'CULTURE'],
      [field]: facts,
    });
    const data = await hub.ok(
      `query($slug: String) { organisation(slug: $slug) { __typename kind name languages topics ${fragment} } }`,
      {
        slug: created.slug,
      },
    );
    const expected: Record<string, unknown> = { ...facts };
    if (kind === 'MOSQUE') expected.sermonLanguages = ['tr', 'de'];
    if (kind === 'MIGRANT_ORGANISATION') expected.communities = ['Eritrean', 'Syrian'];
    expect(data.organisation).toEqual({
      __typename: typeName,
      kind,
      name: `Fakten ${kind}`,
      // Language codes are normalised and duplicates dropped, order kept.
      languages: ['de', 'tr'],
      topics: ['CULTURE'],
      ...expected,
    });
    // Leaving the facts out leaves them as they are; giving some changes only those.
    const version = (await hub.ok('query($id: ID) { organisation(id: $id) { version } }', { id: created.id })).organisation
      .version;
    await hub.ok(
      'mutation($id: ID!, $v: Int!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, expectedVersion: $v, input: $input) { id } }',
      { id: created.id, v: version, input: { phone: '+49 561 4711' } },
      { key: coordinator },
    );
    const again = await hub.ok(`query($id: ID) { organisation(id: $id) { ${fragment} } }`, { id: created.id });
    for (const [key, value] of Object.entries(expected)) expect(again.organisation[key]).toEqual(value);
  });

  test('OTHER has no facts; an organisation answers as a Node with its concrete type', async () => {
    const created = await createOrganisation(hub, coordinator, { kind: 'OTHER', name: 'Sonstige Initiative' });
    const data = await hub.ok('query($id: ID!) { node(id: $id) { __typename id ... on Organisation { kind slug } } }', {
      id: created.id,
    });
    expect(data.node).toEqual({ __typename: 'OtherOrganisation', id: created.id, kind: 'OTHER', slug: 'sonstige-initiative' });
  });
});
