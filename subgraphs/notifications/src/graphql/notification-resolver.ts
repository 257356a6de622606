import { Arg, Args, Ctx, Field, ArgsType, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { z } from 'zod';
import type { FilterQuery } from '@mikro-orm/core';
import { PageArgs, decodeCursor, notFound, pageSize, parseId, toPage, type Connection, type RequestContext } from '@taskgraph/kit';
import { Notification } from '../entities/notification.js';
import { NotificationConnection } from './connections.js';
import { ProjectReference, TaskReference, UserReference } from './references.js';

@ArgsType()
class NotificationListArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only those not read yet (default false).' })
  unreadOnly?: boolean | null;
}

const notificationCursor = z.tuple([z.uuid()]);

@Resolver(() => Notification)
export class NotificationResolver {
  @Query(() => NotificationConnection, { description: "The viewer's notifications, newest first." })
  async notifications(@Args(() => NotificationListArgs) { unreadOnly, first, after }: NotificationListArgs, @Ctx() ctx: RequestContext): Promise<Connection<Notification>> {
    const viewer = ctx.requireViewer();
    const limit = pageSize(first);
    const where: FilterQuery<Notification> = { recipientId: viewer.userId, ...(unreadOnly ? { readAt: null } : {}) };
    const [before] = after ? decodeCursor(after, notificationCursor) : [];
    const [rows, totalCount] = await Promise.all([
      ctx.em.find(Notification, before ? { $and: [where, { id: { $lt: before } }] } : where, { orderBy: { id: 'desc' }, limit: limit + 1 }),
      ctx.em.count(Notification, where),
    ]);
    return { ...toPage(rows, limit, (notification) => [notification.id]), totalCount };
  }

  @Query(() => Int)
  unreadNotificationCount(@Ctx() ctx: RequestContext): Promise<number> {
    return ctx.em.count(Notification, { recipientId: ctx.requireViewer().userId, readAt: null });
  }

  @Mutation(() => Notification, { description: "The viewer's own only (else NOT_FOUND)." })
  async markNotificationRead(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Notification> {
    const viewer = ctx.requireViewer();
    const notification = await ctx.em.findOne(Notification, { id: parseId(id), recipientId: viewer.userId });
    if (!notification) throw notFound('Notification');
    if (!notification.readAt) {
      notification.readAt = new Date();
      await ctx.em.flush();
    }
    return notification;
  }

  @Mutation(() => Int, { description: 'Returns how many were marked.' })
  markAllNotificationsRead(@Ctx() ctx: RequestContext): Promise<number> {
    return ctx.em.nativeUpdate(Notification, { recipientId: ctx.requireViewer().userId, readAt: null }, { readAt: new Date() });
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
