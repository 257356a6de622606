/**
 * Seeded data for the benchmarks, created through the gateway as clients would: users with
 * tokens of their own, projects with members, tasks assigned among the members, comments.
 */
import { randomBytes } from 'node:crypto';
import { graphqlData, inParallel } from './graphql-http.js';

export interface SeededUser {
  id: string;
  name: string;
  token: string;
  /** `token` and any more access tokens of the same user (sessions refreshed), each with a jti of its own. */
  tokens: string[];
  refreshToken: string;
}

export interface SeededProject {
  id: string;
  /** Index in `users` of the owner, then of the other members. */
  members: number[];
  taskIds: string[];
  labelIds: string[];
}

export interface Seed {
  users: SeededUser[];
  projects: SeededProject[];
}

export interface SeedPlan {
  users: number;
  projects: number;
  /** Including the owner; members are the users that follow the owner, round the list (every user is in one if projects × members ≥ users). */
  membersPerProject: number;
  /**
   * Project p's owner is user p × memberStride (default users ÷ projects: projects start evenly
   * round the list, so that fewer projects than users still leave nobody out); a stride of
   * membersPerProject gives every project members of its own.
   */
  memberStride?: number;
  tasksPerProject: number;
  /** Every n-th task gets `commentsPerTask` comments by its members. */
  commentEvery: number;
  commentsPerTask: number;
  /** Access tokens per user (default 1): more tokens than connections keep any two requests in flight from being identical. */
  tokensPerUser?: number;
  /** Registrations and writes in flight at once (default 4 and 8): more for a large seed on a gateway with room. */
  concurrency?: { register: number; write: number };
  /** Labels per project (default 0); each task gets one of them, in turn. */
  labelsPerProject?: number;
}

const REGISTER = `mutation($input: RegisterInput!) { register(input: $input) { accessToken refreshToken user { id } } }`;
const REFRESH = `mutation($r: String!) { refreshToken(refreshToken: $r) { accessToken refreshToken } }`;
const CREATE_PROJECT = `mutation($name: String!) { createProject(input: { name: $name, description: "Seeded for a benchmark" }) { id } }`;
const ADD_MEMBER = `mutation($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u, role: MEMBER) { id } }`;
const CREATE_LABEL = `mutation($p: ID!, $name: String!, $color: String!) { createLabel(projectId: $p, name: $name, color: $color) { id } }`;
const LABEL_COLORS = ['#d73a4a', '#0075ca', '#a2eeef', '#7057ff', '#008672'];
const CREATE_TASK = `mutation($input: CreateTaskInput!) { createTask(input: $input) { id } }`;
const ADD_COMMENT = `mutation($t: ID!, $body: String!) { addComment(taskId: $t, body: $body) { id } }`;
const PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'];
/** Registration hashes passwords with argon2id (memory-hard): a few at a time. */
const REGISTER_CONCURRENCY = 4;
const WRITE_CONCURRENCY = 16;

export async function register(url: string, name: string): Promise<SeededUser> {
  const input = {
    email: `${name.toLowerCase().replace(/\W/g, '')}-${randomBytes(4).toString('hex')}@bench.example`,
    password: 'benchmark password',
    displayName: name,
  };
  const { register: payload } = await graphqlData<{ register: { accessToken: string; refreshToken: string; user: { id: string } } }>(
    url,
    REGISTER,
    { input },
  );
  return { id: payload.user.id, name, token: payload.accessToken, tokens: [payload.accessToken], refreshToken: payload.refreshToken };
}

/** More access tokens for the user, by refreshing the session (cheap: no password hashing). */
async function addTokens(url: string, user: SeededUser, count: number): Promise<void> {
  while (user.tokens.length < count) {
    const { refreshToken } = await graphqlData<{ refreshToken: { accessToken: string; refreshToken: string } }>(url, REFRESH, {
      r: user.refreshToken,
    });
    user.tokens.push(refreshToken.accessToken);
    user.refreshToken = refreshToken.refreshToken;
  }
}

export async function seed(url: string, plan: SeedPlan, progress: (message: string) => void = () => undefined): Promise<Seed> {
  const started = Date.now();
  const users = await inParallel(
    Array.from({ length: plan.users }, (_, i) => `User ${i}`),
    plan.concurrency?.register ?? REGISTER_CONCURRENCY,
    async (name) => {
      const user = await register(url, name);
      await addTokens(url, user, plan.tokensPerUser ?? 1);
      return user;
    },
  );
  progress(`${users.length} users registered`);
  const projects = await inParallel(
    Array.from({ length: plan.projects }, (_, p) => p),
    plan.concurrency?.write ?? WRITE_CONCURRENCY,
    async (p): Promise<SeededProject> => {
      const first = p * (plan.memberStride ?? Math.max(1, Math.floor(plan.users / plan.projects)));
      const members = Array.from({ length: Math.min(plan.membersPerProject, plan.users) }, (_, m) => (first + m) % plan.users);
      const owner = users[members[0]!]!;
      const { createProject } = await graphqlData<{ createProject: { id: string } }>(
        url,
        CREATE_PROJECT,
        { name: `Project ${p}` },
        owner.token,
      );
      for (const member of members.slice(1)) await graphqlData(url, ADD_MEMBER, { p: createProject.id, u: users[member]!.id }, owner.token);
      const labelIds: string[] = [];
      for (let l = 0; l < (plan.labelsPerProject ?? 0); l++) {
        const variables = { p: createProject.id, name: `Label ${l}`, color: LABEL_COLORS[l % LABEL_COLORS.length] };
        labelIds.push((await graphqlData<{ createLabel: { id: string } }>(url, CREATE_LABEL, variables, owner.token)).createLabel.id);
      }
      return { id: createProject.id, members, taskIds: [], labelIds };
    },
  );
  progress(`${projects.length} projects with ${plan.membersPerProject} members each`);
  const taskSlots = projects.flatMap((project) => Array.from({ length: plan.tasksPerProject }, (_, t) => ({ project, t })));
  await inParallel(taskSlots, plan.concurrency?.write ?? WRITE_CONCURRENCY, async ({ project, t }) => {
    const reporter = users[project.members[t % project.members.length]!]!;
    const assignee = users[project.members[(t + 1) % project.members.length]!]!;
    const input = {
      projectId: project.id,
      title: `Task ${t} of ${project.id.slice(-6)}`,
      description: `Seeded task number ${t}`,
      priority: PRIORITIES[t % PRIORITIES.length],
      assigneeId: assignee.id,
      ...(project.labelIds.length ? { labelIds: [project.labelIds[t % project.labelIds.length]!] } : {}),
    };
    const { createTask } = await graphqlData<{ createTask: { id: string } }>(url, CREATE_TASK, { input }, reporter.token);
    // By its number, not in the order the creations finish: a benchmark knows task t's assignee from t.
    project.taskIds[t] = createTask.id;
    if (t % plan.commentEvery === 0) {
      for (let c = 0; c < plan.commentsPerTask; c++) {
        const author = users[project.members[(t + c) % project.members.length]!]!;
        await graphqlData(url, ADD_COMMENT, { t: createTask.id, body: `Comment ${c} on task ${t}` }, author.token);
      }
    }
  });
  const comments = Math.ceil(plan.tasksPerProject / plan.commentEvery) * plan.commentsPerTask * plan.projects;
  progress(`${taskSlots.length} tasks and ${comments} comments in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return { users, projects };
}
