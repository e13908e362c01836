/**
 * The operator's endpoints under `/_sim/` (never on the AWS paths): stats, reset, the clock,
 * run-time configuration and the world's ids.
 */
import http from 'node:http';
import { HttpError, finiteNonNegative, parseJsonObject, sendJson } from './http';

/** What the admin endpoints act on (the running simulator). */
export interface AdminTarget {
  stats(): unknown;
  reset(): void;
  clock(): { now: string; epochMs: number; timeScale: number };
  advanceClock(ms: number): void;
  config(): unknown;
  /** Validates the whole body first; throws HttpError 400 and changes nothing on a bad one. */
  configure(body: Record<string, unknown>): void;
  world(query: URLSearchParams): unknown;
}

/** Handles one admin request; returns the log summary. */
export function handleAdmin(req: http.IncomingMessage, res: http.ServerResponse, url: URL, raw: string, sim: AdminTarget): string {
  const route = `${req.method} ${url.pathname.replace(/\/+$/, '')}`;
  switch (route) {
    case 'GET /_sim/stats':
      sendJson(res, 200, sim.stats());
      break;
    case 'POST /_sim/reset':
      sim.reset();
      sendJson(res, 200, { ok: true, now: sim.clock().now });
      break;
    case 'GET /_sim/clock':
      sendJson(res, 200, sim.clock());
      break;
    case 'POST /_sim/clock/advance':
      sim.advanceClock(advanceMs(parseJsonObject(raw)));
      sendJson(res, 200, sim.clock());
      break;
    case 'GET /_sim/config':
      sendJson(res, 200, sim.config());
      break;
    case 'POST /_sim/config':
      sim.configure(parseJsonObject(raw));
      sendJson(res, 200, sim.config());
      break;
    case 'GET /_sim/world':
      sendJson(res, 200, sim.world(url.searchParams));
      break;
    default:
      throw new HttpError(404, `no admin endpoint ${route}`);
  }
  return route;
}

function advanceMs(b: Record<string, unknown>): number {
  if (b.ms !== undefined) return finiteNonNegative(b.ms, 'ms');
  if (b.seconds !== undefined) return finiteNonNegative(b.seconds, 'seconds') * 1000;
  if (b.minutes !== undefined) return finiteNonNegative(b.minutes, 'minutes') * 60_000;
  throw new HttpError(400, 'give {"ms": n} or {"seconds": n}');
}
