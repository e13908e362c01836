/**
 * The chatops bot (examples/chatops-bot) against loopback stand-ins: a fake graphql-ws gateway
 * (a tiny schema with the contract's taskEvents subscription) and an HTTP receiver playing the
 * Slack incoming webhook. Covers the message wording, webhook retries, and surviving restarts.
 */
import { buildSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { startBot, type Bot } from '../../examples/chatops-bot/bot';
import { ConfigError, DEFAULT_WS_URL, describeFilter, loadBotConfig } from '../../examples/chatops-bot/config';
import { escapeSlack, formatEvent, stateWord, toSlackMessage, type TaskEvent } from '../../examples/chatops-bot/format';
import { redactUrl, type Logger } from '../../examples/chatops-bot/log';
import { backoffDelay, DeliveryQueue, postWebhook, WebhookError } from '../../examples/chatops-bot/webhook';
import { createChanges } from '../support/changes';

// ---------------------------------------------------------------------------------------------
// helpers: every recorder below reports its changes, and waits re-check their condition then

const { changed, until: waitFor } = createChanges();

/** A list that reports each item it records. */
function recorded<T>(): T[] {
  const items: T[] = [];
  const push = items.push.bind(items);
  // Not enumerable: the list still equals a plain array in assertions.
  Object.defineProperty(items, 'push', {
    value: (...more: T[]) => {
      const n = push(...more);
      changed();
      return n;
    },
  });
  return items;
}

function listen(server: Server, port = 0): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}

interface Receiver {
  url: string;
  requests: Array<{ body: string; contentType?: string; path: string }>;
  texts(): string[];
  /** Status codes to answer with, in order; 200 once exhausted. 'hang' never answers. */
  script: Array<number | 'hang'>;
  close(): Promise<void>;
}

/** A Slack-compatible incoming webhook on loopback. */
async function startReceiver(): Promise<Receiver> {
  const requests: Receiver['requests'] = recorded();
  const script: Receiver['script'] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      requests.push({ body, contentType: req.headers['content-type'], path: req.url ?? '' });
      const next = script.shift() ?? 200;
      if (next === 'hang') return;
      if (next === 429) res.setHeader('retry-after', '0');
      res.statusCode = next;
      res.end(next === 200 ? 'ok' : next === 400 ? 'invalid_payload' : 'server_error');
    });
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/s3cr3t-webhook-token`,
    requests,
    script,
    texts: () => requests.map((r) => (JSON.parse(r.body) as { text: string }).text),
    close: () => closeServer(server),
  };
}

const SDL = /* GraphQL */ `
  enum TaskEventKind { MAC_MODIFICATION_TASK AUTOMATION_EXECUTION MAC_HOST }
  enum TaskEventState { PENDING IN_PROGRESS SUCCESSFUL FAILED WAITING SUCCESS TIMED_OUT CANCELLED }
  input TaskEventFilter { kinds: [TaskEventKind!]  states: [TaskEventState!]  instanceId: String  documentName: String }
  type Instance { id: ID!  instanceType: String!  name: String }
  type MacModificationTask { id: ID!  taskType: String!  instanceId: String!  instance: Instance }
  type AutomationExecution { id: ID!  documentName: String!  currentStepName: String  failureMessage: String }
  type MacHost { id: ID!  instanceType: String  availabilityZone: String! }
  type TaskEvent {
    kind: TaskEventKind!  taskId: String!  previousState: String  state: String!  at: String!
    region: String!  instanceId: String  documentName: String
    macModificationTask: MacModificationTask  automationExecution: AutomationExecution  macHost: MacHost
  }
  type Query { ok: Boolean }
  type Subscription { taskEvents(filter: TaskEventFilter): TaskEvent! }
`;

/** A push-driven async iterator, as a subscription source; `return()` (client gone) unregisters it. */
class Feed implements AsyncIterableIterator<{ taskEvents: TaskEvent }> {
  private readonly buffer: TaskEvent[] = [];
  private wake: (() => void) | null = null;
  private done = false;
  constructor(private readonly onEnd: (f: Feed) => void) {}
  push(e: TaskEvent): void {
    this.buffer.push(e);
    this.wake?.();
  }
  end(): void {
    this.done = true;
    this.wake?.();
  }
  async next(): Promise<IteratorResult<{ taskEvents: TaskEvent }>> {
    while (!this.buffer.length && !this.done) await new Promise<void>((r) => (this.wake = r));
    this.wake = null;
    const e = this.buffer.shift();
    if (e) return { value: { taskEvents: e }, done: false };
    this.onEnd(this);
    return { value: undefined, done: true };
  }
  async return(): Promise<IteratorResult<{ taskEvents: TaskEvent }>> {
    this.done = true;
    this.onEnd(this);
    return { value: undefined, done: true };
  }
  [Symbol.asyncIterator]() {
    return this;
  }
}

interface FakeGateway {
  port: number;
  feeds: Set<Feed>;
  connectionParams: unknown[];
  filters: unknown[];
  publish(e: TaskEvent): void;
  /** Graceful shutdown: sockets closed with 1001 Going Away, as the real gateway does on SIGTERM. */
  close(): Promise<void>;
  /** Crash: sockets dropped without a close frame (the client sees 1006). */
  crash(): Promise<void>;
  closeSockets(code: number, reason: string): void;
}

const schema = buildSchema(SDL);

async function startFakeGateway(port = 0): Promise<FakeGateway> {
  const httpServer = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  const wss = new WebSocketServer({ server: httpServer, path: '/graphql' });
  const feeds = new Set<Feed>();
  const connectionParams: unknown[] = recorded();
  const filters: unknown[] = recorded();
  const cleanup = useServer(
    {
      schema,
      roots: {
        subscription: {
          taskEvents: (args: { filter?: unknown }) => {
            filters.push(args.filter ?? null);
            const feed = new Feed((f) => {
              feeds.delete(f);
              changed();
            });
            feeds.add(feed);
            changed();
            return feed;
          },
        },
      },
      onConnect: (ctx) => {
        connectionParams.push(ctx.connectionParams ?? null);
        return true;
      },
    },
    wss,
  );
  const actualPort = await listen(httpServer, port);
  return {
    port: actualPort,
    feeds,
    connectionParams,
    filters,
    publish: (e) => feeds.forEach((f) => f.push(e)),
    closeSockets: (code, reason) => wss.clients.forEach((c) => c.close(code, reason)),
    close: async () => {
      await cleanup.dispose();
      await closeServer(httpServer);
    },
    crash: async () => {
      wss.clients.forEach((c) => c.terminate());
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await closeServer(httpServer);
    },
  };
}

// ---------------------------------------------------------------------------------------------
// fixtures

const macEvent = (over: Partial<TaskEvent> = {}, type = 'SIP_MODIFICATION', instanceType = 'mac2.metal'): TaskEvent => ({
  kind: 'MAC_MODIFICATION_TASK',
  taskId: 'macmodification-0123456789abcdef0',
  previousState: 'IN_PROGRESS',
  state: 'SUCCESSFUL',
  at: '2025-01-01T00:00:00.000Z',
  region: 'us-east-1',
  instanceId: 'i-0abc1234def567890',
  documentName: null,
  macModificationTask: {
    id: 'macmodification-0123456789abcdef0',
    taskType: type,
    instanceId: 'i-0abc1234def567890',
    instance: { id: 'i-0abc1234def567890', instanceType, name: 'ci-mac-01' },
  },
  automationExecution: null,
  ...over,
});

const RUN_ID = '1a2b3c4d-0000-4000-8000-00000000cafe';
const autoEvent = (over: Partial<TaskEvent> = {}, run: Partial<NonNullable<TaskEvent['automationExecution']>> = {}): TaskEvent => ({
  kind: 'AUTOMATION_EXECUTION',
  taskId: RUN_ID,
  previousState: 'IN_PROGRESS',
  state: 'WAITING',
  at: '2025-01-01T00:00:00.000Z',
  region: 'us-east-1',
  instanceId: null,
  documentName: 'FleetGraph-ApprovedMacReboot',
  macModificationTask: null,
  automationExecution: { id: RUN_ID, documentName: 'FleetGraph-ApprovedMacReboot', currentStepName: 'ApproveReboot', failureMessage: null, ...run },
  ...over,
});

function captureLog(): { log: Logger; lines: string[] } {
  const lines: string[] = recorded();
  return { lines, log: (level, message) => lines.push(`${level} ${message}`) };
}

// ---------------------------------------------------------------------------------------------

describe('chatops bot: message format', () => {
  it('words states lower-case with hyphens', () => {
    expect(stateWord('IN_PROGRESS')).toBe('in-progress');
    expect(stateWord('TIMED_OUT')).toBe('timed-out');
    expect(stateWord('SUCCESSFUL')).toBe('successful');
  });

  it.each([
    ['SIP task finishing', macEvent(), 'SIP modification on i-0abc1234def567890 (mac2.metal): in-progress → successful'],
    ['SIP task started', macEvent({ previousState: null, state: 'PENDING' }), 'SIP modification on i-0abc1234def567890 (mac2.metal): started (pending)'],
    ['SIP task failing', macEvent({ state: 'FAILED' }, 'SIP_MODIFICATION', 'mac1.metal'), 'SIP modification on i-0abc1234def567890 (mac1.metal): in-progress → failed'],
    [
      'volume ownership delegation',
      macEvent({ previousState: 'PENDING', state: 'IN_PROGRESS' }, 'VOLUME_OWNERSHIP_DELEGATION', 'mac2-m2.metal'),
      'Volume ownership delegation on i-0abc1234def567890 (mac2-m2.metal): pending → in-progress',
    ],
    [
      'Mac task whose instance is gone',
      macEvent({ macModificationTask: { id: 'macmodification-1', taskType: 'SIP_MODIFICATION', instanceId: 'i-0abc1234def567890', instance: null } }),
      'SIP modification on i-0abc1234def567890: in-progress → successful',
    ],
    [
      'Mac task without its task object',
      macEvent({ macModificationTask: null, previousState: null, state: 'PENDING' }),
      'Mac modification task macmodification-0123456789abcdef0 on i-0abc1234def567890: started (pending)',
    ],
    ['automation waiting for approval', autoEvent(), `Automation FleetGraph-ApprovedMacReboot (${RUN_ID}): in-progress → waiting at step ApproveReboot`],
    [
      'automation started',
      autoEvent({ previousState: null, state: 'PENDING' }, { currentStepName: null }),
      `Automation FleetGraph-ApprovedMacReboot (${RUN_ID}): started (pending)`,
    ],
    [
      'automation moving to its next step',
      autoEvent({ previousState: 'IN_PROGRESS', state: 'IN_PROGRESS' }, { currentStepName: 'RebootInstance' }),
      `Automation FleetGraph-ApprovedMacReboot (${RUN_ID}): in-progress at step RebootInstance`,
    ],
    [
      'automation succeeding (no step)',
      autoEvent({ previousState: 'IN_PROGRESS', state: 'SUCCESS' }, { currentStepName: 'RebootInstance' }),
      `Automation FleetGraph-ApprovedMacReboot (${RUN_ID}): in-progress → success`,
    ],
    [
      'automation failing (step and message)',
      autoEvent({ state: 'FAILED' }, { currentStepName: 'RebootInstance', failureMessage: 'Step fails when it is\n  rebooting the instance.' }),
      `Automation FleetGraph-ApprovedMacReboot (${RUN_ID}): in-progress → failed at step RebootInstance: Step fails when it is rebooting the instance.`,
    ],
    [
      'automation timing out',
      autoEvent({ previousState: 'WAITING', state: 'TIMED_OUT' }, { failureMessage: 'Approval timed out' }),
      `Automation FleetGraph-ApprovedMacReboot (${RUN_ID}): waiting → timed-out at step ApproveReboot: Approval timed out`,
    ],
    [
      'automation cancelled',
      autoEvent({ previousState: 'WAITING', state: 'CANCELLED' }, { currentStepName: null }),
      `Automation FleetGraph-ApprovedMacReboot (${RUN_ID}): waiting → cancelled`,
    ],
    [
      'a Mac host starting to scrub',
      { kind: 'MAC_HOST', taskId: 'h-0a1b2c3d4e5f60718', previousState: 'AVAILABLE', state: 'PENDING', macHost: { id: 'h-0a1b2c3d4e5f60718', instanceType: 'mac2-m2.metal', availabilityZone: 'us-east-1a' } },
      'Mac host h-0a1b2c3d4e5f60718 (mac2-m2.metal, us-east-1a): available → pending',
    ],
    [
      'a Mac host without its host object',
      { kind: 'MAC_HOST', taskId: 'h-0a1b2c3d4e5f60718', previousState: 'PENDING', state: 'AVAILABLE', macHost: null },
      'Mac host h-0a1b2c3d4e5f60718: pending → available',
    ],
    [
      'automation without its execution object',
      autoEvent({ automationExecution: null, state: 'SUCCESS' }),
      `Automation FleetGraph-ApprovedMacReboot (${RUN_ID}): in-progress → success`,
    ],
  ])('%s', (_name, event, text) => {
    expect(formatEvent(event)).toBe(text);
  });

  it('keeps long failure messages to one short line', () => {
    const text = formatEvent(autoEvent({ state: 'FAILED' }, { currentStepName: null, failureMessage: 'x'.repeat(1000) }));
    expect(text).toBe(`Automation FleetGraph-ApprovedMacReboot (${RUN_ID}): in-progress → failed: ${'x'.repeat(299)}…`);
  });

  it('builds the Slack incoming-webhook body, escaping &, < and >', () => {
    expect(escapeSlack('a <b> & c')).toBe('a &lt;b&gt; &amp; c');
    const msg = toSlackMessage(autoEvent({ state: 'FAILED' }, { currentStepName: null, failureMessage: 'exit <1> & more' }));
    expect(msg).toEqual({ text: `Automation FleetGraph-ApprovedMacReboot (${RUN_ID}): in-progress → failed: exit &lt;1&gt; &amp; more` });
    expect(JSON.parse(JSON.stringify(msg))).toEqual(msg);
  });
});

describe('chatops bot: configuration', () => {
  const HOOK = 'https://hooks.slack.com/services/T1/B2/very-secret';

  it('defaults the gateway URL and sends no filter when none is set', () => {
    expect(loadBotConfig({ SLACK_WEBHOOK_URL: HOOK })).toEqual({
      wsUrl: DEFAULT_WS_URL,
      webhookUrl: HOOK,
      apiKey: undefined,
      bearerToken: undefined,
      filter: null,
    });
  });

  it('normalises the filter (aliases, hyphenated states) and http → ws', () => {
    const c = loadBotConfig({
      SLACK_WEBHOOK_URL: HOOK,
      FLEETGRAPH_WS_URL: 'http://gw.internal:4000/graphql',
      FLEETGRAPH_API_KEY: 'k-123',
      BOT_KINDS: 'mac, AUTOMATION_EXECUTION, host',
      BOT_STATES: 'in-progress,failed, TIMED_OUT',
      BOT_INSTANCE_ID: 'i-0abc1234def567890',
      BOT_DOCUMENT_NAME: 'FleetGraph-ApprovedMacReboot',
    });
    expect(c.wsUrl).toBe('ws://gw.internal:4000/graphql');
    expect(c.apiKey).toBe('k-123');
    expect(c.filter).toEqual({
      kinds: ['MAC_MODIFICATION_TASK', 'AUTOMATION_EXECUTION', 'MAC_HOST'],
      states: ['IN_PROGRESS', 'FAILED', 'TIMED_OUT'],
      instanceId: 'i-0abc1234def567890',
      documentName: 'FleetGraph-ApprovedMacReboot',
    });
    expect(describeFilter(c.filter)).toBe(
      'kinds=MAC_MODIFICATION_TASK,AUTOMATION_EXECUTION,MAC_HOST states=IN_PROGRESS,FAILED,TIMED_OUT instanceId=i-0abc1234def567890 documentName=FleetGraph-ApprovedMacReboot',
    );
  });

  it('reports every bad setting at once, without echoing secrets', () => {
    let err: unknown;
    try {
      loadBotConfig({ SLACK_WEBHOOK_URL: 'ftp://very-secret', FLEETGRAPH_WS_URL: 'tcp://x', BOT_KINDS: 'mac,ec2', BOT_INSTANCE_ID: 'web-1' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const problems = (err as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(/SLACK_WEBHOOK_URL/);
    expect((err as Error).message).not.toContain('very-secret');
    expect(() => loadBotConfig({})).toThrow(/SLACK_WEBHOOK_URL is required/);
  });

  it('redacts webhook URLs to scheme, host and first path segment', () => {
    expect(redactUrl(HOOK)).toBe('https://hooks.slack.com/services/…');
    expect(redactUrl('ws://user:pw@127.0.0.1:4000/graphql?token=x', true)).toBe('ws://127.0.0.1:4000/graphql');
  });
});

describe('chatops bot: webhook delivery', () => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await startReceiver();
  });
  afterEach(() => receiver.close());

  const fast = { backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 500 };

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffDelay(0, 500, 10_000, () => 0)).toBe(250);
    expect(backoffDelay(0, 500, 10_000, () => 1)).toBe(500);
    expect(backoffDelay(3, 500, 10_000, () => 1)).toBe(4000);
    expect(backoffDelay(10, 500, 10_000, () => 1)).toBe(10_000);
    expect(backoffDelay(1000, 500, 10_000, () => 0.5)).toBe(7500);
  });

  it('POSTs {"text": …} as JSON and retries 5xx and 429 until it gets through', async () => {
    receiver.script.push(500, 503, 429);
    const { log, lines } = captureLog();
    const attempts = await postWebhook(receiver.url, { text: 'hello' }, { ...fast, retries: 3, log });
    expect(attempts).toBe(4);
    expect(receiver.requests).toHaveLength(4);
    for (const r of receiver.requests) {
      expect(r.contentType).toBe('application/json');
      expect(JSON.parse(r.body)).toEqual({ text: 'hello' });
    }
    expect(lines.filter((l) => l.startsWith('warn webhook post'))).toHaveLength(3);
    expect(lines.join('\n')).not.toContain('s3cr3t-webhook-token');
  });

  it('gives up after its retries, and does not retry a 4xx refusal', async () => {
    receiver.script.push(500, 500, 500);
    await expect(postWebhook(receiver.url, { text: 'a' }, { ...fast, retries: 2 })).rejects.toMatchObject({ attempts: 3, status: 500 });
    expect(receiver.requests).toHaveLength(3);

    receiver.script.push(400);
    const err = await postWebhook(receiver.url, { text: 'b' }, { ...fast, retries: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebhookError);
    expect(err).toMatchObject({ attempts: 1, status: 400 });
    expect((err as Error).message).toContain('invalid_payload');
    expect((err as Error).message).not.toContain('s3cr3t-webhook-token');
    expect(receiver.requests).toHaveLength(4);
  });

  it('times out a hanging receiver and retries', async () => {
    receiver.script.push('hang');
    // Without the timeout the first attempt would hang past the test's own time limit.
    const attempts = await postWebhook(receiver.url, { text: 'slow' }, { ...fast, timeoutMs: 150, retries: 2 });
    expect(attempts).toBe(2);
    expect(receiver.texts()).toEqual(['slow', 'slow']);
  });

  it('retries a refused connection, then reports it', async () => {
    const dead = await startReceiver();
    const deadUrl = dead.url;
    await dead.close();
    await expect(postWebhook(deadUrl, { text: 'x' }, { ...fast, retries: 1 })).rejects.toThrow(/failed after 2 attempts/);
  });

  it('delivers queued messages in order, one at a time, skipping one that cannot be delivered', async () => {
    receiver.script.push(200, 400, 500, 200);
    const { log, lines } = captureLog();
    const q = new DeliveryQueue(receiver.url, { ...fast, retries: 2, log });
    for (const text of ['one', 'two', 'three']) q.push({ text });
    await q.close(2000);
    expect(receiver.texts()).toEqual(['one', 'two', 'three', 'three']);
    expect(q.stats()).toEqual({ delivered: 2, failed: 1, dropped: 0, pending: 0 });
    expect(lines.some((l) => l.startsWith('error') && l.includes('message dropped'))).toBe(true);
  });
});

describe('chatops bot: webhook queue shutdown', () => {
  it('gives queued messages a deadline on close, then aborts the one in flight and drops the rest', async () => {
    const receiver = await startReceiver();
    try {
      receiver.script.push('hang');
      const { log, lines } = captureLog();
      const q = new DeliveryQueue(receiver.url, { timeoutMs: 5000, retries: 3, log });
      q.push({ text: 'stuck' });
      q.push({ text: 'never sent' });
      // Without the deadline 'stuck' would be retried (and delivered) and 'never sent' sent.
      await q.close(100);
      expect(receiver.texts()).toEqual(['stuck']);
      expect(q.stats()).toEqual({ delivered: 0, failed: 1, dropped: 1, pending: 0 });
      expect(lines).toContain('warn shutting down with undelivered messages (1 never sent, 1 aborted in flight)');
      q.push({ text: 'after close' });
      expect(q.stats().pending).toBe(0);
    } finally {
      await receiver.close();
    }
  });
});

describe('chatops bot: end to end over graphql-ws', () => {
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch(() => undefined);
  });

  async function setup(apiKey?: string) {
    const receiver = await startReceiver();
    let gateway = await startFakeGateway();
    const { log, lines } = captureLog();
    const bot: Bot = startBot({
      wsUrl: `ws://127.0.0.1:${gateway.port}/graphql`,
      webhookUrl: receiver.url,
      apiKey,
      filter: { kinds: ['MAC_MODIFICATION_TASK', 'AUTOMATION_EXECUTION'], states: ['IN_PROGRESS', 'SUCCESSFUL', 'WAITING', 'FAILED'] },
      log,
      reconnectBaseMs: 20,
      reconnectMaxMs: 100,
      webhook: { backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 1000 },
      drainTimeoutMs: 1000,
    });
    stops.push(
      () => receiver.close(),
      () => gateway.close(),
      () => bot.stop(),
    );
    return {
      receiver,
      bot,
      lines,
      get gateway() {
        return gateway;
      },
      /** `until`: stay down until this holds (e.g. the bot has found the port closed). */
      async restartGateway(how: 'close' | 'crash', until?: () => boolean) {
        const port = gateway.port;
        await (how === 'close' ? gateway.close() : gateway.crash());
        if (until) await waitFor('the gateway to be down long enough', until);
        gateway = await startFakeGateway(port);
      },
    };
  }

  it('posts one Slack message per event, and keeps delivering across gateway restarts', async () => {
    const t = await setup('fg-test-api-key-123');
    await waitFor('the first subscription', () => t.gateway.feeds.size === 1);
    expect(t.gateway.filters).toEqual([
      { kinds: ['MAC_MODIFICATION_TASK', 'AUTOMATION_EXECUTION'], states: ['IN_PROGRESS', 'SUCCESSFUL', 'WAITING', 'FAILED'] },
    ]);
    expect(t.gateway.connectionParams).toEqual([{ apiKey: 'fg-test-api-key-123' }]);

    t.gateway.publish(macEvent({ previousState: 'PENDING', state: 'IN_PROGRESS' }));
    t.gateway.publish(autoEvent());
    await waitFor('two messages', () => t.receiver.requests.length === 2);
    expect(t.receiver.texts()).toEqual([
      'SIP modification on i-0abc1234def567890 (mac2.metal): pending → in-progress',
      `Automation FleetGraph-ApprovedMacReboot (${RUN_ID}): in-progress → waiting at step ApproveReboot`,
    ]);

    // 1. graceful restart (close code 1001), back on the same port at once
    await t.restartGateway('close');
    await waitFor('re-subscription after a graceful restart', () => t.gateway.feeds.size === 1);
    t.gateway.publish(macEvent());
    await waitFor('a third message', () => t.receiver.requests.length === 3);
    expect(t.receiver.texts()[2]).toBe('SIP modification on i-0abc1234def567890 (mac2.metal): in-progress → successful');

    // 2. crash (1006) and down for a while: connection refused, retried with backoff
    await t.restartGateway('crash', () => t.lines.some((l) => l.includes('ECONNREFUSED')));
    await waitFor('re-subscription after a crash', () => t.gateway.feeds.size === 1);
    expect(t.gateway.connectionParams).toEqual([{ apiKey: 'fg-test-api-key-123' }]);
    expect(t.gateway.filters).toHaveLength(1);
    t.gateway.publish(autoEvent({ state: 'FAILED' }, { currentStepName: 'RebootInstance', failureMessage: 'Instance <i-0abc> did not stop' }));
    await waitFor('a fourth message', () => t.receiver.requests.length === 4);
    expect(t.receiver.texts()[3]).toBe(
      `Automation FleetGraph-ApprovedMacReboot (${RUN_ID}): in-progress → failed at step RebootInstance: Instance &lt;i-0abc&gt; did not stop`,
    );

    const log = t.lines.join('\n');
    expect(t.lines.filter((l) => /^info (re)?connected to ws:\/\/127\.0\.0\.1:\d+\/graphql$/.test(l))).toHaveLength(3);
    expect(t.lines.filter((l) => l.startsWith('warn disconnected from'))).toHaveLength(2);
    expect(log).toMatch(/disconnected from .* \(code 1001 "Going away"\)/);
    expect(log).toMatch(/disconnected from .* \(code 1006/);
    expect(log).toMatch(/reconnecting in \d+ ms \(attempt \d+; last: .*ECONNREFUSED/);
    expect(log).not.toContain('fg-test-api-key-123');
    expect(log).not.toContain('s3cr3t-webhook-token');

    // stop: the queue drains, the socket closes, nothing more is posted
    await t.bot.stop();
    expect(t.bot.stats()).toMatchObject({ received: 4, delivered: 4, failed: 0, dropped: 0 });
    await waitFor('the gateway to see the bot leave', () => t.gateway.feeds.size === 0);
    t.gateway.publish(macEvent()); // no subscriber is left to send it to
    expect(t.gateway.feeds.size).toBe(0);
    expect(t.receiver.requests).toHaveLength(4);
    expect(t.lines.at(-1)).toBe('info stopped: 4 event(s) received, 4 delivered, 0 failed, 0 dropped');
  });

  it('subscribes again when the gateway completes the subscription or closes with a code graphql-ws deems fatal', async () => {
    const t = await setup();
    await waitFor('the first subscription', () => t.gateway.feeds.size === 1);
    expect(t.gateway.connectionParams).toEqual([null]);

    // the server ends the stream (complete) while the socket stays up
    t.gateway.feeds.forEach((f) => f.end());
    await waitFor('a second subscription', () => t.gateway.filters.length === 2 && t.gateway.feeds.size === 1);
    expect(t.lines.some((l) => l.includes('subscription was completed by the gateway'))).toBe(true);

    // 4500 Internal Server Error: graphql-ws itself would give up; the bot starts over
    t.gateway.closeSockets(4500, 'boom');
    await waitFor('a third subscription on a new connection', () => t.gateway.filters.length === 3 && t.gateway.feeds.size === 1);
    expect(t.gateway.connectionParams).toHaveLength(2);

    t.gateway.publish(macEvent({ previousState: null, state: 'PENDING' }, 'VOLUME_OWNERSHIP_DELEGATION', 'mac2-m2.metal'));
    await waitFor('a message', () => t.receiver.requests.length === 1);
    expect(t.receiver.texts()).toEqual(['Volume ownership delegation on i-0abc1234def567890 (mac2-m2.metal): started (pending)']);
  });

  it('drops a connection whose pings go unanswered, and reconnects', async () => {
    // A bare graphql-transport-ws peer that acknowledges and accepts subscriptions but never pongs.
    const httpServer = createServer();
    const wss = new WebSocketServer({ server: httpServer, path: '/graphql', handleProtocols: (p) => (p.has('graphql-transport-ws') ? 'graphql-transport-ws' : false) });
    const subscribes: string[] = recorded();
    const sockets: ServerSocket[] = recorded();
    wss.on('connection', (socket) => {
      sockets.push(socket);
      socket.on('message', (data) => {
        const msg = JSON.parse(String(data)) as { type: string; id?: string };
        if (msg.type === 'connection_init') socket.send(JSON.stringify({ type: 'connection_ack' }));
        if (msg.type === 'subscribe') subscribes.push(msg.id ?? '');
      });
    });
    const port = await listen(httpServer);
    stops.push(async () => {
      sockets.forEach((s) => s.terminate());
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await closeServer(httpServer);
    });
    const receiver = await startReceiver();
    stops.push(() => receiver.close());
    const { log, lines } = captureLog();
    const bot = startBot({ wsUrl: `ws://127.0.0.1:${port}/graphql`, webhookUrl: receiver.url, log, keepAliveMs: 30, pongTimeoutMs: 60, reconnectBaseMs: 10, reconnectMaxMs: 50 });
    stops.push(() => bot.stop());
    await waitFor('a second connection with its subscription', () => sockets.length >= 2 && subscribes.length >= 2);
    expect(lines.some((l) => /^warn no pong from ws:\/\/127\.0\.0\.1:\d+\/graphql within 60 ms; dropping the connection$/.test(l))).toBe(true);
    expect(lines.some((l) => l.startsWith('info reconnected to'))).toBe(true);
  });

  it('explains a refused connection (4403) in its retry log line', async () => {
    const httpServer = createServer();
    const wss = new WebSocketServer({ server: httpServer, path: '/graphql', handleProtocols: () => 'graphql-transport-ws' });
    let refusals = 0;
    wss.on('connection', (socket) => {
      socket.on('message', () => {
        refusals++;
        changed();
        socket.close(4403, 'Forbidden');
      });
    });
    const port = await listen(httpServer);
    stops.push(async () => {
      wss.clients.forEach((s) => s.terminate());
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await closeServer(httpServer);
    });
    const receiver = await startReceiver();
    stops.push(() => receiver.close());
    const { log, lines } = captureLog();
    const bot = startBot({ wsUrl: `ws://127.0.0.1:${port}/graphql`, webhookUrl: receiver.url, apiKey: 'wrong-key-xyz', log, reconnectBaseMs: 10, reconnectMaxMs: 20 });
    stops.push(() => bot.stop());
    await waitFor('a few refusals', () => refusals >= 3);
    const hint = 'last: code 4403 "Forbidden": credentials refused, check FLEETGRAPH_API_KEY / FLEETGRAPH_BEARER_TOKEN)';
    expect(lines.some((l) => /^info retrying in \d+ ms \(attempt 1; /.test(l) && l.endsWith(hint))).toBe(true);
    expect(lines.join('\n')).not.toContain('wrong-key-xyz');
  });

  it('starts while the gateway is down, and stops promptly while waiting to retry', async () => {
    const receiver = await startReceiver();
    stops.push(() => receiver.close());
    const gone = await startFakeGateway();
    const port = gone.port;
    await gone.close();
    const { log, lines } = captureLog();
    // The retry waits 30–60 s, past the test's own time limit: only a prompt stop lets it pass.
    const bot = startBot({ wsUrl: `ws://127.0.0.1:${port}/graphql`, webhookUrl: receiver.url, log, reconnectBaseMs: 60_000, reconnectMaxMs: 60_000 });
    await waitFor('a retry to be scheduled', () => lines.some((l) => l.startsWith('info retrying in')));
    await bot.stop();
    expect(lines.at(-1)).toBe('info stopped: 0 event(s) received, 0 delivered, 0 failed, 0 dropped');
  });
});
