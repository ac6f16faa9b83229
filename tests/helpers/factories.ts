import { generateSecret, hashSecret } from '../../src/access/api-key.service';
import type { TestHub } from './hub';

let counter = 0;

/** Global IDs of the municipalities by name. */
export async function municipalityIds(hub: TestHub): Promise<Record<string, string>> {
  const data = await hub.ok<{ municipalities: Array<{ id: string; name: string }> }>('{ municipalities { id name } }');
  return Object.fromEntries(data.municipalities.map((m) => [m.name, m.id]));
}

export interface OrganisationSpec {
  kind?: string;
  name?: string;
  [field: string]: unknown;
}

/** Creates an organisation through the API (as a coordinator) and answers its id, slug and version. */
export async function createOrganisation(
  hub: TestHub,
  coordinatorKey: string,
  spec: OrganisationSpec = {},
): Promise<{ id: string; slug: string; version: number; name: string }> {
  counter += 1;
  const input = { kind: 'ASSOCIATION', name: `Test Verein ${counter}`, ...spec };
  const data = await hub.ok(
    `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { id slug version name } }`,
    { input },
    { key: coordinatorKey },
  );
  return data.createOrganisation;
}

/**
 * A contact input with a publication basis where its visibility needs one (PUBLIC, PARTNERS): CONSENT,
 * unless the test gives a basis (or `publicationBasis: null` to test the refusal).
 */
export function withBasis<T extends { visibility?: string | null; [field: string]: unknown }>(input: T): T {
  if (!input.visibility || input.visibility === 'COORDINATORS' || 'publicationBasis' in input) return input;
  return { ...input, publicationBasis: 'CONSENT' };
}

/** Adds a contact through the API and answers its global ID (with a basis where needed, see {@link withBasis}). */
export async function addContact(
  hub: TestHub,
  key: string,
  organisationId: string,
  input: { name: string; visibility?: string; [field: string]: unknown },
): Promise<string> {
  const data = await hub.ok(
    `mutation($organisationId: ID!, $input: ContactInput!) { addContact(organisationId: $organisationId, input: $input) { id } }`,
    { organisationId, input: withBasis(input) },
    { key },
  );
  return data.addContact.id;
}

/** Row counts of tables, read directly, to prove that a refused request wrote nothing. */
export async function rowCounts(
  hub: TestHub,
  tables: readonly string[] = ['organisation', 'organisation_membership', 'contact', 'api_key'],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const [row] = await hub.db.query(`SELECT count(*)::int AS count FROM ${table}`);
    counts[table] = Number(row.count);
  }
  return counts;
}

/**
 * A key that expired an hour ago, inserted directly: the API refuses
 * `expiresAt` in the past, and waiting for a real expiry would make the test
 * slow and timing-dependent.
 */
export async function expiredKey(
  hub: TestHub,
  spec: { coordinator: true } | { organisationId: string; role: 'VIEWER' | 'EDITOR' | 'ADMIN' },
): Promise<string> {
  const { secret, prefix } = generateSecret();
  const organisationId = 'organisationId' in spec ? spec.organisationId : null;
  const role = 'role' in spec ? spec.role : null;
  await hub.db.query(
    `INSERT INTO api_key (label, prefix, secret_hash, coordinator, organisation_id, role, expires_at)
     VALUES ('expired test key', $1, $2, $3, $4, $5, now() - interval '1 hour')`,
    [prefix, hashSecret(secret), 'coordinator' in spec, organisationId, role],
  );
  return secret;
}

/** The database id (uuid) behind a global ID, for direct SQL in tests. */
export function databaseId(globalId: string): string {
  return Buffer.from(globalId, 'base64').toString('utf8').split(':').slice(1).join(':');
}
