import type { EntityManager } from '@mikro-orm/postgresql';
import type { EventEnvelope } from '@taskgraph/contracts';
import { KnownUser } from '../../entities/known-user.js';
import { Membership } from '../../entities/membership.js';
import { Project } from '../../entities/project.js';
import { VerifiedEmail } from '../../entities/verified-email.js';
import { recordMemberRemoved, recordMemberRoleChanged, recordProjectDeleted } from '../publish.js';

export async function onUserRegistered(em: EntityManager, event: EventEnvelope<'user.registered'>): Promise<void> {
  await em.upsert(new KnownUser(event.data.userId, new Date(event.occurredAt)));
}

/**
 * A deleted user can no longer be added anywhere and leaves every project, as removing them
 * would (`project.member_removed`, which the tasks and notifications subgraphs and live
 * subscriptions follow). A project they own passes first to its longest-standing ADMIN
 * (`project.member_role_changed` to OWNER); with no ADMIN, it is deleted (`project.deleted`).
 * The events name the user as their actor. Once done, a later copy of the event finds no
 * membership left.
 */
export async function onUserDeleted(em: EntityManager, event: EventEnvelope<'user.deleted'>): Promise<void> {
  const { userId } = event.data;
  await em.nativeDelete(KnownUser, { id: userId });
  await em.nativeDelete(VerifiedEmail, { userId });
  const memberships = await em.find(Membership, { userId }, { populate: ['project'] });
  for (const membership of memberships) {
    const { project } = membership;
    if (membership.role === 'OWNER') {
      const heir = await em.findOne(Membership, { project, role: 'ADMIN' }, { orderBy: { addedAt: 'asc', userId: 'asc' } });
      if (!heir) {
        // Its memberships go with it (cascade), as deleteProject does.
        await em.nativeDelete(Project, { id: project.id });
        recordProjectDeleted(em, project.id, userId);
        continue;
      }
      heir.role = 'OWNER';
      project.ownerId = heir.userId;
      recordMemberRoleChanged(em, heir, 'ADMIN', userId);
    }
    em.remove(membership);
    recordMemberRemoved(em, membership, userId);
  }
}

export async function onEmailVerified(em: EntityManager, event: EventEnvelope<'user.email_verified'>): Promise<void> {
  await em.upsert(new VerifiedEmail(event.data.userId, event.data.email));
}
