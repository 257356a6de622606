import { TaskEventKind } from '@taskgraph/contracts';
import { registerEnumType } from 'type-graphql';

// Registered once per process here, since both the notifications subgraph and the gateway's live
// schema serve it, and may share a process (in tests).
registerEnumType(TaskEventKind, { name: 'TaskEventKind' });

/** The task event kinds, registered as the GraphQL enum `TaskEventKind`: import it from here for a schema. */
export { TaskEventKind };
