import type { EntityManager, ObjectLiteral } from 'typeorm';
import { forgetApiKeys, type Context } from '../access';
import {
  ContactEntity,
  OrganisationEntity,
  assertAuthenticated,
  assertCoordinator,
  eraseContacts,
  recordContactErasure,
  recordOrganisationErasure,
} from '../directory';
import { EventEntity, EventOrganiserEntity, recordEventErasure } from '../events';
import { hydrate } from '../db/hydrate';
import { queryRows, type Row } from '../db/query-rows';
import { withTransaction } from '../db/transaction';
import { insertRow } from '../db/write';
import { badInput, forbidden, notFound } from '../shared/errors';
import { parseGlobalId } from '../shared/global-id';
import { SqlParams } from '../shared/sql';
import { PersonalDataErasureEntity, type ErasureScopeValue } from './erasure.entity';
import {
  findEverywhere,
  ident,
  isAddressColumn,
  matchSql,
  needlePattern,
  phoneDigits,
  phonePattern,
  textTables,
  type Found,
  type Needle,
  type TextColumn,
  type TextTable,
} from './privacy.columns';

/**
 * Erasure (Art. 17 DSGVO/GDPR): a person's data goes from every place the
 * hub keeps it, in one transaction, and the erasure itself is recorded (who,
 * when, what kind, how many records where — never the data).
 *
 * 1. Contacts holding the address or number are erased by the directory
 *    (row deleted; their history values replaced by a marker; a
 *    CONTACT_REMOVED change recorded, so subscribers and webhooks hear of it).
 * 2. Every other copy is found by searching every text column of every table
 *    (privacy.columns.ts) and replaced by the marker in place: history values
 *    of organisations and events, API key labels, webhook descriptions and
 *    delivery excerpts, stored answers of idempotent requests, imported
 *    calendar texts, event and organisation texts. Columns that hold only an
 *    address or number (`email`, `phone`, `*_url`, `website`) are cleared
 *    instead; search documents are generated from their sources and follow.
 *    Organisations, contacts and events rewritten so are recorded as
 *    ordinary changes (version bumped, history with the marker as the old
 *    value, change-log entry): subscribers, webhooks and partners' caches
 *    hear of them, and an edit based on the old version is stale.
 * 3. This instance forgets the API keys it remembers (their labels may have
 *    changed); other instances within API_KEY_CACHE_MS.
 * 4. The database is searched again; what could not be rewritten (a unique
 *    column) is answered as `remaining`, so nobody believes an erasure that
 *    did not happen.
 */

/** What replaces erased values: says that something was there and when it went, not what it was. */
export function erasureMarker(at: Date): string {
  return `[gelöscht/erased ${at.toISOString().slice(0, 10)}]`;
}

/** An erasure as answered and recorded. */
export interface ErasureResult {
  id: number;
  scope: ErasureScopeValue;
  erasedAt: Date;
  erasedContacts: number;
  /** Records changed per place (`table` or `table.column`). */
  places: Record<string, number>;
  /** Records that still hold the value afterwards, per place (expected: none). */
  remaining: Record<string, number>;
}

/** The e-mail address or phone number of `personalDataReport` and `erasePersonalData`: exactly one. */
export function needleOf(input: { email?: string | null; phone?: string | null }): Needle {
  const email = input.email?.trim();
  const phone = input.phone?.trim();
  if (email && phone) throw badInput('input.phone', 'give either email or phone, not both (one request per value).');
  if (email) return { kind: 'EMAIL', value: email };
  if (phone) {
    if (phoneDigits(phone).length < 5) throw badInput('input.phone', 'must have at least 5 digits.');
    return { kind: 'PHONE', value: phone };
  }
  throw badInput('input.email', 'give the e-mail address (or the phone number in `phone`) to look for.');
}

const add = (into: Record<string, number>, place: string, count: number) => {
  if (count) into[place] = (into[place] ?? 0) + count;
};

/** SQL replacing the needle in `column` by the marker (or clearing an address column). */
function replacementSql(column: TextColumn, needle: Needle, marker: string, params: SqlParams): string {
  const expr = `t.${ident(column.column)}`;
  if (isAddressColumn(column) && column.nullable) return 'NULL';
  const pattern = params.add(needlePattern(needle), 'text');
  const mark = params.add(marker, 'text');
  const flags = needle.kind === 'EMAIL' ? `'gi'` : `'g'`;
  if (column.kind === 'json') return `regexp_replace(${expr}::text, ${pattern}, ${mark}, ${flags})::${column.udt}`;
  if (column.kind === 'array') {
    return `(SELECT coalesce(array_agg(regexp_replace(x, ${pattern}, ${mark}, ${flags}) ORDER BY n), '{}')
               FROM unnest(${expr}) WITH ORDINALITY AS u(x, n))`;
  }
  return `regexp_replace(${expr}, ${pattern}, ${mark}, ${flags})`;
}

/** Ids of the records found in `table`, by the key column `column`. */
const keysOf = (found: Found[], table: string, column: string) => [
  ...new Set(found.filter((record) => record.table === table).map((record) => String(record.key[column]))),
];

/** Rows of a table by id, locked (so what is recorded as "before" is what the rewrite replaces), hydrated. */
async function lockedById<T extends ObjectLiteral>(
  manager: EntityManager,
  table: 'organisation' | 'contact' | 'event',
  entity: new () => T,
  ids: string[],
): Promise<Map<string, T>> {
  if (!ids.length) return new Map();
  const rows = await queryRows(manager, `SELECT * FROM ${table} WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`, [ids]);
  return new Map(rows.map((row) => [String(row.id), hydrate(manager.connection, entity, row)]));
}

/**
 * Replaces every copy of the needle outside the contacts already erased;
 * answers records changed per place. Rows with a version are bumped and
 * stamped by the rewrite itself; organisations, contacts and events it
 * rewrote are then recorded by their slices as ordinary changes (history and
 * change log), so subscribers and webhooks hear of them and an edit based on
 * the old version is stale.
 */
async function sweep(
  ctx: Context,
  manager: EntityManager,
  tables: TextTable[],
  needle: Needle,
  marker: string,
): Promise<Record<string, number>> {
  const places: Record<string, number> = {};
  const found = await findEverywhere(manager, needle, tables);
  const byTable = new Map<string, Found[]>();
  for (const record of found) byTable.set(record.table, [...(byTable.get(record.table) ?? []), record]);
  const organisationsBefore = await lockedById(manager, 'organisation', OrganisationEntity, keysOf(found, 'organisation', 'id'));
  const contactsBefore = await lockedById(manager, 'contact', ContactEntity, keysOf(found, 'contact', 'id'));
  const eventsBefore = await lockedById(manager, 'event', EventEntity, [
    ...new Set([...keysOf(found, 'event', 'id'), ...keysOf(found, 'event_organiser', 'event_id')]),
  ]);
  const rewritten = new Map<string, Row[]>();
  for (const [name, records] of byTable) {
    const table = tables.find((candidate) => candidate.table === name)!;
    const matched = new Set(records.flatMap((record) => record.columns));
    if (name === 'organisation_name_word') {
      // Words of organisation names for fuzzy search, collected by a trigger: derived, so the word itself goes.
      const params = new SqlParams();
      const column = table.columns.find((candidate) => candidate.column === 'word')!;
      const rows = await queryRows(
        manager,
        `DELETE FROM organisation_name_word t WHERE ${matchSql('t', column, needle, params)} RETURNING 1`,
        params.values,
      );
      add(places, 'organisation_name_word.word', rows.length);
      continue;
    }
    const writable = table.columns.filter(
      (column) => matched.has(column.column) && !column.generated && !column.unique && column.kind !== 'tsvector',
    );
    if (!writable.length) continue;
    const params = new SqlParams();
    const sets = writable.map(
      (column) =>
        `${ident(column.column)} = CASE WHEN ${matchSql('t', column, needle, params)} THEN ${replacementSql(column, needle, marker, params)} ELSE t.${ident(column.column)} END`,
    );
    if (table.versioned) sets.push('version = t.version + 1');
    if (table.stamped) sets.push('updated_at = now()');
    const where = writable.map((column) => matchSql('t', column, needle, params)).join(' OR ');
    rewritten.set(
      name,
      await queryRows(manager, `UPDATE ${ident(name)} t SET ${sets.join(', ')} WHERE ${where} RETURNING t.*`, params.values),
    );
    for (const column of writable) {
      add(places, `${name}.${column.column}`, records.filter((record) => record.columns.includes(column.column)).length);
    }
  }
  for (const row of rewritten.get('organisation') ?? []) {
    const before = organisationsBefore.get(String(row.id))!;
    await recordOrganisationErasure(ctx, manager, before, hydrate(manager.connection, OrganisationEntity, row), marker);
  }
  for (const row of rewritten.get('contact') ?? []) {
    const before = contactsBefore.get(String(row.id))!;
    await recordContactErasure(ctx, manager, before, hydrate(manager.connection, ContactEntity, row), marker);
  }
  const eventsAfter = new Map(
    (rewritten.get('event') ?? []).map((row) => [String(row.id), hydrate(manager.connection, EventEntity, row)]),
  );
  const organisersOf = new Map<string, EventOrganiserEntity[]>();
  for (const row of rewritten.get('event_organiser') ?? []) {
    const organiser = hydrate(manager.connection, EventOrganiserEntity, row);
    organisersOf.set(organiser.eventId, [...(organisersOf.get(organiser.eventId) ?? []), organiser]);
  }
  for (const id of [...new Set([...eventsAfter.keys(), ...organisersOf.keys()])].sort()) {
    await recordEventErasure(
      ctx,
      manager,
      { before: eventsBefore.get(id)!, after: eventsAfter.get(id) ?? null, organisers: organisersOf.get(id) ?? [] },
      marker,
    );
  }
  return places;
}

/** Records that still hold a needle, per place. */
async function remainingOf(manager: EntityManager, tables: TextTable[], needles: Needle[]): Promise<Record<string, number>> {
  const remaining: Record<string, number> = {};
  for (const needle of needles) {
    for (const record of await findEverywhere(manager, needle, tables)) {
      for (const column of record.columns) add(remaining, `${record.table}.${column}`, 1);
    }
  }
  return remaining;
}

async function recordErasure(
  ctx: Context,
  manager: EntityManager,
  scope: ErasureScopeValue,
  erasedContacts: number,
  places: Record<string, number>,
  remaining: Record<string, number>,
): Promise<ErasureResult> {
  const row = (await insertRow(manager, PersonalDataErasureEntity, {
    scope,
    actorKeyId: ctx.viewer.keyId ?? null,
    actorOrganisationId: ctx.viewer.organisationId ?? null,
    actorCoordinator: ctx.viewer.coordinator,
    records: { erasedContacts, places, remaining },
  }))!;
  return { id: Number(row.id), scope, erasedAt: row.erasedAt, erasedContacts, places, remaining };
}

/** SQL: contacts holding the needle (e-mail in any case, phone in any spelling), locked. */
function contactsHolding(needle: Needle, params: SqlParams): string {
  const condition =
    needle.kind === 'EMAIL'
      ? `lower(c.email) = lower(${params.add(needle.value, 'text')})`
      : `c.phone ~ ${params.add(phonePattern(needle.value), 'text')}`;
  return `SELECT c.id FROM contact c WHERE ${condition} ORDER BY c.id FOR UPDATE`;
}

/** `erasePersonalData`: everything the hub holds under one e-mail address or phone number (coordinators). */
export async function erasePersonalData(
  ctx: Context,
  input: { email?: string | null; phone?: string | null },
): Promise<ErasureResult> {
  assertCoordinator(ctx.viewer, 'erase personal data');
  const needle = needleOf(input);
  return withTransaction(ctx.db, async (manager) => {
    const marker = erasureMarker(new Date());
    const params = new SqlParams();
    const ids = await queryRows<{ id: string }>(manager, contactsHolding(needle, params), params.values);
    const erased = await eraseContacts(
      ctx,
      manager,
      ids.map((row) => String(row.id)),
      marker,
    );
    const places: Record<string, number> = {};
    add(places, 'contact', erased.contacts.length);
    add(places, 'organisation_history.changes', erased.historyEntries);
    const tables = await textTables(manager);
    for (const [place, count] of Object.entries(await sweep(ctx, manager, tables, needle, marker))) add(places, place, count);
    const remaining = await remainingOf(manager, tables, [needle]);
    return recordErasure(ctx, manager, needle.kind, erased.contacts.length, places, remaining);
  }).finally(() => forgetApiKeys(ctx.db));
}

/**
 * `eraseContact`: one contact and its traces (coordinators, and the ADMIN
 * keys of the contact's organisation). Its e-mail address and phone number
 * are erased from the other copies too, unless another contact still uses
 * them (a shared office address stays with the contacts that have it).
 */
export async function eraseContact(ctx: Context, globalId: string): Promise<ErasureResult> {
  const id = parseGlobalId(globalId, 'Contact', 'id');
  assertAuthenticated(ctx.viewer);
  const contact = await ctx.db.getRepository(ContactEntity).findOneBy({ id });
  if (!contact) throw notFound('The contact', 'id');
  if (!ctx.viewer.coordinator && !ctx.viewer.administersOrganisation(contact.organisationId)) {
    throw forbidden("Only coordinators and the organisation's ADMIN keys may erase a contact.");
  }
  return withTransaction(ctx.db, async (manager) => {
    const marker = erasureMarker(new Date());
    const erased = await eraseContacts(ctx, manager, [id], marker);
    const gone = erased.contacts[0];
    if (!gone) throw notFound('The contact', 'id');
    const places: Record<string, number> = { contact: 1 };
    add(places, 'organisation_history.changes', erased.historyEntries);
    const needles: Needle[] = [];
    if (gone.email) needles.push({ kind: 'EMAIL', value: gone.email });
    if (gone.phone) needles.push({ kind: 'PHONE', value: gone.phone });
    const tables = await textTables(manager);
    const swept: Needle[] = [];
    for (const needle of needles) {
      const params = new SqlParams();
      const others = await queryRows(manager, contactsHolding(needle, params), params.values);
      if (others.length) continue;
      swept.push(needle);
      for (const [place, count] of Object.entries(await sweep(ctx, manager, tables, needle, marker))) add(places, place, count);
    }
    const remaining = await remainingOf(manager, tables, swept);
    return recordErasure(ctx, manager, 'CONTACT', 1, places, remaining);
  }).finally(() => forgetApiKeys(ctx.db));
}
