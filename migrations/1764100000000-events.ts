import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events and joint planning: campaigns, events with organisers (lead, co-hosts,
 * supporters and their invitations), the per-event history, and the change log
 * that live updates and delta sync read.
 */
export class Events1764100000000 implements MigrationInterface {
  name = 'Events1764100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE campaign (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        slug text NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('ACTION_DAY', 'ACTION_WEEK', 'PROGRAMME')),
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        description jsonb NOT NULL DEFAULT '{}',
        original_language text NOT NULL DEFAULT 'de',
        participation_deadline date,
        demo boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CHECK (ends_on >= starts_on)
      );
      CREATE INDEX campaign_order_idx ON campaign (starts_on DESC, id);

      CREATE TABLE event (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title jsonb NOT NULL,
        summary jsonb NOT NULL DEFAULT '{}',
        description jsonb NOT NULL DEFAULT '{}',
        original_language text NOT NULL DEFAULT 'de',
        category text NOT NULL CHECK (category IN ('OPEN_HOUSE', 'FESTIVAL', 'INFORMATION', 'LANGUAGE_CAFE',
          'LANGUAGE_COURSE', 'WORKSHOP', 'TRAINING', 'SPORTS', 'CULTURE', 'RELIGIOUS', 'DIALOGUE', 'MEETING', 'OTHER')),
        topics text[] NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'DRAFT' CHECK (status IN ('DRAFT', 'PLANNING', 'PUBLISHED', 'CANCELLED')),
        visibility text NOT NULL DEFAULT 'PUBLIC' CHECK (visibility IN ('PUBLIC', 'PARTNERS', 'ORGANISERS')),
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        time_zone text NOT NULL DEFAULT 'Europe/Berlin',
        all_day boolean NOT NULL DEFAULT false,
        recurrence text,
        -- End of the last occurrence: ends_at for single events, 'infinity' for
        -- open-ended series. With starts_at it bounds every occurrence, so time
        -- windows are answered from the index without expanding RRULEs.
        last_ends_at timestamptz NOT NULL,
        attendance_mode text NOT NULL DEFAULT 'IN_PERSON' CHECK (attendance_mode IN ('IN_PERSON', 'ONLINE', 'HYBRID')),
        venue_id uuid REFERENCES organisation (id) ON DELETE SET NULL,
        street text,
        postal_code text,
        locality text,
        municipality_id uuid REFERENCES municipality (id),
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        online_url text,
        languages text[] NOT NULL DEFAULT '{}',
        interpreting_languages text[] NOT NULL DEFAULT '{}',
        barrier_free boolean,
        childcare boolean,
        free boolean,
        capacity integer CHECK (capacity > 0),
        registration_url text,
        campaign_id uuid REFERENCES campaign (id) ON DELETE SET NULL,
        lead_organisation_id uuid NOT NULL REFERENCES organisation (id),
        cancellation_reason text,
        published_at timestamptz,
        demo boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        search_document tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('german', wir_normalize(wir_translations_text(title))), 'A') ||
          setweight(to_tsvector('german', wir_normalize(wir_translations_text(summary))), 'B') ||
          setweight(to_tsvector('german', wir_normalize(coalesce(locality, ''))), 'B') ||
          setweight(to_tsvector('german', wir_normalize(wir_translations_text(description))), 'C')
        ) STORED,
        CHECK (ends_at >= starts_at),
        CHECK (last_ends_at >= ends_at),
        CHECK ((latitude IS NULL) = (longitude IS NULL))
      );
      CREATE INDEX event_period_idx ON event USING gist (tstzrange(starts_at, last_ends_at, '[]'));
      CREATE INDEX event_starts_order_idx ON event (starts_at, id);
      CREATE INDEX event_updated_order_idx ON event (updated_at DESC, id);
      CREATE INDEX event_status_idx ON event (status, visibility);
      CREATE INDEX event_category_idx ON event (category);
      CREATE INDEX event_topics_idx ON event USING gin (topics);
      CREATE INDEX event_languages_idx ON event USING gin (languages);
      CREATE INDEX event_interpreting_idx ON event USING gin (interpreting_languages);
      CREATE INDEX event_attendance_idx ON event (attendance_mode);
      CREATE INDEX event_barrier_free_idx ON event (barrier_free) WHERE barrier_free;
      CREATE INDEX event_free_idx ON event (free) WHERE free;
      CREATE INDEX event_municipality_idx ON event (municipality_id, starts_at);
      CREATE INDEX event_campaign_idx ON event (campaign_id, starts_at);
      CREATE INDEX event_lead_idx ON event (lead_organisation_id, starts_at);
      CREATE INDEX event_venue_idx ON event (venue_id);
      CREATE INDEX event_search_idx ON event USING gin (search_document);
      CREATE INDEX event_location_idx ON event USING gist (ll_to_earth(latitude, longitude)) WHERE latitude IS NOT NULL;

      -- Every organisation on an event: the lead (ACCEPTED from the start) and invited co-hosts and supporters.
      CREATE TABLE event_organiser (
        event_id uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
        organisation_id uuid NOT NULL REFERENCES organisation (id),
        role text NOT NULL CHECK (role IN ('LEAD', 'CO_HOST', 'SUPPORTER')),
        status text NOT NULL CHECK (status IN ('INVITED', 'ACCEPTED', 'DECLINED', 'WITHDRAWN')),
        message text,
        response_message text,
        invited_at timestamptz NOT NULL DEFAULT now(),
        responded_at timestamptz,
        invited_by_key_id uuid REFERENCES api_key (id) ON DELETE SET NULL,
        PRIMARY KEY (event_id, organisation_id)
      );
      CREATE UNIQUE INDEX event_organiser_one_lead_idx ON event_organiser (event_id) WHERE role = 'LEAD';
      CREATE INDEX event_organiser_organisation_idx ON event_organiser (organisation_id, status, event_id);

      -- Who changed what on an event, written in the same transaction as the change.
      CREATE TABLE event_history (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id uuid NOT NULL REFERENCES event (id) ON DELETE CASCADE,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        kind text NOT NULL,
        actor_key_id uuid REFERENCES api_key (id) ON DELETE SET NULL,
        actor_label text,
        actor_organisation_id uuid REFERENCES organisation (id) ON DELETE SET NULL,
        actor_coordinator boolean NOT NULL DEFAULT false,
        changes jsonb NOT NULL DEFAULT '[]',
        version integer NOT NULL
      );
      CREATE INDEX event_history_event_idx ON event_history (event_id, id);

      -- The change log behind subscriptions and delta sync. No foreign key: an
      -- entry outlives a deleted event. Appends are serialised (advisory lock)
      -- so cursors become visible in increasing order and readers never skip one.
      CREATE TABLE change_log (
        cursor bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        event_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN ('CREATED', 'UPDATED', 'PUBLISHED', 'CANCELLED', 'DELETED', 'ORGANISERS_CHANGED')),
        changed_fields text[] NOT NULL DEFAULT '{}',
        version integer NOT NULL,
        -- Organisations whose invitations this change concerns (invitationChanged).
        organisation_ids uuid[] NOT NULL DEFAULT '{}',
        occurred_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX change_log_event_idx ON change_log (event_id, cursor);
      CREATE INDEX change_log_time_idx ON change_log (occurred_at);
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query('DROP TABLE change_log, event_history, event_organiser, event, campaign');
  }
}
