import { createOrganisation, databaseId, municipalityIds } from '../helpers/factories';
import { errorCode, TestHub } from '../helpers/hub';

/**
 * Keyset pagination through the API: every order pages through the whole
 * list with no duplicate and no gap, also across ties (same name, same place,
 * same score, same update time to the microsecond); bad cursors and page
 * sizes are refused naming the argument; nested lists page per parent.
 */
let hub: TestHub;
let coordinator: string;
let m: Record<string, string>;
let federation: { id: string };
let otherFederation: { id: string };
const ids: string[] = [];
const TIED_NAME = 'Gleicher Name Verein';
const SAME_PLACE = { latitude: 51.3, longitude: 9.5 };

const LIST = `query($filter: OrganisationFilter, $orderBy: OrganisationOrder, $first: Int, $after: String) {
  organisations(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    totalCount
    edges { cursor node { id name } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}`;

interface PageResult {
  totalCount: number;
  edges: Array<{ cursor: string; node: { id: string; name: string } }>;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
}

async function page(variables: Record<string, unknown>): Promise<PageResult> {
  return (await hub.ok<{ organisations: PageResult }>(LIST, variables)).organisations;
}

/** Walks a list page by page; checks each page's info on the way. */
async function walk(variables: Record<string, unknown>, size: number): Promise<{ ids: string[]; pages: number; total: number }> {
  const seen: string[] = [];
  let after: string | null = null;
  let pages = 0;
  let total = -1;
  for (;;) {
    const result: PageResult = await page({ ...variables, first: size, after });
    pages += 1;
    if (total < 0) total = result.totalCount;
    expect(result.totalCount).toBe(total);
    expect(result.pageInfo.hasPreviousPage).toBe(after !== null);
    expect(result.pageInfo.startCursor).toBe(result.edges[0]?.cursor ?? null);
    expect(result.pageInfo.endCursor).toBe(result.edges[result.edges.length - 1]?.cursor ?? null);
    seen.push(...result.edges.map((edge) => edge.node.id));
    if (!result.pageInfo.hasNextPage) {
      expect(result.edges.length).toBeLessThanOrEqual(size);
      break;
    }
    expect(result.edges).toHaveLength(size);
    after = result.pageInfo.endCursor;
    if (pages > 100) throw new Error('pagination does not end');
  }
  return { ids: seen, pages, total };
}

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true });
  m = await municipalityIds(hub);
  federation = await createOrganisation(hub, coordinator, { kind: 'FEDERATION', name: 'Dachverband Nord' });
  otherFederation = await createOrganisation(hub, coordinator, { kind: 'FEDERATION', name: 'Dachverband Süd' });
  const municipalities = ['Vellmar', 'Baunatal', 'Kaufungen'];
  for (let i = 0; i < 33; i += 1) {
    // A third share one name (ties in NAME and RELEVANCE), a third one place (ties in DISTANCE).
    const name = i % 3 === 0 ? TIED_NAME : `Verein ${String.fromCharCode(65 + (i % 26))}${i}`;
    const location = i % 3 === 1 ? SAME_PLACE : { latitude: 51.2 + i * 0.005, longitude: 9.4 + i * 0.003 };
    const created = await createOrganisation(hub, coordinator, {
      kind: i % 2 ? 'ASSOCIATION' : 'SUPPORT_CIRCLE',
      name,
      address: { municipalityId: m[municipalities[i % 3]!], location },
      memberOfIds: i < 12 ? [federation.id] : i < 14 ? [otherFederation.id] : [],
    });
    ids.push(created.id);
  }
  // Ties in RECENTLY_UPDATED, down to the microsecond (a JS Date would cut them and lose rows).
  await hub.db.query(`UPDATE organisation SET updated_at = '2026-03-01 10:00:00.123456+00' WHERE id = ANY($1::uuid[])`, [
    ids.filter((_, i) => i % 4 === 0).map(databaseId),
  ]);
  await hub.db.query(`UPDATE organisation SET updated_at = '2026-03-01 10:00:00.123457+00' WHERE id = ANY($1::uuid[])`, [
    ids.filter((_, i) => i % 4 === 1).map(databaseId),
  ]);
});
afterAll(() => hub?.stop());

const ORDERS: Array<[string, Record<string, unknown>]> = [
  ['NAME', { orderBy: 'NAME' }],
  ['RECENTLY_UPDATED', { orderBy: 'RECENTLY_UPDATED' }],
  ['RELEVANCE', { orderBy: 'RELEVANCE', filter: { search: 'Verein' } }],
  ['DISTANCE', { orderBy: 'DISTANCE', filter: { near: { latitude: 51.25, longitude: 9.45, radiusKm: 100 } } }],
  ['NAME filtered', { orderBy: 'NAME', filter: { kinds: ['ASSOCIATION'] } }],
];

describe.each(ORDERS)('paging in order %s', (_label, variables) => {
  test('pages of 7 give the whole list once, in the same order as one big page', async () => {
    const whole = await page({ ...variables, first: 100 });
    expect(whole.pageInfo.hasNextPage).toBe(false);
    expect(whole.edges.length).toBe(whole.totalCount);
    expect(whole.totalCount).toBeGreaterThan(14);
    const walked = await walk(variables, 7);
    expect(walked.ids).toEqual(whole.edges.map((edge) => edge.node.id));
    expect(new Set(walked.ids).size).toBe(walked.ids.length);
    expect(walked.total).toBe(whole.totalCount);
    // Each page asks for one more row than it shows, so no empty page is needed at the end.
    expect(walked.pages).toBe(Math.ceil(whole.totalCount / 7));
  });

  test('the cursor after the last item gives an empty last page', async () => {
    const whole = await page({ ...variables, first: 100 });
    const last = await page({ ...variables, first: 5, after: whole.pageInfo.endCursor });
    expect(last.edges).toEqual([]);
    expect(last.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
    expect(last.totalCount).toBe(whole.totalCount);
  });
});

// Lists made (almost) only of ties, walked one item per page: every page boundary falls inside a tie.
const TIES: Array<[string, Record<string, unknown>, number]> = [
  ['NAME, one name', { orderBy: 'NAME', filter: { search: TIED_NAME } }, 11],
  ['RELEVANCE, one score', { orderBy: 'RELEVANCE', filter: { search: TIED_NAME } }, 11],
  ['DISTANCE, one place', { orderBy: 'DISTANCE', filter: { near: { ...SAME_PLACE, radiusKm: 0.01 } } }, 11],
  ['RECENTLY_UPDATED, two microseconds', { orderBy: 'RECENTLY_UPDATED' }, 35],
];

test.each(TIES)('page size 1 walks through the ties of %s one by one', async (_label, variables, size) => {
  const whole = await page({ ...variables, first: 100 });
  expect(whole.totalCount).toBe(size);
  const walked = await walk(variables, 1);
  expect(walked.ids).toEqual(whole.edges.map((edge) => edge.node.id));
});

test('the ties are really there (same name, same place, same microsecond)', async () => {
  const tied = await page({ filter: { search: TIED_NAME }, orderBy: 'NAME', first: 100 });
  expect(tied.edges.filter((edge) => edge.node.name === TIED_NAME)).toHaveLength(11);
  const [row] = await hub.db.query(
    `SELECT count(*)::int AS n FROM organisation WHERE updated_at = '2026-03-01 10:00:00.123456+00'`,
  );
  expect(Number(row.n)).toBe(9);
});

test('a page exactly as long as the rest: hasNextPage false, no empty extra page needed', async () => {
  const whole = await page({ orderBy: 'NAME', first: 100 });
  const first = await page({ orderBy: 'NAME', first: whole.totalCount - 5 });
  const rest = await page({ orderBy: 'NAME', first: 5, after: first.pageInfo.endCursor });
  expect(first.pageInfo.hasNextPage).toBe(true);
  expect(rest.edges).toHaveLength(5);
  expect(rest.pageInfo.hasNextPage).toBe(false);
});

test('the default page size is 20', async () => {
  const result = (await hub.ok('{ organisations { edges { node { id } } pageInfo { hasNextPage } } }')).organisations;
  expect(result.edges).toHaveLength(20);
  expect(result.pageInfo.hasNextPage).toBe(true);
});

describe('bad cursors and page sizes', () => {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

  test.each([
    ['not base64 at all', '%%%'],
    ['base64 of text', Buffer.from('hello').toString('base64url')],
    ['JSON of the wrong shape', encode({ hello: 'world' })],
    ['an array', encode(['NAME', 'x'])],
    ['too few keys', encode({ o: 'NAME', k: ['x'] })],
    ['a key of the wrong type (not a uuid)', encode({ o: 'NAME', k: ['verein', 'not-a-uuid'] })],
    ['a number where text is expected', encode({ o: 'NAME', k: [12, '00000000-0000-4000-8000-000000000000'] })],
    ['an object as a key', encode({ o: 'NAME', k: [{}, '00000000-0000-4000-8000-000000000000'] })],
    ['null keys', encode({ o: 'NAME', k: null })],
  ])('%s → BAD_USER_INPUT naming "after"', async (_label, after) => {
    const result = await hub.gql(LIST, { orderBy: 'NAME', first: 5, after });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe('after');
  });

  test('forged cursors with keys of the wrong type are refused in every order', async () => {
    const uuid = '00000000-0000-4000-8000-000000000000';
    const cases: Array<[Record<string, unknown>, unknown[]]> = [
      [{ orderBy: 'RECENTLY_UPDATED' }, ['yesterday', uuid]],
      [{ orderBy: 'RECENTLY_UPDATED' }, [12, uuid]],
      [{ orderBy: 'RECENTLY_UPDATED' }, ['2026-02-31 10:00:00+00', uuid]],
      [{ orderBy: 'RECENTLY_UPDATED' }, ['2026-02-01 25:00:00+00', uuid]],
      [{ orderBy: 'RECENTLY_UPDATED' }, ['2026-02-01 10:00:00+99', uuid]],
      [{ orderBy: 'DISTANCE', filter: { near: { latitude: 51, longitude: 9, radiusKm: 50 } } }, ['far', uuid]],
      [{ orderBy: 'RELEVANCE', filter: { search: 'Verein' } }, ['high', uuid]],
    ];
    for (const [variables, keys] of cases) {
      const order = variables.orderBy as string;
      const result = await hub.gql(LIST, { ...variables, first: 5, after: encode({ o: order, k: keys }) });
      expect([order, keys, errorCode(result), result.errors?.[0]?.extensions?.field]).toEqual([
        order,
        keys,
        'BAD_USER_INPUT',
        'after',
      ]);
    }
  });

  test('a cursor of another order is refused, naming "after"', async () => {
    const byName = await page({ orderBy: 'NAME', first: 3 });
    for (const variables of [
      { orderBy: 'RECENTLY_UPDATED' },
      { orderBy: 'RELEVANCE', filter: { search: 'Verein' } },
      { filter: { near: { latitude: 51, longitude: 9, radiusKm: 50 } } },
    ]) {
      const result = await hub.gql(LIST, { ...variables, first: 3, after: byName.pageInfo.endCursor });
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      expect(result.errors![0]!.extensions!.field).toBe('after');
      expect(result.errors![0]!.message).toMatch(/cursor/);
    }
  });

  test.each([0, 101, -1, 1000])('first: %d → BAD_USER_INPUT naming "first"', async (first) => {
    const result = await hub.gql(LIST, { first });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe('first');
    const inline = await hub.gql(`{ organisations(first: ${first}) { totalCount } }`);
    expect(errorCode(inline)).toBe('BAD_USER_INPUT');
    expect(inline.errors![0]!.extensions!.field).toBe('first');
  });

  test('first 1 and 100 are the bounds', async () => {
    expect((await page({ first: 1 })).edges).toHaveLength(1);
    expect((await page({ first: 100 })).edges).toHaveLength(35);
  });

  test('first beyond 32 bits, or not a number → BAD_USER_INPUT naming "first"', async () => {
    for (const first of ['9999999999', '"ten"', '1.5']) {
      const result = await hub.gql(`{ organisations(first: ${first}) { totalCount } }`);
      expect(errorCode(result)).toBe('BAD_USER_INPUT');
      // (A huge `first` also exceeds the cost limit, which is reported beside it.)
      expect(result.errors!.map((error) => error.extensions!.field)).toContain('first');
    }
  });
});

describe('nested lists', () => {
  test('Municipality.organisations: per municipality, with totalCount and its own pages', async () => {
    const data = await hub.ok(`{ municipalities {
      name
      organisations(first: 4) { totalCount edges { node { id name municipality { name } } } pageInfo { hasNextPage endCursor } }
    } }`);
    const byName = Object.fromEntries(
      data.municipalities.map((x: { name: string; organisations: unknown }) => [x.name, x.organisations]),
    );
    for (const name of ['Vellmar', 'Baunatal', 'Kaufungen']) {
      expect(byName[name].totalCount).toBe(11);
      expect(byName[name].edges).toHaveLength(4);
      expect(byName[name].pageInfo.hasNextPage).toBe(true);
      for (const edge of byName[name].edges) expect(edge.node.municipality.name).toBe(name);
    }
    expect(byName.Wolfhagen).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });

    // Walk Vellmar's list with the nested cursor.
    const nested = `query($id: ID, $after: String) { municipality(id: $id) {
      organisations(first: 4, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: any = (await hub.ok(nested, { id: m.Vellmar, after })).municipality.organisations;
      seen.push(...result.edges.map((edge: { node: { id: string } }) => edge.node.id));
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(11);
    expect(new Set(seen).size).toBe(11);
    const flat = await page({ filter: { municipalityIds: [m.Vellmar] }, orderBy: 'NAME', first: 100 });
    expect(seen).toEqual(flat.edges.map((edge) => edge.node.id));
  });

  test('Municipality.organisations takes a filter', async () => {
    const data = await hub.ok(
      `query($id: ID) { municipality(id: $id) {
      organisations(filter: { kinds: [ASSOCIATION] }, first: 100) { totalCount edges { node { kind } } } } }`,
      { id: m.Vellmar },
    );
    const list = data.municipality.organisations;
    expect(list.totalCount).toBe(list.edges.length);
    expect(list.edges.every((edge: { node: { kind: string } }) => edge.node.kind === 'ASSOCIATION')).toBe(true);
    expect(list.totalCount).toBeGreaterThan(0);
    expect(list.totalCount).toBeLessThan(11);
  });

  test('Organisation.members: a federation pages through its members; memberOf lists the federations', async () => {
    const query = `query($id: ID, $after: String) { organisation(id: $id) {
      members(first: 5, after: $after) { totalCount edges { node { id memberOf { id } } } pageInfo { hasNextPage endCursor } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const result: any = (await hub.ok(query, { id: federation.id, after })).organisation.members;
      expect(result.totalCount).toBe(12);
      seen.push(...result.edges.map((edge: { node: { id: string } }) => edge.node.id));
      for (const edge of result.edges) expect(edge.node.memberOf).toEqual([{ id: federation.id }]);
      if (!result.pageInfo.hasNextPage) break;
      after = result.pageInfo.endCursor;
    }
    expect([...seen].sort()).toEqual([...ids.slice(0, 12)].sort());
    const other = (await hub.ok(query, { id: otherFederation.id })).organisation.members;
    expect(other.totalCount).toBe(2);
    const notFederation = (await hub.ok(query, { id: ids[20] })).organisation.members;
    expect(notFederation).toEqual({ totalCount: 0, edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  test('members of several federations in one request, each with its own page', async () => {
    const data = await hub.ok(`{ organisations(filter: { kinds: [FEDERATION] }) {
      edges { node { name members(first: 3) { totalCount edges { node { id } } } } } } }`);
    const byName = Object.fromEntries(data.organisations.edges.map((edge: any) => [edge.node.name, edge.node.members]));
    expect(byName['Dachverband Nord'].totalCount).toBe(12);
    expect(byName['Dachverband Nord'].edges).toHaveLength(3);
    expect(byName['Dachverband Süd'].totalCount).toBe(2);
    expect(byName['Dachverband Süd'].edges).toHaveLength(2);
  });

  test('nested page sizes and cursors are checked too', async () => {
    let result = await hub.gql(`query($id: ID) { organisation(id: $id) { members(first: 0) { totalCount } } }`, {
      id: federation.id,
    });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe('first');
    result = await hub.gql(`query($id: ID) { organisation(id: $id) { members(after: "garbage") { totalCount } } }`, {
      id: federation.id,
    });
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe('after');
    result = await hub.gql(`{ municipalities { organisations(first: 101) { totalCount } } }`);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe('first');
  });
});
