import { connectionTypes, type Edge, PageInfo } from '@taskgraph/kit';
import { Field, ObjectType } from 'type-graphql';
import { ActivityItem } from '../entities/activity-item.js';
import { Notification } from '../entities/notification.js';

export const { Connection: NotificationConnection } = connectionTypes(Notification, 'Notification');

@ObjectType()
export class ActivityEdge {
  @Field(() => String)
  cursor!: string;

  @Field(() => ActivityItem)
  node!: ActivityItem;
}

/** A feed is read page after page, never counted: no totalCount. */
@ObjectType()
export class ActivityConnection {
  @Field(() => [ActivityEdge])
  edges!: Edge<ActivityItem>[];

  @Field(() => PageInfo)
  pageInfo!: PageInfo;
}
