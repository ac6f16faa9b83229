import fs from 'node:fs';
import path from 'node:path';
import { seedDemo } from '../../src/cli/seed-demo';
import { memberKey } from '../helpers/events';
import { TestHub } from '../helpers/hub';

/**
 * The README's joint-planning walk-through is real: this runs
 * docs/joint-planning.graphql, operation by operation, as the README does.
 */

const document = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'joint-planning.graphql'), 'utf8');

let hub: TestHub;

beforeAll(async () => {
  hub = await TestHub.start();
  await seedDemo(hub.db);
});
afterAll(() => hub?.stop());

async function run(operationName: string, variables: Record<string, unknown>, key?: string) {
  const response = await fetch(hub.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ query: document, operationName, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: unknown[] };
  if (body.errors) throw new Error(`${operationName}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

test('docs/joint-planning.graphql: draft → invite → accept/decline → publish → partners only → cancel → history', async () => {
  const { mosque, church, club } = await run('Organisations', {});
  expect([mosque, church, club].every(Boolean)).toBe(true);
  const mosqueKey = await memberKey(hub, mosque.id, 'EDITOR', 'Moschee Vellmar');
  const churchKey = await memberKey(hub, church.id, 'EDITOR', 'Kirche Grebenstein');
  const clubKey = await memberKey(hub, club.id, 'EDITOR', 'SV Espenau');

  const draft = (await run('CreateDraft', { mosque: mosque.id }, mosqueKey)).createEvent;
  expect(draft).toMatchObject({ status: 'DRAFT', version: 1, address: { municipality: { name: 'Vellmar' } } });
  const event = draft.id;

  const invited = (await run('Invite', { event, church: church.id, club: club.id }, mosqueKey)).inviteOrganisers;
  expect(invited).toMatchObject({ status: 'PLANNING', version: 2 });
  expect(invited.organisers.map((o: { status: string }) => o.status)).toEqual(['ACCEPTED', 'INVITED', 'INVITED']);

  expect((await run('Accept', { event, church: church.id }, churchKey)).respondToInvitation.version).toBe(3);
  expect((await run('Decline', { event, club: club.id }, clubKey)).respondToInvitation.version).toBe(4);

  expect((await run('Publish', { event, version: 4 }, mosqueKey)).publishEvent).toMatchObject({
    status: 'PUBLISHED',
    version: 5,
  });

  const view = (await run('PublicView', { event })).event;
  expect(view.title).toBe("Vellmar'da Açık Cami Günü");
  expect(view.organisers.map((o: { role: string }) => o.role)).toEqual(['LEAD', 'CO_HOST']);
  expect(view.occurrences).toEqual([{ startsAt: '2027-10-03T09:00:00.000Z', endsAt: '2027-10-03T15:00:00.000Z' }]);

  expect((await run('PartnersOnly', { event, version: 5 }, mosqueKey)).updateEvent).toEqual({
    visibility: 'PARTNERS',
    version: 6,
  });
  expect((await run('PublicView', { event })).event).toBeNull();

  expect((await run('Cancel', { event, version: 6 }, mosqueKey)).cancelEvent).toMatchObject({ status: 'CANCELLED', version: 7 });

  const history = (await run('History', { event }, churchKey)).event.history;
  expect(history.totalCount).toBe(7);
  expect(
    history.edges.map((e: { node: { kind: string; actor: { label: string } } }) => `${e.node.kind} by ${e.node.actor.label}`),
  ).toEqual([
    'CREATED by Moschee Vellmar',
    'ORGANISERS_INVITED by Moschee Vellmar',
    'INVITATION_ACCEPTED by Kirche Grebenstein',
    'INVITATION_DECLINED by SV Espenau',
    'PUBLISHED by Moschee Vellmar',
    'UPDATED by Moschee Vellmar',
    'CANCELLED by Moschee Vellmar',
  ]);
});
