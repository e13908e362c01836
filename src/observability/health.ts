import type { RequestHandler } from 'express';

/**
 * Readiness: can this gateway reach its backend (AWS or the simulator)? The probe runs at most
 * once per `cacheMs` however often /readyz is hit, so a load balancer polling it cannot turn
 * into an AWS call storm; a slow backend counts as not ready after `timeoutMs`.
 */
export interface ReadinessResult {
  ready: boolean;
  checkedAt: string;
  latencyMs?: number;
  /** A short, fixed-vocabulary reason; never a raw error message (it could name endpoints or keys). */
  reason?: ReadinessReason;
}

/**
 * `credentials`: missing, invalid or expired; `denied`: the credentials work but lack permission;
 * `throttled`: AWS (or the gateway's budget) says slow down; `unreachable`: no answer or a 5xx;
 * `timeout`: no answer in time; `error`: anything else.
 */
export type ReadinessReason = 'timeout' | 'unreachable' | 'credentials' | 'denied' | 'throttled' | 'error';

export interface ReadinessCheck {
  check(): Promise<ReadinessResult>;
  /** Express handler for GET /readyz: 200 when ready, 503 otherwise. */
  handler(): RequestHandler;
}

export interface ReadinessOptions {
  timeoutMs?: number;
  cacheMs?: number;
  /** Why a failed probe failed; default `unreachable`. */
  classify?: (err: unknown) => ReadinessReason;
}

export function createReadinessCheck(probe: () => Promise<unknown>, options: ReadinessOptions = {}): ReadinessCheck {
  const timeoutMs = options.timeoutMs ?? 3000;
  const cacheMs = options.cacheMs ?? 5000;
  let last: { at: number; result: Promise<ReadinessResult> } | undefined;

  const run = async (): Promise<ReadinessResult> => {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      const outcome = await Promise.race([
        probe().then(() => 'ok' as const),
        new Promise<'timeout'>((resolve) => {
          timer = setTimeout(() => resolve('timeout'), timeoutMs);
        }),
      ]);
      const latencyMs = Math.round(performance.now() - started);
      const checkedAt = new Date().toISOString();
      return outcome === 'ok' ? { ready: true, checkedAt, latencyMs } : { ready: false, checkedAt, reason: 'timeout' };
    } catch (err) {
      return { ready: false, checkedAt: new Date().toISOString(), reason: options.classify?.(err) ?? 'unreachable' };
    } finally {
      clearTimeout(timer);
    }
  };

  const check = (): Promise<ReadinessResult> => {
    const now = Date.now();
    if (!last || now - last.at >= cacheMs) last = { at: now, result: run() };
    return last.result;
  };

  return {
    check,
    handler: () => (_req, res, next) => {
      check().then((r) => {
        res.status(r.ready ? 200 : 503).json({ status: r.ready ? 'ready' : 'not ready', ...r });
      }, next);
    },
  };
}
