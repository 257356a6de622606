/** Resuming over graphql-ws: the missed events, then live, with `after` set to the last cursor. */
import { after, before, describe, it } from 'node:test';
import { eventually } from '@taskgraph/kit/testing';
import { liveClient as gatewayLiveAt, type Stack, startStack } from '@taskgraph/stack';
import { startTeam, type Team } from './faults.js';
import { endedWithErrors, gatewayLive, Subscription } from './live.js';
import { cursorRefusals, NOTIFICATIONS_AFTER, type OpenAs, resumeScenario } from './resume.js';

type Payload = { notificationAdded: { id: string; kind: string } };

describe('resuming a subscription over graphql-ws', () => {
  let stack: Stack;
  let team: Team;
  before(async () => {
    stack = await startStack();
    team = await startTeam(stack);
  });
  after(() => stack?.stop());

  const open: OpenAs = async (accessToken, cursor) => {
    const client = gatewayLive(stack, accessToken);
    const subscription = new Subscription<Payload>(client, NOTIFICATIONS_AFTER, cursor ? { after: cursor } : {});
    await eventually(
      async () => (stack.gateway.live.stream.openSubjects.includes('notification.created') ? true : undefined),
      5000,
      'listening',
    );
    return {
      ids: () => subscription.results.map((result) => result.data!.notificationAdded.id),
      lastCursor: () => subscription.results.at(-1)!.extensions!.cursor!,
      count: async (count, timeoutMs) => void (await subscription.nth(count - 1, timeoutMs)),
      close: async () => await client.dispose(),
    };
  };

  it('delivers exactly the missed notifications, in order, then live ones', () => resumeScenario(stack, team, open));

  it('refuses a tampered or foreign cursor with BAD_USER_INPUT, and one older than the stream keeps with CURSOR_EXPIRED', () =>
    cursorRefusals(stack, team, open, async (url, accessToken, query, variables) => {
      const client = gatewayLiveAt(url, accessToken);
      try {
        return (await endedWithErrors(new Subscription(client, query, variables))).map((error) => error.extensions?.code);
      } finally {
        await client.dispose();
      }
    }));
});
