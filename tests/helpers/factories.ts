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
