/**
 * The mixed workload of a simulated user: what a task board does all day. Reads (their
 * profile, a project's board, their open tasks, a task with its comments, their inbox) and
 * writes (create, edit, move, assign, comment) on the projects they are a member of.
 */
import type { Seed, SeededProject, SeededUser } from './seed.js';

export interface Operation {
  name: string;
  kind: 'query' | 'mutation';
  /** Relative frequency in the mix. */
  weight: number;
  request(actor: Actor): { query: string; variables: Record<string, unknown> };
  /** What a successful result changes in what the workload knows (a new task id). */
  after?(actor: Actor, data: unknown): void;
}

/** A user and the projects they may act on. */
export interface Actor {
  user: SeededUser;
  projects: SeededProject[];
  seed: Seed;
}

const STATUSES = ['TODO', 'IN_PROGRESS', 'IN_REVIEW', 'DONE'];
const PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'];
let sequence = 0;

const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
const someProject = (actor: Actor): SeededProject => pick(actor.projects);
const someTask = (actor: Actor): string => pick(someProject(actor).taskIds);
const someMemberOf = (actor: Actor, project: SeededProject): string => actor.seed.users[pick(project.members)]!.id;

export const operations: Operation[] = [
  {
    name: 'me',
    kind: 'query',
    weight: 12,
    request: () => ({ query: 'query Me { me { id displayName email role timezone } }', variables: {} }),
  },
  {
    name: 'projectBoard',
    kind: 'query',
    weight: 18,
    request: (actor) => ({
      query: `query ProjectBoard($p: ID!) { project(id: $p) { id name viewerRole owner { displayName }
        tasks(first: 20, orderBy: { field: UPDATED_AT, direction: DESC }) { totalCount edges { node { id title status priority dueAt assignee { id displayName } } } } } }`,
      variables: { p: someProject(actor).id },
    }),
  },
  {
    name: 'myOpenTasks',
    kind: 'query',
    weight: 14,
    request: () => ({
      query: `query MyOpenTasks { me { assignedTasks(first: 20, filter: { status: [TODO, IN_PROGRESS, IN_REVIEW] }) { totalCount
        edges { node { id title status project { name } reporter { displayName } assignee { displayName } } } } } }`,
      variables: {},
    }),
  },
  {
    name: 'taskDetail',
    kind: 'query',
    weight: 12,
    request: (actor) => ({
      query: `query TaskDetail($t: ID!) { task(id: $t) { id title description status priority dueAt assignee { displayName } reporter { displayName }
        project { name } comments(first: 10) { totalCount edges { node { body createdAt author { displayName } } } } } }`,
      variables: { t: someTask(actor) },
    }),
  },
  {
    name: 'inbox',
    kind: 'query',
    weight: 14,
    request: () => ({
      query: `query Inbox { unreadNotificationCount notifications(first: 10) { totalCount edges { node { id kind message readAt task { title } actor { displayName } } } } }`,
      variables: {},
    }),
  },
  {
    name: 'createTask',
    kind: 'mutation',
    weight: 6,
    request: (actor) => {
      const project = someProject(actor);
      return {
        query: 'mutation CreateTask($input: CreateTaskInput!) { createTask(input: $input) { id project { id } } }',
        variables: {
          input: {
            projectId: project.id,
            title: `Load task ${++sequence}`,
            priority: pick(PRIORITIES),
            assigneeId: someMemberOf(actor, project),
          },
        },
      };
    },
    after: (actor, data) => {
      const { createTask } = data as { createTask: { id: string; project: { id: string } } };
      actor.projects.find((project) => project.id === createTask.project.id)?.taskIds.push(createTask.id);
    },
  },
  {
    name: 'updateTask',
    kind: 'mutation',
    weight: 6,
    request: (actor) => ({
      query: 'mutation UpdateTask($t: ID!, $input: UpdateTaskInput!) { updateTask(id: $t, input: $input) { id title priority updatedAt } }',
      variables: { t: someTask(actor), input: { title: `Edited ${++sequence}`, priority: pick(PRIORITIES) } },
    }),
  },
  {
    name: 'changeTaskStatus',
    kind: 'mutation',
    weight: 6,
    request: (actor) => ({
      query: 'mutation ChangeTaskStatus($t: ID!, $s: TaskStatus!) { changeTaskStatus(id: $t, status: $s) { id status completedAt } }',
      variables: { t: someTask(actor), s: pick(STATUSES) },
    }),
  },
  {
    name: 'assignTask',
    kind: 'mutation',
    weight: 4,
    request: (actor) => {
      const project = someProject(actor);
      return {
        query: 'mutation AssignTask($t: ID!, $u: ID) { assignTask(id: $t, assigneeId: $u) { id assignee { displayName } } }',
        variables: { t: pick(project.taskIds), u: someMemberOf(actor, project) },
      };
    },
  },
  {
    name: 'addComment',
    kind: 'mutation',
    weight: 5,
    request: (actor) => ({
      query: 'mutation AddComment($t: ID!, $body: String!) { addComment(taskId: $t, body: $body) { id createdAt author { displayName } } }',
      variables: { t: someTask(actor), body: `Comment ${++sequence}` },
    }),
  },
  {
    name: 'markAllRead',
    kind: 'mutation',
    weight: 1,
    request: () => ({ query: 'mutation MarkAllRead { markAllNotificationsRead }', variables: {} }),
  },
];

const totalWeight = operations.reduce((sum, operation) => sum + operation.weight, 0);

/** An operation drawn by weight. */
export function drawOperation(): Operation {
  let draw = Math.random() * totalWeight;
  for (const operation of operations) {
    draw -= operation.weight;
    if (draw < 0) return operation;
  }
  return operations.at(-1)!;
}

/** Every user of the seed with the projects they are a member of. */
export const actorsOf = (seed: Seed): Actor[] =>
  seed.users.map((user, index) => ({ user, seed, projects: seed.projects.filter((project) => project.members.includes(index)) }));
