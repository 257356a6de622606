import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventually } from '@taskgraph/kit/testing';
import { type Stack, startStack } from '@taskgraph/stack';
import { metricsOf, sample } from './metrics.js';
import { OtlpReceiver, type ReceivedSpan } from './otlp-receiver.js';
import { ServiceProcess } from './service-process.js';
import { signUp, type TestUser } from './users.js';

// Spans leave in batches; a short delay keeps the test quick. Read by the OpenTelemetry SDK.
process.env.OTEL_BSP_SCHEDULE_DELAY = '100';

/**
 * What an operator has to follow one request: the gateway runs as a process of its own, as in
 * production, logging to its stdout; every service exports spans to a collector.
 */
describe('one request followed through its logs, metrics and trace', () => {
  let receiver: OtlpReceiver;
  let stack: Stack;
  let gateway: ServiceProcess;
  let owner: TestUser;
  let member: TestUser;
  let projectId: string;
  before(async () => {
    receiver = await OtlpReceiver.start();
    stack = await startStack({ OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint });
    gateway = await ServiceProcess.gateway(stack, { LOG_LEVEL: 'info' });
    [owner, member] = await Promise.all([signUp(stack, 'Owner'), signUp(stack, 'Member')]);
    ({
      createProject: { id: projectId },
    } = await owner.client.data<{ createProject: { id: string } }>('mutation { createProject(input: { name: "Traced" }) { id } }'));
    await owner.client.data('mutation($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u) { id } }', {
      p: projectId,
      u: member.id,
    });
  });
  after(async () => {
    await gateway?.stop();
    await stack.stop();
    await receiver.stop();
  });

  it('logs it, counts it, and continues the caller’s trace from the gateway to the subgraphs, the outbox, NATS and the consumers', async () => {
    const traceId = randomBytes(16).toString('hex');
    const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
    const requestId = `followed-${randomBytes(4).toString('hex')}`;
    const response = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${owner.accessToken}`, traceparent, 'x-request-id': requestId },
      body: JSON.stringify({
        query:
          'mutation CreateTask($p: ID!, $a: ID!) { createTask(input: { projectId: $p, title: "Follow me", assigneeId: $a }) { id assignee { displayName } } }',
        variables: { p: projectId, a: member.id },
        operationName: 'CreateTask',
      }),
    });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('x-request-id'), requestId);
    const { data } = (await response.json()) as { data: { createTask: { assignee: { displayName: string } } } };
    assert.equal(data.createTask.assignee.displayName, 'Member');

    // Batches of spans are sent concurrently, by several processes: wait for every part of the trace.
    const expected: [scope: string, name: RegExp][] = [
      ['taskgraph.gateway', /^mutation CreateTask$/],
      ['apollo/gateway-js', /^gateway\.fetch$/],
      ['taskgraph.tasks', /^mutation /],
      ['taskgraph.users', /^query /],
      ['taskgraph.tasks', /^publish task\.created$/],
      ['taskgraph.notifications', /^handle task\.created$/],
      ['taskgraph.notifications', /^publish notification\.created$/],
    ];
    const trace = await eventually(
      async () => {
        const spans = receiver.spans.filter((span) => span.traceId === traceId);
        const complete = expected.every(([scope, name]) => spans.some((span) => span.scope === scope && name.test(span.name)));
        return complete && spans.filter((span) => span.name === 'gateway.fetch').length === 2 ? spans : undefined;
      },
      15_000,
      'every part of the trace',
    );

    const find = (scope: string, name: string): ReceivedSpan => {
      const span = trace.find((candidate) => candidate.scope === scope && candidate.name === name);
      assert.ok(span, `${scope}: ${name} in ${trace.map((s) => `${s.scope}:${s.name}`).join(', ')}`);
      return span;
    };
    const childOf = (child: ReceivedSpan, parent: ReceivedSpan) =>
      assert.equal(child.parentSpanId, parent.spanId, `${child.name} under ${parent.name}`);

    const gatewayRequest = find('taskgraph.gateway', 'mutation CreateTask');
    assert.equal(gatewayRequest.attributes['http.response.status_code'], 200);
    assert.equal(gatewayRequest.service, 'gateway');
    assert.equal(gatewayRequest.attributes['http.request.id'], requestId);

    const fetches = trace.filter((span) => span.scope === 'apollo/gateway-js' && span.name === 'gateway.fetch');
    assert.deepEqual(new Set(fetches.map((span) => span.attributes.service)), new Set(['tasks', 'users']));
    const tasksRequest = trace.find((span) => span.scope === 'taskgraph.tasks' && span.name.startsWith('mutation'));
    assert.ok(tasksRequest, 'the tasks subgraph’s request span');
    assert.ok(
      fetches.some((fetch) => fetch.spanId === tasksRequest.parentSpanId),
      'the subgraph continues the gateway’s fetch',
    );
    const usersRequest = trace.find((span) => span.scope === 'taskgraph.users' && span.name.startsWith('query'))!;
    assert.ok(fetches.some((fetch) => fetch.spanId === usersRequest.parentSpanId));

    // The relay publishes later, in the background, yet within the request's trace.
    const published = find('taskgraph.tasks', 'publish task.created');
    childOf(published, tasksRequest);
    const handled = trace.filter((span) => span.name === 'handle task.created');
    assert.ok(
      handled.some((span) => span.scope === 'taskgraph.notifications'),
      'the notifications consumer',
    );
    for (const span of handled) childOf(span, published);
    const notified = find('taskgraph.notifications', 'publish notification.created');
    childOf(notified, handled.find((span) => span.scope === 'taskgraph.notifications')!);
    assert.ok(
      trace.every((span) => span.service !== ''),
      'every span names its service',
    );
    assert.equal(gatewayRequest.parentSpanId.length > 0, true, 'the gateway span continues the caller’s');

    // The gateway's log line for the operation names the request, the trace, the user and the operation.
    const line = await eventually(
      async () => gateway.logs.find((entry) => entry.msg === 'graphql operation' && entry.requestId === requestId),
      5000,
      'the operation logged',
    );
    assert.equal(line.traceId, traceId);
    assert.equal(line.spanId, gatewayRequest.spanId);
    assert.equal(line.userId, owner.id);
    assert.equal(line.operation, 'CreateTask');
    assert.equal(line.service, 'gateway');
    assert.deepEqual(line.errors, []);

    // Counted at the gateway, per operation and per subgraph fetch, and at the subgraph.
    const metrics = await metricsOf(gateway.url);
    assert.equal(sample(metrics, 'graphql_operations_total', { operation: 'CreateTask', type: 'mutation', outcome: 'ok' }), 1);
    assert.equal(sample(metrics, 'graphql_operation_duration_seconds_count', { operation: 'CreateTask', type: 'mutation' }), 1);
    assert.ok((sample(metrics, 'subgraph_fetch_duration_seconds_count', { subgraph: 'tasks', outcome: '200' }) ?? 0) >= 1);
    const tasksMetrics = await metricsOf(stack.subgraphs.tasks.url);
    assert.equal(
      sample(tasksMetrics, 'graphql_operations_total', { operation: 'CreateTask__tasks__0', type: 'mutation', outcome: 'ok' }),
      1,
    );
  });
});
