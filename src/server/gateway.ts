import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import express from 'express';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAuthenticator, type Principal } from '../auth';
import { ProbeError, type Aws } from '../aws';
import type { AppConfig } from '../config';
import { AuditLog } from '../observability/audit';
import { createReadinessCheck } from '../observability/health';
import { createLogger, type Logger } from '../observability/logger';
import { createMetrics, type Metrics } from '../observability/metrics';
import { EventLoaders } from '../subscriptions/event-loaders';
import { createMessaging } from '../subscriptions/pubsub';
import type { SubscriptionServices } from '../subscriptions/services';
import { TaskWatcher, type WatcherDeps } from '../subscriptions/task-watcher';
import { startAwsAccess, throttledWarning, type AwsConnectionOptions } from './aws-access';
import { createContext, type GatewayContext, type TaskActivitySink } from './context';
import { scopeFailuresPlugin } from './scope-failures';
import { createExplorer } from './explorer';
import { formatError } from './format-error';
import { graphqlHttp, type CachedRun } from './graphql-http';
import { attachFacts, createOperationRecorder, operationRecordPlugin } from './request-log';
import { WholeResponseCache } from './response-cache/cache';
import { buildGatewaySchema } from './schema';
import {
  admittedOperation,
  authenticateHttp,
  bodyErrorHandler,
  budgetDoorHttp,
  createBudget,
  corsHttp,
  createOperationGate,
  createQueryLimits,
  createWsAuth,
  executionGuardPlugin,
  gateHttp,
  guardSchema,
  isLandingPageRequest,
  metricsAccess,
  principalOf,
  requestIdOf,
  startGuard,
} from './security';
import { attachWebSocket } from './websocket';

export interface GatewayOptions extends AwsConnectionOptions {
  config: AppConfig;
  logger?: Logger;
  /** Tests drive the watcher with watcher.tick() instead of its timer. */
  manualWatcher?: boolean;
  /** Tests give the watcher a clock they move and a fixed jitter. */
  watcherTime?: Pick<WatcherDeps, 'clock' | 'random'>;
}

export interface RunningGateway {
  url: string;
  wsUrl: string;
  httpServer: Server;
  aws: Aws;
  watcher: TaskWatcher;
  metrics: Metrics;
  logger: Logger;
  close(): Promise<void>;
}

/**
 * Assembles the gateway: AWS access (cached for queries, fresh for the watcher), the task
 * watcher and its messaging, security (auth, the operation gate, budgets, CORS), Apollo over express,
 * and graphql-ws on the same path.
 */
export async function startGateway(options: GatewayOptions): Promise<RunningGateway> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ level: config.observability.logLevel });
  const metrics = createMetrics();
  const audit = new AuditLog(logger);

  const schema = await buildGatewaySchema({ audit });
  // Every resolver checks the running operation's response size and deadline (execution-guard.ts).
  guardSchema(schema);

  const messaging = createMessaging({ redisUrl: config.messaging.redisUrl, leaseMs: config.watcher.leaseMs, logger });
  const aws = await startAwsAccess({ ...options, config, logger, metrics, redis: messaging.redis }).catch(async (err: unknown) => {
    await messaging.close();
    throw err;
  });
  // The watcher and subscription payloads must see AWS as it is now: shared in-flight calls, no cache.
  const freshAws = aws.fresh();

  const watcher = new TaskWatcher(
    {
      aws: freshAws,
      pubsub: messaging.pubsub,
      coordination: messaging.coordination,
      logger,
      observer: { watchedTasks: (n) => metrics.setWatchedTasks(n), pollLag: (s) => metrics.pollLag(s) },
      ...options.watcherTime,
    },
    // Fleet discovery (taskEvents) scans every served scope.
    { ...config.watcher, scopes: () => aws.scopes() },
  );
  const subscriptions: SubscriptionServices = {
    watcher,
    pubsub: messaging.pubsub,
    eventLoaders: new EventLoaders(freshAws),
    onSubscriptionChange: (delta) => (delta > 0 ? metrics.subscriptionOpened() : metrics.subscriptionClosed()),
  };
  const events: TaskActivitySink = {
    taskChanged: (ref, observed, opts) => {
      watcher.taskActivity(ref, observed, opts).catch((err: unknown) => logger.warn({ err, task: ref }, 'task watcher could not record a change'));
    },
  };
  const contextFor = (requestId: string, principal: Principal | undefined, arrivedAt?: number, run?: CachedRun): GatewayContext =>
    createContext(run ? (run.refresh ? aws.fresh() : aws).tracked(run.reads) : aws, config, requestId, { events, subscriptions, principal, arrivedAt });
  // Whole answers of queries, for the AWS cache's TTL; a mutation's invalidation of a scope reaches it.
  const responses = new WholeResponseCache({ ttlMs: config.aws.cacheTtlMs, ...config.server.responseCache });
  aws.onInvalidate((scope) => responses.invalidate(scope));
  metrics.observeResponseCache(() => responses.stats());

  const authenticator = createAuthenticator(config);
  const limits = createQueryLimits(config.limits, { maxPageSize: config.aws.maxPageSize, production: config.server.production });
  const budget = createBudget({
    ...config.limits.budget,
    redis: messaging.redis,
    onStoreError: throttledWarning(logger, 'shared budgets unavailable in Redis; this replica counts alone meanwhile'),
  });
  const gate = createOperationGate({ schema, limits, budget, audit, onBudgetRefused: () => metrics.rateLimited() });
  const record = createOperationRecorder(logger, metrics);

  const explorer = createExplorer({ mode: config.server.explorer, path: '/graphql', authMethods: config.auth.methods, isPageRequest: isLandingPageRequest, logger });
  const app = express();
  app.disable('x-powered-by');
  const httpServer = createServer(app);

  const apollo = new ApolloServer<GatewayContext>({
    schema,
    formatError,
    includeStacktraceInErrorResponses: false,
    introspection: !config.server.production,
    allowBatchedHttpRequests: false,
    // main.ts owns signals: shutdown order (WebSockets, watcher, leases, then HTTP) matters.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    // Every operation reaching Apollo passed the gate (gate-http.ts): it must not have a second
    // way in, so no persisted-query hashes standing for documents the gate never saw.
    persistedQueries: false,
    parseOptions: { maxTokens: config.limits.maxTokens },
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      // Its willResolveField hook ran on every field of every operation, for a header saying
      // `no-store` (graphql-http.ts says it now).
      ApolloServerPluginCacheControlDisabled(),
      explorer.landingPage,
      // Apollo runs willSendResponse hooks in this order: the answer is whole (its failed scopes
      // added, then limited) before it is recorded — and judged cacheable by its outcome.
      scopeFailuresPlugin(),
      executionGuardPlugin(),
      operationRecordPlugin(logger, record),
    ],
  });
  await apollo.start();

  // A request id on every response and log line; a client-supplied one is kept if it is a short safe token.
  app.use((req, res, next) => {
    const id = requestIdOf(req.header('x-request-id'));
    res.locals.requestId = id;
    // Stamped before the body is read: a request that waits behind others on a busy process may
    // still use answers that were fresh when it arrived (see Aws.forRequest).
    res.locals.arrivedAt = Date.now();
    res.locals.receivedAt = performance.now();
    res.setHeader('x-request-id', id);
    next();
  });

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Cheap universal calls (STS identity, one small Describe per scope), cached by the check itself,
  // so load balancers polling it cost nothing more.
  const readiness = createReadinessCheck(() => aws.probe(), { classify: (err) => (err instanceof ProbeError ? err.reason : 'unreachable') });
  app.get('/readyz', readiness.handler());
  app.get('/metrics', metricsAccess(config.observability, config.server.production), async (_req, res, next) => {
    try {
      res.setHeader('content-type', metrics.contentType);
      res.send(await metrics.render());
    } catch (err) {
      next(err);
    }
  });

  // The browser explorer's page and assets: static, no credentials needed (it runs nothing).
  if (explorer.routes) app.use(explorer.routes);
  // CORS first (preflights need no credentials); auth and an empty budget refused before the
  // body is read, so refused callers cost nothing; then the gate (limits, roles, cost) before Apollo.
  app.use(
    '/graphql',
    corsHttp(config.server),
    authenticateHttp(authenticator, { logger }),
    budgetDoorHttp(budget, { onRefused: () => metrics.rateLimited() }),
    express.json({ limit: config.server.maxBodyBytes }),
    gateHttp(gate, record),
    graphqlHttp(apollo, {
      context: (res, run) => {
        // A refresh ahead is its own operation in the log, named after the request that prompted it.
        const requestId = run?.refresh ? `${String(res.locals.requestId)}.refresh` : String(res.locals.requestId);
        const ctx = contextFor(requestId, principalOf(res), run?.since ?? (res.locals.arrivedAt as number), run);
        const op = admittedOperation(res);
        if (op) attachFacts(ctx, { cost: op.cost, awsCalls: op.awsCalls });
        startGuard(ctx, config.limits.execution, (reason) => metrics.operationAborted(reason));
        return ctx;
      },
      responses: { cache: responses, record, onLookup: (result) => metrics.responseCacheLookup(result) },
    }),
  );
  app.use(bodyErrorHandler());
  // Last resort: never express's HTML error page (it carries a stack outside production).
  app.use((err: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    if (res.headersSent) return next(err);
    logger.error({ err, requestId: res.locals.requestId }, 'unhandled error in an HTTP handler');
    res.status(500).json({ errors: [{ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } }] });
  });

  const ws = attachWebSocket({
    httpServer,
    path: '/graphql',
    schema,
    logger,
    auth: createWsAuth(authenticator, { logger }),
    maxPayloadBytes: config.server.maxBodyBytes,
    gate,
    metrics,
    record,
    limits: config.limits.webSocket,
    execution: config.limits.execution,
    context: (requestId, principal) => contextFor(requestId, principal),
  });
  if (!options.manualWatcher) watcher.start();

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.server.port, config.server.host, () => resolve());
  });
  const address = httpServer.address() as AddressInfo;
  const { host: bound } = config.server;
  const host = bound === '0.0.0.0' || bound === '::' ? 'localhost' : bound;
  const url = `http://${host}:${address.port}/graphql`;

  let closed = false;
  return {
    url,
    wsUrl: url.replace(/^http/, 'ws'),
    httpServer,
    aws,
    watcher,
    metrics,
    logger,
    // Order matters: end subscriptions (1001), stop polling and hand leases back so another
    // replica takes over at once, then drain HTTP.
    async close() {
      if (closed) return;
      closed = true;
      await ws.close();
      await watcher.stop();
      await messaging.close();
      await apollo.stop(); // drains and closes the HTTP server (drain plugin)
      if (httpServer.listening) await new Promise<void>((resolve) => httpServer.close(() => resolve()));
      aws.close();
    },
  };
}
