import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config';

/**
 * Structured JSON logs. Redaction is a second line of defence: secrets must never be passed to
 * the logger in the first place, but if a request body or header slips through, these paths
 * are censored.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'req.headers.cookie',
  '*.macCredentials',
  '*.MacCredentials',
  '*.password',
  '*.internalDiskPassword',
  '*.rootVolumePassword',
  '*.variables',
  'variables',
  'authorization',
  'apiKey',
  'token',
  // Credentials in other shapes: WebSocket connectionParams, header objects, auth payloads.
  'connectionParams',
  '*.connectionParams',
  '*.authorization',
  '*.apiKey',
  '*["x-api-key"]',
  '*.token',
  '*.accessToken',
  '*.idToken',
  'headers.authorization',
  'headers["x-api-key"]',
  '*.headers.authorization',
  '*.headers["x-api-key"]',
];

/** The level comes from the config (LOG_LEVEL, validated there); `info` when none is given. */
export function createLogger(options: { level?: LogLevel; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: 'fleetgraph' },
      redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    options.destination,
  );
}

/**
 * stdout written asynchronously: a line per operation written synchronously costs the request
 * that logs it a write system call; here lines logged while a write is in flight go out together
 * in the next one, off the event loop. Call `flushSync()` before `process.exit`.
 */
export function asyncStdout(): pino.DestinationStream & { flushSync(): void } {
  return pino.destination({ dest: 1, sync: false });
}

export type { Logger };
