/** HTTP plumbing of the front: bounded body reading, JSON answers, admin input errors. */
import http from 'node:http';

/** A failed admin request (not an AWS error): answered as `{"error": message}`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function readBody(req: http.IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        reject(new HttpError(413, 'request body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** One complete answer: status, content type, body and (for AWS calls) the request id header. */
export function send(res: http.ServerResponse, status: number, contentType: string, body: string, requestId?: string): void {
  const headers: Record<string, string | number> = { 'content-type': contentType, 'content-length': Buffer.byteLength(body) };
  if (requestId) headers['x-amzn-requestid'] = requestId;
  res.writeHead(status, headers);
  res.end(body);
}

export function sendJson(res: http.ServerResponse, status: number, payload: unknown): void {
  send(res, status, 'application/json', JSON.stringify(payload, null, 1));
}

export function parseJsonObject(raw: string): Record<string, unknown> {
  if (raw.trim() === '') return {};
  let v: unknown;
  try {
    v = JSON.parse(raw);
  } catch {
    throw new HttpError(400, 'body must be JSON');
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new HttpError(400, 'body must be a JSON object');
  return v as Record<string, unknown>;
}

export function finiteNonNegative(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new HttpError(400, `${name} must be a non-negative number`);
  return v;
}

/** A JSON object member, or a 400 naming it. */
export function objectMember(v: unknown, name: string): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new HttpError(400, `${name} must be an object`);
  return v as Record<string, unknown>;
}

/** Refuse keys the endpoint does not know, so a typo is an error, not a silent no-op. */
export function onlyKeys(obj: Record<string, unknown>, known: readonly string[], what: string): void {
  const unknown = Object.keys(obj).filter((k) => !known.includes(k));
  if (unknown.length) throw new HttpError(400, `unknown ${what} keys: ${unknown.join(', ')}`);
}
