import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The directory: municipalities (the district's 28, shipped here), organisations
 * with search and geo indexes, contacts, umbrella memberships, and API keys.
 */
export class Directory1764000000000 implements MigrationInterface {
  name = 'Directory1764000000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE EXTENSION IF NOT EXISTS unaccent;
      CREATE EXTENSION IF NOT EXISTS cube;
      CREATE EXTENSION IF NOT EXISTS earthdistance;

      -- Folds case, accents and German umlauts ("München", "Muenchen", "MUENCHEN"
      -- all become "muenchen"), so search and sorting ignore them. IMMUTABLE (with
      -- the dictionary named) so generated columns and indexes may use it.
      CREATE FUNCTION wir_normalize(value text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $fn$
          SELECT lower(public.unaccent('public.unaccent'::regdictionary,
            replace(replace(replace(replace(replace(replace(replace(value,
              'ä', 'ae'), 'ö', 'oe'), 'ü', 'ue'), 'Ä', 'Ae'), 'Ö', 'Oe'), 'Ü', 'Ue'), 'ß', 'ss')))
        $fn$;

      -- All texts of a translations object ({"de": "...", "en": "..."}) as one string.
      CREATE FUNCTION wir_translations_text(translations jsonb) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
          SELECT coalesce(string_agg(value, ' '), '') FROM jsonb_each_text(coalesce(translations, '{}'::jsonb))
        $fn$;

      CREATE TABLE municipality (
        id uuid PRIMARY KEY,
        slug text NOT NULL UNIQUE,
        name text NOT NULL UNIQUE,
        official_key text UNIQUE CHECK (official_key ~ '^[0-9]{8}$'),
        district text NOT NULL,
        latitude double precision,
        longitude double precision
      );

      CREATE TABLE organisation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('ASSOCIATION', 'FEDERATION', 'MOSQUE', 'SUPPORT_CIRCLE',
          'MIGRANT_ORGANISATION', 'RELIGIOUS_COMMUNITY', 'PUBLIC_INSTITUTION', 'OTHER')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        short_name text,
        slug text NOT NULL UNIQUE,
        description jsonb NOT NULL DEFAULT '{}',
        original_language text NOT NULL DEFAULT 'de',
        street text,
        postal_code text,
        locality text,
        municipality_id uuid REFERENCES municipality (id),
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        website text,
        email text,
        phone text,
        languages text[] NOT NULL DEFAULT '{}',
        topics text[] NOT NULL DEFAULT '{}',
        barrier_free boolean,
        looking_for_partners boolean NOT NULL DEFAULT false,
        details jsonb NOT NULL DEFAULT '{}',
        verified boolean NOT NULL DEFAULT false,
        verified_at timestamptz,
        last_confirmed_at timestamptz,
        demo boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        sort_name text GENERATED ALWAYS AS (wir_normalize(name)) STORED,
        search_name text GENERATED ALWAYS AS (wir_normalize(name || ' ' || coalesce(short_name, ''))) STORED,
        search_document tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('german', wir_normalize(name || ' ' || coalesce(short_name, ''))), 'A') ||
          setweight(to_tsvector('german', wir_normalize(coalesce(locality, ''))), 'B') ||
          setweight(to_tsvector('german', wir_normalize(wir_translations_text(description))), 'C')
        ) STORED,
        CHECK ((latitude IS NULL) = (longitude IS NULL))
      );
      CREATE INDEX organisation_kind_idx ON organisation (kind);
      CREATE INDEX organisation_municipality_idx ON organisation (municipality_id);
      CREATE INDEX organisation_topics_idx ON organisation USING gin (topics);
      CREATE INDEX organisation_languages_idx ON organisation USING gin (languages);
      CREATE INDEX organisation_verified_idx ON organisation (verified);
      CREATE INDEX organisation_partners_idx ON organisation (looking_for_partners) WHERE looking_for_partners;
      CREATE INDEX organisation_name_order_idx ON organisation (sort_name, id);
      CREATE INDEX organisation_updated_order_idx ON organisation (updated_at DESC, id);
      CREATE INDEX organisation_search_idx ON organisation USING gin (search_document);
      CREATE INDEX organisation_name_trgm_idx ON organisation USING gin (search_name gin_trgm_ops);
      CREATE INDEX organisation_location_idx ON organisation USING gist (ll_to_earth(latitude, longitude))
        WHERE latitude IS NOT NULL;

      -- Umbrella memberships: member belongs to umbrella (a federation).
      CREATE TABLE organisation_membership (
        member_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
        umbrella_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (member_id, umbrella_id),
        CHECK (member_id <> umbrella_id)
      );
      CREATE INDEX organisation_membership_umbrella_idx ON organisation_membership (umbrella_id, member_id);

      CREATE TABLE contact (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
        name text NOT NULL,
        role text,
        email text,
        phone text,
        languages text[] NOT NULL DEFAULT '{}',
        visibility text NOT NULL CHECK (visibility IN ('PUBLIC', 'PARTNERS', 'COORDINATORS')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX contact_organisation_idx ON contact (organisation_id, created_at, id);

      CREATE TABLE api_key (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        label text NOT NULL,
        prefix text NOT NULL,
        secret_hash text NOT NULL UNIQUE,
        coordinator boolean NOT NULL DEFAULT false,
        organisation_id uuid REFERENCES organisation (id) ON DELETE CASCADE,
        role text CHECK (role IN ('VIEWER', 'EDITOR', 'ADMIN')),
        created_by_id uuid REFERENCES api_key (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz,
        revoked_at timestamptz,
        last_used_at timestamptz,
        -- A key is either a coordinator's or an organisation member's, never both.
        CHECK ((coordinator AND organisation_id IS NULL AND role IS NULL)
            OR (NOT coordinator AND organisation_id IS NOT NULL AND role IS NOT NULL))
      );
      CREATE INDEX api_key_organisation_idx ON api_key (organisation_id);

      INSERT INTO municipality (id, slug, name, district, latitude, longitude)
      SELECT md5('wir-hub:municipality:' || name)::uuid,
             trim(both '-' from regexp_replace(wir_normalize(name), '[^a-z0-9]+', '-', 'g')),
             name, 'Landkreis Kassel', latitude, longitude
      FROM (VALUES
      ('Ahnatal', 51.37, 9.40),
      ('Bad Emstal', 51.25, 9.24),
      ('Bad Karlshafen', 51.64, 9.45),
      ('Baunatal', 51.26, 9.42),
      ('Breuna', 51.42, 9.19),
      ('Calden', 51.41, 9.40),
      ('Espenau', 51.39, 9.47),
      ('Fuldabrück', 51.24, 9.50),
      ('Fuldatal', 51.39, 9.53),
      ('Grebenstein', 51.45, 9.42),
      ('Habichtswald', 51.30, 9.30),
      ('Helsa', 51.26, 9.69),
      ('Hofgeismar', 51.50, 9.38),
      ('Immenhausen', 51.43, 9.48),
      ('Kaufungen', 51.28, 9.62),
      ('Liebenau', 51.50, 9.28),
      ('Lohfelden', 51.27, 9.53),
      ('Naumburg', 51.25, 9.17),
      ('Nieste', 51.31, 9.68),
      ('Niestetal', 51.31, 9.57),
      ('Reinhardshagen', 51.49, 9.60),
      ('Schauenburg', 51.28, 9.35),
      ('Söhrewald', 51.22, 9.57),
      ('Trendelburg', 51.57, 9.42),
      ('Vellmar', 51.36, 9.47),
      ('Wesertal', 51.57, 9.58),
      ('Wolfhagen', 51.33, 9.17),
      ('Zierenberg', 51.37, 9.30)
      ) AS m (name, latitude, longitude);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      DROP TABLE api_key, contact, organisation_membership, organisation, municipality;
      DROP FUNCTION wir_translations_text(jsonb), wir_normalize(text);
    `);
  }
}
