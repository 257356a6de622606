/** A signed-in user of the tests whose short-lived access token is renewed with its refresh token, as a client app does. */
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { GraphQLClient, type Stack } from '@taskgraph/stack';
import { type AuthPayload, newRegistration, REGISTER } from './operations.js';

const RENEW = /* GraphQL */ `
  mutation Renew($refreshToken: String!) {
    refreshToken(refreshToken: $refreshToken) { accessToken refreshToken accessTokenExpiresAt user { id displayName } }
  }
`;

/** A signed-in user whose access token is renewed with the refresh token shortly before it expires. */
export class Session {
  private renewing: Promise<void> | null = null;

  private constructor(
    private readonly stack: Stack,
    private auth: AuthPayload,
  ) {}

  static async register(stack: Stack, name: string): Promise<Session> {
    const { register } = await stack.client().data<{ register: AuthPayload }>(REGISTER, { input: newRegistration(name) });
    return new Session(stack, register);
  }

  get id(): string {
    return this.auth.user.id;
  }

  /** A token valid for at least another second; one renewal at a time, as a refresh token is good once. */
  async accessToken(): Promise<string> {
    while (Date.parse(this.auth.accessTokenExpiresAt) - Date.now() < 1000) {
      this.renewing ??= this.renew().finally(() => {
        this.renewing = null;
      });
      await this.renewing;
    }
    return this.auth.accessToken;
  }

  async client(): Promise<GraphQLClient> {
    return new GraphQLClient(this.stack.gateway.url, await this.accessToken());
  }

  private async renew(): Promise<void> {
    const { refreshToken } = await this.stack.client().data<{ refreshToken: AuthPayload }>(RENEW, { refreshToken: this.auth.refreshToken });
    this.auth = refreshToken;
  }
}

/** Ada and Bob, each with a renewing session, and a task of Ada's project assigned to Bob: Ada's comments notify him. */
export async function renewalTeam(stack: Stack): Promise<{ ada: Session; bob: Session; taskId: string }> {
  const [ada, bob] = await Promise.all([Session.register(stack, 'Ada'), Session.register(stack, 'Bob')]);
  const { createProject } = await (await ada.client()).data<{ createProject: { id: string } }>(
    `mutation { createProject(input: { name: "Renewal" }) { id } }`,
  );
  await (await ada.client()).data(`mutation($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u) { id } }`, {
    p: createProject.id,
    u: bob.id,
  });
  const { createTask } = await (await ada.client()).data<{ createTask: { id: string } }>(
    `mutation($p: ID!, $a: ID) { createTask(input: { projectId: $p, title: "Renew", assigneeId: $a }) { id } }`,
    { p: createProject.id, a: bob.id },
  );
  return { ada, bob, taskId: createTask.id };
}

/** The ids of the user's TASK_COMMENTED notifications, in order, once all `count` are stored. */
export async function commentedFor(stack: Stack, user: Session, count: number): Promise<string[]> {
  const stored = async () =>
    (
      await queryDatabase<{ id: string }>(
        stack.env,
        'notifications',
        "select id from notifications where recipient_id = $1 and kind = 'TASK_COMMENTED' order by id",
        [user.id],
      )
    ).map((row) => row.id);
  return eventually(async () => ((await stored()).length === count ? stored() : undefined), 10_000, 'every notification stored');
}
