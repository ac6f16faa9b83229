import fs from 'node:fs';
import { insertApiKey } from '../../src/access/api-key.service';
import { loadConfig } from '../../src/config';
import { startHub, type Hub } from '../../src/server/hub';
import { createLogger } from '../../src/shared/logger';
import { ensureBuilt, post, spawnHub, tempDir } from './processes';

// These tests start real processes on a fresh database; on a busy machine that takes a while.
jest.setTimeout(180_000);

/**
 * The embedded database keeps its data in DATA_DIR across restarts (this test
 * always runs on PGlite, also when the suite runs against a server).
 */
let dataDir: string;
const running = new Set<Hub>();

beforeAll(() => {
  ensureBuilt();
  dataDir = tempDir();
});
afterAll(async () => {
  // Also after a failure: an open embedded database (and its folder lock) would keep jest alive.
  for (const hub of running) await hub.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function embeddedHub(): Promise<Hub> {
  const config = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir });
  const hub = await startHub(config, { log: createLogger(config) });
  running.add(hub);
  const stop = hub.stop.bind(hub);
  return Object.assign(Object.create(hub) as Hub, {
    stop: async () => {
      running.delete(hub);
      await stop();
    },
  });
}

const READ = `query($slug: String!) {
  organisation(slug: $slug) { id name version languages municipality { name } memberOf { name } contacts { name visibility } }
}`;

test('data written on the embedded database is there after the hub is stopped and started again', async () => {
  let hub = await embeddedHub();
  expect(hub.database.pglite).toBeDefined();
  const { secret } = await insertApiKey(hub.database.dataSource, { label: 'Persistence', coordinator: true });
  const mutate = (query: string, variables: Record<string, unknown>) => post(hub.url, query, variables, secret);
  const municipalities = (await post(hub.url, '{ municipalities { id name } }')).data.municipalities as Array<{
    id: string;
    name: string;
  }>;
  const wolfhagen = municipalities.find((m) => m.name === 'Wolfhagen')!.id;
  const create = `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id slug version } }`;
  const umbrella = (await mutate(create, { input: { kind: 'FEDERATION', name: 'Dachverband Persistenz' } })).data
    .createOrganisation;
  const created = await mutate(create, {
    input: {
      kind: 'MOSQUE',
      name: 'Moscheegemeinde Persistenz',
      languages: ['tr', 'de'],
      address: { municipalityId: wolfhagen },
      memberOfIds: [umbrella.id],
    },
  });
  expect(created.errors).toBeUndefined();
  const organisation = created.data.createOrganisation;
  const contact = await mutate(
    `mutation($id: ID!, $input: ContactInput!) { addContact(organisationId: $id, input: $input) { id } }`,
    {
      id: organisation.id,
      input: { name: 'Vertraulich', visibility: 'COORDINATORS' },
    },
  );
  expect(contact.errors).toBeUndefined();
  const written = (await post(hub.url, READ, { slug: organisation.slug }, secret)).data.organisation;
  expect(written).toMatchObject({
    name: 'Moscheegemeinde Persistenz',
    languages: ['tr', 'de'],
    municipality: { name: 'Wolfhagen' },
    memberOf: [{ name: 'Dachverband Persistenz' }],
    contacts: [{ name: 'Vertraulich', visibility: 'COORDINATORS' }],
  });
  await hub.stop();

  // In-process restart: everything is back, including the key (only its hash is stored).
  hub = await embeddedHub();
  try {
    expect((await post(hub.url, READ, { slug: organisation.slug }, secret)).data.organisation).toEqual(written);
    const updated = await post(
      hub.url,
      `mutation($id: ID!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, expectedVersion: 1, input: $input) { version } }`,
      { id: organisation.id, input: { name: 'Moscheegemeinde Persistenz Neu' } },
      secret,
    );
    expect(updated.data.updateOrganisation.version).toBe(2);
  } finally {
    await hub.stop();
  }

  // The compiled hub (npm start) reads the same folder; SIGTERM closes it cleanly ...
  const spawned = await spawnHub({ DATA_DIR: dataDir });
  try {
    const read = (await post(spawned.url, READ, { slug: organisation.slug }, secret)).data.organisation;
    expect(read).toMatchObject({
      name: 'Moscheegemeinde Persistenz Neu',
      version: 2,
      contacts: [{ name: 'Vertraulich', visibility: 'COORDINATORS' }],
    });
  } finally {
    expect((await spawned.stop()).code).toBe(0);
  }

  // ... so the next start finds the data once more.
  hub = await embeddedHub();
  try {
    const read = (await post(hub.url, READ, { slug: organisation.slug }, secret)).data.organisation;
    expect(read).toMatchObject({
      name: 'Moscheegemeinde Persistenz Neu',
      version: 2,
      memberOf: [{ name: 'Dachverband Persistenz' }],
    });
  } finally {
    await hub.stop();
  }
});
