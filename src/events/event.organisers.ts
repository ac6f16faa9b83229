import type { EntityManager } from 'typeorm';
import type { Context } from '../access';
import { queryRows } from '../db/query-rows';
import { withTransaction } from '../db/transaction';
import { insertRows, NOW, updateRows } from '../db/write';
import { badInput, conflict } from '../shared/errors';
import { globalId, parseGlobalId } from '../shared/global-id';
import { cleanText } from '../shared/text';
import {
  EventOrganiserEntity,
  type EventEntity,
  type FieldChange,
  type OrganiserRoleValue,
  type ParticipationStatusValue,
} from './event.entity';
import { MAX_MESSAGE, type InvitationInput } from './event.inputs';
import type { ChangeKindValue } from './event.changes';
import { transition } from './event.lifecycle';
import {
  ACTIVE_ORGANISER_STATUSES,
  assertAuthenticated,
  assertCanAnswerFor,
  assertCanEditEvent,
  assertCanWithdraw,
} from './event.policy';
import { loadEvent, record, touchEvent } from './event.store';
import { EventHistoryKind } from './event.enums';

/**
 * The organiser workflow: the lead invites co-hosts and supporters, who
 * accept or decline, and may withdraw later. Organiser changes lock the
 * event row (so they take turns), bump its version and record the change.
 */

export const MAX_INVITATIONS = 50;

/** An organiser as history shows it. */
export function organiserValue(
  organiser: Pick<EventOrganiserEntity, 'organisationId' | 'role' | 'status' | 'message' | 'responseMessage'>,
) {
  return {
    organisation: globalId('Organisation', organiser.organisationId),
    role: organiser.role,
    status: organiser.status,
    message: organiser.message ?? null,
    responseMessage: organiser.responseMessage ?? null,
  };
}

function cleanMessage(message: string | null | undefined, field: string): string | null {
  const text = cleanText(message, field);
  if (text && text.length > MAX_MESSAGE) throw badInput(field, `must be at most ${MAX_MESSAGE} characters.`);
  return text;
}

export async function inviteOrganisers(
  ctx: Context,
  eventGlobalId: string,
  invitations: InvitationInput[],
): Promise<EventEntity> {
  const id = parseGlobalId(eventGlobalId, 'Event', 'eventId');
  if (!invitations.length) throw badInput('invitations', 'invite at least one organisation.');
  if (invitations.length > MAX_INVITATIONS) throw badInput('invitations', `at most ${MAX_INVITATIONS} invitations at once.`);
  const wanted = invitations.map((invitation, index) => {
    const field = `invitations[${index}]`;
    const role = (invitation.role ?? 'CO_HOST') as OrganiserRoleValue;
    if (role === 'LEAD') throw badInput(`${field}.role`, 'an event has one lead; invite as CO_HOST or SUPPORTER.');
    return {
      organisationId: parseGlobalId(invitation.organisationId, 'Organisation', `${field}.organisationId`),
      role,
      message: cleanMessage(invitation.message, `${field}.message`),
      field,
    };
  });
  wanted.forEach((invitation, index) => {
    if (wanted.findIndex((other) => other.organisationId === invitation.organisationId) !== index) {
      throw badInput(`invitations[${index}].organisationId`, 'this organisation is invited twice in the same request.');
    }
  });
  assertAuthenticated(ctx.viewer);

  return withTransaction(ctx.db, async (manager) => {
    const { event, organisers } = await loadEvent(ctx, manager, id, true, 'eventId');
    assertCanEditEvent(ctx.viewer, event);
    const { to, change } = transition('invite', event);
    const existing = await queryRows<{ id: string }>(manager, 'SELECT id FROM organisation WHERE id = ANY($1::uuid[])', [
      wanted.map((w) => w.organisationId),
    ]);
    const known = new Set(existing.map((row) => String(row.id)));
    const byOrganisation = new Map(organisers.map((o) => [o.organisationId, o]));
    const changes: FieldChange[] = [];
    for (const invitation of wanted) {
      if (!known.has(invitation.organisationId))
        throw badInput(`${invitation.field}.organisationId`, 'no organisation has this ID.');
      const current = byOrganisation.get(invitation.organisationId);
      if (current?.role === 'LEAD')
        throw badInput(`${invitation.field}.organisationId`, 'is the lead organisation of this event.');
      if (current && ACTIVE_ORGANISER_STATUSES.includes(current.status)) {
        throw badInput(`${invitation.field}.organisationId`, `is already on the event (${current.status}).`);
      }
      changes.push({
        field: 'organisers',
        old: current ? organiserValue(current) : null,
        new: organiserValue({ ...invitation, status: 'INVITED', responseMessage: null }),
      });
    }
    // Organisations that declined or withdrew before are invited afresh.
    await insertRows(
      manager,
      EventOrganiserEntity,
      wanted.map((w) => ({
        eventId: id,
        organisationId: w.organisationId,
        role: w.role,
        status: 'INVITED' as const,
        message: w.message,
        responseMessage: null,
        invitedAt: NOW,
        respondedAt: null,
        invitedByKeyId: ctx.viewer.keyId ?? null,
      })),
      { conflict: { on: ['eventId', 'organisationId'], update: {} } },
    );
    const statusChanged = to !== event.status;
    const updated = await touchEvent(manager, id, statusChanged ? { status: to! } : {});
    if (statusChanged) changes.push({ field: 'status', old: event.status, new: to });
    await record(ctx, manager, {
      eventId: id,
      version: updated.version,
      history: { kind: EventHistoryKind.ORGANISERS_INVITED, changes },
      log: {
        kind: change,
        changedFields: statusChanged ? ['organisers', 'status'] : ['organisers'],
        organisationIds: wanted.map((w) => w.organisationId),
      },
    });
    return updated;
  });
}

/** The organiser row of an organisation, or BAD_USER_INPUT when it is not on the event at all. */
function organiserOf(organisers: EventOrganiserEntity[], organisationId: string): EventOrganiserEntity {
  const organiser = organisers.find((o) => o.organisationId === organisationId);
  if (!organiser) throw badInput('organisationId', 'this organisation was never invited to the event.');
  if (organiser.role === 'LEAD') throw badInput('organisationId', 'is the lead organisation of this event.');
  return organiser;
}

async function setParticipation(
  ctx: Context,
  manager: EntityManager,
  organiser: EventOrganiserEntity,
  status: ParticipationStatusValue,
  message: string | null,
  kind: EventHistoryKind,
  change: ChangeKindValue,
): Promise<EventEntity> {
  await updateRows(
    manager,
    EventOrganiserEntity,
    { eventId: organiser.eventId, organisationId: organiser.organisationId },
    { status, responseMessage: message, respondedAt: NOW },
  );
  const updated = await touchEvent(manager, organiser.eventId);
  await record(ctx, manager, {
    eventId: organiser.eventId,
    version: updated.version,
    history: {
      kind,
      changes: [
        {
          field: 'organisers',
          old: organiserValue(organiser),
          new: organiserValue({ ...organiser, status, responseMessage: message }),
        },
      ],
    },
    log: { kind: change, changedFields: ['organisers'], organisationIds: [organiser.organisationId] },
  });
  return updated;
}

/**
 * Answering (and withdrawing) may take the event out of the organisation's
 * view: after declining a draft, `event(id)` answers null for it. The
 * mutation's own answer is the event as the organisation saw it a moment
 * before, resolved with its rights as they are now (organisers without the
 * invitation messages, an empty history), so it is no new path to the event.
 */
export function respondToInvitation(
  ctx: Context,
  eventGlobalId: string,
  organisationGlobalId: string,
  accept: boolean,
  message: string | null | undefined,
): Promise<EventEntity> {
  return answerForOrganisation(ctx, 'respond', eventGlobalId, organisationGlobalId, message, (organiser) => {
    if (organiser.status !== 'INVITED') {
      throw conflict(
        organiser.status === 'ACCEPTED'
          ? 'The invitation was already accepted; to leave the event, use withdrawFromEvent.'
          : `The invitation is no longer open (${organiser.status}); the lead may invite the organisation again.`,
        { participationStatus: organiser.status },
      );
    }
    return accept
      ? { status: 'ACCEPTED', kind: EventHistoryKind.INVITATION_ACCEPTED }
      : { status: 'DECLINED', kind: EventHistoryKind.INVITATION_DECLINED };
  });
}

export function withdrawFromEvent(
  ctx: Context,
  eventGlobalId: string,
  organisationGlobalId: string,
  message: string | null | undefined,
): Promise<EventEntity> {
  return answerForOrganisation(ctx, 'withdraw', eventGlobalId, organisationGlobalId, message, (organiser) => {
    if (!ACTIVE_ORGANISER_STATUSES.includes(organiser.status)) {
      throw conflict(`The organisation is not on the event any more (${organiser.status}).`, {
        participationStatus: organiser.status,
      });
    }
    return { status: 'WITHDRAWN', kind: EventHistoryKind.ORGANISER_WITHDRAWN };
  });
}

/**
 * What answering and withdrawing share: the organisation's row on the event,
 * under the event's lock, checked against the lifecycle; `decide` checks the
 * organiser's own state and says what it becomes.
 */
async function answerForOrganisation(
  ctx: Context,
  action: 'respond' | 'withdraw',
  eventGlobalId: string,
  organisationGlobalId: string,
  message: string | null | undefined,
  decide: (organiser: EventOrganiserEntity) => { status: ParticipationStatusValue; kind: EventHistoryKind },
): Promise<EventEntity> {
  const id = parseGlobalId(eventGlobalId, 'Event', 'eventId');
  const organisationId = parseGlobalId(organisationGlobalId, 'Organisation', 'organisationId');
  const text = cleanMessage(message, 'message');
  assertAuthenticated(ctx.viewer);
  return withTransaction(ctx.db, async (manager) => {
    const { event, organisers } = await loadEvent(ctx, manager, id, true, 'eventId');
    if (action === 'respond') assertCanAnswerFor(ctx.viewer, organisationId);
    else assertCanWithdraw(ctx.viewer, event, organisationId);
    const { change } = transition(action, event);
    const organiser = organiserOf(organisers, organisationId);
    const { status, kind } = decide(organiser);
    return setParticipation(ctx, manager, organiser, status, text, kind, change);
  });
}
