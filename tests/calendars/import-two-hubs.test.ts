import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { syncDueSources } from '../../src/calendars';
import { createOrganisation } from '../helpers/factories';
import { dbId, memberKey } from '../helpers/events';
import { errorCode, TestHub } from '../helpers/hub';

/**
 * Two hub instances on one database never import the same calendar source
 * at once: a sync claims its source with a lease taken under FOR UPDATE SKIP
 * LOCKED (src/calendars/calendar.service.ts), whether it is asked for
 * (`syncCalendarSource`) or the periodic round finds it due. The partner's
 * server holds each request until the test releases it, so "the other hub
 * did not fetch" is a fact the server saw, not a pause.
 *
 * PostgreSQL only: PGlite is an in-process database that one hub opens;
 * two hubs cannot share it, and within one hub the same claim is tested in
 * import.test.ts (a second sync while the first runs answers CONFLICT).
 */
const onServer = Boolean(process.env.DATABASE_URL);
const describeOnServer = onServer ? describe : describe.skip;

const calendar = (summary: string) =>
  `BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//Partner//DE\r\nBEGIN:VEVENT\r\nUID:treff@partner\r\nDTSTAMP:20260901T000000Z\r\nDTSTART;TZID=Europe/Berlin:20261008T180000\r\nDURATION:PT2H\r\nSUMMARY:${summary}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n`;

describeOnServer(
  `two hubs on one database${onServer ? '' : ' (PostgreSQL only: two hubs cannot share one PGlite database)'}`,
  () => {
    let hubA: TestHub;
    let hubB: TestHub;
    let server: http.Server;
    let url: string;
    let editor: string;
    let sourceId: string;
    let body = calendar('Elterntreff');
    /** Requests held by the partner's server, and a promise for the next one to arrive. */
    const held: Array<() => void> = [];
    let gateOpen = true;
    let requests = 0;
    let arrived: { promise: Promise<void>; resolve: () => void };
    const expectArrival = () => {
      let resolve!: () => void;
      arrived = { promise: new Promise<void>((r) => (resolve = r)), resolve };
      arrived.resolve = resolve;
    };
    const release = () => {
      gateOpen = true;
      for (const go of held.splice(0)) go();
    };
    const importedVersions = async () =>
      (await hubA.db.query(`SELECT title->>'de' AS title, version FROM event WHERE source_uid = 'treff@partner'`)) as Array<{
        title: string;
        version: number;
      }>;
    const updates = async () =>
      Number(
        (
          await hubA.db.query(
            `SELECT count(*)::int AS n FROM event_history h JOIN event e ON e.id = h.event_id
           WHERE e.source_uid = 'treff@partner' AND h.kind = 'UPDATED'`,
          )
        )[0].n,
      );
    const settings = { CALENDAR_ALLOW_PRIVATE_ADDRESSES: 'true', CHANGE_POLL_INTERVAL_MS: '600000' };

    beforeAll(async () => {
      expectArrival();
      server = http.createServer((req, res) => {
        requests += 1;
        const answer = () => res.writeHead(200, { 'content-type': 'text/calendar' }).end(body);
        arrived.resolve();
        if (gateOpen) answer();
        else held.push(answer);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/kalender.ics`;
      hubA = await TestHub.start(settings);
      // The second instance: the same database (migrated by the first), its own pool, sync loop and API-key cache.
      hubB = await TestHub.start({ ...settings, DATABASE_URL: hubA.config.DATABASE_URL! });
      const coordinator = await hubA.key({ coordinator: true });
      const organisation = await createOrganisation(hubA, coordinator, { name: 'Elternverein Kaufungen' });
      editor = await memberKey(hubA, organisation.id, 'EDITOR');
      const added = await hubA.ok(
        `mutation($org: ID!, $url: String!) { addCalendarSource(organisationId: $org, url: $url, defaults: { publish: true }) { id createdCount } }`,
        { org: organisation.id, url },
        { key: editor },
      );
      expect(added.addCalendarSource.createdCount).toBe(1);
      sourceId = added.addCalendarSource.id;
      expect(dbId(organisation.id)).toBeTruthy();
    });
    afterAll(async () => {
      release();
      await hubB?.stop();
      await hubA?.stop();
      server?.closeAllConnections();
      await new Promise((resolve) => server?.close(resolve));
    });

    const sync = (hub: TestHub) =>
      hub.gql(`mutation($id: ID!) { syncCalendarSource(id: $id) { updatedCount lastError } }`, { id: sourceId }, { key: editor });
    const makeDue = () => hubA.db.query('UPDATE calendar_source SET next_sync_at = now() WHERE id = $1', [dbId(sourceId)]);

    test('while hub A syncs a source, hub B neither syncs it on request (CONFLICT) nor in its periodic round', async () => {
      body = calendar('Elterntreff am Donnerstag');
      gateOpen = false;
      expectArrival();
      const before = requests;
      const updatesBefore = await updates();
      const first = sync(hubA);
      await arrived.promise;
      // Hub A's fetch is held by the partner's server: A has claimed the source.
      expect(errorCode(await sync(hubB))).toBe('CONFLICT');
      await makeDue();
      expect(await syncDueSources(hubB.hub.services)).toBe(0);
      expect(requests - before).toBe(1);
      release();
      const done = await first;
      expect(done.errors).toBeUndefined();
      expect(done.data.syncCalendarSource).toMatchObject({ lastError: null, updatedCount: 1 });
      expect(await updates()).toBe(updatesBefore + 1);
      expect((await importedVersions()).map((row) => row.title)).toEqual(['Elterntreff am Donnerstag']);
      // Released: hub B may sync it now (nothing changed, so nothing is written).
      const later = await sync(hubB);
      expect(later.errors).toBeUndefined();
      expect(await updates()).toBe(updatesBefore + 1);
    });

    test('periodic rounds of both hubs at once: exactly one fetches and imports the due source', async () => {
      for (let round = 0; round < 3; round++) {
        body = calendar(`Elterntreff, Runde ${round}`);
        gateOpen = false;
        expectArrival();
        const before = requests;
        const updatesBefore = await updates();
        await makeDue();
        const rounds = [syncDueSources(hubA.hub.services), syncDueSources(hubB.hub.services)];
        await arrived.promise;
        // One round holds the source (its fetch is held); the other found nothing to claim and is done.
        const firstDone = await Promise.race(rounds);
        expect(firstDone).toBe(0);
        expect(requests - before).toBe(1);
        release();
        expect((await Promise.all(rounds)).sort()).toEqual([0, 1]);
        expect(requests - before).toBe(1);
        expect(await updates()).toBe(updatesBefore + 1);
        expect((await importedVersions()).map((row) => row.title)).toEqual([`Elterntreff, Runde ${round}`]);
      }
    });
  },
);
