import { HeaderMap, type ApolloServer, type HTTPGraphQLRequest, type HTTPGraphQLResponse } from '@apollo/server';
import type { Request, RequestHandler, Response } from 'express';
import type { ResponseCacheResult } from '../observability/metrics';
import { noteOutcome, type OperationRecorder, type OutcomeNote } from './request-log';
import type { CachedAnswer, RunSpec, WholeResponseCache } from './response-cache/cache';
import { responseKey } from './response-cache/key';
import { admittedOperation, principalOf } from './security';

/** What the whole-response cache runs an operation with (response-cache/cache.ts). */
export type CachedRun = RunSpec;

export interface GraphqlHttpOptions<C extends object> {
  /** The operation's context; `run` when the whole-response cache executes it. */
  context(res: Response, run?: CachedRun): C;
  /** Queries the gate admitted are answered through this cache (HTTP GET and POST). */
  responses?: {
    cache: WholeResponseCache;
    /** The record of a query answered without executing it (Apollo's plugin records the executed ones). */
    record: OperationRecorder;
    onLookup?(result: ResponseCacheResult): void;
  };
}

/**
 * Apollo Server behind express, as `@as-integrations/express5` does it (request in Apollo's form,
 * `executeHTTPGraphQLRequest`, its status, headers and body back), plus what the gateway needs
 * around it: queries the gate admitted go through the whole-response cache (response-cache/),
 * and every answer says `cache-control: no-store` (answers depend on the caller's roles; Apollo's
 * cache-control plugin, which used to say it, is off: it hooked every field of every operation).
 * Bodies are written with `res.end`: no ETag hashing of each answer (express's `res.send`).
 */
export function graphqlHttp<C extends object>(apollo: ApolloServer<C>, options: GraphqlHttpOptions<C>): RequestHandler {
  apollo.assertStarted('graphqlHttp()');
  const { responses } = options;

  const execute = async (req: Request, res: Response, run?: CachedRun): Promise<{ response: HTTPGraphQLResponse; note: OutcomeNote }> => {
    let note: OutcomeNote = {};
    const response = await apollo.executeHTTPGraphQLRequest({
      httpGraphQLRequest: apolloRequest(req),
      context: async () => {
        const ctx = options.context(res, run);
        note = noteOutcome(ctx);
        return ctx;
      },
    });
    return { response, note };
  };

  /** A query the gate admitted: a kept answer, an identical execution's, or its own (then kept if it can be). */
  const answerQuery = (req: Request, res: Response, op: NonNullable<ReturnType<typeof admittedOperation>>): void | Promise<void> => {
    const { cache, record, onLookup } = responses!;
    const principal = principalOf(res);
    const key = responseKey({ query: op.query, operationName: op.operation.name?.value, variables: op.variables, roles: principal?.roles ?? [], accept: req.headers.accept });
    let executedHere = false;
    const { answer, promise, served } = cache.answer(key, res.locals.arrivedAt as number, async (run) => {
      // A refresh ahead runs after this request was answered from the kept answer; Apollo's plugin records it on its own.
      if (!run.refresh) executedHere = true;
      const { response, note } = await execute(req, res, run);
      const answer = await toAnswer(response, note);
      return { answer, cacheable: (response.status ?? 200) === 200 && response.body.kind === 'complete' && note.outcome === 'success' };
    });
    onLookup?.(served === 'cache' ? 'hit' : served === 'coalesced' ? 'coalesced' : 'miss');
    const send = (a: CachedAnswer) => {
      writeAnswer(res, a);
      // Apollo's plugin records what executed here; an answer that did not run is recorded now.
      if (executedHere) return;
      record({
        transport: 'http',
        requestId: String(res.locals.requestId),
        principal: principal?.id,
        operationType: 'query',
        operationName: op.operation.name?.value,
        outcome: a.errorCodes.length ? 'error' : 'success',
        errorCodes: a.errorCodes,
        cost: op.cost,
        awsCalls: op.awsCalls,
        durationMs: performance.now() - (res.locals.receivedAt as number),
      });
    };
    if (answer) return send(answer);
    return promise!.then(send);
  };

  return (req, res, next) => {
    const op = responses ? admittedOperation(res) : undefined;
    if (op?.type !== 'query') {
      execute(req, res).then(({ response }) => writeResponse(res, response), next);
      return;
    }
    try {
      answerQuery(req, res, op)?.catch(next);
    } catch (err) {
      next(err);
    }
  };
}

/** The request as Apollo reads it (headers joined as Node gives them; the query string with its `?`). */
function apolloRequest(req: Request): HTTPGraphQLRequest {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const q = req.url.indexOf('?');
  return { method: req.method.toUpperCase(), headers, search: q < 0 ? '' : req.url.slice(q), body: req.body as unknown };
}

async function toAnswer(response: HTTPGraphQLResponse, note: OutcomeNote): Promise<CachedAnswer> {
  let body: string;
  if (response.body.kind === 'complete') body = response.body.string;
  else {
    body = '';
    for await (const chunk of response.body.asyncIterator) body += chunk;
  }
  return { status: response.status ?? 200, headers: [...response.headers], body: Buffer.from(body), errorCodes: note.errorCodes ?? [] };
}

function writeHead(res: Response, status: number, headers: Iterable<readonly [string, string]>): void {
  res.statusCode = status;
  for (const [key, value] of headers) res.setHeader(key, value);
  if (!res.hasHeader('cache-control')) res.setHeader('cache-control', 'no-store');
}

function writeAnswer(res: Response, answer: CachedAnswer): void {
  writeHead(res, answer.status, answer.headers);
  res.end(answer.body);
}

async function writeResponse(res: Response, response: HTTPGraphQLResponse): Promise<void> {
  writeHead(res, response.status ?? 200, response.headers);
  if (response.body.kind === 'complete') {
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) {
    res.write(chunk);
    (res as { flush?: () => void }).flush?.();
  }
  res.end();
}
