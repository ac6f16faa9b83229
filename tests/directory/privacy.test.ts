import { addContact, createOrganisation, databaseId, municipalityIds } from '../helpers/factories';
import { errorCode, TestHub } from '../helpers/hub';
import { WsClient } from '../helpers/ws';

/**
 * Contacts are shown by visibility — PUBLIC to everyone, PARTNERS to any valid
 * key, COORDINATORS to coordinators — and all of an organisation's own
 * contacts to its own keys. One table: every path that reaches an
 * organisation's contacts × every kind of viewer; the contacts a viewer may
 * not see must not appear anywhere in the answer.
 */
let hub: TestHub;
let coordinator: string;
let m: Record<string, string>;
let target: { id: string; slug: string };
let umbrella: { id: string };
let member: { id: string };
let unrelated: { id: string };

const CONTACTS = {
  PUBLIC: { name: 'Pia Öffentlich', email: 'pia@public.example', phone: '+49 561 1000' },
  PARTNERS: { name: 'Paul Partner', email: 'paul@partners.example', phone: '+49 561 2000' },
  COORDINATORS: { name: 'Cora Vertraulich', email: 'cora@confidential.example', phone: '+49 561 3000' },
} as const;
type Level = keyof typeof CONTACTS;

const FIELDS = 'contacts { id name role email phone languages visibility }';

/** Every way to reach the target organisation's contacts; each answers the list of contact lists found. */
const PATHS: Record<string, { query: string; variables: () => Record<string, unknown>; pick: (data: any) => any[] }> = {
  'organisation(id)': {
    query: `query($id: ID) { organisation(id: $id) { ${FIELDS} } }`,
    variables: () => ({ id: target.id }),
    pick: (data) => [data.organisation.contacts],
  },
  'organisation(slug)': {
    query: `query($slug: String) { organisation(slug: $slug) { ${FIELDS} } }`,
    variables: () => ({ slug: target.slug }),
    pick: (data) => [data.organisation.contacts],
  },
  organisations: {
    query: `{ organisations(filter: { search: "Vertraulichkeitsverband" }) { edges { node { ${FIELDS} } } } }`,
    variables: () => ({}),
    pick: (data) => data.organisations.edges.map((edge: any) => edge.node.contacts),
  },
  'node(id)': {
    query: `query($id: ID!) { node(id: $id) { ... on Organisation { ${FIELDS} } } }`,
    variables: () => ({ id: target.id }),
    pick: (data) => [data.node.contacts],
  },
  'nodes(ids)': {
    query: `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Organisation { ${FIELDS} } } }`,
    variables: () => ({ ids: [target.id, m.Vellmar, target.id] }),
    pick: (data) => [data.nodes[0].contacts, data.nodes[2].contacts],
  },
  'Organisation.members': {
    query: `query($id: ID) { organisation(id: $id) { members { edges { node { ${FIELDS} } } } } }`,
    variables: () => ({ id: umbrella.id }),
    pick: (data) => data.organisation.members.edges.map((edge: any) => edge.node.contacts),
  },
  'Organisation.memberOf': {
    query: `query($id: ID) { organisation(id: $id) { memberOf { ${FIELDS} } } }`,
    variables: () => ({ id: member.id }),
    pick: (data) => data.organisation.memberOf.map((umbrellaOrganisation: any) => umbrellaOrganisation.contacts),
  },
  'Municipality.organisations': {
    query: `query($id: ID) { municipality(id: $id) { organisations { edges { node { ${FIELDS} } } } } }`,
    variables: () => ({ id: m.Vellmar }),
    pick: (data) => data.municipality.organisations.edges.map((edge: any) => edge.node.contacts),
  },
  'municipalities.organisations': {
    query: `{ municipalities { organisations(filter: { kinds: [FEDERATION] }) { edges { node { ${FIELDS} } } } } }`,
    variables: () => ({}),
    pick: (data) =>
      data.municipalities.flatMap((municipality: any) => municipality.organisations.edges.map((edge: any) => edge.node.contacts)),
  },
  'Address.municipality.organisations': {
    query: `query($id: ID) { organisation(id: $id) { address { municipality { organisations { edges { node { ${FIELDS} } } } } } } }`,
    variables: () => ({ id: target.id }),
    pick: (data) => data.organisation.address.municipality.organisations.edges.map((edge: any) => edge.node.contacts),
  },
};

type ViewerName =
  | 'anonymous'
  | 'partner key'
  | 'editor of another organisation'
  | 'editor of a member organisation'
  | 'admin of the umbrella'
  | 'viewer key of the organisation'
  | 'editor of the organisation'
  | 'coordinator';

const SEES: Record<ViewerName, Level[]> = {
  anonymous: ['PUBLIC'],
  'partner key': ['PUBLIC', 'PARTNERS'],
  'editor of another organisation': ['PUBLIC', 'PARTNERS'],
  'editor of a member organisation': ['PUBLIC', 'PARTNERS'],
  'admin of the umbrella': ['PUBLIC', 'PARTNERS'],
  'viewer key of the organisation': ['PUBLIC', 'PARTNERS', 'COORDINATORS'],
  'editor of the organisation': ['PUBLIC', 'PARTNERS', 'COORDINATORS'],
  coordinator: ['PUBLIC', 'PARTNERS', 'COORDINATORS'],
};
const viewerKeys = {} as Record<ViewerName, string | undefined>;

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true });
  m = await municipalityIds(hub);
  umbrella = await createOrganisation(hub, coordinator, { kind: 'FEDERATION', name: 'Landesdachverband' });
  target = await createOrganisation(hub, coordinator, {
    kind: 'FEDERATION',
    name: 'Vertraulichkeitsverband Vellmar',
    memberOfIds: [umbrella.id],
    address: { municipalityId: m.Vellmar, street: 'Rathausplatz 1' },
  });
  member = await createOrganisation(hub, coordinator, { kind: 'ASSOCIATION', name: 'Mitgliedsverein', memberOfIds: [target.id] });
  unrelated = await createOrganisation(hub, coordinator, { kind: 'OTHER', name: 'Fremde Web-App' });
  for (const [visibility, contact] of Object.entries(CONTACTS)) {
    await addContact(hub, coordinator, target.id, { ...contact, role: `Rolle ${visibility}`, languages: ['de'], visibility });
  }
  const key = (organisation: { id: string }, role: 'VIEWER' | 'EDITOR' | 'ADMIN') =>
    hub.key({ organisationId: databaseId(organisation.id), role });
  viewerKeys.anonymous = undefined;
  viewerKeys['partner key'] = await key(unrelated, 'VIEWER');
  viewerKeys['editor of another organisation'] = await key(unrelated, 'EDITOR');
  viewerKeys['editor of a member organisation'] = await key(member, 'EDITOR');
  viewerKeys['admin of the umbrella'] = await key(umbrella, 'ADMIN');
  viewerKeys['viewer key of the organisation'] = await key(target, 'VIEWER');
  viewerKeys['editor of the organisation'] = await key(target, 'EDITOR');
  viewerKeys.coordinator = coordinator;
});
afterAll(() => hub?.stop());

function hidden(levels: Level[]): string[] {
  return (Object.keys(CONTACTS) as Level[])
    .filter((level) => !levels.includes(level))
    .flatMap((level) => Object.values(CONTACTS[level]));
}

describe.each(Object.keys(SEES) as ViewerName[])('%s', (viewer) => {
  const levels = SEES[viewer];
  const expected = levels.map((level) => CONTACTS[level].name).sort();

  test.each(Object.keys(PATHS))('through %s sees exactly the allowed contacts', async (path) => {
    const spec = PATHS[path]!;
    const result = await hub.gql(spec.query, spec.variables(), { key: viewerKeys[viewer] });
    expect(result.errors).toBeUndefined();
    const lists = spec.pick(result.data);
    // The target must really be reached on this path, else the check below proves nothing.
    const reached = lists.filter((contacts: any[]) => contacts.some((contact) => contact.name === CONTACTS.PUBLIC.name));
    expect(reached.length).toBeGreaterThan(0);
    for (const contacts of reached) {
      expect(contacts.map((contact: { name: string }) => contact.name).sort()).toEqual(expected);
      for (const contact of contacts) expect(levels).toContain(contact.visibility);
    }
    // Nothing of a hidden contact anywhere in the answer: not its name, e-mail or phone.
    const text = JSON.stringify(result);
    for (const secret of hidden(levels)) expect(text).not.toContain(secret);
  });

  test('over the websocket the same', async () => {
    const ws = await WsClient.connect(hub, { key: viewerKeys[viewer] });
    try {
      for (const path of ['organisation(id)', 'nodes(ids)', 'Organisation.members']) {
        const spec = PATHS[path]!;
        const result = await ws.execute(spec.query, spec.variables());
        expect(result.errors).toBeUndefined();
        for (const contacts of spec.pick(result.data)) {
          expect(contacts.map((contact: { name: string }) => contact.name).sort()).toEqual(expected);
        }
        const text = JSON.stringify(result);
        for (const secret of hidden(levels)) expect(text).not.toContain(secret);
      }
    } finally {
      await ws.close();
    }
  });
});

test('the viewer key of the organisation also sees them through viewer.memberships', async () => {
  const data = await hub.ok(
    `{ viewer { memberships { organisation { ${FIELDS} } } } }`,
    {},
    { key: viewerKeys['viewer key of the organisation'] },
  );
  expect(data.viewer.memberships[0].organisation.contacts.map((contact: { name: string }) => contact.name).sort()).toEqual(
    Object.values(CONTACTS)
      .map((contact) => contact.name)
      .sort(),
  );
});

test('contacts are no Node: node() with a contact ID answers null for everyone', async () => {
  const data = await hub.ok(`query($id: ID) { organisation(id: $id) { ${FIELDS} } }`, { id: target.id }, { key: coordinator });
  for (const contact of data.organisation.contacts) {
    for (const key of Object.values(viewerKeys)) {
      const result = await hub.ok('query($id: ID!) { node(id: $id) { id } }', { id: contact.id }, { key });
      expect(result.node).toBeNull();
    }
  }
});

test('refused contact mutations reveal nothing of the contact', async () => {
  const data = await hub.ok(`query($id: ID) { organisation(id: $id) { ${FIELDS} } }`, { id: target.id }, { key: coordinator });
  const confidential = data.organisation.contacts.find(
    (contact: { visibility: string }) => contact.visibility === 'COORDINATORS',
  );
  for (const viewer of ['anonymous', 'partner key', 'editor of a member organisation'] as ViewerName[]) {
    for (const [query, variables] of [
      ['mutation($id: ID!) { updateContact(id: $id, input: { name: "Neu" }) { name email } }', { id: confidential.id }],
      ['mutation($id: ID!) { removeContact(id: $id) }', { id: confidential.id }],
    ] as const) {
      const result = await hub.gql(query, variables, { key: viewerKeys[viewer] });
      expect(['UNAUTHENTICATED', 'FORBIDDEN']).toContain(errorCode(result));
      const text = JSON.stringify(result);
      for (const secret of Object.values(CONTACTS.COORDINATORS)) expect(text).not.toContain(secret);
    }
  }
  const after = await hub.ok(`query($id: ID) { organisation(id: $id) { ${FIELDS} } }`, { id: target.id }, { key: coordinator });
  expect(after.organisation.contacts).toEqual(data.organisation.contacts);
});

test('a new contact is private (COORDINATORS) unless the organisation decides otherwise', async () => {
  const editor = viewerKeys['editor of the organisation']!;
  const created = await hub.ok(
    'mutation($id: ID!) { addContact(organisationId: $id, input: { name: "Neue Ansprechperson" }) { visibility } }',
    { id: target.id },
    { key: editor },
  );
  expect(created.addContact.visibility).toBe('COORDINATORS');
  const seen = await hub.ok(
    `query($id: ID) { organisation(id: $id) { ${FIELDS} } }`,
    { id: target.id },
    { key: viewerKeys['partner key'] },
  );
  expect(seen.organisation.contacts.map((contact: { name: string }) => contact.name)).not.toContain('Neue Ansprechperson');
});
