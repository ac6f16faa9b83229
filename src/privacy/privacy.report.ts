import type { Context } from '../access';
import { assertCoordinator } from '../directory';
import { queryRows } from '../db/query-rows';
import { findEverywhere, type Found, type Needle } from './privacy.columns';
import { needleOf } from './privacy.erase';

/**
 * Access and portability (Art. 15 and 20 DSGVO/GDPR): every record that
 * holds an e-mail address or phone number — found by searching every text
 * column of every table, like the erasure — with where it came from, as JSON
 * and as a readable document (German first, English in brackets).
 */

export interface ReportRecord {
  /** The table ("contact", "organisation_history", ...). */
  place: string;
  /** The record's primary key. */
  recordId: Record<string, unknown>;
  /** The columns that hold the value. */
  fields: string[];
  /** Where the record came from, for people. */
  origin: string;
  /** When it was written, where the table knows. */
  recordedAt: Date | null;
  /** The record as stored (secrets and search documents left out). */
  data: Record<string, unknown>;
}

export interface PersonalDataReportValue {
  kind: Needle['kind'];
  value: string;
  generatedAt: Date;
  records: ReportRecord[];
}

const str = (value: unknown) => (value === null || value === undefined ? '' : String(value));
const day = (value: unknown) => (value ? new Date(String(value)).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : '?');
const by = (label: unknown) => (label ? ` durch „${str(label)}“` : '');
const titleOf = (title: unknown) => {
  const texts = (typeof title === 'string' ? JSON.parse(title) : (title ?? {})) as Record<string, string>;
  return texts.de ?? Object.values(texts)[0] ?? '?';
};

/** When each kind of record was written (the first of these columns it has). */
const WRITTEN_AT = ['occurred_at', 'created_at', 'last_attempt_at', 'updated_at'];

/** Names of the organisations and titles of the events the records point to (two statements at most). */
async function namesFor(ctx: Context, found: Found[]) {
  const organisationIds = new Set<string>();
  const eventIds = new Set<string>();
  for (const { row } of found) {
    for (const key of ['organisation_id', 'owner_organisation_id', 'lead_organisation_id'])
      if (row[key]) organisationIds.add(str(row[key]));
    if (row.event_id) eventIds.add(str(row.event_id));
  }
  const organisations = new Map<string, string>();
  const events = new Map<string, string>();
  if (organisationIds.size) {
    const rows = await queryRows<{ id: string; name: string }>(
      ctx.db,
      'SELECT id, name FROM organisation WHERE id = ANY($1::uuid[])',
      [[...organisationIds]],
    );
    for (const row of rows) organisations.set(String(row.id), row.name);
  }
  if (eventIds.size) {
    const rows = await queryRows<{ id: string; title: unknown }>(
      ctx.db,
      'SELECT id, title FROM event WHERE id = ANY($1::uuid[])',
      [[...eventIds]],
    );
    for (const row of rows) events.set(String(row.id), titleOf(row.title));
  }
  return { organisations, events };
}

/** Who added each contact (its CONTACT_ADDED history entry), one statement. */
async function contactOrigins(ctx: Context, found: Found[]): Promise<Map<string, { label: unknown; at: unknown }>> {
  const ids = found.filter((record) => record.table === 'contact').map((record) => str(record.row.id));
  const origins = new Map<string, { label: unknown; at: unknown }>();
  if (!ids.length) return origins;
  const rows = await queryRows<{ contact_id: string; actor_label: unknown; occurred_at: unknown }>(
    ctx.db,
    `SELECT DISTINCT ON (contact_id) contact_id, actor_label, occurred_at FROM organisation_history
      WHERE contact_id = ANY($1::uuid[]) AND kind = 'CONTACT_ADDED' ORDER BY contact_id, id`,
    [ids],
  );
  for (const row of rows) origins.set(String(row.contact_id), { label: row.actor_label, at: row.occurred_at });
  return origins;
}

/** Where a record came from, for people (German, with the English in brackets). */
function originOf(
  record: Found,
  names: Awaited<ReturnType<typeof namesFor>>,
  contacts: Map<string, { label: unknown; at: unknown }>,
): string {
  const { row } = record;
  const organisation = `„${names.organisations.get(str(row.organisation_id)) ?? '?'}“`;
  const event = `„${names.events.get(str(row.event_id)) ?? '?'}“`;
  switch (record.table) {
    case 'contact': {
      const added = contacts.get(str(row.id));
      return `Kontaktperson der Organisation ${organisation}, angelegt am ${day(added?.at ?? row.created_at)}${by(added?.label)} (contact person of the organisation, added through the API)`;
    }
    case 'organisation_history':
      return `Verlauf der Organisation ${organisation}: ${str(row.kind)} am ${day(row.occurred_at)}${by(row.actor_label)} (organisation history: old and new values of a change)`;
    case 'event_history':
      return `Verlauf der Veranstaltung ${event}: ${str(row.kind)} am ${day(row.occurred_at)}${by(row.actor_label)} (event history)`;
    case 'organisation':
      return `Eintrag der Organisation „${str(row.name)}“ im Verzeichnis (the organisation's own directory entry)`;
    case 'event':
      return `Veranstaltung „${titleOf(row.title)}“, ${
        row.source_id
          ? 'importiert aus einem verknüpften Kalender (imported from a linked calendar)'
          : row.source_uid
            ? 'importiert aus einer Kalenderdatei (imported from an iCalendar text)'
            : 'eingegeben über die API (entered through the API)'
      }`;
    case 'event_organiser':
      return `Nachricht zu einer Einladung zur Veranstaltung ${event} (message of an organiser invitation)`;
    case 'api_key':
      return `Bezeichnung des API-Schlüssels ${str(row.prefix)}…, angelegt am ${day(row.created_at)} (label of an API key)`;
    case 'feed_token':
      return `Bezeichnung eines Kalender-Abos, angelegt am ${day(row.created_at)} (label of a calendar feed token)`;
    case 'webhook':
      return `Beschreibung des Webhooks an ${str(row.url)}, angelegt am ${day(row.created_at)} (webhook description)`;
    case 'webhook_delivery':
      return `Antwort des Partner-Endpunkts auf Zustellung ${str(row.id)} am ${day(row.last_attempt_at ?? row.created_at)} (excerpt of a webhook endpoint's response)`;
    case 'idempotency_key':
      return `Gespeicherte Antwort einer wiederholbaren Anfrage (Idempotency-Key) vom ${day(row.created_at)}, wird nach 24 Stunden gelöscht (stored answer of an idempotent request, deleted after 24 h)`;
    case 'calendar_source':
      return `Verknüpfter Kalender ${str(row.url)} (linked calendar source)`;
    default:
      return `Tabelle ${record.table}, Spalten ${record.columns.join(', ')} (table and columns)`;
  }
}

/** `personalDataReport`: every record holding the value, with its origin (coordinators). */
export async function personalDataReport(
  ctx: Context,
  input: { email?: string | null; phone?: string | null },
): Promise<PersonalDataReportValue> {
  assertCoordinator(ctx.viewer, 'read personal data reports');
  const needle = needleOf(input);
  const found = await findEverywhere(ctx.db, needle);
  const [names, contacts] = await Promise.all([namesFor(ctx, found), contactOrigins(ctx, found)]);
  const records = found.map((record): ReportRecord => {
    const written = WRITTEN_AT.map((column) => record.row[column]).find(Boolean);
    return {
      place: record.table,
      recordId: record.key,
      fields: record.columns,
      origin: originOf(record, names, contacts),
      recordedAt: written ? new Date(String(written)) : null,
      data: record.row,
    };
  });
  return { kind: needle.kind, value: needle.value, generatedAt: new Date(), records };
}

/** The report as one JSON document (Art. 20: in a structured, machine-readable format). */
export function reportJson(report: PersonalDataReportValue): Record<string, unknown> {
  return {
    subject: { kind: report.kind, value: report.value },
    generatedAt: report.generatedAt.toISOString(),
    records: report.records.map((record) => ({
      ...record,
      recordedAt: record.recordedAt?.toISOString() ?? null,
    })),
  };
}

/** The report as a readable document (Markdown): what is stored, where, and where it came from. */
export function reportDocument(report: PersonalDataReportValue): string {
  const what = report.kind === 'EMAIL' ? 'der E-Mail-Adresse' : 'der Telefonnummer';
  const lines = [
    `# Auskunft über gespeicherte Daten (Art. 15 DSGVO) – personal data report`,
    '',
    `Gesucht wurde nach ${what} \`${report.value}\` in allen Textspalten aller Tabellen des Hubs, Stand ${day(report.generatedAt)}.`,
    `(Every text column of every table was searched for this ${report.kind === 'EMAIL' ? 'e-mail address' : 'phone number'}.)`,
    '',
    report.records.length
      ? `Gefunden: ${report.records.length} Datensätze (records found).`
      : 'Keine Datensätze gefunden (no records found).',
  ];
  report.records.forEach((record, index) => {
    lines.push('', `## ${index + 1}. ${record.place}`, '', `- Herkunft (origin): ${record.origin}`);
    lines.push(`- Gespeichert am (recorded): ${record.recordedAt ? day(record.recordedAt) : 'unbekannt (unknown)'}`);
    lines.push(`- Felder (fields): ${record.fields.join(', ')}`);
    lines.push(`- Schlüssel (record id): \`${JSON.stringify(record.recordId)}\``);
    lines.push('- Inhalt (data):', '', '```json', JSON.stringify(record.data, null, 2), '```');
  });
  lines.push(
    '',
    'Nicht enthalten (not included): Sicherungskopien und Server-Logs, die der Betreiber selbst aufbewahrt (backups and server logs kept by the operator), siehe docs/datenschutz.md.',
  );
  return lines.join('\n');
}
