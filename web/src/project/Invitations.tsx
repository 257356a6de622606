import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { errorInfo } from '../apollo/errors';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { chosen } from '../components/options';
import { graphql } from '../gql';
import type { ProjectRole } from '../gql/graphql';

const ProjectInvitationsDocument = graphql(`
  query ProjectInvitations($id: ID!) {
    project(id: $id) {
      id
      invitations {
        id
        email
        role
        expiresAt
        invitedBy {
          id
          displayName
        }
      }
    }
  }
`);

const InviteToProjectDocument = graphql(`
  mutation InviteToProject($projectId: ID!, $email: String!, $role: ProjectRole) {
    inviteToProject(projectId: $projectId, email: $email, role: $role) {
      id
      email
    }
  }
`);

const RevokeInvitationDocument = graphql(`
  mutation RevokeInvitation($id: ID!) {
    revokeInvitation(id: $id)
  }
`);

/**
 * Inviting someone by email, registered or not (the link in the email makes them a member once they accept), and the
 * invitations not yet accepted. For ADMINs and the OWNER, who alone may see them; an ADMIN invites below ADMIN.
 */
export function Invitations({ projectId, roles }: { projectId: string; roles: readonly ProjectRole[] }) {
  const { data, error } = useQuery(ProjectInvitationsDocument, { variables: { id: projectId } });
  const refresh = { refetchQueries: [{ query: ProjectInvitationsDocument, variables: { id: projectId } }] };
  const [invite, inviting] = useMutation(InviteToProjectDocument, refresh);
  const [revoke, revoking] = useMutation(RevokeInvitationDocument, refresh);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<ProjectRole>('MEMBER');
  const fields = inviting.error ? errorInfo(inviting.error).fields : {};

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const sent = await invite({ variables: { projectId, email, role } }).catch(() => undefined);
    if (sent?.data) setEmail('');
  };

  const pending = data?.project?.invitations ?? [];
  return (
    <>
      <form onSubmit={submit} aria-label="Invite by email" className="add-member" noValidate>
        <h3>Invite by email</h3>
        <Field
          label="Email to invite"
          type="email"
          autoComplete="off"
          value={email}
          onChange={(event) => setEmail(event.target.value)}
          error={fields.email}
          required
        />
        <div className="field">
          <label htmlFor="invite-role">Role of the invitee</label>
          <select id="invite-role" value={role} onChange={(event) => setRole(chosen(roles, event.target.value))}>
            {roles.map((option) => (
              <option key={option} value={option}>
                {option.toLowerCase()}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={inviting.loading || !email.trim()}>
          Send invitation
        </button>
        <span role="status" className="muted">
          {inviting.data ? `Invitation sent to ${inviting.data.inviteToProject.email}.` : ''}
        </span>
        <ErrorMessage error={inviting.error} fieldsShown />
      </form>
      <h3>Pending invitations</h3>
      <ErrorMessage error={error ?? revoking.error} />
      {data && !pending.length ? <p className="muted">None.</p> : null}
      <ul className="member-list" aria-label="Pending invitations">
        {pending.map((invitation) => (
          <li key={invitation.id} className="member">
            <span className="invitee">{invitation.email}</span>
            <span className="badge">{invitation.role.toLowerCase()}</span>
            <span className="muted">
              by {invitation.invitedBy.displayName}, until {new Date(invitation.expiresAt).toLocaleDateString()}
            </span>
            <button
              type="button"
              className="secondary"
              aria-label={`Revoke the invitation to ${invitation.email}`}
              disabled={revoking.loading}
              onClick={() => void revoke({ variables: { id: invitation.id } }).catch(() => undefined)}
            >
              Revoke
            </button>
          </li>
        ))}
      </ul>
    </>
  );
}
