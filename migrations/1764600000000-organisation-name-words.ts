import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Typo-tolerant organisation search. Trigram similarity of a typed word
 * against a whole name is too weak ("moshee" vs "moscheegemeinde vellmar"
 * scores 0.43, under the 0.6 word-similarity threshold), so, as the
 * PostgreSQL manual suggests for spelling correction, we keep the words that
 * occur in organisation names, find the known words a typed word is probably
 * a typo of (trigram similarity, GIN index), and search the full text for any
 * of them ("moshee" → moshee:* | moschee:*, and through the German stem
 * "mosche:*" also "Moscheegemeinde"). The whole-name trigram condition goes,
 * and with it its index: it matched across words and so broke the rule that
 * every word of a search must match.
 */
export class OrganisationNameWords1764600000000 implements MigrationInterface {
  name = 'OrganisationNameWords1764600000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      -- The words of a text, normalised like the search columns; words under 3
      -- characters ("e", "V" of "e.V.") are no use for typo correction.
      -- Splitting on ASCII space and punctuation only keeps non-Latin letters in words.
      CREATE FUNCTION wir_words(value text) RETURNS text[]
        LANGUAGE sql IMMUTABLE PARALLEL SAFE RETURNS NULL ON NULL INPUT AS $fn$
          SELECT coalesce(array_agg(DISTINCT word), '{}')
          FROM regexp_split_to_table(wir_normalize(value), '[[:space:][:punct:]]+') AS word
          WHERE length(word) >= 3
        $fn$;

      -- Every word that occurs (or occurred) in an organisation's name or short
      -- name. Words are never removed: a stale word only widens a search, which
      -- must still match the organisation's own text.
      CREATE TABLE organisation_name_word (word text PRIMARY KEY);
      CREATE INDEX organisation_name_word_trgm_idx ON organisation_name_word USING gin (word gin_trgm_ops);

      CREATE FUNCTION organisation_name_words_collect() RETURNS trigger
        LANGUAGE plpgsql AS $fn$
          BEGIN
            INSERT INTO organisation_name_word (word)
            SELECT unnest(wir_words(NEW.name || ' ' || coalesce(NEW.short_name, '')))
            ON CONFLICT DO NOTHING;
            RETURN NULL;
          END
        $fn$;
      CREATE TRIGGER organisation_name_words AFTER INSERT OR UPDATE OF name, short_name ON organisation
        FOR EACH ROW EXECUTE FUNCTION organisation_name_words_collect();

      INSERT INTO organisation_name_word (word)
      SELECT DISTINCT unnest(wir_words(name || ' ' || coalesce(short_name, ''))) FROM organisation
      ON CONFLICT DO NOTHING;

      -- The search as a German prefix tsquery: every word must match, as
      -- itself or as one of the (at most 5) most similar name words of about
      -- its length (a typo changes a character or two; "moscheegemeinde" is
      -- not a typo of "moschee", though similar by trigrams).
      -- Words arrive as letters and digits only; name words are quoted, so
      -- nothing in them is tsquery syntax.
      CREATE FUNCTION wir_fuzzy_tsquery(words text[]) RETURNS tsquery
        LANGUAGE sql STABLE PARALLEL SAFE AS $fn$
          SELECT to_tsquery('german', coalesce(string_agg(alternatives, ' & ' ORDER BY position), ''))
          FROM (
            SELECT q.position, '(' || string_agg(quote_literal(a.word) || ':*', ' | ' ORDER BY a.word) || ')' AS alternatives
            FROM unnest(words) WITH ORDINALITY AS q (word, position)
            CROSS JOIN LATERAL (
              SELECT wir_normalize(q.word) AS word
              UNION
              (SELECT v.word FROM organisation_name_word v
                WHERE v.word % wir_normalize(q.word)
                  AND abs(length(v.word) - length(wir_normalize(q.word))) <= 2
                ORDER BY similarity(v.word, wir_normalize(q.word)) DESC, v.word
                LIMIT 5)
            ) AS a
            GROUP BY q.position
          ) AS per_word
        $fn$;

      DROP INDEX organisation_name_trgm_idx;
    `);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE INDEX organisation_name_trgm_idx ON organisation USING gin (search_name gin_trgm_ops);
      DROP FUNCTION wir_fuzzy_tsquery(text[]);
      DROP TRIGGER organisation_name_words ON organisation;
      DROP FUNCTION organisation_name_words_collect();
      DROP TABLE organisation_name_word;
      DROP FUNCTION wir_words(text);
    `);
  }
}
