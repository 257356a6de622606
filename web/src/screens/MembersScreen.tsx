import { useMutation, useQuery } from '@apollo/client/react';
import { type FormEvent, useState } from 'react';
import { ErrorMessage } from '../components/ErrorMessage';
import { Field } from '../components/Field';
import { chosen } from '../components/options';
import { graphql } from '../gql';
import type { ProjectDetailsFragment, ProjectRole } from '../gql/graphql';
import { Invitations } from '../project/Invitations';

const SearchUsersDocument = graphql(`
  query SearchUsers($search: String!) {
    users(search: $search, first: 10) {
      edges {
        node {
          id
          displayName
        }
      }
    }
  }
`);

const AddMemberDocument = graphql(`
  mutation AddProjectMember($projectId: ID!, $userId: ID!, $role: ProjectRole) {
    addProjectMember(projectId: $projectId, userId: $userId, role: $role) {
      ...ProjectDetails
    }
  }
`);

const ChangeRoleDocument = graphql(`
  mutation ChangeProjectMemberRole($projectId: ID!, $userId: ID!, $role: ProjectRole!) {
    changeProjectMemberRole(projectId: $projectId, userId: $userId, role: $role) {
      ...ProjectDetails
    }
  }
`);

const RemoveMemberDocument = graphql(`
  mutation RemoveProjectMember($projectId: ID!, $userId: ID!) {
    removeProjectMember(projectId: $projectId, userId: $userId) {
      ...ProjectDetails
    }
  }
`);

const assignableRoles: readonly ProjectRole[] = ['ADMIN', 'MEMBER', 'VIEWER'];
const canManage = (role: ProjectRole | undefined) => role === 'OWNER' || role === 'ADMIN';
/** An ADMIN invites below ADMIN; the OWNER, any role but OWNER. */
const invitableRoles = (role: ProjectRole | undefined): readonly ProjectRole[] =>
  role === 'OWNER' ? assignableRoles : assignableRoles.filter((option) => option !== 'ADMIN');

export function MembersScreen({ project }: { project: ProjectDetailsFragment }) {
  const projectId = project.id;
  const [userId, setUserId] = useState('');
  const [role, setRole] = useState<ProjectRole>('MEMBER');
  const [search, setSearch] = useState('');
  const found = useQuery(SearchUsersDocument, { variables: { search }, skip: search.trim().length < 2 });
  const [addMember, adding] = useMutation(AddMemberDocument);
  const [changeRole, changing] = useMutation(ChangeRoleDocument);
  const [removeMember, removing] = useMutation(RemoveMemberDocument);
  const manager = canManage(project.viewerRole);

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const added = await addMember({ variables: { projectId, userId: userId.trim(), role } }).catch(() => undefined);
    if (added?.data) {
      setUserId('');
      setSearch('');
    }
  };

  return (
    <>
      <h2>Members</h2>
      <ErrorMessage error={changing.error ?? removing.error} />
      <ul className="member-list">
        {project.members.map((member) => (
          <li key={member.user.id} className="member">
            <span>{member.user.displayName}</span>
            {manager && member.role !== 'OWNER' ? (
              <>
                <label className="visually-hidden" htmlFor={`role-${member.user.id}`}>
                  Role of {member.user.displayName}
                </label>
                <select
                  id={`role-${member.user.id}`}
                  value={member.role}
                  onChange={(event) =>
                    void changeRole({
                      variables: { projectId, userId: member.user.id, role: chosen(assignableRoles, event.target.value) },
                    }).catch(() => undefined)
                  }
                >
                  {assignableRoles.map((option) => (
                    <option key={option} value={option}>
                      {option.toLowerCase()}
                    </option>
                  ))}
                </select>
                <button
                  type="button"
                  className="secondary"
                  aria-label={`Remove ${member.user.displayName}`}
                  onClick={() => void removeMember({ variables: { projectId, userId: member.user.id } }).catch(() => undefined)}
                >
                  Remove
                </button>
              </>
            ) : (
              <span className="badge">{member.role.toLowerCase()}</span>
            )}
          </li>
        ))}
      </ul>
      {manager ? (
        <form onSubmit={add} aria-label="Add a member" className="add-member">
          <h3>Add a member</h3>
          <Field label="Search people by name" value={search} onChange={(event) => setSearch(event.target.value)} />
          {found.data?.users.edges.length ? (
            <ul className="search-results" aria-label="People found">
              {found.data.users.edges.map(({ node }) => (
                <li key={node.id}>
                  <button type="button" className="secondary" onClick={() => setUserId(node.id)} aria-label={`Choose ${node.displayName}`}>
                    {node.displayName}
                  </button>
                </li>
              ))}
            </ul>
          ) : null}
          <Field label="User id" value={userId} onChange={(event) => setUserId(event.target.value)} required />
          <div className="field">
            <label htmlFor="new-member-role">Role</label>
            <select id="new-member-role" value={role} onChange={(event) => setRole(chosen(assignableRoles, event.target.value))}>
              {assignableRoles.map((option) => (
                <option key={option} value={option}>
                  {option.toLowerCase()}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" disabled={adding.loading || !userId.trim()}>
            Add member
          </button>
          <ErrorMessage error={adding.error} />
        </form>
      ) : null}
      {manager ? <Invitations projectId={projectId} roles={invitableRoles(project.viewerRole)} /> : null}
    </>
  );
}
