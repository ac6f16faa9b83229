import type { Client } from 'pg';

/**
 * The data set of `npm run bench peers` (issue 9): the district's 28
 * municipalities (from the migrations), PEERS_BENCH_ORGANISATIONS
 * organisations (default 2,000) of every kind, each a member of one or two
 * federations and with three contacts (PUBLIC, PARTNERS, COORDINATORS), and
 * PEERS_BENCH_EVENTS published public events (default 50,000) over 700 days,
 * every second one with an accepted co-host (about 1.5 organisers each).
 *
 * Built in the hub's tables and copied into a plain schema `peers` (the same
 * columns, indexes and foreign keys, without the hub's triggers) that
 * PostGraphile serves, so both read the same rows through the same indexes.
 */
export async function buildPeersData(client: Client, organisations: number, events: number): Promise<void> {
  await client.query(
    `INSERT INTO organisation (kind, name, slug, municipality_id, latitude, longitude, languages, topics, email, website)
     SELECT (ARRAY['ASSOCIATION','FEDERATION','MOSQUE','SUPPORT_CIRCLE','MIGRANT_ORGANISATION','RELIGIOUS_COMMUNITY','PUBLIC_INSTITUTION','OTHER'])[1 + n % 8],
            (ARRAY['Verein','Verband','Moscheegemeinde','Unterstützerkreis','Migrantenorganisation','Gemeinde','Einrichtung','Initiative'])[1 + n % 8] || ' ' || n,
            'peers-' || n, m.id, m.latitude + (n % 7) * 0.003, m.longitude + (n % 5) * 0.003,
            ARRAY['de', (ARRAY['tr','ar','uk','fa'])[1 + n % 4]], ARRAY['CULTURE'], 'info' || n || '@example.org', 'https://example.org/' || n
     FROM generate_series(1, $1::int) AS n
     JOIN LATERAL (SELECT * FROM municipality ORDER BY name OFFSET n % 28 LIMIT 1) m ON true`,
    [organisations],
  );
  // Every organisation is a member of one federation, every third of a second one.
  await client.query(`
    WITH f AS (SELECT id, row_number() OVER (ORDER BY slug) - 1 AS i, count(*) OVER () AS c FROM organisation WHERE kind = 'FEDERATION'),
         o AS (SELECT id, row_number() OVER (ORDER BY slug) AS n FROM organisation WHERE kind <> 'FEDERATION')
    INSERT INTO organisation_membership (member_id, umbrella_id)
    SELECT o.id, f.id FROM o JOIN f ON f.i = o.n % f.c
    UNION ALL
    SELECT o.id, f.id FROM o JOIN f ON f.i = (o.n * 7 + 1) % f.c WHERE o.n % 3 = 0 AND (o.n * 7 + 1) % f.c <> o.n % f.c`);
  await client.query(`
    INSERT INTO contact (organisation_id, name, role, email, phone, languages, visibility, publication_basis, basis_recorded_at, created_at)
    SELECT o.id, v.label || ' ' || o.slug, v.role, v.label || '.' || o.slug || '@example.org', '0561 ' || (100000 + v.n),
           ARRAY['de'], v.visibility, CASE WHEN v.visibility <> 'COORDINATORS' THEN 'CONSENT' END, now(), now() - v.n * interval '1 day'
    FROM organisation o
    CROSS JOIN (VALUES (3, 'Kontakt', 'Vorstand', 'PUBLIC'), (2, 'Partner', 'Koordination', 'PARTNERS'),
                       (1, 'Intern', 'Kasse', 'COORDINATORS')) AS v(n, label, role, visibility)`);
  await client.query(
    `INSERT INTO event (title, summary, category, topics, status, visibility, starts_at, ends_at, last_ends_at,
       lead_organisation_id, municipality_id, latitude, longitude, languages, free, published_at)
     SELECT jsonb_build_object('de', (ARRAY['Sprachcafé','Interkulturelles Fest','Tag der offenen Moschee','Lesung','Workshop'])[1 + n % 5] || ' ' || n),
            jsonb_build_object('de', 'Begegnung und Gespräch'),
            (ARRAY['LANGUAGE_CAFE','FESTIVAL','OPEN_HOUSE','CULTURE','WORKSHOP'])[1 + n % 5], ARRAY['CULTURE'],
            'PUBLISHED', 'PUBLIC', s, s + interval '2 hours', s + interval '2 hours',
            o.id, o.municipality_id, o.latitude, o.longitude, ARRAY['de'], n % 2 = 0, s - interval '30 days'
     FROM generate_series(1, $1::int) AS n
     CROSS JOIN LATERAL (SELECT '2026-01-01 08:00+01'::timestamptz + (n * 631) % (700 * 24) * interval '1 hour' AS s) t
     JOIN organisation o ON o.slug = 'peers-' || (1 + n % $2::int)`,
    [events, organisations],
  );
  await client.query(
    `INSERT INTO event_organiser (event_id, organisation_id, role, status, invited_at)
     SELECT id, lead_organisation_id, 'LEAD', 'ACCEPTED', created_at FROM event
     UNION ALL
     SELECT e.id, o.id, 'CO_HOST', 'ACCEPTED', e.created_at + interval '1 minute'
     FROM event e JOIN organisation o ON o.slug = 'peers-' || (1 + abs(hashtext(e.id::text)) % $1::int)
     WHERE o.id <> e.lead_organisation_id AND abs(hashtext(e.id::text || 'co')) % 2 = 0`,
    [organisations],
  );

  // The plain copy PostGraphile serves.
  const tables = ['municipality', 'organisation', 'organisation_membership', 'contact', 'event', 'event_organiser'];
  await client.query('CREATE SCHEMA peers');
  for (const table of tables) {
    await client.query(`CREATE TABLE peers.${table} (LIKE public.${table} INCLUDING ALL)`);
    const { rows } = await client.query<{ columns: string }>(
      `SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) AS columns
       FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER'`,
      [table],
    );
    await client.query(`INSERT INTO peers.${table} (${rows[0]!.columns}) SELECT ${rows[0]!.columns} FROM public.${table}`);
  }
  await client.query(`
    ALTER TABLE peers.organisation ADD FOREIGN KEY (municipality_id) REFERENCES peers.municipality (id);
    ALTER TABLE peers.organisation_membership ADD FOREIGN KEY (member_id) REFERENCES peers.organisation (id);
    ALTER TABLE peers.organisation_membership ADD FOREIGN KEY (umbrella_id) REFERENCES peers.organisation (id);
    ALTER TABLE peers.contact ADD FOREIGN KEY (organisation_id) REFERENCES peers.organisation (id);
    ALTER TABLE peers.event ADD FOREIGN KEY (municipality_id) REFERENCES peers.municipality (id);
    ALTER TABLE peers.event ADD FOREIGN KEY (lead_organisation_id) REFERENCES peers.organisation (id);
    ALTER TABLE peers.event_organiser ADD FOREIGN KEY (event_id) REFERENCES peers.event (id);
    ALTER TABLE peers.event_organiser ADD FOREIGN KEY (organisation_id) REFERENCES peers.organisation (id);`);
  await client.query('ANALYZE');
}

/**
 * The pages as one hand-written SQL statement each (for pgbench, `:m` is the
 * municipality): the floor any GraphQL server over this database can reach.
 */
export const RAW_SQL = {
  events: `SELECT json_agg(page) FROM (
  SELECT e.id, e.title->>'de' AS title, e.starts_at, m.name AS municipality,
         (SELECT json_agg(json_build_object('role', eo.role, 'id', o.id, 'name', o.name, 'kind', o.kind)
                          ORDER BY eo.role = 'LEAD' DESC, eo.invited_at, eo.organisation_id)
            FROM peers.event_organiser eo JOIN peers.organisation o ON o.id = eo.organisation_id
           WHERE eo.event_id = e.id AND eo.status = 'ACCEPTED') AS organisers
  FROM peers.event e LEFT JOIN peers.municipality m ON m.id = e.municipality_id
  WHERE e.municipality_id = :m AND e.status = 'PUBLISHED' AND e.visibility = 'PUBLIC'
  ORDER BY e.starts_at, e.id LIMIT 50) page;
`,
  organisations: `SELECT json_agg(page) FROM (
  SELECT o.id, o.name, m.name AS municipality,
         (SELECT json_agg(json_build_object('id', f.id, 'name', f.name) ORDER BY f.sort_name, f.id)
            FROM peers.organisation_membership om JOIN peers.organisation f ON f.id = om.umbrella_id
           WHERE om.member_id = o.id) AS member_of,
         (SELECT json_agg(json_build_object('name', c.name, 'role', c.role, 'email', c.email) ORDER BY c.created_at, c.id)
            FROM peers.contact c WHERE c.organisation_id = o.id AND c.visibility = 'PUBLIC') AS contacts
  FROM peers.organisation o LEFT JOIN peers.municipality m ON m.id = o.municipality_id
  WHERE o.kind = 'MOSQUE'
  ORDER BY o.sort_name, o.id LIMIT 50) page;
`,
} as const;
