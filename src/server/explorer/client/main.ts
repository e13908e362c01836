/**
 * The browser side of the offline explorer: GraphiQL (from npm, bundled by
 * scripts/build-explorer.ts) over the gateway's own /graphql, queries and mutations by HTTP,
 * subscriptions over graphql-ws on the same path. Nothing is fetched from anywhere else.
 */
import 'graphiql/style.css';
import './page.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createElement } from 'react';
import { createRoot } from 'react-dom/client';
import type { ExplorerPageConfig } from '../page-config';

const configElement = document.getElementById('explorer-config');
const root = document.getElementById('explorer');
if (!configElement?.textContent || !root) throw new Error('explorer page is missing its config or root element');
const config = JSON.parse(configElement.textContent) as ExplorerPageConfig;

// Monaco runs its language services in workers; they are bundled files on this server, so the
// page's CSP can say worker-src 'self' (no blob: URLs, no CDN).
(globalThis as { MonacoEnvironment?: unknown }).MonacoEnvironment = {
  getWorker(_moduleId: string, label: string): Worker {
    const url = label === 'json' ? config.workers.json : label === 'graphql' ? config.workers.graphql : config.workers.editor;
    return new Worker(url);
  },
};

// The page is served at the GraphQL endpoint itself (GET /graphql asking for HTML).
const http = new URL(window.location.pathname, window.location.origin);
const ws = new URL(http.href);
ws.protocol = http.protocol === 'https:' ? 'wss:' : 'ws:';

// The header editor's JSON goes on every HTTP request and, for subscriptions, into graphql-ws
// connectionParams (browsers cannot set headers on a WebSocket; the gateway reads the same names).
const fetcher = createGraphiQLFetcher({ url: http.href, subscriptionUrl: ws.href });

createRoot(root).render(
  createElement(GraphiQL, {
    fetcher,
    defaultTabs: config.tabs,
    defaultHeaders: config.defaultHeaders,
    defaultEditorToolsVisibility: config.defaultHeaders ? 'headers' : undefined,
    // Keys and tokens stay out of localStorage unless the user opts in (GraphiQL's settings).
    shouldPersistHeaders: false,
  }),
);
