import type { DataSource, EntityManager } from 'typeorm';
import { queryRows } from '../db/query-rows';
import { SqlParams } from '../shared/sql';

/**
 * Where a value can be: every column of every table that holds text (text,
 * varchar, text arrays, json, jsonb, tsvector), read from the catalog at the
 * time of the search. Reading the catalog instead of keeping a list means a
 * table or column added later is searched and erased too, without anyone
 * remembering to add it here.
 */

export type Db = DataSource | EntityManager;

/** Tables that never hold a person's data and must not be rewritten: the migration list, the erasure records. */
const SKIPPED_TABLES = new Set(['schema_migrations', 'personal_data_erasure']);

export interface TextColumn {
  column: string;
  kind: 'text' | 'array' | 'json' | 'tsvector';
  /** The type's name in the catalog (text, jsonb, json, _text, ...). */
  udt: string;
  /** Generated columns (search documents, sort names) follow their sources; they are searched, never written. */
  generated: boolean;
  nullable: boolean;
  /** Part of a unique index or primary key: replacing a value there could collide, so it is only searched. */
  unique: boolean;
}

export interface TextTable {
  table: string;
  /** Primary key columns, to name a record. */
  key: string[];
  columns: TextColumn[];
  /**
   * The table's rows carry a `version` (optimistic locking) and an
   * `updated_at`: a rewrite bumps and stamps them like any other write, so an
   * edit based on the copy from before the erasure is refused as stale.
   */
  versioned: boolean;
  stamped: boolean;
}

/** Quotes an identifier from the catalog for SQL text. */
export const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Every table of the hub's schema with text columns, with their columns and primary keys. */
export async function textTables(db: Db): Promise<TextTable[]> {
  const rows = await queryRows<{
    table_name: string;
    column_name: string;
    data_type: string;
    udt_name: string;
    is_generated: string;
    is_nullable: string;
    is_unique: boolean;
    is_key: boolean;
  }>(
    db,
    `SELECT c.table_name, c.column_name, c.data_type, c.udt_name, c.is_generated, c.is_nullable,
            EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                     WHERE i.indrelid = format('%I.%I', c.table_schema, c.table_name)::regclass
                       AND i.indisunique AND a.attname = c.column_name) AS is_unique,
            EXISTS (SELECT 1 FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)
                     WHERE i.indrelid = format('%I.%I', c.table_schema, c.table_name)::regclass
                       AND i.indisprimary AND a.attname = c.column_name) AS is_key
       FROM information_schema.columns c
       JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
      ORDER BY c.table_name, c.ordinal_position`,
  );
  const tables = new Map<string, TextTable>();
  for (const row of rows) {
    if (SKIPPED_TABLES.has(row.table_name)) continue;
    const table = tables.get(row.table_name) ?? {
      table: row.table_name,
      key: [],
      columns: [],
      versioned: false,
      stamped: false,
    };
    tables.set(row.table_name, table);
    if (row.is_key) table.key.push(row.column_name);
    if (row.column_name === 'version' && row.data_type === 'integer') table.versioned = true;
    if (row.column_name === 'updated_at' && row.data_type.startsWith('timestamp')) table.stamped = true;
    const kind = kindOf(row.data_type, row.udt_name);
    if (!kind) continue;
    table.columns.push({
      column: row.column_name,
      kind,
      udt: row.udt_name,
      generated: row.is_generated === 'ALWAYS',
      nullable: row.is_nullable === 'YES',
      unique: Boolean(row.is_unique),
    });
  }
  return [...tables.values()].filter((table) => table.columns.length);
}

function kindOf(dataType: string, udtName: string): TextColumn['kind'] | undefined {
  if (dataType === 'text' || dataType === 'character varying' || dataType === 'character') return 'text';
  if (dataType === 'ARRAY' && (udtName === '_text' || udtName === '_varchar')) return 'array';
  if (dataType === 'json' || dataType === 'jsonb') return 'json';
  if (dataType === 'tsvector') return 'tsvector';
  return undefined;
}

/** What is searched for: an e-mail address (any case) or a phone number (as written, and by its digits in phone columns). */
export interface Needle {
  kind: 'EMAIL' | 'PHONE';
  value: string;
}

/** A phone number's digits with a German country code as a leading 0, so "+49 561 12" and "0561/12" are one number. */
export function phoneDigits(phone: string): string {
  return phone
    .replace(/\(0\)/g, '')
    .replace(/[^0-9+]/g, '')
    .replace(/^(\+|00)49/, '0')
    .replace(/\+/g, '');
}

/** Separators people put between the digits of a phone number. */
const SEPARATORS = '[ /().-]*';

/**
 * A PostgreSQL regular expression for a phone number in any usual spelling:
 * "+49 561 7654321", "0049 (0)561 7654321", "0561/76 54 321" are one number.
 * Not inside a longer run of digits.
 */
export function phonePattern(phone: string): string {
  const digits = phoneDigits(phone);
  const rest = (from: number) => [...digits.slice(from)].join(SEPARATORS);
  const body = digits.startsWith('0')
    ? `(\\+49${SEPARATORS}(\\(0\\)${SEPARATORS})?|0049${SEPARATORS}(\\(0\\)${SEPARATORS})?|0)${SEPARATORS}${rest(1)}`
    : `(\\+|00)?${rest(0)}`;
  return `(?<![0-9])${body}(?![0-9])`;
}

/** Columns whose whole value is an address or number: a match clears them (they cannot hold a marker). */
export const isAddressColumn = (column: TextColumn) => /(^|_)(email|phone|url|website)$/.test(column.column);

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);
/** The value as a literal in a PostgreSQL regular expression (every non-alphanumeric character escaped). */
export const escapeRegex = (value: string) => value.replace(/[^A-Za-z0-9]/g, (c) => `\\${c}`);

/** The regular expression that finds the needle in a text (case-insensitive for e-mail: use the 'i' flag). */
export const needlePattern = (needle: Needle) =>
  needle.kind === 'EMAIL' ? escapeRegex(needle.value) : phonePattern(needle.value);

/** SQL condition: `column` of `alias` holds the needle. */
export function matchSql(alias: string, column: TextColumn, needle: Needle, params: SqlParams): string {
  const expr = `${alias}.${ident(column.column)}`;
  const text = column.kind === 'text' ? expr : `${expr}::text`;
  if (needle.kind === 'EMAIL') return `${text} ILIKE ${params.add(`%${escapeLike(needle.value)}%`, 'text')}`;
  return `${text} ~ ${params.add(phonePattern(needle.value), 'text')}`;
}

/** Columns never shown in a report: hashes and encrypted secrets are not the person's data and must not travel. */
const SECRET = /secret|hash|encrypted/;

/** One record that holds the needle: its table, key and the columns it is in. */
export interface Found {
  table: string;
  /** The primary key, as a JSON object of its columns. */
  key: Record<string, unknown>;
  columns: string[];
  /** The whole row (search documents and secrets left out), for the report. */
  row: Record<string, unknown>;
}

/** Every record of the database that holds the needle (one statement per table with text columns). */
export async function findEverywhere(db: Db, needle: Needle, tables?: TextTable[]): Promise<Found[]> {
  const found: Found[] = [];
  for (const table of tables ?? (await textTables(db))) {
    const params = new SqlParams();
    const matches = table.columns.map((column) => ({ column, sql: matchSql('t', column, needle, params) }));
    const flags = matches.map((match) => `CASE WHEN ${match.sql} THEN ${params.add(match.column.column, 'text')} END`);
    const key = table.key.length
      ? `jsonb_build_object(${table.key.map((column) => `'${column}', t.${ident(column)}`).join(', ')})`
      : `jsonb_build_object('ctid', t.ctid::text)`;
    const hidden = table.columns.filter((column) => column.kind === 'tsvector' || SECRET.test(column.column));
    const row = `to_jsonb(t) - ${params.add(
      hidden.map((column) => column.column),
      'text[]',
    )}`;
    const rows = await queryRows<{ key: unknown; columns: Array<string | null>; row: unknown }>(
      db,
      `SELECT ${key} AS key, array_remove(ARRAY[${flags.join(', ')}]::text[], NULL) AS columns, ${row} AS row
         FROM ${ident(table.table)} t WHERE ${matches.map((match) => match.sql).join(' OR ')}`,
      params.values,
    );
    for (const raw of rows) {
      found.push({
        table: table.table,
        key: asObject(raw.key),
        columns: (Array.isArray(raw.columns) ? raw.columns : parsePgArray(String(raw.columns))).filter(
          (column): column is string => Boolean(column),
        ),
        row: asObject(raw.row),
      });
    }
  }
  return found;
}

const asObject = (value: unknown): Record<string, unknown> =>
  (typeof value === 'string' ? JSON.parse(value) : (value ?? {})) as Record<string, unknown>;

/** A text[] as some drivers hand it over ("{a,b}"). Column names have no commas or quotes. */
function parsePgArray(text: string): string[] {
  const inner = text.replace(/^\{|\}$/g, '');
  return inner ? inner.split(',').map((part) => part.replace(/^"|"$/g, '')) : [];
}
