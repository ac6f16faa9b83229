import { GraphQLEnumType } from 'graphql';
import { Role } from '../../src/access/access.types';
import { queryRows } from '../../src/db/query-rows';
import { ContactVisibility, OrganisationKind, PublicationBasisKind } from '../../src/directory/directory.enums';
import { ErasureScope } from '../../src/privacy/privacy.enums';
import { OrganisationChangeKind } from '../../src/directory/organisation-history';
import {
  AttendanceMode,
  CampaignKind,
  ChangeKind,
  EventCategory,
  EventStatus,
  EventVisibility,
  OrganiserRole,
  ParticipationStatus,
} from '../../src/events/event.enums';
import { WebhookDeliveryStatus } from '../../src/webhooks/webhook.types';
import { TestHub } from '../helpers/hub';

/**
 * Every enum has one source, its TypeScript enum: the GraphQL enum is
 * registered from it, and the stored values' types are derived from it
 * (`EventStatusValue = \`${EventStatus}\``). What is left to agree are the
 * migrations' CHECK constraints, hand-written SQL: this test fails when an
 * enum gains or loses a value that the database does not (or the other way
 * round), and when the GraphQL schema's enum is not the TypeScript one.
 */
/** `subject`: for a column whose CHECK is per subject (`subject <> 'X' OR kind IN (...)`), the subject's constraint. */
const STORED: Array<{ table: string; column: string; values: Record<string, string>; graphql: string; subject?: string }> = [
  { table: 'organisation', column: 'kind', values: OrganisationKind, graphql: 'OrganisationKind' },
  { table: 'contact', column: 'visibility', values: ContactVisibility, graphql: 'Visibility' },
  { table: 'contact', column: 'publication_basis', values: PublicationBasisKind, graphql: 'PublicationBasisKind' },
  { table: 'personal_data_erasure', column: 'scope', values: ErasureScope, graphql: 'ErasureScope' },
  { table: 'api_key', column: 'role', values: Role, graphql: 'Role' },
  { table: 'campaign', column: 'kind', values: CampaignKind, graphql: 'CampaignKind' },
  { table: 'event', column: 'category', values: EventCategory, graphql: 'EventCategory' },
  { table: 'event', column: 'status', values: EventStatus, graphql: 'EventStatus' },
  { table: 'event', column: 'visibility', values: EventVisibility, graphql: 'EventVisibility' },
  { table: 'event', column: 'attendance_mode', values: AttendanceMode, graphql: 'AttendanceMode' },
  { table: 'event_organiser', column: 'role', values: OrganiserRole, graphql: 'OrganiserRole' },
  { table: 'event_organiser', column: 'status', values: ParticipationStatus, graphql: 'ParticipationStatus' },
  { table: 'change_log', column: 'kind', values: ChangeKind, graphql: 'ChangeKind', subject: 'EVENT' },
  {
    table: 'change_log',
    column: 'kind',
    values: OrganisationChangeKind,
    graphql: 'OrganisationChangeKind',
    subject: 'ORGANISATION',
  },
  { table: 'webhook_delivery', column: 'status', values: WebhookDeliveryStatus, graphql: 'WebhookDeliveryStatus' },
  { table: 'organisation_history', column: 'kind', values: OrganisationChangeKind, graphql: 'OrganisationChangeKind' },
];

let hub: TestHub;

beforeAll(async () => {
  hub = await TestHub.start();
});
afterAll(() => hub?.stop());

/** The values a column's CHECK (column IN (...)) constraint allows, as the database prints it. */
async function checkedValues(table: string, column: string, subject?: string): Promise<string[]> {
  const rows = await queryRows<{ definition: string }>(
    hub.db,
    `SELECT pg_get_constraintdef(c.oid) AS definition
       FROM pg_constraint c
      WHERE c.contype = 'c' AND c.conrelid = $1::regclass`,
    [table],
  );
  const matching = rows
    .map((row) => row.definition)
    .filter((definition) => definition.includes(`(${column} = ANY`) && (!subject || definition.includes(`'${subject}'::text`)));
  expect(matching).toHaveLength(1);
  return [...matching[0]!.matchAll(/'([^']+)'::text/g)]
    .map((match) => match[1]!)
    .filter((value) => value !== subject)
    .sort();
}

test.each(STORED)('$table $column allows exactly the values of $graphql', async ({ table, column, values, graphql, subject }) => {
  const expected = Object.values(values).sort();
  expect(await checkedValues(table, column, subject)).toEqual(expected);
  const type = hub.hub.schema.getType(graphql);
  expect(type).toBeInstanceOf(GraphQLEnumType);
  expect(
    (type as GraphQLEnumType)
      .getValues()
      .map((value) => value.value)
      .sort(),
  ).toEqual(expected);
});
