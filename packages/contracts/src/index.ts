export {
  type EventCatalog,
  type EventType,
  type FieldChange,
  isEventType,
  type ProjectEventType,
  type TaskEventType,
  type TaskSnapshot,
} from './catalog.js';
export { DELETED_USER_NAME } from './deleted-user.js';
export { type EventHandlerMap, handlerFor } from './dispatch.js';
export { type AnyEvent, type EventEnvelope, parseEnvelope, type TraceCarrier } from './envelope.js';
export { ProjectEventKind, projectEventKind } from './project-event-kind.js';
export { atLeast, type ProjectRoleName, projectRoles } from './project-roles.js';
export { deadLetterSubject, type EventOf, type EventPattern, eventSubject, matches } from './subjects.js';
export { TaskEventKind, taskEventKind } from './task-event-kind.js';
