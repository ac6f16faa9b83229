import { createOrganisation, municipalityIds } from '../helpers/factories';
import { TestHub } from '../helpers/hub';

let hub: TestHub;
let coordinator: string;

beforeAll(async () => {
  hub = await TestHub.start();
  coordinator = await hub.key({ coordinator: true });
});
afterAll(() => hub?.stop());

test('the 28 municipalities are there', async () => {
  const data = await hub.ok('{ municipalities { name } }');
  expect(data.municipalities).toHaveLength(28);
  expect(data.municipalities.map((m: { name: string }) => m.name)).toContain('Söhrewald');
});

test('create and search an organisation', async () => {
  const m = await municipalityIds(hub);
  await createOrganisation(hub, coordinator, {
    kind: 'MOSQUE',
    name: 'Moscheegemeinde Vellmar',
    languages: ['TR', 'de'],
    mosque: { sermonLanguages: ['tr'], openToVisitors: true },
    address: { municipalityId: m.Vellmar, location: { latitude: 51.36, longitude: 9.47 } },
  });
  const data = await hub.ok(`{ organisations(filter: { search: "Moscheen" }) { totalCount edges { node { name languages municipality { name } ... on Mosque { sermonLanguages } } } } }`);
  expect(data.organisations.totalCount).toBe(1);
  expect(data.organisations.edges[0].node).toEqual({
    name: 'Moscheegemeinde Vellmar',
    languages: ['tr', 'de'],
    municipality: { name: 'Vellmar' },
    sermonLanguages: ['tr'],
  });
});
