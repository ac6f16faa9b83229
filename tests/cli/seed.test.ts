import { seedDemo, DEMO_SEED_STEPS } from '../../src/cli/seed-demo';
import { DEMO_ORGANISATIONS } from '../../src/directory/directory.demo-data';
import { demoSlug } from '../../src/directory/directory.seed';
import { queryRows } from '../../src/db/query-rows';
import { createOrganisation, rowCounts } from '../helpers/factories';
import { TestHub } from '../helpers/hub';

let hub: TestHub;
let coordinator: string;
let realOrganisation: { id: string; slug: string; version: number };
let firstSummary: string;

/** Everything the seed writes, with the columns that would betray a rewrite (version, updated_at). */
async function demoState() {
  const organisations = await queryRows(
    hub.db,
    `SELECT id, slug, name, kind, version, updated_at, demo, languages, topics, municipality_id, latitude, longitude, details, description
       FROM organisation ORDER BY slug`,
  );
  const contacts = await queryRows(
    hub.db,
    'SELECT id, organisation_id, name, visibility, email, phone, updated_at FROM contact ORDER BY id',
  );
  const memberships = await queryRows(hub.db, 'SELECT member_id, umbrella_id FROM organisation_membership ORDER BY 1, 2');
  return { organisations, contacts, memberships };
}

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true });
  // A real organisation that happens to hold a demo slug must never be touched by the seed.
  realOrganisation = await createOrganisation(hub, coordinator, {
    kind: 'OTHER',
    name: 'Repair-Café Ahnatal',
    slug: demoSlug('Repair-Café Ahnatal'),
  });
  firstSummary = await seedDemo(hub.db);
});
afterAll(() => hub?.stop());

test('the seed loads organisations of every kind over many municipalities, with memberships and contacts of every visibility', async () => {
  const kinds = await queryRows<{ kind: string; count: number }>(
    hub.db,
    'SELECT kind, count(*)::int AS count FROM organisation WHERE demo GROUP BY kind',
  );
  expect(kinds.map((row) => row.kind).sort()).toEqual(
    [
      'ASSOCIATION',
      'FEDERATION',
      'MIGRANT_ORGANISATION',
      'MOSQUE',
      'OTHER',
      'PUBLIC_INSTITUTION',
      'RELIGIOUS_COMMUNITY',
      'SUPPORT_CIRCLE',
    ].sort(),
  );
  const [spread] = await queryRows<{ municipalities: number }>(
    hub.db,
    'SELECT count(DISTINCT municipality_id)::int AS municipalities FROM organisation WHERE demo',
  );
  expect(spread.municipalities).toBeGreaterThanOrEqual(15);
  expect(spread.municipalities).toBeLessThan(28); // gaps for coverage views
  const visibilities = await queryRows<{ visibility: string }>(
    hub.db,
    'SELECT DISTINCT c.visibility FROM contact c JOIN organisation o ON o.id = c.organisation_id WHERE o.demo ORDER BY 1',
  );
  expect(visibilities.map((row) => row.visibility)).toEqual(['COORDINATORS', 'PARTNERS', 'PUBLIC']);
  const [memberships] = await queryRows<{ count: number }>(hub.db, 'SELECT count(*)::int AS count FROM organisation_membership');
  expect(memberships.count).toBeGreaterThanOrEqual(10);
  expect(firstSummary).toMatch(/^directory: 36 demo organisations \(36 new, 0 updated, 0 unchanged\)/);
  expect(firstSummary).toContain(`skipped because a real organisation holds the slug: ${realOrganisation.slug}`);
});

test('demo rows are clearly marked as fictional', async () => {
  const rows = await queryRows<{
    name: string;
    slug: string;
    description: Record<string, string>;
    email: string;
    website: string;
  }>(hub.db, 'SELECT name, slug, description, email, website FROM organisation WHERE demo');
  expect(rows).toHaveLength(DEMO_ORGANISATIONS.length - 1);
  for (const row of rows) {
    expect(row.name).toMatch(/\(Demo\)$/);
    expect(row.slug).toMatch(/^demo-/);
    expect(row.description.de).toMatch(/fiktiv/i);
    expect(row.description.en).toMatch(/fictional/i);
    expect(row.email).toMatch(/\.example\.org$/);
    expect(row.website).toMatch(/^https:\/\/example\.org\//);
  }
  const contacts = await queryRows<{ name: string; email: string | null; phone: string }>(
    hub.db,
    'SELECT c.name, c.email, c.phone FROM contact c JOIN organisation o ON o.id = c.organisation_id WHERE o.demo',
  );
  for (const contact of contacts) {
    expect(contact.name).toMatch(/\(Demo\)$/);
    if (contact.email) expect(contact.email).toMatch(/\.example\.org$/);
    expect(contact.phone).toMatch(/^\+49 69 90009 \d{3}$/);
  }
});

test('running the seed again changes nothing', async () => {
  const before = await demoState();
  const counts = await rowCounts(hub);
  const summary = await seedDemo(hub.db);
  expect(summary).toMatch(
    /36 demo organisations \(0 new, 0 updated, 36 unchanged\), contacts \(0 new, 0 updated, \d+ unchanged\), 0 new umbrella memberships/,
  );
  expect(await rowCounts(hub)).toEqual(counts);
  expect(await demoState()).toEqual(before);
});

test('a real organisation holding a demo slug is left alone', async () => {
  const data = await hub.ok(
    `query($slug: String!) { organisation(slug: $slug) { id name version contacts { name } } }`,
    { slug: realOrganisation.slug },
    { key: coordinator },
  );
  expect(data.organisation).toEqual({
    id: realOrganisation.id,
    name: 'Repair-Café Ahnatal',
    version: realOrganisation.version,
    contacts: [],
  });
});

test('a demo row edited since is put back by the next seed, with a new version', async () => {
  const slug = demoSlug('Moscheegemeinde Vellmar');
  await hub.db.query(`UPDATE organisation SET name = 'Verändert (Demo)' WHERE slug = $1`, [slug]);
  const [before] = await queryRows<{ version: number }>(hub.db, 'SELECT version FROM organisation WHERE slug = $1', [slug]);
  const summary = await seedDemo(hub.db);
  expect(summary).toMatch(/\(0 new, 1 updated, 35 unchanged\)/);
  const [after] = await queryRows<{ name: string; version: number }>(
    hub.db,
    'SELECT name, version FROM organisation WHERE slug = $1',
    [slug],
  );
  expect(after).toEqual({ name: 'Moscheegemeinde Vellmar (Demo)', version: before.version + 1 });
});

test('a failing seed step leaves nothing behind (one transaction)', async () => {
  // Demo events and campaigns refer to the demo organisations: they go first.
  await hub.db.query(`DELETE FROM event WHERE demo`);
  await hub.db.query(`DELETE FROM campaign WHERE demo`);
  await hub.db.query(`DELETE FROM organisation WHERE demo`);
  const counts = await rowCounts(hub);
  await expect(
    seedDemo(hub.db, [
      ...DEMO_SEED_STEPS,
      {
        name: 'broken',
        run: async () => {
          throw new Error('step failed');
        },
      },
    ]),
  ).rejects.toThrow('step failed');
  expect(await rowCounts(hub)).toEqual(counts);
});

test('the demo data is usable through the API, and private contacts stay private', async () => {
  await seedDemo(hub.db);
  const query = `query($slug: String!) { organisation(slug: $slug) { name ... on Mosque { sermonLanguages } memberOf { name } contacts { name visibility } } }`;
  const slug = demoSlug('Moscheegemeinde Vellmar');
  const anonymous = await hub.ok(query, { slug });
  expect(anonymous.organisation.name).toBe('Moscheegemeinde Vellmar (Demo)');
  expect(anonymous.organisation.sermonLanguages).toEqual(['tr', 'de']);
  expect(anonymous.organisation.memberOf).toEqual([{ name: 'Islamischer Regionalverband Kassel-Land (Demo)' }]);
  expect(anonymous.organisation.contacts.map((c: { visibility: string }) => c.visibility)).toEqual(['PUBLIC']);
  const [real] = await queryRows<{ id: string }>(hub.db, 'SELECT id FROM organisation WHERE slug = $1', [realOrganisation.slug]);
  const partner = await hub.ok(query, { slug }, { key: await hub.key({ organisationId: real.id, role: 'VIEWER' }) });
  expect(partner.organisation.contacts.map((c: { visibility: string }) => c.visibility).sort()).toEqual(['PARTNERS', 'PUBLIC']);
  const all = await hub.ok(query, { slug }, { key: coordinator });
  expect(all.organisation.contacts).toHaveLength(3);
  const search = await hub.ok(`{ organisations(filter: { search: "Moscheen" }, first: 50) { totalCount } }`);
  expect(search.organisations.totalCount).toBeGreaterThanOrEqual(5);
});
