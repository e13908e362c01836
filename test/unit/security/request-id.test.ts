import express from 'express';
import request from 'supertest';
import { metricsAccess } from '../../../src/server/security/metrics-access';
import { requestIdOf } from '../../../src/server/security/request-id';

describe('x-request-id', () => {
  it('keeps a short safe token and replaces anything else with a UUID', () => {
    expect(requestIdOf('trace-0123456789')).toBe('trace-0123456789');
    expect(requestIdOf('0b1c2d3e_4f5a6b7c')).toBe('0b1c2d3e_4f5a6b7c');
    for (const hostile of [undefined, '', 'short', 'x'.repeat(65), 'has space 12345678', 'quote"0123456789', 'line\nbreak0123456789', '{"json":12345678}', 'a.b.c.d.e.f.g.h']) {
      expect(requestIdOf(hostile)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    }
  });
});

describe('/metrics access', () => {
  const app = (config: Parameters<typeof metricsAccess>[0], production: boolean) => {
    const a = express();
    a.get('/metrics', metricsAccess(config, production), (_req, res) => void res.send('ok'));
    return a;
  };
  const token = 'metrics-token-0123456789';

  it('outside production, open unless a token is set', async () => {
    expect((await request(app({ metricsPublic: false }, false)).get('/metrics')).status).toBe(200);
  });

  it('in production without a token: closed (403) unless opened on purpose', async () => {
    const closed = await request(app({ metricsPublic: false }, true)).get('/metrics');
    expect(closed.status).toBe(403);
    expect(closed.text).toMatch(/FLEETGRAPH_METRICS_TOKEN/);
    expect((await request(app({ metricsPublic: true }, true)).get('/metrics')).status).toBe(200);
  });

  it('with a token: only its bearer (constant-time comparison), in production or not', async () => {
    for (const production of [true, false]) {
      const a = app({ metricsPublic: false, metricsToken: token }, production);
      expect((await request(a).get('/metrics')).status).toBe(401);
      expect((await request(a).get('/metrics').set('authorization', 'Bearer wrong-token-0123456789')).status).toBe(401);
      expect((await request(a).get('/metrics').set('authorization', `Bearer ${token}`)).status).toBe(200);
    }
  });
});
