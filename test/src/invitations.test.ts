/**
 * Invitations by email through the gateway, the emails read from a real SMTP server run by the
 * test: who may invite whom, the link accepted only by the owner of the verified address, and
 * in force when acceptInvitation returns; revoked, replaced, used and expired links refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { eventually, queryDatabase } from '@taskgraph/kit/testing';
import { errorCodes, GraphQLClient, type Stack, startStack } from '@taskgraph/stack';
import { type AuthPayload, newRegistration, REGISTER } from './operations.js';
import { linkToken, mailsTo, SmtpCatcher } from './smtp-catcher.js';
import { signUp, type TestUser } from './users.js';

const APP_URL = 'https://app.example.test';
const ACCEPT_PAGE = `${APP_URL}/invitations/accept`;

const CREATE_PROJECT = 'mutation($n: String!) { createProject(input: { name: $n }) { id } }';
const ADD_MEMBER = 'mutation($p: ID!, $u: ID!, $r: ProjectRole) { addProjectMember(projectId: $p, userId: $u, role: $r) { id } }';
const INVITE = `mutation($p: ID!, $e: String!, $r: ProjectRole) {
  inviteToProject(projectId: $p, email: $e, role: $r) { id email role createdAt expiresAt invitedBy { id displayName } }
}`;
const ACCEPT = 'mutation($t: String!) { acceptInvitation(token: $t) { id name viewerRole } }';
const REVOKE = 'mutation($id: ID!) { revokeInvitation(id: $id) }';
const INVITATIONS = 'query($p: ID!) { project(id: $p) { invitations { id email role invitedBy { id } } } }';
const TASKS = 'query($p: ID!) { project(id: $p) { tasks { totalCount } } }';
const VERIFY = 'mutation($t: String!) { verifyEmail(token: $t) }';
const NOTIFICATIONS = '{ notifications(first: 20) { edges { node { kind message project { id } } } } }';

interface InvitationView {
  id: string;
  email: string;
  role: string;
  createdAt: string;
  expiresAt: string;
  invitedBy: { id: string; displayName: string };
}

describe('invitations by email', () => {
  const smtp = new SmtpCatcher();
  let stack: Stack;
  let olga: TestUser;
  let adam: TestUser;
  let mia: TestUser;
  let projectId: string;

  before(async () => {
    await smtp.start();
    stack = await startStack({ SMTP_URL: smtp.url, APP_URL, EMAIL_SEND_INTERVAL_MS: '100' });
    [olga, adam, mia] = (await Promise.all([signUp(stack, 'Olga'), signUp(stack, 'Adam'), signUp(stack, 'Mia')])) as [
      TestUser,
      TestUser,
      TestUser,
    ];
    projectId = (await olga.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, { n: 'Atlas' })).createProject.id;
    await olga.client.data(ADD_MEMBER, { p: projectId, u: adam.id, r: 'ADMIN' });
    await olga.client.data(ADD_MEMBER, { p: projectId, u: mia.id, r: 'MEMBER' });
  });
  after(async () => {
    await stack?.stop();
    await smtp.stop();
  });

  /** Follows the verification link registration emailed. */
  async function verify(user: { email: string }): Promise<void> {
    const [mail] = await mailsTo(smtp, user.email, 'Confirm your email address');
    await stack.client().data(VERIFY, { t: linkToken(mail!, `${APP_URL}/verify-email`) });
  }

  const invite = async (by: TestUser, email: string, role = 'MEMBER', project = projectId) =>
    (await by.client.data<{ inviteToProject: InvitationView }>(INVITE, { p: project, e: email, r: role })).inviteToProject;

  /** The token of the latest invitation email to the address. */
  async function invitationToken(email: string, count = 1): Promise<string> {
    const mails = await mailsTo(smtp, email, 'invited you to', count);
    return linkToken(mails[count - 1]!, ACCEPT_PAGE);
  }

  it('a registered, verified invitee: emailed, notified in-app, and a member with rights in force when accepting returns', async () => {
    const ivy = await signUp(stack, 'Ivy');
    await verify(ivy);
    const invitation = await invite(olga, ` ${ivy.email.toUpperCase()}`, 'VIEWER');
    assert.equal(invitation.email, ivy.email);
    assert.equal(invitation.role, 'VIEWER');
    assert.deepEqual(invitation.invitedBy, { id: olga.id, displayName: 'Olga' });
    assert.ok(Date.parse(invitation.expiresAt) - Date.parse(invitation.createdAt) >= 7 * 24 * 3600 * 1000 - 1000, 'valid 7 days');

    const [mail] = await mailsTo(smtp, ivy.email, 'invited you to');
    assert.equal(mail!.parsed.subject, 'Olga invited you to “Atlas”');
    const token = linkToken(mail!, ACCEPT_PAGE);
    const notified = await eventually(async () => {
      const { notifications } = await ivy.client.data<{ notifications: { edges: { node: { kind: string; message: string } }[] } }>(
        NOTIFICATIONS,
      );
      return notifications.edges.find(({ node }) => node.kind === 'PROJECT_INVITED')?.node;
    }, 15_000);
    assert.equal(notified.message, 'Olga invited you to “Atlas”');

    const listed = await olga.client.data<{ project: { invitations: { id: string }[] } }>(INVITATIONS, { p: projectId });
    assert.ok(listed.project.invitations.some(({ id }) => id === invitation.id));

    const { acceptInvitation } = await ivy.client.data<{ acceptInvitation: { id: string; viewerRole: string } }>(ACCEPT, { t: token });
    assert.deepEqual(acceptInvitation, { id: projectId, name: 'Atlas', viewerRole: 'VIEWER' });
    // In force: the tasks subgraph lets the new member read at once.
    assert.deepEqual((await ivy.client.data<{ project: { tasks: { totalCount: number } } }>(TASKS, { p: projectId })).project.tasks, {
      totalCount: 0,
    });
    const after = await olga.client.data<{ project: { invitations: { id: string }[] } }>(INVITATIONS, { p: projectId });
    assert.ok(!after.project.invitations.some(({ id }) => id === invitation.id), 'no longer pending');

    const again = await ivy.client.request(ACCEPT, { t: token });
    assert.deepEqual(errorCodes(again), ['BAD_USER_INPUT']);
    assert.ok(again.errors?.[0]?.extensions?.fields?.token);
  });

  it('an address nobody has registered gets the same answer and the link; its owner signs up, verifies, and accepts', async () => {
    const input = newRegistration('Nell');
    const unknown = await invite(adam, input.email);
    const known = await invite(adam, mia.email);
    assert.deepEqual(Object.keys(unknown), Object.keys(known), 'the same answer, registered or not');
    const token = await invitationToken(input.email);

    const { register } = await stack.client().data<{ register: AuthPayload }>(REGISTER, { input });
    const nell = stack.client(register.accessToken);
    const early = await nell.request(ACCEPT, { t: token });
    assert.deepEqual(errorCodes(early), ['FORBIDDEN']);
    assert.equal(early.errors?.[0]?.extensions?.reason, 'EMAIL_NOT_VERIFIED');

    await verify(input);
    // verifyEmail is in force when it returns: the invitation is accepted at once.
    assert.equal(
      (await nell.data<{ acceptInvitation: { viewerRole: string } }>(ACCEPT, { t: token })).acceptInvitation.viewerRole,
      'MEMBER',
    );
  });

  it('is accepted only with the invited address: another verified user is FORBIDDEN, and the link stays usable', async () => {
    const [una, vic] = await Promise.all([signUp(stack, 'Una'), signUp(stack, 'Vic')]);
    await Promise.all([verify(una), verify(vic)]);
    await invite(olga, una.email);
    const token = await invitationToken(una.email);
    const foreign = await vic.client.request(ACCEPT, { t: token });
    assert.deepEqual(errorCodes(foreign), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await vic.client.request(TASKS, { p: projectId })), ['NOT_FOUND'], 'Vic is no member');
    assert.equal(
      (await una.client.data<{ acceptInvitation: { viewerRole: string } }>(ACCEPT, { t: token })).acceptInvitation.viewerRole,
      'MEMBER',
    );
  });

  it('who may invite: ADMIN below ADMIN, the OWNER any role but OWNER; others are refused, bad input changes nothing', async () => {
    const email = newRegistration('Pat').email;
    assert.equal((await invite(olga, email, 'ADMIN')).role, 'ADMIN');
    assert.deepEqual(errorCodes(await adam.client.request(INVITE, { p: projectId, e: email, r: 'ADMIN' })), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await mia.client.request(INVITE, { p: projectId, e: email, r: 'VIEWER' })), ['FORBIDDEN']);
    const outsider = await signUp(stack, 'Otto');
    assert.deepEqual(errorCodes(await outsider.client.request(INVITE, { p: projectId, e: email })), ['NOT_FOUND']);
    assert.deepEqual(errorCodes(await stack.client().request(INVITE, { p: projectId, e: email })), ['UNAUTHENTICATED']);
    const owner = await olga.client.request(INVITE, { p: projectId, e: email, r: 'OWNER' });
    assert.deepEqual(errorCodes(owner), ['BAD_USER_INPUT']);
    assert.ok(owner.errors?.[0]?.extensions?.fields?.role);
    for (const bad of ['not an email', `${email}\u0000`, `${'x'.repeat(300)}@example.com`]) {
      const result = await olga.client.request(INVITE, { p: projectId, e: bad });
      assert.deepEqual(errorCodes(result), ['BAD_USER_INPUT']);
      assert.ok(result.errors?.[0]?.extensions?.fields?.email, JSON.stringify(result.errors));
    }
    const malformed = await olga.client.request(INVITE, { p: 'nope', e: email });
    assert.deepEqual(errorCodes(malformed), ['BAD_USER_INPUT']);
    assert.ok(malformed.errors?.[0]?.extensions?.fields?.projectId);
    const { project } = await olga.client.data<{ project: { invitations: InvitationView[] } }>(INVITATIONS, { p: projectId });
    assert.deepEqual(
      project.invitations.filter((invitation) => invitation.email === email).map((invitation) => invitation.role),
      ['ADMIN'],
      'only the one invitation made',
    );
    assert.deepEqual(errorCodes(await mia.client.request(INVITATIONS, { p: projectId })), ['FORBIDDEN'], 'a MEMBER sees no invitations');
    assert.deepEqual(errorCodes(await outsider.client.request(INVITATIONS, { p: projectId })), ['NOT_FOUND']);
  });

  it('revoked, replaced and expired links are refused; revoking is for ADMIN or higher', async () => {
    const [rue, sol] = await Promise.all([signUp(stack, 'Rue'), signUp(stack, 'Sol')]);
    await Promise.all([verify(rue), verify(sol)]);

    const revoked = await invite(adam, rue.email);
    const revokedToken = await invitationToken(rue.email);
    assert.deepEqual(errorCodes(await mia.client.request(REVOKE, { id: revoked.id })), ['FORBIDDEN']);
    assert.deepEqual(errorCodes(await olga.client.request(REVOKE, { id: '01890000-0000-7000-8000-000000000000' })), ['NOT_FOUND']);
    assert.equal((await adam.client.data<{ revokeInvitation: string }>(REVOKE, { id: revoked.id })).revokeInvitation, revoked.id);
    assert.deepEqual(errorCodes(await adam.client.request(REVOKE, { id: revoked.id })), ['NOT_FOUND'], 'revoked already');
    const refused = await rue.client.request(ACCEPT, { t: revokedToken });
    assert.deepEqual(errorCodes(refused), ['BAD_USER_INPUT']);
    assert.ok(refused.errors?.[0]?.extensions?.fields?.token);

    // Inviting the address again replaces the earlier link.
    await invite(olga, sol.email);
    const replaced = await invitationToken(sol.email);
    await invite(olga, sol.email, 'VIEWER');
    const current = await invitationToken(sol.email, 2);
    assert.deepEqual(errorCodes(await sol.client.request(ACCEPT, { t: replaced })), ['BAD_USER_INPUT']);

    await queryDatabase(stack.env, 'projects', `update invitations set expires_at = now() - interval '1 second' where email = $1`, [
      sol.email,
    ]);
    assert.deepEqual(errorCodes(await sol.client.request(ACCEPT, { t: current })), ['BAD_USER_INPUT'], 'expired');
    for (const bad of [`${current}\u0000`, 'x'.repeat(10_000), '']) {
      const result = await sol.client.request(ACCEPT, { t: bad });
      assert.deepEqual(errorCodes(result), ['BAD_USER_INPUT']);
      assert.ok(result.errors?.[0]?.extensions?.fields?.token);
    }
    assert.deepEqual(errorCodes(await sol.client.request(TASKS, { p: projectId })), ['NOT_FOUND'], 'Sol never became a member');
    assert.deepEqual(errorCodes(await new GraphQLClient(stack.gateway.url).request(ACCEPT, { t: current })), ['UNAUTHENTICATED']);
  });
});
