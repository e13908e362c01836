import { ApolloServer } from '@apollo/server';
import type { GraphQLSchema } from 'graphql';
import { AuditLog, buildAuditEvent } from '../../../src/observability/audit';
import { createLogger } from '../../../src/observability/logger';
import { createMetrics } from '../../../src/observability/metrics';
import { createOperationRecorder, operationRecordPlugin } from '../../../src/server/request-log';
import { buildMiniSchema, principal, run } from '../security/mini-schema';

const CANARY = 'canary-Secret-7f3a9c';
/** The canary where only a GraphQL name fits (an operation or field name). */
const CANARY_NAME = 'canarySecret7f3a9c';

describe('audit', () => {
  let schema: GraphQLSchema;
  let lines: string[];

  beforeAll(async () => {
    lines = [];
    const logger = createLogger({ level: 'info', destination: { write: (l: string) => void lines.push(l) } });
    schema = await buildMiniSchema(new AuditLog(logger));
  });
  beforeEach(() => {
    lines.length = 0;
  });
  const events = () => lines.map((l) => JSON.parse(l) as Record<string, any>).filter((e) => e.audit === true);

  const SIP = `mutation($i: MiniSipInput!) { createMacSipModificationTask(input: $i) { clientToken task { id } dryRun { wouldSucceed } } }`;
  const input = (over: Record<string, unknown> = {}) => ({
    instanceId: 'i-0123456789abcdef0',
    status: 'ENABLED',
    clientToken: 'tok-1',
    macCredentials: { internalDiskPassword: CANARY, rootVolumeUsername: CANARY, rootVolumePassword: CANARY },
    ...over,
  });

  it('records a successful mutation with principal, targets, clientToken and outcome — never macCredentials', async () => {
    const r = await run(schema, SIP, principal(['operator'], 'ci-bot'), { i: input() });
    expect(r.errors).toBeUndefined();
    const [e] = events();
    expect(e).toMatchObject({
      audit: true,
      event: 'mutation',
      principal: { id: 'apikey:ci-bot', name: 'ci-bot', kind: 'apiKey' },
      operation: 'createMacSipModificationTask',
      targetIds: { instanceId: 'i-0123456789abcdef0', taskId: 'macmodification-0123456789abcdef0' },
      clientToken: 'tok-1',
      dryRun: false,
      outcome: 'success',
      requestId: 'req-12345678',
    });
    expect(lines.join('')).not.toContain(CANARY);
    expect(lines.join('')).not.toMatch(/macCredentials|Password/i);
  });

  it('records dry runs, errors and refusals, without the canary', async () => {
    await run(schema, SIP, principal(['operator']), { i: input({ dryRun: true }) });
    await run(schema, SIP, principal(['operator']), { i: input({ instanceId: 'i-bad' }) });
    await run(schema, SIP, principal(['operator']), { i: input({ status: 'DISABLED' }) });
    await run(schema, SIP, undefined, { i: input() });
    const outcomes = events().map((e) => [e.outcome, e.errorCode, e.principal?.id ?? null]);
    expect(outcomes).toEqual([
      ['dry-run', undefined, 'apikey:tester'],
      ['error', 'BAD_USER_INPUT', 'apikey:tester'],
      ['refused', 'FORBIDDEN', 'apikey:tester'],
      ['refused', 'UNAUTHENTICATED', null],
    ]);
    expect(events()[2].targetIds).toEqual({ instanceId: 'i-0123456789abcdef0' });
    expect(lines.join('')).not.toContain(CANARY);
  });

  it('ignores queries', async () => {
    await run(schema, '{ hello }', principal(['viewer']));
    expect(events()).toEqual([]);
  });

  it('copies only whitelisted fields, even from unexpected inputs and results', () => {
    const e = buildAuditEvent({
      operation: 'startAutomationExecution',
      args: { input: { documentName: 'AWS-RestartEC2Instance', parameters: [{ name: 'Password', values: [CANARY] }], secret: CANARY, clientToken: 'c-1' } },
      result: { execution: { id: 'exec-1', documentName: 'AWS-RestartEC2Instance', outputs: [CANARY] }, token: CANARY },
      principal: principal(['operator']),
      awsRequestId: 'aws-req-1',
    });
    expect(e).toEqual({
      event: 'mutation',
      principal: { id: 'apikey:tester', name: 'tester', kind: 'apiKey' },
      operation: 'startAutomationExecution',
      targetIds: { documentName: 'AWS-RestartEC2Instance', executionId: 'exec-1' },
      clientToken: 'c-1',
      dryRun: false,
      outcome: 'success',
      awsRequestId: 'aws-req-1',
    });
    expect(JSON.stringify(e)).not.toContain(CANARY);
  });

  it('the canary reaches no metric either: not from variables, operation names, error messages or query text', async () => {
    const m = createMetrics({ defaultMetrics: false });
    const recordLines: string[] = [];
    const recordLogger = createLogger({ level: 'info', destination: { write: (l: string) => void recordLines.push(l) } });
    const server = new ApolloServer({ schema, plugins: [operationRecordPlugin(recordLogger, createOperationRecorder(recordLogger, m)) as never] });
    await server.start();
    try {
      const context = { contextValue: { principal: principal(['operator']), requestId: 'req-12345678' } };
      const named = `mutation ${CANARY_NAME}($i: MiniSipInput!) { createMacSipModificationTask(input: $i) { clientToken } }`;
      const ok = await server.executeOperation({ query: named, variables: { i: input({ clientToken: CANARY }) } }, context);
      const failed = await server.executeOperation({ query: named, variables: { i: input({ instanceId: 'i-bad' }) } }, context);
      const rejected = await server.executeOperation({ query: `mutation { ${CANARY_NAME} }` }, context);
      // Each ran as intended, the canary inside it.
      expect(ok.body).toMatchObject({ kind: 'single', singleResult: { data: { createMacSipModificationTask: { clientToken: CANARY } } } });
      expect(failed.body).toMatchObject({ kind: 'single', singleResult: { errors: [{ extensions: { code: 'BAD_USER_INPUT' } }] } });
      expect(rejected.body).toMatchObject({ kind: 'single', singleResult: { errors: [{ message: `Cannot query field "${CANARY_NAME}" on type "Mutation".` }] } });
    } finally {
      await server.stop();
    }
    const text = await m.render();
    expect(text.split('\n').filter((l) => l.startsWith('graphql_operations_total{'))).toEqual([
      'graphql_operations_total{transport="http",operation_type="mutation",outcome="success"} 1',
      'graphql_operations_total{transport="http",operation_type="mutation",outcome="error"} 1',
      'graphql_operations_total{transport="http",operation_type="unknown",outcome="rejected"} 1', // refused at validation: no operation was resolved
    ]);
    expect(text).not.toContain(CANARY);
    expect(text).not.toContain(CANARY_NAME);
    // Nor the operation log lines written for the same three operations.
    expect(recordLines).toHaveLength(3);
    expect(recordLines.join('\n')).not.toContain(CANARY);
  });
});
