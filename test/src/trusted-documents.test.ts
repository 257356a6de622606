/**
 * Trusted documents at the gateway, over HTTP and WebSocket, in each mode: operations of the
 * manifest run by hash alone (APQ's extension or `documentId`); `off` serves anything else (and
 * APQ), `log` serves and counts it, `required` refuses it before planning, registration included.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunningGateway } from '@taskgraph/gateway';
import { liveClient, type Stack, startStack } from '@taskgraph/stack';
import { Subscription } from './live.js';
import { metricsOf, sample } from './metrics.js';
import { signUp, type TestUser } from './users.js';

const ME = 'query TrustedMe { me { id displayName } }';
const NOTIFICATIONS = 'subscription TrustedNotifications { notificationAdded { kind message } }';
const UNTRUSTED = 'query Untrusted { me { id } }';
const UNTRUSTED_SUBSCRIPTION = 'subscription UntrustedNotifications { notificationAdded { kind } }';
const CREATE_PROJECT = 'mutation($n: String!) { createProject(input: { name: $n }) { id } }';
const ADD_MEMBER = 'mutation($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u) { id } }';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const persisted = (hash: string) => ({ persistedQuery: { version: 1, sha256Hash: hash } });
const UNKNOWN_HASH = sha256('query NotInTheManifest { me { id } }');

type Notified = { notificationAdded: { kind: string } };

interface Response {
  status: number;
  body: { data?: { me?: { id: string } } | null; errors?: { message: string; extensions?: { code?: string } }[] };
}

describe('trusted documents', () => {
  let stack: Stack;
  let ada: TestUser;
  let bob: TestUser;
  let folder: string;
  const gateways: Partial<Record<'off' | 'log' | 'required', RunningGateway>> = {};

  before(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'trusted-documents-'));
    const manifest = path.join(folder, 'persisted-documents.json');
    // As the client preset writes it: keys prefixed with the algorithm.
    await writeFile(manifest, JSON.stringify({ [`sha256:${sha256(ME)}`]: ME, [`sha256:${sha256(NOTIFICATIONS)}`]: NOTIFICATIONS }));
    stack = await startStack({ TRUSTED_DOCUMENTS_PATH: manifest });
    gateways.off = stack.gateway;
    gateways.log = await stack.startGateway({ TRUSTED_DOCUMENTS: 'log' });
    gateways.required = await stack.startGateway({ TRUSTED_DOCUMENTS: 'required' });
    [ada, bob] = (await Promise.all([signUp(stack, 'Ada'), signUp(stack, 'Bob')])) as [TestUser, TestUser];
  });
  after(async () => {
    await stack?.stop();
    await rm(folder, { recursive: true, force: true });
  });

  const post = async (mode: keyof typeof gateways, body: Record<string, unknown>): Promise<Response> => {
    const response = await fetch(gateways[mode]!.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${ada.accessToken}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Response['body'] };
  };
  const get = async (mode: keyof typeof gateways, params: Record<string, string>): Promise<Response> => {
    const url = new URL(gateways[mode]!.url);
    for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
    const response = await fetch(url, { headers: { authorization: `Bearer ${ada.accessToken}`, 'apollo-require-preflight': 'true' } });
    return { status: response.status, body: (await response.json()) as Response['body'] };
  };
  const served = (response: Response) => {
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.equal(response.body.data?.me?.id, ada.id, JSON.stringify(response.body));
  };
  const refused = (response: Response, status: number, code: string) => {
    assert.equal(response.status, status, JSON.stringify(response.body));
    assert.deepEqual(
      response.body.errors?.map((error) => error.extensions?.code),
      [code],
    );
    assert.equal(response.body.data, undefined);
  };
  const untrustedCount = async (mode: keyof typeof gateways, outcome: string) =>
    sample(await metricsOf(gateways[mode]!.url), 'untrusted_operations_total', { outcome }) ?? 0;

  for (const mode of ['off', 'log', 'required'] as const) {
    it(`${mode}: runs a document of the manifest by its hash alone, as documentId, sent in full, and over GET`, async () => {
      served(await post(mode, { extensions: persisted(sha256(ME)) }));
      served(await post(mode, { extensions: persisted(`sha256:${sha256(ME)}`) }));
      served(await post(mode, { documentId: `sha256:${sha256(ME)}` }));
      served(await post(mode, { query: ME }));
      served(await get(mode, { extensions: JSON.stringify(persisted(sha256(ME))) }));
      served(await get(mode, { documentId: `sha256:${sha256(ME)}` }));
    });
  }

  it('off: serves any other operation, and APQ as Apollo provides it', async () => {
    served(await post('off', { query: UNTRUSTED }));
    const unknown = await post('off', { extensions: persisted(UNKNOWN_HASH) });
    assert.deepEqual(
      unknown.body.errors?.map((error) => error.extensions?.code),
      ['PERSISTED_QUERY_NOT_FOUND'],
    );
    const query = 'query Registered { me { id } }';
    served(await post('off', { query, extensions: persisted(sha256(query)) }));
    served(await post('off', { extensions: persisted(sha256(query)) }));
    assert.equal(await untrustedCount('off', 'logged'), 0);
  });

  it('log: serves any other operation, and logs and counts it', async () => {
    const before = await untrustedCount('log', 'logged');
    served(await post('log', { query: UNTRUSTED }));
    served(await get('log', { query: UNTRUSTED }));
    assert.equal(await untrustedCount('log', 'logged'), before + 2);
    // Trusted ones are not counted.
    served(await post('log', { extensions: persisted(sha256(ME)) }));
    assert.equal(await untrustedCount('log', 'logged'), before + 2);
  });

  it('required: refuses any other operation before running it, and registers none', async () => {
    const before = await untrustedCount('required', 'refused');
    refused(await post('required', { query: UNTRUSTED }), 403, 'FORBIDDEN');
    refused(await get('required', { query: UNTRUSTED }), 403, 'FORBIDDEN');
    refused(await post('required', { extensions: persisted(UNKNOWN_HASH) }), 400, 'PERSISTED_QUERY_NOT_FOUND');
    refused(await post('required', { documentId: `sha256:${UNKNOWN_HASH}` }), 400, 'PERSISTED_QUERY_NOT_FOUND');
    // An APQ registration is an untrusted document sent in full: refused, and not remembered.
    const query = 'query Smuggled { me { id } }';
    refused(await post('required', { query, extensions: persisted(sha256(query)) }), 403, 'FORBIDDEN');
    refused(await post('required', { extensions: persisted(sha256(query)) }), 400, 'PERSISTED_QUERY_NOT_FOUND');
    // A hash of the manifest with another document beside it runs the manifest's document.
    served(await post('required', { query: UNTRUSTED, extensions: persisted(sha256(ME)) }));
    assert.equal(await untrustedCount('required', 'refused'), before + 6);
  });

  it('over WebSocket: a subscription by hash in every mode; another one served off and logged, refused when required', async () => {
    const sockets = Object.fromEntries(
      (['off', 'log', 'required'] as const).map((mode) => [mode, liveClient(gateways[mode]!.url, bob.accessToken)]),
    ) as Record<'off' | 'log' | 'required', ReturnType<typeof liveClient>>;
    const loggedBefore = await untrustedCount('log', 'logged');
    try {
      const byHash = Object.values(sockets).map(
        (socket) => new Subscription<Notified>(socket, '', {}, { extensions: persisted(sha256(NOTIFICATIONS)) }),
      );
      const untrusted = Object.fromEntries(
        Object.entries(sockets).map(([mode, socket]) => [mode, new Subscription<Notified>(socket, UNTRUSTED_SUBSCRIPTION)]),
      );
      const unknown = new Subscription(sockets.required, '', {}, { extensions: persisted(UNKNOWN_HASH) });
      assert.match(String(await untrusted.required!.whenEnded()), /FORBIDDEN|trusted documents/);
      assert.match(String(await unknown.whenEnded()), /PERSISTED_QUERY_NOT_FOUND|not in the trusted documents manifest/);

      // Bob is notified once he is added to a project: every accepted subscription hears it.
      const { createProject } = await ada.client.data<{ createProject: { id: string } }>(CREATE_PROJECT, { n: 'Trusted' });
      await ada.client.data(ADD_MEMBER, { p: createProject.id, u: bob.id });
      for (const subscription of [...byHash, untrusted.off!, untrusted.log!]) {
        assert.equal((await subscription.nth(0)).data?.notificationAdded?.kind, 'PROJECT_MEMBER_ADDED');
      }
      assert.equal(await untrustedCount('log', 'logged'), loggedBefore + 1, 'the untrusted subscription was counted in log mode');
    } finally {
      await Promise.all(Object.values(sockets).map((socket) => socket.dispose()));
    }
  });
});
