import { ApolloServer } from '@apollo/server';
import { buildSchema } from 'graphql';
import { createLogger } from '../../../src/observability/logger';
import { createMetrics } from '../../../src/observability/metrics';
import { attachFacts, createOperationRecorder, operationRecordPlugin } from '../../../src/server/request-log';

describe('metrics', () => {
  it('renders the documented metric names in Prometheus text format', async () => {
    const m = createMetrics();
    m.awsCall({ service: 'ec2', action: 'DescribeInstances', region: 'us-east-1', outcome: 'ok', durationMs: 42 });
    m.awsCall({ service: 'ec2', action: 'DescribeInstances', region: 'us-east-1', outcome: 'cached', durationMs: 0 });
    m.awsCall({ service: 'ssm', action: 'GetAutomationExecution', region: 'us-east-1', outcome: 'error', errorCode: 'ThrottlingException', durationMs: 900, attempts: 3 });
    m.operation('ws', 'query', 'success', 0.012);
    m.webSocketOpened();
    m.webSocketRefused('operations_per_socket');
    m.operationAborted('timeout');
    m.subscriptionOpened();
    m.subscriptionOpened();
    m.subscriptionClosed();
    m.setWatchedTasks(7);
    m.pollLag(1.5);
    m.rateLimited();
    const text = await m.render();
    expect(m.contentType).toMatch(/^text\/plain/);
    for (const name of [
      'aws_calls_total',
      'aws_throttles_total',
      'aws_retries_total',
      'aws_call_duration_seconds_bucket',
      'graphql_operations_total',
      'graphql_operation_duration_seconds_bucket',
      'graphql_active_subscriptions',
      'task_watcher_watched_tasks',
      'task_watcher_poll_lag_seconds_bucket',
      'rate_limited_total',
      'websocket_connections',
      'websocket_refusals_total',
      'graphql_operations_aborted_total',
      'process_cpu_user_seconds_total',
      'nodejs_eventloop_lag_seconds',
    ]) {
      expect(text).toMatch(new RegExp(`^${name}[{ ]`, 'm'));
    }
    expect(text).toContain('aws_calls_total{service="ec2",action="DescribeInstances",outcome="ok"} 1');
    expect(text).toContain('aws_calls_total{service="ec2",action="DescribeInstances",outcome="cached"} 1');
    expect(text).toContain('aws_throttles_total{service="ssm",action="GetAutomationExecution"} 1');
    expect(text).toContain('aws_retries_total{service="ssm",action="GetAutomationExecution"} 2');
    expect(text).toContain('graphql_operations_total{transport="ws",operation_type="query",outcome="success"} 1');
    expect(text).toContain('websocket_refusals_total{reason="operations_per_socket"} 1');
    expect(text).toContain('graphql_operations_aborted_total{reason="timeout"} 1');
    expect(text).toMatch(/^graphql_active_subscriptions 1$/m);
    expect(text).toMatch(/^task_watcher_watched_tasks 7$/m);
    expect(text).toMatch(/^rate_limited_total 1$/m);
    // Region is deliberately not a label (bounded, but not needed); nothing per-request is.
    expect(text).not.toContain('us-east-1');
  });

  it('uses its own registry: two instances do not collide', async () => {
    const a = createMetrics({ defaultMetrics: false });
    const b = createMetrics({ defaultMetrics: false });
    a.rateLimited();
    expect(await b.render()).toMatch(/^rate_limited_total 0$/m);
  });

  it('folds odd action names so labels never carry caller text', async () => {
    const m = createMetrics({ defaultMetrics: false });
    m.awsCall({ service: 'ec2', action: 'i-0123456789abcdef0 secret', region: 'us-east-1', outcome: 'ok', durationMs: 1 });
    const text = await m.render();
    expect(text).toContain('action="other"');
    expect(text).not.toContain('secret');
  });
});

describe('operation records (HTTP through Apollo)', () => {
  it('one log line and one metric per operation: type and outcome, never arguments; names only in the log', async () => {
    const m = createMetrics({ defaultMetrics: false });
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', destination: { write: (l: string) => void lines.push(l) } });
    const schema = buildSchema('type Query { hello(name: String): String } type Mutation { touch: Boolean }');
    const apollo = new ApolloServer({
      schema,
      plugins: [operationRecordPlugin(logger, createOperationRecorder(logger, m))],
      rootValue: { hello: () => 'hi', touch: () => { throw new Error('boom'); } },
    } as never);
    await apollo.start();
    const contextValue = { requestId: 'req-0123456789' };
    attachFacts(contextValue, { cost: 3, awsCalls: 1 });
    const ctx = { contextValue } as never;
    await apollo.executeOperation({ query: 'query SecretName { hello(name: "canary-arg-123") }' }, ctx);
    await apollo.executeOperation({ query: 'mutation { touch }' }, ctx);
    await apollo.executeOperation({ query: '{ nope }' }, ctx);
    await apollo.stop();
    const text = await m.render();
    expect(text).toContain('graphql_operations_total{transport="http",operation_type="query",outcome="success"} 1');
    expect(text).toContain('graphql_operations_total{transport="http",operation_type="mutation",outcome="error"} 1');
    expect(text).toContain('graphql_operations_total{transport="http",operation_type="unknown",outcome="rejected"} 1');
    expect(text).not.toMatch(/SecretName|canary-arg-123/);
    const records = lines.map((l) => JSON.parse(l)).filter((l) => l.msg === 'graphql operation');
    expect(records.map((r) => [r.operationType, r.outcome, r.cost])).toEqual([
      ['query', 'success', 3],
      ['mutation', 'error', 3],
      [undefined, 'rejected', 3],
    ]);
    expect(records[0]).toMatchObject({ transport: 'http', requestId: 'req-0123456789', operationName: 'SecretName' });
    expect(lines.join('\n')).not.toContain('canary-arg-123');
  });
});
