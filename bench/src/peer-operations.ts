/**
 * The four operations of the peer benchmark, from one subgraph to three, each sent by every
 * seeded user in turn with their own token (and, for the join, one of their own projects).
 */
import type { Seed } from './seed.js';

export interface PeerOperation {
  name: string;
  description: string;
  query: string;
  /** The variables for a user (by index in the seed), at a page size. */
  variables(seed: Seed, user: number, first: number): Record<string, unknown>;
  /** The page size timed; SQL statements are also counted at `smallPage` to show they do not grow with it. */
  page: number;
  smallPage: number;
}

/** A project the user is a member of, the one whose tasks the join reads. */
const projectOf = (seed: Seed, user: number): string => seed.projects.find((project) => project.members.includes(user))!.id;

export const peerOperations: PeerOperation[] = [
  {
    name: 'me',
    description: 'one subgraph: `me { id displayName email role }` (users)',
    query: 'query Me { me { id displayName email role } }',
    variables: () => ({}),
    page: 1,
    smallPage: 1,
  },
  {
    name: 'project-tasks',
    description: "two subgraphs: a project with 50 tasks and each assignee's displayName (projects → tasks → users)",
    query: `query ProjectTasks($p: ID!, $first: Int!) { project(id: $p) { id name tasks(first: $first) { totalCount edges { node { id title status assignee { displayName } } } } } }`,
    variables: (seed, user, first) => ({ p: projectOf(seed, user), first }),
    page: 50,
    smallPage: 10,
  },
  {
    name: 'deep',
    description:
      "three subgraphs, four fetches deep: the viewer's tasks → project → owner, comments → author (users → tasks → projects → users)",
    query: `query Deep($first: Int!) { me { displayName assignedTasks(first: $first) { edges { node { id title
      project { name owner { displayName } } comments(first: 5) { edges { node { body author { displayName } } } } } } } } }`,
    variables: (_seed, _user, first) => ({ first }),
    page: 20,
    smallPage: 5,
  },
  {
    name: 'board',
    description:
      "a board column as the web app's board reads it: a project's header, its task counts per status and its labels, then the first 20 tasks of the TODO column in board order, each with its labels and assignee (projects → tasks → users)",
    query: `query Board($p: ID!, $first: Int!) { project(id: $p) { id name viewerRole taskCounts { status count } labels { id name color }
      tasks(first: $first, filter: { status: [TODO] }, orderBy: { field: POSITION, direction: ASC }) { totalCount
        edges { cursor node { id title status priority dueAt labels { name color } assignee { id displayName } } } pageInfo { hasNextPage endCursor } } } }`,
    variables: (seed, user, first) => ({ p: projectOf(seed, user), first }),
    page: 20,
    smallPage: 5,
  },
];
