import { randomUUID } from 'node:crypto';

/**
 * A client may name its request (`x-request-id`) so its logs and ours line up, but the value
 * goes into every log line and audit event about the request: it is kept only when it is a
 * short token of safe characters, and replaced by a fresh UUID otherwise. Free text, control
 * characters, JSON or anything long never reach a log.
 */
export const REQUEST_ID_RE = /^[A-Za-z0-9_-]{8,64}$/;

export function requestIdOf(given: string | undefined): string {
  return given !== undefined && REQUEST_ID_RE.test(given) ? given : randomUUID();
}
