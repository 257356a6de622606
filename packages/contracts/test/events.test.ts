import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type AnyEvent,
  atLeast,
  type EventCatalog,
  type EventHandlerMap,
  type EventType,
  handlerFor,
  matches,
  parseEnvelope,
  projectRoles,
  TaskEventKind,
  taskEventKind,
} from '../src/index.js';

const snapshot = {
  taskId: 't1',
  projectId: 'p1',
  title: 'Write',
  status: 'TODO',
  priority: 'LOW',
  dueAt: null,
  assigneeId: null,
  reporterId: 'u1',
};

/**
 * One payload of every type. Each puts its type's name in a field the handler of that type
 * reads, one only that type has where there is one: a type added to the catalog without a
 * sample here fails the type check.
 */
const samples: { [T in EventType]: EventCatalog[T] } = {
  'user.registered': { userId: 'u1', email: 'user.registered', displayName: 'Ada' },
  'user.profile_updated': { userId: 'u1', displayName: 'Ada', avatarUrl: 'user.profile_updated' },
  'user.deleted': { userId: 'user.deleted' },
  'session.revoked': { userId: 'u1', sessionIds: ['session.revoked'], until: '2030-01-01T00:15:00.000Z' },
  'user.email_verified': { userId: 'u1', email: 'user.email_verified' },
  'account.password_reset_requested': { userId: 'u1', email: 'a@example.com', token: 'account.password_reset_requested', expiresAt: 'x' },
  'account.verification_requested': { userId: 'u1', email: 'a@example.com', token: 'account.verification_requested', expiresAt: 'x' },
  'project.created': { projectId: 'p1', name: 'Apollo', ownerId: 'project.created' },
  'project.updated': { projectId: 'p1', name: 'Apollo', description: 'project.updated' },
  'project.archived': { projectId: 'project.archived' },
  'project.unarchived': { projectId: 'project.unarchived' },
  'project.deleted': { projectId: 'project.deleted' },
  'project.member_added': { projectId: 'p1', userId: 'project.member_added', role: 'MEMBER' },
  'project.member_role_changed': { projectId: 'p1', userId: 'project.member_role_changed', role: 'ADMIN', previousRole: 'MEMBER' },
  'project.member_removed': { projectId: 'p1', userId: 'project.member_removed' },
  'project.invited': {
    invitationId: 'i1',
    projectId: 'p1',
    email: 'a@example.com',
    role: 'MEMBER',
    token: 'project.invited',
    expiresAt: 'x',
  },
  'task.created': { ...snapshot, reporterId: 'task.created' },
  'task.updated': { ...snapshot, changed: ['task.updated'], changes: [] },
  'task.assigned': { ...snapshot, previousAssigneeId: 'task.assigned' },
  'task.status_changed': { ...snapshot, previousStatus: 'task.status_changed' },
  'task.completed': { ...snapshot, title: 'task.completed', previousStatus: 'IN_REVIEW' },
  'task.deleted': { ...snapshot, title: 'task.deleted' },
  'task.commented': { ...snapshot, commentId: 'task.commented', authorId: 'u2' },
  'task.moved': { ...snapshot, previousStatus: 'TODO', position: 'task.moved', previousPosition: 'a0' },
  'task.comment_updated': { ...snapshot, commentId: 'task.comment_updated', authorId: 'u2' },
  'task.comment_deleted': { ...snapshot, commentId: 'task.comment_deleted', authorId: 'u2' },
  'task.due_soon': { ...snapshot, dueAt: 'task.due_soon' },
  'notification.created': { notificationId: 'n1', recipientId: 'notification.created' },
};

type Seen = [type: EventType, field: string | null | undefined][];

/** A handler for every type; each reads its sample's marked field, which compiles only on an event narrowed to that type. */
const handlers: Required<EventHandlerMap<Seen, void>> = {
  'user.registered': (seen, event) => void seen.push([event.type, event.data.email]),
  'user.profile_updated': (seen, event) => void seen.push([event.type, event.data.avatarUrl]),
  'user.deleted': (seen, event) => void seen.push([event.type, event.data.userId]),
  'session.revoked': (seen, event) => void seen.push([event.type, event.data.sessionIds[0]]),
  'user.email_verified': (seen, event) => void seen.push([event.type, event.data.email]),
  'account.password_reset_requested': (seen, event) => void seen.push([event.type, event.data.token]),
  'account.verification_requested': (seen, event) => void seen.push([event.type, event.data.token]),
  'project.created': (seen, event) => void seen.push([event.type, event.data.ownerId]),
  'project.updated': (seen, event) => void seen.push([event.type, event.data.description]),
  'project.archived': (seen, event) => void seen.push([event.type, event.data.projectId]),
  'project.unarchived': (seen, event) => void seen.push([event.type, event.data.projectId]),
  'project.deleted': (seen, event) => void seen.push([event.type, event.data.projectId]),
  'project.member_added': (seen, event) => void seen.push([event.type, event.data.userId]),
  'project.member_role_changed': (seen, event) => void seen.push([event.type, event.data.userId]),
  'project.member_removed': (seen, event) => void seen.push([event.type, event.data.userId]),
  'project.invited': (seen, event) => void seen.push([event.type, event.data.token]),
  'task.created': (seen, event) => void seen.push([event.type, event.data.reporterId]),
  'task.updated': (seen, event) => void seen.push([event.type, event.data.changed[0]]),
  'task.assigned': (seen, event) => void seen.push([event.type, event.data.previousAssigneeId]),
  'task.status_changed': (seen, event) => void seen.push([event.type, event.data.previousStatus]),
  'task.completed': (seen, event) => void seen.push([event.type, event.data.title]),
  'task.deleted': (seen, event) => void seen.push([event.type, event.data.title]),
  'task.commented': (seen, event) => void seen.push([event.type, event.data.commentId]),
  'task.moved': (seen, event) => void seen.push([event.type, event.data.position]),
  'task.comment_updated': (seen, event) => void seen.push([event.type, event.data.commentId]),
  'task.comment_deleted': (seen, event) => void seen.push([event.type, event.data.commentId]),
  'task.due_soon': (seen, event) => void seen.push([event.type, event.data.dueAt]),
  'notification.created': (seen, event) => void seen.push([event.type, event.data.recipientId]),
};

const wire = (value: unknown) => new TextEncoder().encode(JSON.stringify(value));
const envelopeOf = (type: string, data: unknown) => ({
  id: `id-${type}`,
  type,
  version: 1,
  occurredAt: '2030-01-01T00:00:00.000Z',
  actorId: null,
  data,
});

describe('the event catalog', () => {
  for (const [type, data] of Object.entries(samples)) {
    it(`brings a ${type} event off the wire to its own handler, narrowed to its type`, () => {
      const event = parseEnvelope(wire(envelopeOf(type, data)));
      assert.equal(event.type, type);
      assert.deepEqual(event.data, data);
      const seen: Seen = [];
      const handle = handlerFor(handlers, event);
      assert.ok(handle, 'a handler was found');
      handle(seen);
      assert.deepEqual(seen, [[type, type]]);
    });
  }

  it('skips a type the handlers do not name', () => {
    const event = parseEnvelope(wire(envelopeOf('task.created', samples['task.created'])));
    const only: EventHandlerMap<Seen, void> = { 'task.deleted': handlers['task.deleted'] };
    assert.equal(handlerFor(only, event), undefined);
  });

  it('refuses an unknown type and what is no envelope', () => {
    assert.throws(() => parseEnvelope(wire(envelopeOf('task.exploded', snapshot))), /known type/);
    assert.throws(() => parseEnvelope(wire({ type: 'task.created', data: snapshot })), /envelope/);
    assert.throws(() => parseEnvelope(wire(envelopeOf('task.created', 'not an object'))), /envelope/);
    assert.throws(() => parseEnvelope(wire(null)), /envelope/);
  });

  it('matches a pattern to the types of its aggregate, or to its one type', () => {
    const events = Object.entries(samples).map(([type, data]) => parseEnvelope(wire(envelopeOf(type, data))));
    const typesOf = (match: (event: AnyEvent) => boolean) => events.filter(match).map((event) => event.type);
    assert.deepEqual(
      typesOf((event) => matches('project.>', event)),
      Object.keys(samples).filter((type) => type.startsWith('project.')),
    );
    assert.deepEqual(
      typesOf((event) => matches('user.registered', event)),
      ['user.registered'],
    );
  });
});

describe('the task event kinds', () => {
  it('name every task event that changes a task, and not a due date closing in', () => {
    assert.equal(taskEventKind('task.status_changed'), TaskEventKind.STATUS_CHANGED);
    assert.equal(taskEventKind('task.moved'), TaskEventKind.MOVED);
    assert.equal(taskEventKind('task.comment_deleted'), TaskEventKind.COMMENT_DELETED);
    assert.equal(taskEventKind('task.due_soon'), null);
  });
});

describe('the project roles', () => {
  it('rank each role at least as high as itself and the roles after it, and above none before it', () => {
    projectRoles.forEach((role, index) => {
      for (const [other, minimum] of projectRoles.entries())
        assert.equal(atLeast(role, minimum), index <= other, `${role} at least ${minimum}`);
    });
    assert.equal(atLeast(null, 'VIEWER'), false, 'no role is below every role');
  });
});
