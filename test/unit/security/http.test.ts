import express from 'express';
import request from 'supertest';
import { createApiKeyEntry, generateApiKey } from '../../../src/auth/api-keys';
import { createAuthenticator } from '../../../src/auth/authenticator';
import { createLogger } from '../../../src/observability/logger';
import { createCorsOptions } from '../../../src/server/security/cors';
import { authenticateHttp, bodyErrorHandler, budgetDoorHttp, principalOf } from '../../../src/server/security/http';
import { createBudget } from '../../../src/server/security/budget';
import { loadConfig } from '../../../src/config';
import cors from 'cors';

describe('HTTP security middleware', () => {
  const viewer = createApiKeyEntry('dash', ['viewer']);
  const config = loadConfig({
    FLEETGRAPH_AUTH_MODE: 'apikey',
    FLEETGRAPH_API_KEYS: JSON.stringify([viewer.entry]),
    FLEETGRAPH_CORS_ORIGINS: 'https://console.example.com',
    FLEETGRAPH_MAX_BODY_BYTES: '2048',
  });
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', destination: { write: (l: string) => void logs.push(l) } });
  // A budget of 2 units refilled very slowly; each request below spends one.
  const budget = createBudget({ perSecond: 0.001, burst: 2 });
  const app = express();
  app.use(
    '/graphql',
    cors(createCorsOptions(config.server)),
    authenticateHttp(createAuthenticator(config), { logger }),
    budgetDoorHttp(budget),
    express.json({ limit: config.server.maxBodyBytes }),
    (_req, res, next) => {
      const key = principalOf(res)!.id;
      budget.spend(key, 1).then(() => res.json({ data: { principal: key } }), next);
    },
  );
  app.use(bodyErrorHandler());

  it('401 UNAUTHENTICATED as GraphQL JSON without echoing the credential', async () => {
    const wrong = generateApiKey();
    const res = await request(app).post('/graphql').set('x-api-key', wrong).send({ query: '{ __typename }' });
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/Bearer/);
    expect(res.body).toEqual({ errors: [{ message: 'Invalid API key', extensions: { code: 'UNAUTHENTICATED' } }] });
    expect(JSON.stringify(res.body) + logs.join('')).not.toContain(wrong.slice(4));
    expect((await request(app).post('/graphql').send({ query: '{ __typename }' })).status).toBe(401);
  });

  it('passes an authenticated request with its principal; an empty budget is refused at the door (429 + Retry-After)', async () => {
    const ok = await request(app).post('/graphql').set('x-api-key', viewer.key).send({ query: '{ __typename }' });
    expect(ok.status).toBe(200);
    expect(ok.body.data.principal).toBe('apikey:dash');
    await request(app).post('/graphql').set('authorization', `ApiKey ${viewer.key}`).send({ query: '{ __typename }' });
    const limited = await request(app).post('/graphql').set('x-api-key', viewer.key).send({ query: '{ __typename }' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED' });
  });

  it('oversized and malformed bodies get 413/400 JSON, not an HTML stack trace', async () => {
    const key = createApiKeyEntry('other', ['viewer']);
    const cfg = loadConfig({ FLEETGRAPH_AUTH_MODE: 'apikey', FLEETGRAPH_API_KEYS: JSON.stringify([key.entry]) });
    const small = express();
    small.use('/graphql', authenticateHttp(createAuthenticator(cfg)), express.json({ limit: 2048 }), (_req, res) => void res.json({}));
    small.use(bodyErrorHandler());
    const big = await request(small).post('/graphql').set('x-api-key', key.key).send({ query: `{ __typename } #${'x'.repeat(5000)}` });
    expect(big.status).toBe(413);
    expect(big.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    const bad = await request(small).post('/graphql').set('x-api-key', key.key).set('content-type', 'application/json').send('{"query": ');
    expect(bad.status).toBe(400);
    expect(bad.body).toEqual({ errors: [{ message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST' } }] });
  });

  it('CORS: configured origins and (outside production) Apollo Sandbox only', async () => {
    const pre = (origin: string) => request(app).options('/graphql').set('origin', origin).set('access-control-request-method', 'POST');
    expect((await pre('https://console.example.com')).headers['access-control-allow-origin']).toBe('https://console.example.com');
    expect((await pre('https://studio.apollographql.com')).headers['access-control-allow-origin']).toBe('https://studio.apollographql.com');
    expect((await pre('https://evil.example.com')).headers['access-control-allow-origin']).toBeUndefined();
    const prod = createCorsOptions({ production: true, cors: { origins: [] } });
    const decide = (origin: string) => new Promise((resolve) => (prod.origin as (o: string, cb: (e: Error | null, ok?: unknown) => void) => void)(origin, (_e, ok) => resolve(ok)));
    expect(await decide('https://studio.apollographql.com')).toBe(false);
  });
});
