/**
 * Posting to a Slack-compatible incoming webhook: a timeout per attempt, a few retries with
 * backoff for what may pass (network errors, timeouts, 408, 429, 5xx), none for what will not
 * (other 4xx such as Slack's invalid_payload / no_service). The URL is a secret: errors and logs
 * name only its host.
 */
import { errorMessage, redactUrl, silentLogger, type Logger } from './log';
import type { SlackMessage } from './format';

export interface WebhookOptions {
  /** Per-attempt timeout. Default 5 s. */
  timeoutMs?: number;
  /** Retries after the first attempt. Default 3. */
  retries?: number;
  /** Backoff before retry n is base·2ⁿ (jittered), capped. Defaults 500 ms, 8 s. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** Cap on a server's Retry-After (429). Default 30 s. */
  maxRetryAfterMs?: number;
  /** Aborts the current attempt and any wait between attempts. */
  signal?: AbortSignal;
  fetch?: typeof fetch;
  log?: Logger;
}

export class WebhookError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'WebhookError';
  }
}

/** Exponential backoff with "equal jitter": between half and all of min(max, base·2ⁿ). */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Resolves after ms, or early (without error) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function retryAfterMs(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isFinite(date) ? Math.max(0, date - Date.now()) : null;
}

function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** POST one message; resolves with the number of attempts it took, or throws WebhookError. */
export async function postWebhook(url: string, message: SlackMessage, options: WebhookOptions = {}): Promise<number> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const retries = options.retries ?? 3;
  const baseMs = options.backoffBaseMs ?? 500;
  const maxMs = options.backoffMaxMs ?? 8000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 30_000;
  const doFetch = options.fetch ?? fetch;
  const log = options.log ?? silentLogger;
  const where = redactUrl(url);
  const body = JSON.stringify(message);

  for (let attempt = 0; ; attempt++) {
    if (options.signal?.aborted) throw new WebhookError(`webhook post to ${where} aborted`, attempt);
    let problem: string;
    let status: number | undefined;
    let wait: number | null = null;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    const onAbort = () => controller.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const res = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        signal: controller.signal,
        redirect: 'error',
      });
      const text = await res.text().catch(() => '');
      if (res.ok) return attempt + 1;
      status = res.status;
      problem = `HTTP ${res.status}${text ? ` ${JSON.stringify(text.slice(0, 200))}` : ''}`;
      if (!isRetryableStatus(res.status)) {
        throw new WebhookError(`webhook ${where} refused the message: ${problem}`, attempt + 1, status);
      }
      if (res.status === 429) {
        const ra = retryAfterMs(res.headers.get('retry-after'));
        if (ra !== null) wait = Math.min(ra, maxRetryAfterMs);
      }
    } catch (err) {
      if (err instanceof WebhookError) throw err;
      if (options.signal?.aborted) throw new WebhookError(`webhook post to ${where} aborted`, attempt + 1);
      problem = controller.signal.aborted ? `timed out after ${timeoutMs} ms` : errorMessage((err as { cause?: unknown }).cause ?? err);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
    if (attempt >= retries) {
      throw new WebhookError(`webhook post to ${where} failed after ${attempt + 1} attempts: ${problem}`, attempt + 1, status);
    }
    const delay = wait ?? backoffDelay(attempt, baseMs, maxMs);
    log('warn', `webhook post to ${where} failed (${problem}); retry ${attempt + 1}/${retries} in ${delay} ms`);
    await sleep(delay, options.signal);
  }
}

export interface DeliveryStats {
  delivered: number;
  failed: number;
  dropped: number;
  pending: number;
}

/**
 * Posts messages one at a time, in arrival order. A message that still fails after its retries is
 * logged and dropped, so one bad message never blocks the rest; the queue is bounded (oldest
 * dropped first) so a long webhook outage cannot grow memory without limit.
 */
export class DeliveryQueue {
  private readonly queue: SlackMessage[] = [];
  private readonly abort = new AbortController();
  /** True while a worker is posting; it clears the flag in the same tick it finds the queue empty. */
  private busy = false;
  private readonly idleWaiters: Array<() => void> = [];
  private closed = false;
  private readonly counts = { delivered: 0, failed: 0, dropped: 0 };

  constructor(
    private readonly url: string,
    private readonly options: WebhookOptions & { maxQueue?: number } = {},
  ) {}

  stats(): DeliveryStats {
    return { ...this.counts, pending: this.queue.length + (this.busy ? 1 : 0) };
  }

  push(message: SlackMessage): void {
    if (this.closed) return;
    const max = this.options.maxQueue ?? 1000;
    if (this.queue.length >= max) {
      this.queue.shift();
      this.counts.dropped++;
      (this.options.log ?? silentLogger)('warn', `webhook queue full (${max}); dropped the oldest message`);
    }
    this.queue.push(message);
    if (!this.busy) {
      this.busy = true;
      void this.work();
    }
  }

  private async work(): Promise<void> {
    const log = this.options.log ?? silentLogger;
    for (;;) {
      const message = this.abort.signal.aborted ? undefined : this.queue.shift();
      if (!message) {
        this.busy = false;
        this.idleWaiters.splice(0).forEach((resolve) => resolve());
        return;
      }
      try {
        await postWebhook(this.url, message, { ...this.options, signal: this.abort.signal });
        this.counts.delivered++;
      } catch (err) {
        this.counts.failed++;
        if (!this.abort.signal.aborted) log('error', `${errorMessage(err)}; message dropped`);
      }
    }
  }

  private idle(): Promise<void> {
    return this.busy ? new Promise((resolve) => this.idleWaiters.push(resolve)) : Promise.resolve();
  }

  /** Stop taking messages; give the queued ones up to timeoutMs, then abort what is left. */
  async close(timeoutMs = 5000): Promise<void> {
    this.closed = true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = await Promise.race([
      this.idle().then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), timeoutMs))),
    ]);
    clearTimeout(timer);
    if (timedOut) {
      this.abort.abort();
      await this.idle();
    }
    const left = this.queue.length;
    this.queue.length = 0;
    if (left) this.counts.dropped += left;
    if (timedOut) {
      (this.options.log ?? silentLogger)('warn', `shutting down with undelivered messages (${left} never sent, 1 aborted in flight)`);
    }
  }
}
