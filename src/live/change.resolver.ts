import { Arg, Ctx, ID, Int, Query, Resolver, Root, Subscription, type ResolverData } from 'type-graphql';
import type { Context } from '../access';
import type { ChangePayload } from './change-stream';
import { ChangeFilter } from './change.inputs';
import { listChanges, subscribeEventChanges, subscribeInvitationChanges, toEventChange } from './change.service';
import { EventChange, EventChangeConnection, type EventChangeValue } from './change.types';

type SubscribeData = Omit<ResolverData<Context>, 'root'>;

@Resolver()
export class ChangeResolver {
  @Query(() => EventChangeConnection, {
    description:
      'Delta sync without websockets: the changes to events you may see, oldest first, after `since`. Without `since` it starts at the oldest retained change. Keep `pageInfo.endCursor` and pass it as `since` on your next poll. A `since` older than the retained log (CHANGE_LOG_RETENTION_DAYS) answers BAD_USER_INPUT with `extensions.reason: "CURSOR_EXPIRED"`: reload what you show, then poll again without `since`.',
  })
  changes(
    @Ctx() ctx: Context,
    @Arg('since', () => String, {
      nullable: true,
      description: 'Cursor of the last change you processed (`EventChange.cursor` or `pageInfo.endCursor`).',
    })
    since: string | null,
    @Arg('filter', () => ChangeFilter, { nullable: true, description: 'Which changes to include.' }) filter: ChangeFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Most changes per page, 1..100 (default 20).' }) first: number | null,
  ): Promise<EventChangeConnection> {
    return listChanges(ctx, { since, filter, first });
  }

  @Subscription(() => EventChange, {
    description:
      'Changes to events you may see, as they are committed on any hub instance. With `since`, first replays every change after that cursor, then continues live: no gap, no duplicate. When an event becomes visible to you (published), you receive it; when it stops being visible (visibility narrowed, back to draft, deleted), you receive a change with `event: null`. A bad or expired `since` answers BAD_USER_INPUT with `extensions.reason` CURSOR_INVALID or CURSOR_EXPIRED.',
    subscribe: ({ args, context }: SubscribeData) => subscribeEventChanges(context, args),
  })
  eventChanged(
    @Root() payload: ChangePayload,
    @Arg('filter', () => ChangeFilter, { nullable: true, description: 'Which changes to receive (default: all you may see).' })
    _filter: ChangeFilter | null,
    @Arg('since', () => String, { nullable: true, description: 'Resume after this change cursor (the last one you processed).' })
    _since: string | null,
  ): EventChangeValue {
    return toEventChange(payload);
  }

  @Subscription(() => EventChange, {
    description:
      "Invitations to, answers from and withdrawals of one organisation, as they happen: for the organisation's own API keys (any role) and coordinators; other keys get FORBIDDEN, anonymous connections UNAUTHENTICATED. `event` is set when you may see the event.",
    subscribe: ({ args, context }: SubscribeData) =>
      subscribeInvitationChanges(context, args as { organisationId: string; since?: string | null }),
  })
  invitationChanged(
    @Root() payload: ChangePayload,
    @Arg('organisationId', () => ID, { description: 'Global ID of the organisation whose invitations to follow.' })
    _organisationId: string,
    @Arg('since', () => String, { nullable: true, description: 'Resume after this change cursor (the last one you processed).' })
    _since: string | null,
  ): EventChangeValue {
    return toEventChange(payload);
  }
}
