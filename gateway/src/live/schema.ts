/**
 * The `Subscription` type of the supergraph. It is composed like a subgraph (named `live`), but
 * no service answers it: the gateway produces each subscription's root data from an event on
 * NATS, and the query planner fetches every other selected field from the subgraph that owns it.
 */
import 'reflect-metadata';
import { type SchemaDefinition, TaskEventKind } from '@taskgraph/kit';
import { Arg, Directive, Field, ID, ObjectType, Resolver, Root, Subscription } from 'type-graphql';

@ObjectType('Task')
@Directive('@key(fields: "id", resolvable: false)')
class TaskReference {
  @Field(() => ID)
  id!: string;
}

@ObjectType('User')
@Directive('@key(fields: "id", resolvable: false)')
class UserReference {
  @Field(() => ID)
  id!: string;
}

@ObjectType('Notification')
@Directive('@key(fields: "id", resolvable: false)')
export class NotificationReference {
  @Field(() => ID)
  id!: string;
}

@ObjectType()
export class TaskEvent {
  @Field(() => TaskEventKind)
  kind!: TaskEventKind;

  @Field(() => ID)
  taskId!: string;

  @Field(() => TaskReference, { nullable: true, description: 'null once the task is deleted' })
  task!: TaskReference | null;

  @Field(() => UserReference, { nullable: true })
  actor!: UserReference | null;

  @Field(() => Date)
  occurredAt!: Date;
}

/** What one event gives a subscription as its root data. */
export interface LiveRoot {
  notificationAdded?: NotificationReference;
  taskChanged?: TaskEvent;
}

const servedByTheGateway = () => {
  throw new Error('subscriptions are served by the gateway from NATS events');
};

/** Every field takes it: the gateway resumes the subscription from the stream (see feeds.ts), the resolvers never read it. */
const AFTER = {
  nullable: true,
  description: "Resume after this cursor (a previous result's extensions.cursor): every event since, in order, then live.",
} as const;

@Resolver()
export class LiveResolver {
  @Subscription(() => NotificationReference, {
    subscribe: servedByTheGateway,
    description: "The viewer's own new notifications, in order, as soon as they are stored.",
  })
  notificationAdded(@Arg('after', () => String, AFTER) _after: string | null, @Root() root: LiveRoot): NotificationReference | undefined {
    return root.notificationAdded;
  }

  @Subscription(() => TaskEvent, {
    subscribe: servedByTheGateway,
    description: 'Every change to tasks of the project: members (any role) only, others get FORBIDDEN.',
  })
  taskChanged(
    @Arg('projectId', () => ID) _projectId: string,
    @Arg('after', () => String, AFTER) _after: string | null,
    @Root() root: LiveRoot,
  ): TaskEvent | undefined {
    return root.taskChanged;
  }
}

export const LIVE_SUBGRAPH = 'live';

export const liveSchema: SchemaDefinition = {
  resolvers: [LiveResolver],
  pubSub: { publish: servedByTheGateway, subscribe: servedByTheGateway },
};
