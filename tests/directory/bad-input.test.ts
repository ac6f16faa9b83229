import { addContact, createOrganisation, databaseId, municipalityIds, rowCounts } from '../helpers/factories';
import { errorCode, type GraphQLResponse, TestHub } from '../helpers/hub';
import { WsClient } from '../helpers/ws';

/**
 * Bad input answers BAD_USER_INPUT with `extensions.field` naming the field
 * the way the client wrote it ("input.address.location.latitude",
 * "input.memberOfIds[1]"), whether the value came in a variable or inline in
 * the document — and nothing is written.
 */
let hub: TestHub;
let coordinator: string;
let m: Record<string, string>;
let federation: { id: string; slug: string };
let association: { id: string; slug: string };
let contactId: string;

const ENUM_KEYS = new Set(['kind', 'topics', 'visibility', 'role', 'publicationBasis']);

/** A value written as a GraphQL literal (enum values bare), for the inline variants. */
function literal(value: unknown, key?: string): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((item) => literal(item, key)).join(', ')}]`;
  if (typeof value === 'object') {
    return `{ ${Object.entries(value as Record<string, unknown>)
      .map(([field, item]) => `${field}: ${literal(item, field)}`)
      .join(', ')} }`;
  }
  if (typeof value === 'string' && key && ENUM_KEYS.has(key) && /^[A-Za-z_]\w*$/.test(value)) return value;
  return JSON.stringify(value);
}

const UNKNOWN_ORGANISATION = Buffer.from('Organisation:00000000-0000-4000-8000-000000000000').toString('base64');
const UNKNOWN_MUNICIPALITY = Buffer.from('Municipality:00000000-0000-4000-8000-000000000000').toString('base64');

/** Everything a refused request could have touched. */
async function snapshot(): Promise<unknown> {
  return {
    counts: await rowCounts(hub),
    organisations: await hub.db.query(
      'SELECT id, name, slug, email, website, version, updated_at::text FROM organisation ORDER BY id',
    ),
    memberships: await hub.db.query('SELECT * FROM organisation_membership ORDER BY member_id, umbrella_id'),
    contacts: await hub.db.query('SELECT id, name, email, phone, visibility, updated_at::text FROM contact ORDER BY id'),
  };
}

async function expectRefused(result: GraphQLResponse, field: string, before: unknown): Promise<void> {
  expect({ code: errorCode(result), field: result.errors?.[0]?.extensions?.field }).toEqual({ code: 'BAD_USER_INPUT', field });
  // The message names the field or its problem clearly, and is never a stack trace.
  expect(result.errors![0]!.message.length).toBeGreaterThan(10);
  expect(result.errors![0]!.message).not.toMatch(/\n\s+at /);
  expect(result.errors![0]!.extensions!.stacktrace).toBeUndefined();
  expect(await snapshot()).toEqual(before);
}

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true });
  m = await municipalityIds(hub);
  federation = await createOrganisation(hub, coordinator, { kind: 'FEDERATION', name: 'Dachverband Eingabe' });
  association = await createOrganisation(hub, coordinator, {
    kind: 'ASSOCIATION',
    name: 'Verein Eingabe',
    memberOfIds: [federation.id],
    address: { municipalityId: m.Calden, location: { latitude: 51.41, longitude: 9.4 } },
  });
  contactId = await addContact(hub, coordinator, association.id, { name: 'Erika Muster', email: 'erika@example.org' });
});
afterAll(() => hub?.stop());

const BASE = { kind: 'ASSOCIATION', name: 'Neuer Verein' };

// [label, input of createOrganisation, expected field]; `FED`/`ASSOC` stand for existing IDs.
const CREATE_CASES: Array<[string, Record<string, unknown>, string]> = [
  ['invalid e-mail', { email: 'kein-at-zeichen' }, 'input.email'],
  ['javascript: URL', { website: 'javascript:alert(1)' }, 'input.website'],
  ['data: URL', { website: 'data:text/html,<script>alert(1)</script>' }, 'input.website'],
  ['relative URL', { website: '/verein' }, 'input.website'],
  ['unknown language code', { languages: ['de', 'klingonisch'] }, 'input.languages[1]'],
  ['malformed originalLanguage', { originalLanguage: 'de_DE_x' }, 'input.originalLanguage'],
  ['latitude out of range', { address: { location: { latitude: 91, longitude: 9 } } }, 'input.address.location.latitude'],
  ['longitude out of range', { address: { location: { latitude: 51, longitude: -181 } } }, 'input.address.location.longitude'],
  ['latitude not a number', { address: { location: { latitude: 'north', longitude: 9 } } }, 'input.address.location.latitude'],
  ['longitude missing', { address: { location: { latitude: 51 } } }, 'input.address.location.longitude'],
  ['postal code not five digits', { address: { postalCode: '3412' } }, 'input.address.postalCode'],
  ['street too long', { address: { street: 's'.repeat(201) } }, 'input.address.street'],
  ['unknown municipality', { address: { municipalityId: UNKNOWN_MUNICIPALITY } }, 'input.address.municipalityId'],
  ['municipality ID of another type', { address: { municipalityId: 'FED' } }, 'input.address.municipalityId'],
  ['name empty', { name: '' }, 'input.name'],
  ['name blank', { name: '   ' }, 'input.name'],
  ['name too long', { name: 'n'.repeat(201) }, 'input.name'],
  ['short name too long', { shortName: 's'.repeat(51) }, 'input.shortName'],
  ['phone not a number', { phone: 'ruf mich an' }, 'input.phone'],
  ['description too long', { description: [{ language: 'de', text: 'x'.repeat(10_001) }] }, 'input.description[0].text'],
  ['description blank', { description: [{ language: 'de', text: '  ' }] }, 'input.description[0].text'],
  [
    'description language twice',
    {
      description: [
        { language: 'de', text: 'a' },
        { language: 'DE', text: 'b' },
      ],
    },
    'input.description[1].language',
  ],
  ['description language invalid', { description: [{ language: 'deutsch', text: 'a' }] }, 'input.description[0].language'],
  [
    'originalLanguage without a text in it',
    { description: [{ language: 'de', text: 'a' }], originalLanguage: 'tr' },
    'input.originalLanguage',
  ],
  ['malformed member ID', { memberOfIds: ['kaputt'] }, 'input.memberOfIds[0]'],
  ['unknown member ID', { memberOfIds: ['FED', UNKNOWN_ORGANISATION] }, 'input.memberOfIds[1]'],
  ['member of a non-federation', { memberOfIds: ['ASSOC'] }, 'input.memberOfIds[0]'],
  ['member ID of another type', { memberOfIds: ['FED', 'MUNICIPALITY'] }, 'input.memberOfIds[1]'],
  ['member ID null', { memberOfIds: ['FED', null] }, 'input.memberOfIds[1]'],
  ['unknown kind', { kind: 'CHURCH' }, 'input.kind'],
  ['kind missing', { kind: undefined }, 'input.kind'],
  ['unknown topic', { topics: ['EDUCATION', 'GARDENING'] }, 'input.topics[1]'],
  ['facts of another kind', { mosque: { guidedTours: true } }, 'input.mosque'],
  [
    'negative volunteer count',
    { kind: 'SUPPORT_CIRCLE', supportCircle: { volunteerCount: -1 } },
    'input.supportCircle.volunteerCount',
  ],
  ['sermon language invalid', { kind: 'MOSQUE', mosque: { sermonLanguages: ['tr', '123'] } }, 'input.mosque.sermonLanguages[1]'],
  [
    'community name too long',
    { kind: 'MIGRANT_ORGANISATION', migrantOrganisation: { communities: ['c'.repeat(101)] } },
    'input.migrantOrganisation.communities',
  ],
  ['slug with capitals and spaces', { slug: 'Kein Slug' }, 'input.slug'],
  ['slug taken', { slug: 'SLUG_TAKEN' }, 'input.slug'],
  ['unknown field', { gruendungsjahr: 1990 }, 'input.gruendungsjahr'],
  [
    'too many languages',
    {
      languages: Array.from(
        { length: 31 },
        (_, i) => `a${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`,
      ),
    },
    'input.languages',
  ],
];

function resolveIds(value: unknown): unknown {
  if (value === 'FED') return federation.id;
  if (value === 'ASSOC') return association.id;
  if (value === 'MUNICIPALITY') return m.Calden;
  if (value === 'SLUG_TAKEN') return association.slug;
  if (Array.isArray(value)) return value.map(resolveIds);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIds(v)]));
  return value;
}

function createInput(extra: Record<string, unknown>): Record<string, unknown> {
  const input = resolveIds({ ...BASE, ...extra }) as Record<string, unknown>;
  for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];
  return input;
}

describe('createOrganisation', () => {
  test.each(CREATE_CASES)('%s, in a variable → names %s', async (_label, extra, field) => {
    const before = await snapshot();
    const result = await hub.gql(
      'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }',
      { input: createInput(extra) },
      { key: coordinator },
    );
    await expectRefused(result, field, before);
  });

  test.each(CREATE_CASES)('%s, inline in the document → names %s', async (_label, extra, field) => {
    const before = await snapshot();
    const result = await hub.gql(
      `mutation { createOrganisation(input: ${literal(createInput(extra))}) { id } }`,
      {},
      { key: coordinator },
    );
    await expectRefused(result, field, before);
    // Inline mistakes carry no variable path, so the message itself names the field.
    expect(result.errors![0]!.message).toContain(field);
  });

  test('the field path follows the argument, whatever the variable is called', async () => {
    const before = await snapshot();
    let result = await hub.gql(
      'mutation($neu: CreateOrganisationInput!) { createOrganisation(input: $neu) { id } }',
      { neu: createInput({ address: { location: { latitude: 99, longitude: 9 } } }) },
      { key: coordinator },
    );
    await expectRefused(result, 'input.address.location.latitude', before);
    result = await hub.gql(
      'mutation($mail: EmailAddress, $lat: Float!) { createOrganisation(input: { kind: OTHER, name: "x", email: $mail, address: { location: { latitude: $lat, longitude: 9 } } }) { id } }',
      { mail: 'nope', lat: 50 },
      { key: coordinator },
    );
    await expectRefused(result, 'input.email', before);
    result = await hub.gql(
      'mutation($ids: [ID!]) { createOrganisation(input: { kind: OTHER, name: "x", memberOfIds: $ids }) { id } }',
      { ids: [federation.id, 'kaputt'] },
      { key: coordinator },
    );
    await expectRefused(result, 'input.memberOfIds[1]', before);
  });

  test('over the websocket the same answers', async () => {
    const ws = await WsClient.connect(hub, { key: coordinator });
    try {
      for (const [, extra, field] of CREATE_CASES.slice(0, 12)) {
        const before = await snapshot();
        const viaVariable = await ws.execute(
          'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }',
          {
            input: createInput(extra),
          },
        );
        await expectRefused(viaVariable, field, before);
        const inline = await ws.execute(`mutation { createOrganisation(input: ${literal(createInput(extra))}) { id } }`);
        await expectRefused(inline, field, before);
      }
    } finally {
      await ws.close();
    }
  });

  test('a valid input is accepted (the cases above differ from it in one field only)', async () => {
    const result = await hub.ok(
      'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { name kind } }',
      { input: createInput({ name: 'Gültiger Verein', email: 'info@verein.example', website: 'https://verein.example' }) },
      { key: coordinator },
    );
    expect(result.createOrganisation).toEqual({ name: 'Gültiger Verein', kind: 'ASSOCIATION' });
  });
});

describe('updateOrganisation', () => {
  async function current(): Promise<number> {
    return (await hub.ok('query($id: ID) { organisation(id: $id) { version } }', { id: association.id })).organisation.version;
  }

  const UPDATE_CASES: Array<[string, Record<string, unknown>, string]> = [
    ['invalid e-mail', { email: '@@' }, 'input.email'],
    ['javascript: URL', { website: 'javascript:void(0)' }, 'input.website'],
    ['name cleared', { name: null }, 'input.name'],
    ['slug cleared', { slug: null }, 'input.slug'],
    ['slug of another organisation', { slug: 'FED_SLUG' }, 'input.slug'],
    ['lookingForPartners cleared', { lookingForPartners: null }, 'input.lookingForPartners'],
    ['member of itself', { memberOfIds: ['SELF'] }, 'input.memberOfIds[0]'],
    ['facts of another kind', { federation: { region: 'Hessen' } }, 'input.federation'],
    ['latitude out of range', { address: { location: { latitude: -90.5, longitude: 9 } } }, 'input.address.location.latitude'],
    ['unknown municipality', { address: { municipalityId: UNKNOWN_MUNICIPALITY } }, 'input.address.municipalityId'],
    ['a good change with a bad member ID', { name: 'Umbenannt', memberOfIds: ['FED', 'kaputt'] }, 'input.memberOfIds[1]'],
    ['a good change with a bad language', { phone: '+49 5609 1', languages: ['de', 'x'] }, 'input.languages[1]'],
  ];

  test.each(UPDATE_CASES)('%s → names %s, nothing changed', async (_label, input, field) => {
    const resolved = JSON.parse(
      JSON.stringify(input)
        .replace('"SELF"', JSON.stringify(association.id))
        .replace('"FED_SLUG"', JSON.stringify(federation.slug)),
    );
    const before = await snapshot();
    const v = await current();
    for (const result of [
      await hub.gql(
        'mutation($id: ID!, $v: Int!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, expectedVersion: $v, input: $input) { id } }',
        { id: association.id, v, input: resolveIds(resolved) },
        { key: coordinator },
      ),
      await hub.gql(
        `mutation { updateOrganisation(id: "${association.id}", expectedVersion: ${v}, input: ${literal(resolveIds(resolved))}) { id } }`,
        {},
        { key: coordinator },
      ),
    ]) {
      await expectRefused(result, field, before);
    }
    expect(await current()).toBe(v);
  });

  test('id of another type, malformed id, version not an integer', async () => {
    const before = await snapshot();
    const v = await current();
    const mutation =
      'mutation($id: ID!, $v: Int!) { updateOrganisation(id: $id, expectedVersion: $v, input: { phone: "+49 1" }) { id } }';
    await expectRefused(await hub.gql(mutation, { id: m.Calden, v }, { key: coordinator }), 'id', before);
    await expectRefused(await hub.gql(mutation, { id: 'kaputt', v }, { key: coordinator }), 'id', before);
    await expectRefused(
      await hub.gql(mutation, { id: association.id, v: 'eins' }, { key: coordinator }),
      'expectedVersion',
      before,
    );
    await expectRefused(await hub.gql(mutation, { id: association.id, v: 1.5 }, { key: coordinator }), 'expectedVersion', before);
  });

  test('an unknown organisation (the object acted on) → NOT_FOUND naming id', async () => {
    const result = await hub.gql(
      'mutation($id: ID!) { updateOrganisation(id: $id, expectedVersion: 1, input: { phone: "+49 1" }) { id } }',
      { id: UNKNOWN_ORGANISATION },
      { key: coordinator },
    );
    expect(errorCode(result)).toBe('NOT_FOUND');
    expect(result.errors![0]!.extensions!.field).toBe('id');
  });
});

describe('contacts', () => {
  const CONTACT_CASES: Array<[string, Record<string, unknown>, string]> = [
    ['invalid e-mail', { name: 'A', email: 'a@' }, 'input.email'],
    ['name missing', { email: 'a@example.org' }, 'input.name'],
    ['name blank', { name: ' ' }, 'input.name'],
    ['name too long', { name: 'n'.repeat(201) }, 'input.name'],
    ['role too long', { name: 'A', role: 'r'.repeat(201) }, 'input.role'],
    ['phone not a number', { name: 'A', phone: 'nachts' }, 'input.phone'],
    ['language invalid', { name: 'A', languages: ['1'] }, 'input.languages[0]'],
    ['unknown visibility', { name: 'A', visibility: 'SECRET' }, 'input.visibility'],
    ['PUBLIC without a publication basis', { name: 'A', visibility: 'PUBLIC' }, 'input.publicationBasis'],
    ['PARTNERS without a publication basis', { name: 'A', visibility: 'PARTNERS' }, 'input.publicationBasis'],
    ['unknown publication basis', { name: 'A', visibility: 'PUBLIC', publicationBasis: 'HEARSAY' }, 'input.publicationBasis'],
  ];

  test.each(CONTACT_CASES)('addContact / updateContact: %s → names %s, nothing written', async (_label, input, field) => {
    const before = await snapshot();
    const results = [
      await hub.gql(
        'mutation($id: ID!, $input: ContactInput!) { addContact(organisationId: $id, input: $input) { id } }',
        { id: association.id, input },
        { key: coordinator },
      ),
      await hub.gql(
        `mutation { addContact(organisationId: "${association.id}", input: ${literal(input)}) { id } }`,
        {},
        { key: coordinator },
      ),
      await hub.gql(
        'mutation($id: ID!, $input: ContactInput!) { updateContact(id: $id, input: $input) { id } }',
        { id: contactId, input },
        { key: coordinator },
      ),
      await hub.gql(`mutation { updateContact(id: "${contactId}", input: ${literal(input)}) { id } }`, {}, { key: coordinator }),
    ];
    for (const result of results) await expectRefused(result, field, before);
  });

  test('IDs of the wrong type name the argument; unknown targets are NOT_FOUND', async () => {
    const before = await snapshot();
    await expectRefused(
      await hub.gql(
        'mutation($id: ID!) { addContact(organisationId: $id, input: { name: "A" }) { id } }',
        { id: m.Calden },
        { key: coordinator },
      ),
      'organisationId',
      before,
    );
    await expectRefused(
      await hub.gql(
        'mutation($id: ID!) { updateContact(id: $id, input: { name: "A" }) { id } }',
        { id: association.id },
        { key: coordinator },
      ),
      'id',
      before,
    );
    await expectRefused(
      await hub.gql('mutation($id: ID!) { removeContact(id: $id) }', { id: 'kaputt' }, { key: coordinator }),
      'id',
      before,
    );
    const unknown = await hub.gql(
      'mutation($id: ID!) { addContact(organisationId: $id, input: { name: "A" }) { id } }',
      { id: UNKNOWN_ORGANISATION },
      { key: coordinator },
    );
    expect(errorCode(unknown)).toBe('NOT_FOUND');
    expect(await snapshot()).toEqual(before);
  });

  test('bad input is reported before rights are used: an editor gets the same field errors', async () => {
    const editor = await hub.key({ organisationId: databaseId(association.id), role: 'EDITOR' });
    const before = await snapshot();
    await expectRefused(
      await hub.gql(
        'mutation($id: ID!, $input: ContactInput!) { addContact(organisationId: $id, input: $input) { id } }',
        { id: association.id, input: { name: 'A', email: 'x' } },
        { key: editor },
      ),
      'input.email',
      before,
    );
  });
});

describe('documents that are not GraphQL', () => {
  test('a syntax error → BAD_USER_INPUT with the reason, nothing executed', async () => {
    const before = await snapshot();
    const result = await hub.gql(
      'mutation { createOrganisation(input: { kind: ASSOCIATION, name: "x" } { id } }',
      {},
      { key: coordinator },
    );
    expect(result.status).toBe(400);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.reason).toBe('GRAPHQL_PARSE_FAILED');
    expect(await snapshot()).toEqual(before);
  });

  test('an unknown field → BAD_USER_INPUT with the reason', async () => {
    const result = await hub.gql('{ organisations { edges { node { gruendungsjahr } } } }');
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.reason).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  test('a missing required variable names the argument it is for', async () => {
    const result = await hub.gql(
      'mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id } }',
      {},
      { key: coordinator },
    );
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.field).toBe('input');
  });
});
