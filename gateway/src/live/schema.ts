/**
 * The `Subscription` type of the supergraph. It is composed like a subgraph (named `live`), but
 * no service answers it: the gateway produces each subscription's root data from an event on
 * NATS, and the query planner fetches every other selected field from the subgraph that owns it.
 */
import 'reflect-metadata';
import { ProjectEventKind, type ProjectRoleName } from '@taskgraph/contracts';
import { projectRoleEnum, type SchemaDefinition, TaskEventKind } from '@taskgraph/kit';
import { Arg, Directive, Field, ID, ObjectType, Resolver, Root, registerEnumType, Subscription } from 'type-graphql';

registerEnumType(ProjectEventKind, { name: 'ProjectEventKind' });

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

@ObjectType('Project')
@Directive('@key(fields: "id", resolvable: false)')
class ProjectReference {
  @Field(() => ID)
  id!: string;
}

@ObjectType('Comment')
@Directive('@key(fields: "id", resolvable: false)')
class CommentReference {
  @Field(() => ID)
  id!: string;
}

@ObjectType('Notification')
@Directive('@key(fields: "id", resolvable: false)')
export class NotificationReference {
  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: "A field's value before and after, as strings: ISO-8601 for times, enum names, ids; null when empty." })
export class FieldChange {
  @Field()
  field!: string;

  @Field(() => String, { nullable: true })
  from!: string | null;

  @Field(() => String, { nullable: true })
  to!: string | null;
}

@ObjectType()
export class TaskEvent {
  @Field(() => ID, { description: "The event's id (UUIDv7)." })
  id!: string;

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

  @Field(() => [FieldChange], {
    description: 'What changed, one entry per field (UPDATED, ASSIGNED, STATUS_CHANGED, COMPLETED); empty for the other kinds.',
  })
  changes!: FieldChange[];

  @Field(() => CommentReference, { nullable: true, description: 'COMMENTED: the comment.' })
  comment!: CommentReference | null;
}

@ObjectType()
export class ProjectEvent {
  @Field(() => ID, { description: "The event's id (UUIDv7)." })
  id!: string;

  @Field(() => ProjectEventKind)
  kind!: ProjectEventKind;

  @Field(() => ID)
  projectId!: string;

  @Field(() => ProjectReference, { nullable: true, description: 'null once deleted' })
  project!: ProjectReference | null;

  @Field(() => UserReference, {
    nullable: true,
    description: 'MEMBER_ADDED, MEMBER_ROLE_CHANGED, MEMBER_REMOVED: the member concerned.',
  })
  user!: UserReference | null;

  @Field(() => projectRoleEnum, { nullable: true, description: "The member's new role (null when removed)." })
  role!: ProjectRoleName | null;

  @Field(() => UserReference, { nullable: true })
  actor!: UserReference | null;

  @Field(() => Date)
  occurredAt!: Date;
}

/** What one event gives a subscription as its root data. */
export interface LiveRoot {
  notificationAdded?: NotificationReference;
  taskChanged?: TaskEvent;
  projectChanged?: ProjectEvent;
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

  @Subscription(() => ProjectEvent, {
    subscribe: servedByTheGateway,
    description:
      'Changes to the project itself and to its members: members (any role) only, others get FORBIDDEN. A member who is removed receives MEMBER_REMOVED about themself, then the subscription ends with FORBIDDEN.',
  })
  projectChanged(
    @Arg('projectId', () => ID) _projectId: string,
    @Arg('after', () => String, AFTER) _after: string | null,
    @Root() root: LiveRoot,
  ): ProjectEvent | undefined {
    return root.projectChanged;
  }
}

export const LIVE_SUBGRAPH = 'live';

export const liveSchema: SchemaDefinition = {
  resolvers: [LiveResolver],
  pubSub: { publish: servedByTheGateway, subscribe: servedByTheGateway },
};
