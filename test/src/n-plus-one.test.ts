import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { countStatements, type Stack, startStack } from '@taskgraph/stack';
import { signUp, type TestUser } from './users.js';

const PAGE = /* GraphQL */ `
  query Page($p: ID!, $first: Int!) {
    project(id: $p) {
      name
      owner { displayName }
      members { role user { displayName } }
      tasks(first: $first, orderBy: { field: CREATED_AT, direction: ASC }) {
        totalCount
        edges {
          node {
            title
            project { name viewerRole }
            assignee { displayName }
            reporter { displayName }
            labels { name color }
            comments(first: 3) { totalCount edges { node { body author { displayName } } } }
          }
        }
      }
    }
  }
`;

describe('SQL statements per request', () => {
  let stack: Stack;
  let ada: TestUser;
  let projectId: string;
  before(async () => {
    stack = await startStack();
    const people = await Promise.all(['Ada', 'Bob', 'Cy', 'Di'].map((name) => signUp(stack, name)));
    ada = people[0]!;
    ({
      createProject: { id: projectId },
    } = await ada.client.data<{ createProject: { id: string } }>(`mutation { createProject(input: { name: "Load" }) { id } }`));
    for (const person of people.slice(1)) {
      await ada.client.data(`mutation($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u) { id } }`, {
        p: projectId,
        u: person.id,
      });
    }
    const labelIds: string[] = [];
    for (const name of ['bug', 'feature', 'chore']) {
      const { createLabel } = await ada.client.data<{ createLabel: { id: string } }>(
        `mutation($p: ID!, $n: String!) { createLabel(projectId: $p, name: $n, color: "#336699") { id } }`,
        { p: projectId, n: name },
      );
      labelIds.push(createLabel.id);
    }
    for (let i = 0; i < 100; i++) {
      const assignee = people[i % people.length]!;
      const { createTask } = await assignee.client.data<{ createTask: { id: string } }>(
        `mutation($p: ID!, $t: String!, $u: ID) { createTask(input: { projectId: $p, title: $t, assigneeId: $u }) { id } }`,
        { p: projectId, t: `Task ${i}`, u: people[(i + 1) % people.length]!.id },
      );
      if (i % 10 === 0)
        await assignee.client.data(`mutation($t: ID!) { addComment(taskId: $t, body: "first") { id } }`, { t: createTask.id });
      if (i % 3 === 0)
        await ada.client.data(`mutation($t: ID!, $l: [ID!]!) { setTaskLabels(id: $t, labelIds: $l) { id } }`, {
          t: createTask.id,
          l: labelIds.slice(0, 1 + (i % 3)),
        });
    }
  });
  after(() => stack.stop());

  it('do not grow with the page size: a page of 100 tasks with their people, project, labels and comments costs what a page of 10 does', async (t) => {
    const measure = async (first: number) => {
      await ada.client.data(PAGE, { p: projectId, first }); // warm caches that are not per request (JWKS)
      return countStatements(stack, () => ada.client.data(PAGE, { p: projectId, first }));
    };
    const small = await measure(10);
    const large = await measure(100);
    t.diagnostic(`statements per request: ${JSON.stringify(large)}`);
    assert.deepEqual(large, small);
    for (const [subgraph, count] of Object.entries(large)) {
      assert.ok(count <= 8, `${subgraph} ran ${count} statements for one request`);
    }
  });
});
