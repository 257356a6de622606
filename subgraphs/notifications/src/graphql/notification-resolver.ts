import type { FilterQuery } from '@mikro-orm/core';
import {
  type Connection,
  type EntityReference,
  idConnection,
  notFound,
  PageArgs,
  parseId,
  type RequestContext,
  ResolveReference,
} from '@taskgraph/kit';
import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Notification } from '../entities/notification.js';
import { ownNotificationsById } from '../loaders.js';
import { NotificationConnection } from './connections.js';
import { ProjectReference, TaskReference, UserReference } from './stubs.js';

@ArgsType()
class NotificationListArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only those not read yet (default false).' })
  unreadOnly?: boolean | null;
}

@Resolver(() => Notification)
export class NotificationResolver {
  /** Only its recipient sees a notification. */
  @ResolveReference()
  reference(reference: EntityReference, ctx: RequestContext): Promise<Notification | null> {
    return ctx.loader(ownNotificationsById).load(parseId(reference.id));
  }

  @Query(() => NotificationConnection, { description: "The viewer's notifications, newest first." })
  notifications(
    @Args(() => NotificationListArgs) { unreadOnly, ...page }: NotificationListArgs,
    @Ctx() ctx: RequestContext,
  ): Promise<Connection<Notification>> {
    const viewer = ctx.requireViewer();
    const where: FilterQuery<Notification> = { recipientId: viewer.userId, inApp: true, ...(unreadOnly ? { readAt: null } : {}) };
    return idConnection(ctx.em, { entity: Notification, where, order: 'desc' }, page);
  }

  @Query(() => Int)
  unreadNotificationCount(@Ctx() ctx: RequestContext): Promise<number> {
    return ctx.em.count(Notification, { recipientId: ctx.requireViewer().userId, inApp: true, readAt: null });
  }

  @Mutation(() => Notification, { description: "The viewer's own only (else NOT_FOUND)." })
  async markNotificationRead(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Notification> {
    const viewer = ctx.requireViewer();
    const notification = await ctx.em.findOne(Notification, { id: parseId(id), recipientId: viewer.userId, inApp: true });
    if (!notification) throw notFound('Notification');
    if (!notification.readAt) {
      notification.readAt = new Date();
      await ctx.em.flush();
    }
    return notification;
  }

  @Mutation(() => Int, { description: 'Returns how many were marked.' })
  markAllNotificationsRead(@Ctx() ctx: RequestContext): Promise<number> {
    return ctx.em.nativeUpdate(
      Notification,
      { recipientId: ctx.requireViewer().userId, inApp: true, readAt: null },
      { readAt: new Date() },
    );
  }

  @FieldResolver(() => TaskReference, { nullable: true })
  task(@Root() notification: Notification): TaskReference | null {
    return notification.taskId ? { id: notification.taskId } : null;
  }

  @FieldResolver(() => ProjectReference, { nullable: true })
  project(@Root() notification: Notification): ProjectReference | null {
    return notification.projectId ? { id: notification.projectId } : null;
  }

  @FieldResolver(() => UserReference, { nullable: true })
  actor(@Root() notification: Notification): UserReference | null {
    return notification.actorId ? { id: notification.actorId } : null;
  }
}
