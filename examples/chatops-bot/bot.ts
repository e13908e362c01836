/** The bot in-process: taskEvents in, one webhook message per event out. */
import { describeFilter, type TaskEventFilter } from './config';
import { toSlackMessage, type TaskEvent } from './format';
import { consoleLogger, redactUrl, type Logger } from './log';
import { startSubscriber } from './subscriber';
import { DeliveryQueue, type DeliveryStats, type WebhookOptions } from './webhook';

export interface BotOptions {
  /** graphql-ws URL of the gateway, e.g. ws://127.0.0.1:4000/graphql. */
  wsUrl: string;
  /** Slack-compatible incoming webhook (secret). */
  webhookUrl: string;
  apiKey?: string;
  bearerToken?: string;
  filter?: TaskEventFilter | null;
  log?: Logger;
  /** Reconnect backoff (defaults 500 ms doubling to 10 s, jittered). */
  reconnectBaseMs?: number;
  reconnectMaxMs?: number;
  keepAliveMs?: number;
  pongTimeoutMs?: number;
  webhook?: Omit<WebhookOptions, 'signal' | 'log'> & { maxQueue?: number };
  /** On stop, how long queued messages may still take to go out. Default 5 s. */
  drainTimeoutMs?: number;
  /** Observe each event as it arrives (before it is posted). */
  onEvent?: (event: TaskEvent) => void;
}

export interface BotStats extends DeliveryStats {
  received: number;
}

export interface Bot {
  stop(): Promise<void>;
  stats(): BotStats;
}

export function startBot(options: BotOptions): Bot {
  const log = options.log ?? consoleLogger();
  const queue = new DeliveryQueue(options.webhookUrl, { ...options.webhook, log });
  let received = 0;
  log('info', `forwarding ${describeFilter(options.filter)} to ${redactUrl(options.webhookUrl)}`);

  const subscriber = startSubscriber({
    url: options.wsUrl,
    apiKey: options.apiKey,
    bearerToken: options.bearerToken,
    filter: options.filter,
    log,
    reconnectBaseMs: options.reconnectBaseMs,
    reconnectMaxMs: options.reconnectMaxMs,
    keepAliveMs: options.keepAliveMs,
    pongTimeoutMs: options.pongTimeoutMs,
    onEvent: (event) => {
      received++;
      options.onEvent?.(event);
      queue.push(toSlackMessage(event));
    },
  });

  let stopped: Promise<void> | null = null;
  return {
    stats: () => ({ received, ...queue.stats() }),
    stop() {
      stopped ??= (async () => {
        await subscriber.stop();
        await queue.close(options.drainTimeoutMs ?? 5000);
        const s = queue.stats();
        log('info', `stopped: ${received} event(s) received, ${s.delivered} delivered, ${s.failed} failed, ${s.dropped} dropped`);
      })();
      return stopped;
    },
  };
}
