import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import request from 'supertest';
import { EXPLORER_CSP } from '../../src/server/explorer/page';
import { DEFAULT_TABS } from '../../src/server/explorer/operations';
import { apiKeyEnv, TEST_KEYS } from '../support/api-keys';
import { Harness } from '../support/harness';

/**
 * The explorer over HTTP (what a browser fetches; the headless-Chromium test drives it for real):
 * GraphiQL's page and bundle come from the gateway itself, locked to its origin by CSP, the
 * bundle cached forever under hashed names, and nothing about GraphQL's doors changes.
 */
const HTML = { accept: 'text/html' };

/** The page's settings block (inert JSON) and the asset URLs it names. */
function pageParts(html: string): { config: any; assets: string[] } {
  const json = /<script id="explorer-config" type="application\/json">([^<]*)<\/script>/.exec(html)?.[1];
  const assets = [...html.matchAll(/(?:href|src)="(\/explorer\/assets\/[^"]+)"/g)].map((m) => m[1]);
  const config = JSON.parse(json ?? 'null');
  return { config, assets: [...assets, ...Object.values<string>(config?.workers ?? {})] };
}

describe('GraphiQL served by the gateway (FLEETGRAPH_EXPLORER=graphiql, the default outside production)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start();
  });
  afterAll(() => h.close());

  it('answers a browser at /graphql with the page, locked to this origin and never cached', async () => {
    const res = await request(h.gateway.httpServer).get('/graphql').set(HTML);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(EXPLORER_CSP);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers.vary).toBe('Accept');
    // Nothing from another origin: every URL in the page is a path on this server.
    expect(res.text).not.toMatch(/(src|href)="(https?:)?\/\//);
    const { config, assets } = pageParts(res.text);
    expect(config.tabs.map((t: { query: string }) => t.query)).toEqual(DEFAULT_TABS.map((t) => t.query));
    expect(config.defaultHeaders).toBeUndefined();
    // Stylesheet, script, and Monaco's three workers.
    expect(assets).toHaveLength(5);
  });

  it('serves the bundle with long-lived caching under content-hashed names', async () => {
    const { assets } = pageParts((await request(h.gateway.httpServer).get('/graphql').set(HTML)).text);
    for (const url of assets) {
      const res = await request(h.gateway.httpServer).get(url);
      expect({ url, status: res.status }).toEqual({ url, status: 200 });
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['content-type']).toMatch(url.endsWith('.css') ? /^text\/css/ : /^(text|application)\/javascript/);
      expect(url).toMatch(/-[A-Z0-9]{8}\.(js|css)$/);
    }
  });

  it('sends the usual explorer addresses to /graphql', async () => {
    for (const path of ['/graphiql', '/explorer']) {
      const res = await request(h.gateway.httpServer).get(path).set(HTML);
      expect({ path, status: res.status, location: res.headers.location }).toEqual({ path, status: 302, location: '/graphql' });
    }
  });

  it('answers anything else under the assets path with a plain 404 (no listing, no traversal)', async () => {
    for (const path of ['/explorer/assets/', '/explorer/assets/nope.js', '/explorer/assets/..%2f..%2fpackage.json', '/explorer/manifest.json']) {
      const res = await request(h.gateway.httpServer).get(path);
      expect({ path, status: res.status }).toEqual({ path, status: 404 });
      expect(res.text).not.toContain('"name"');
    }
  });

  it('leaves GraphQL itself alone: JSON clients, GET queries and CSRF prevention are unchanged', async () => {
    const json = await request(h.gateway.httpServer).get('/graphql').query({ query: '{ instances(first: 1) { pageSize } }' }).set({ 'apollo-require-preflight': '1' });
    expect(json.status).toBe(200);
    expect(json.body).toEqual({ data: { instances: { pageSize: 1 } } });
    // A simple (CORS-preflight-free) request is refused before it runs: Apollo's CSRF prevention.
    const simple = await request(h.gateway.httpServer).post('/graphql').set('content-type', 'text/plain').send(JSON.stringify({ query: '{ instances(first: 1) { pageSize } }' }));
    expect(simple.status).toBe(400);
    expect(simple.text).toContain('CSRF');
    const simpleGet = await request(h.gateway.httpServer).get('/graphql').query({ query: '{ instances(first: 1) { pageSize } }' });
    expect(simpleGet.status).toBe(400);
    expect(simpleGet.text).toContain('CSRF');
  });

  it('opens with operations that are valid against the committed schema', () => {
    const schema = buildSchema(readFileSync(resolve(__dirname, '../../schema.graphql'), 'utf8'));
    for (const tab of DEFAULT_TABS) expect(validate(schema, parse(tab.query)).map((e) => e.message)).toEqual([]);
  });

  it('its Mac-fleet query answers on the demo world without an error', async () => {
    const data = await h.data(DEFAULT_TABS[0].query);
    expect(data.instances.nodes.length).toBeGreaterThan(0);
    expect(data.instances.nodes.every((n: { instanceType: string }) => n.instanceType.startsWith('mac'))).toBe(true);
  });
});

describe('the explorer with authentication on', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await Harness.start({ env: apiKeyEnv() });
  });
  afterAll(() => h.close());

  it('serves the page and bundle without credentials (static, runs nothing) and shows where the key goes', async () => {
    const page = await request(h.gateway.httpServer).get('/graphql').set(HTML);
    expect(page.status).toBe(200);
    const { config, assets } = pageParts(page.text);
    expect(JSON.parse(config.defaultHeaders)).toEqual({ 'x-api-key': 'paste your API key here' });
    expect((await request(h.gateway.httpServer).get(assets[0])).status).toBe(200);
  });

  it('still refuses operations without a key, and runs them with one', async () => {
    const query = { query: '{ instances(first: 1) { pageSize } }' };
    expect((await request(h.gateway.httpServer).post('/graphql').send(query)).status).toBe(401);
    const ok = await request(h.gateway.httpServer).post('/graphql').set('x-api-key', TEST_KEYS.viewer).send(query);
    expect(ok.body).toEqual({ data: { instances: { pageSize: 1 } } });
  });
});

describe('other explorer settings', () => {
  /** What a browser gets at /graphql, and whether a GraphiQL asset path exists, under `env`. */
  async function browserView(env: Record<string, string>): Promise<{ status: number; text: string; assetStatus: number }> {
    const h = await Harness.start({ env });
    try {
      const page = await request(h.gateway.httpServer).get('/graphql').set(HTML);
      const asset = await request(h.gateway.httpServer).get('/explorer/assets/x.js');
      return { status: page.status, text: page.text, assetStatus: asset.status };
    } finally {
      await h.close();
    }
  }

  it('sandbox: Apollo Sandbox as before, and no GraphiQL bundle', async () => {
    const view = await browserView({ FLEETGRAPH_EXPLORER: 'sandbox' });
    expect(view.status).toBe(200);
    expect(view.text).toContain('embeddable-sandbox');
    expect(view.assetStatus).toBe(404);
  });

  it('off: no page at all', async () => {
    const view = await browserView({ FLEETGRAPH_EXPLORER: 'off' });
    expect(view.status).toBe(400);
    expect(view.text).not.toMatch(/<html/i);
  });

  it('production: Apollo production landing page by default, no GraphiQL bundle', async () => {
    const view = await browserView({ NODE_ENV: 'production' });
    expect(view.status).toBe(200);
    expect(view.text).not.toContain('explorer-config');
    expect(view.assetStatus).toBe(404);
  });
});
