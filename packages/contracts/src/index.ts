export type { EventCatalog, EventType, TaskEventType, TaskSnapshot } from './catalog.js';
export { parseEnvelope, type AnyEvent, type EventEnvelope, type TraceCarrier } from './envelope.js';
export { handlerFor, type EventHandlerMap } from './dispatch.js';
export { deadLetterSubject, eventSubject, matches, type EventOf, type EventPattern } from './subjects.js';
export { TaskEventKind, taskEventKind } from './task-event-kind.js';
export { atLeast, projectRoles, type ProjectRoleName } from './project-roles.js';
