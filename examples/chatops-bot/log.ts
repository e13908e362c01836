/** The bot's tiny logger: one line per message, never anything secret (callers redact). */
export type LogLevel = 'info' | 'warn' | 'error';
export type Logger = (level: LogLevel, message: string) => void;

/** `2025-01-01T00:00:00.000Z info  connected to ws://…` on stdout (info) or stderr (warn, error). */
export function consoleLogger(prefix = 'chatops-bot'): Logger {
  return (level, message) => {
    const line = `${new Date().toISOString()} ${level.padEnd(5)} [${prefix}] ${message}\n`;
    (level === 'info' ? process.stdout : process.stderr).write(line);
  };
}

export const silentLogger: Logger = () => {};

/**
 * A URL safe to print: no user info, no query, and only the first path segment (Slack webhook
 * URLs carry their secret in the path: https://hooks.slack.com/services/T…/B…/XXXX).
 */
export function redactUrl(raw: string, keepPath = false): string {
  try {
    const u = new URL(raw);
    const segments = u.pathname.split('/').filter(Boolean);
    const path = keepPath ? u.pathname : segments.length ? `/${segments[0]}${segments.length > 1 ? '/…' : ''}` : '/';
    return `${u.protocol}//${u.host}${path}`;
  } catch {
    return '(invalid URL)';
  }
}

export function errorMessage(err: unknown): string {
  if (Array.isArray(err)) return err.map(errorMessage).join('; ') || 'unknown error';
  if (err instanceof Error) return err.message;
  if (err && typeof err === 'object') {
    const o = err as { message?: unknown; code?: unknown; reason?: unknown };
    if (typeof o.code === 'number') return `code ${o.code}${o.reason ? ` ${String(o.reason)}` : ''}`;
    if (typeof o.message === 'string' && o.message) return o.message;
  }
  return String(err);
}
