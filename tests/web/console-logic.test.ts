/**
 * The console's own logic (web/console), without a browser: formatting in the district's time
 * zone, API errors in plain words and where they are shown, the map projection and municipality
 * areas, the stored session and the routes, the edit state after a CONFLICT, the timeline.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { changes, rebase, type EntryForm } from '../../web/console/edit';
import {
  formatDate,
  formatDateTime,
  formatSpan,
  isoToLocalInput,
  localInputToIso,
  placeProblems,
  plainWords,
  problemsOf,
} from '../../web/console/format';
import { keys, dictionary, translate } from '../../web/console/i18n';
import { cells, centroid, coverageClass, fitProjection, pathOf, spread } from '../../web/console/map';
import { clearSession, href, loadLang, loadSession, parseRoute, saveLang, saveSession, withQuery } from '../../web/console/state';
import { groupByMonth } from '../../web/console/timeline';

/** A Storage in memory, as the browser's sessionStorage behaves. */
function memoryStorage(): Storage {
  const items = new Map<string, string>();
  return {
    get length() {
      return items.size;
    },
    clear: () => items.clear(),
    getItem: (k) => items.get(k) ?? null,
    key: (i) => [...items.keys()][i] ?? null,
    removeItem: (k) => void items.delete(k),
    setItem: (k, v) => void items.set(k, String(v)),
  };
}

describe('formatting', () => {
  test('moments are shown in Europe/Berlin, summer and winter time alike', () => {
    expect(formatDateTime('2027-10-03T12:00:00Z', 'de')).toBe('So., 3. Okt. 2027, 14:00');
    expect(formatDateTime('2027-12-03T12:00:00Z', 'en')).toBe('Fri, 3 Dec 2027, 13:00');
    expect(formatSpan('2027-10-03T12:00:00Z', '2027-10-03T15:00:00Z', 'de')).toBe('So., 3. Okt. 2027, 14:00 – 17:00');
    expect(formatSpan('2027-10-03T12:00:00Z', '2027-10-04T15:00:00Z', 'en')).toBe(
      'Sun, 3 Oct 2027, 14:00 – Mon, 4 Oct 2027, 17:00',
    );
  });

  test('calendar dates are not shifted by time zones', () => {
    expect(formatDate('2027-10-03', 'de')).toBe('3. Okt. 2027');
    expect(formatDate('2027-01-01', 'en')).toBe('1 Jan 2027');
  });

  test('datetime-local values are Berlin time, across daylight-saving changes, and go back unchanged', () => {
    expect(localInputToIso('2027-10-03T14:00')).toBe('2027-10-03T12:00:00.000Z');
    expect(localInputToIso('2027-12-03T14:00')).toBe('2027-12-03T13:00:00.000Z');
    // The night clocks go back (31 Oct 2027): 01:30 is still summer time.
    expect(localInputToIso('2027-10-31T01:30')).toBe('2027-10-30T23:30:00.000Z');
    expect(localInputToIso('2027-10-3')).toBeNull();
    expect(localInputToIso('')).toBeNull();
    for (const value of ['2027-03-28T04:00', '2027-07-01T00:00', '2027-12-31T23:59']) {
      expect(isoToLocalInput(localInputToIso(value)!)).toBe(value);
    }
  });
});

describe('API errors in plain words', () => {
  const combined = (extensions: Record<string, unknown>, message = 'x') => ({ graphQLErrors: [{ message, extensions }] });

  test('each code gets a sentence in both languages; validation keeps what the API says is wrong', () => {
    const [conflict] = problemsOf(combined({ code: 'CONFLICT', field: 'expectedVersion', currentVersion: 4 }));
    expect(conflict).toEqual({ code: 'CONFLICT', field: 'expectedVersion', message: 'x', currentVersion: 4 });
    expect(plainWords(conflict!, 'de')).toMatch(/^Jemand anderes hat das inzwischen geändert/);
    expect(plainWords(conflict!, 'en')).toMatch(/^Someone else changed this/);
    const [bad] = problemsOf(combined({ code: 'BAD_USER_INPUT', field: 'input.email' }, 'input.email: is not an email address.'));
    expect(plainWords(bad!, 'de')).toBe('Bitte prüfen: is not an email address.');
    expect(plainWords({ code: 'FORBIDDEN', message: '' }, 'de')).toBe('Dafür fehlen Ihrem Schlüssel die Rechte.');
    expect(problemsOf({ message: 'offline', networkError: new Error('offline') })[0]!.code).toBe('NETWORK');
    expect(problemsOf(undefined)).toEqual([]);
  });

  test('field errors go to their field by the last part of the path; the rest to the action', () => {
    const placed = placeProblems([
      { code: 'BAD_USER_INPUT', field: 'input.contacts.0.email', message: '' },
      { code: 'BAD_USER_INPUT', field: 'input.title', message: '' },
      { code: 'CONFLICT', field: 'expectedVersion', message: '' },
      { code: 'FORBIDDEN', message: '' },
    ]);
    expect(Object.keys(placed.fields).sort()).toEqual(['email', 'title']);
    expect(placed.general.map((p) => p.code)).toEqual(['CONFLICT', 'FORBIDDEN']);
  });
});

describe('the district map', () => {
  test('the projection fits the points into the box with north up and true proportions at 51° N', () => {
    const points = [
      { latitude: 51.2, longitude: 9.2 },
      { latitude: 51.6, longitude: 9.6 },
    ];
    const projection = fitProjection(points, 500, 500, 20);
    const sw = projection.project(points[0]!);
    const ne = projection.project(points[1]!);
    expect(ne.y).toBeLessThan(sw.y); // north is up
    const width = ne.x - sw.x;
    const height = sw.y - ne.y;
    expect(height).toBeCloseTo(460, 5); // the taller side fills the box less the padding
    expect(width / height).toBeCloseTo(Math.cos((51.4 * Math.PI) / 180), 5);
    for (const p of [sw, ne]) {
      expect(p.x).toBeGreaterThanOrEqual(20);
      expect(p.x).toBeLessThanOrEqual(480);
    }
  });

  test('areas: each centre lies in its own area, neighbours share their border, the radius bounds them', () => {
    const points = [
      { x: 100, y: 100 },
      { x: 140, y: 100 },
      { x: 120, y: 140 },
      { x: 300, y: 300 },
    ];
    const areas = cells(points, 50);
    const inside = (poly: { x: number; y: number }[], p: { x: number; y: number }) => {
      let c = false;
      for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
        const a = poly[i]!;
        const b = poly[j]!;
        if (a.y > p.y !== b.y > p.y && p.x < ((b.x - a.x) * (p.y - a.y)) / (b.y - a.y) + a.x) c = !c;
      }
      return c;
    };
    points.forEach((p, i) => {
      expect(inside(areas[i]!, p)).toBe(true);
      areas.forEach((other, j) => j !== i && expect(inside(other, p)).toBe(false));
    });
    // The first two meet on x = 120.
    expect(Math.max(...areas[0]!.map((p) => p.x))).toBeCloseTo(120, 5);
    expect(Math.min(...areas[1]!.map((p) => p.x))).toBeCloseTo(120, 5);
    // The lone one is the whole circle.
    for (const p of areas[3]!) expect(Math.hypot(p.x - 300, p.y - 300)).toBeCloseTo(50, 5);
    expect(pathOf(areas[3]!)).toMatch(/^M350\.0,300\.0L.*Z$/);
    const c = centroid(areas[3]!);
    expect(c.x).toBeCloseTo(300, 5);
    expect(pathOf([])).toBe('');
  });

  test('coverage classes and markers on the same spot spread out', () => {
    expect([0, 1, 2, 7].map(coverageClass)).toEqual(['gap', 'some', 'many', 'many']);
    const spreadOut = spread([
      { x: 10, y: 10 },
      { x: 10, y: 10 },
      { x: 50, y: 50 },
    ]);
    expect(spreadOut[2]).toEqual({ x: 50, y: 50 });
    expect(Math.hypot(spreadOut[0]!.x - spreadOut[1]!.x, spreadOut[0]!.y - spreadOut[1]!.y)).toBeCloseTo(14, 5);
  });
});

describe('state', () => {
  test('the key lives in the session storage only, and signing out removes it', () => {
    const session = memoryStorage();
    expect(loadSession(session)).toBeNull();
    saveSession({ key: 'wirhub_secret' }, session);
    expect(loadSession(session)).toEqual({ key: 'wirhub_secret' });
    saveSession({}, session); // the public view
    expect(loadSession(session)).toEqual({});
    expect(JSON.stringify([...Array(session.length)].map((_, i) => session.getItem(session.key(i)!)))).not.toContain(
      'wirhub_secret',
    );
    clearSession(session);
    expect(loadSession(session)).toBeNull();
    expect(session.length).toBe(0);
  });

  test('German unless English was chosen', () => {
    const local = memoryStorage();
    expect(loadLang(local)).toBe('de');
    saveLang('en', local);
    expect(loadLang(local)).toBe('en');
  });

  test('routes', () => {
    expect(parseRoute('/console').name).toBe('directory');
    expect(parseRoute('/console/directory', '?search=Moschee')).toMatchObject({ name: 'directory' });
    expect((parseRoute('/console/directory', '?search=Moschee') as any).query.get('search')).toBe('Moschee');
    expect(parseRoute('/console/organisations/demo-x')).toEqual({ name: 'organisation', slug: 'demo-x' });
    expect(parseRoute('/console/organisations/demo-x/edit')).toEqual({ name: 'editOrganisation', slug: 'demo-x' });
    expect(parseRoute('/console/events/RXZlbnQ6MQ%3D%3D')).toEqual({ name: 'event', id: 'RXZlbnQ6MQ==' });
    expect(parseRoute('/console/campaigns/a/b').name).toBe('notFound');
    expect(parseRoute('/console/organisations/%E0%A4%A').name).toBe('organisation'); // a broken escape is kept as it is
    expect(href('events', 'RXZlbnQ6MQ==')).toBe('/console/events/RXZlbnQ6MQ%3D%3D');
    expect(withQuery('/console/directory', { search: 'Moschee', kind: '', partners: true, verified: false })).toBe(
      '/console/directory?search=Moschee&partners=1',
    );
  });

  test('editing: only changed fields are sent; after a CONFLICT typed input stays and the rest becomes current', () => {
    const base: EntryForm = {
      name: 'Verein',
      shortName: '',
      website: '',
      email: '',
      phone: '1',
      lookingForPartners: false,
      topics: 'CULTURE',
      languages: 'de, tr',
    };
    const typed = { ...base, website: 'https://neu.example', shortName: '  ' };
    expect(changes(base, typed)).toEqual({ website: 'https://neu.example', shortName: null });
    expect(changes(base, base)).toEqual({});
    expect(changes(base, { ...base, languages: 'de,tr' })).toEqual({}); // reformatted, not changed
    expect(changes(base, { ...base, languages: 'de tr ar', topics: 'CULTURE,YOUTH' })).toEqual({
      languages: ['de', 'tr', 'ar'],
      topics: ['CULTURE', 'YOUTH'],
    });
    const current = { ...base, phone: '2', name: 'Verein e.V.' };
    expect(rebase(base, typed, current)).toEqual({ ...current, website: 'https://neu.example', shortName: '  ' });
  });

  test('every text exists in both languages with the same placeholders', () => {
    for (const key of keys) {
      const de = dictionary('de')[key];
      const en = dictionary('en')[key];
      expect(en.length).toBeGreaterThan(0);
      expect(en.match(/\{\w+\}/g) ?? []).toEqual(de.match(/\{\w+\}/g) ?? []);
    }
    expect(translate('de', 'results', { count: 3 })).toBe('3 Organisationen');
    expect(translate('en', 'invitationsTitle', { name: 'X' })).toBe('Invitations to X');
  });
});

test('the timeline groups events by month in Berlin time, in order', () => {
  const groups = groupByMonth(
    [
      { startsAt: '2027-11-01T10:00:00Z' },
      { startsAt: '2027-09-30T22:30:00Z' }, // 1 Oct in Berlin
      { startsAt: '2027-10-15T10:00:00Z' },
    ],
    'de',
  );
  expect(groups.map((g) => [g.label, g.items.length])).toEqual([
    ['Oktober 2027', 2],
    ['November 2027', 1],
  ]);
});

test("the console's query types are generated from the current schema (npm run console:types)", () => {
  const root = path.join(__dirname, '..', '..');
  const output = path.join(mkdtempSync(path.join(os.tmpdir(), 'wirhub-tada-')), 'graphql-env.d.ts');
  const cli = path.join(root, 'node_modules', 'gql.tada', 'bin', 'cli.js');
  const result = spawnSync(process.execPath, [cli, 'generate', 'output', '--tsconfig', 'web/tsconfig.json', '--output', output], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(result.status).toBe(0);
  expect(readFileSync(output, 'utf8')).toBe(readFileSync(path.join(root, 'web', 'console', 'graphql-env.d.ts'), 'utf8'));
});
