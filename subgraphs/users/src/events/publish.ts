import type { EntityManager } from '@mikro-orm/postgresql';
import { recordEvent } from '@taskgraph/kit';
import type { User } from '../entities/user.js';

export function recordProfileUpdated(em: EntityManager, user: User, actorId: string): void {
  recordEvent(em, 'user.profile_updated', { userId: user.id, displayName: user.displayName, avatarUrl: user.avatarUrl }, actorId);
}
