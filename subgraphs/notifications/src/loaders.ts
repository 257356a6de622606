import DataLoader from 'dataloader';
import type { RequestContext } from '@taskgraph/kit';
import { Notification } from './entities/notification.js';

/** The viewer's own notifications by id, batched; anyone else's load as null. */
export const ownNotificationsById = (ctx: RequestContext) =>
  new DataLoader<string, Notification | null>(async (ids) => {
    const recipientId = ctx.viewer?.userId;
    const rows = recipientId ? await ctx.em.find(Notification, { id: { $in: [...ids] }, recipientId }) : [];
    const found = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => found.get(id) ?? null);
  });
