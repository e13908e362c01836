import type { ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault, ApolloServerPluginLandingPageProductionDefault } from '@apollo/server/plugin/landingPage/default';
import { Router, type Request } from 'express';
import type { ExplorerMode } from '../../config';
import type { Logger } from '../../observability/logger';
import type { AuthMethod } from '../../config';
import { defaultBundleDir, EXPLORER_ASSETS_PATH, readManifest, serveAssets } from './assets';
import { DEFAULT_TABS, defaultHeadersFor } from './operations';
import { renderExplorerPage, setPageHeaders } from './page';

export interface ExplorerOptions {
  mode: ExplorerMode;
  /** The GraphQL path; the page is served there to browsers (HTML negotiated by Accept). */
  path: string;
  authMethods: readonly AuthMethod[];
  /** Tells whether a request is a browser asking for the page (the same test the auth bypass uses). */
  isPageRequest: (req: Request) => boolean;
  logger: Logger;
  /** dist/explorer by default (see scripts/build-explorer.ts). */
  bundleDir?: string;
}

export interface Explorer {
  /** Apollo's landing page for this mode (disabled when the gateway serves GraphiQL itself). */
  landingPage: ApolloServerPlugin;
  /** Mount before the GraphQL middleware: the page and its assets. Absent unless mode is graphiql. */
  routes?: Router;
}

/**
 * The browser side of /graphql. `graphiql` serves a bundled GraphiQL from this process (no CDN,
 * works offline); `sandbox` keeps Apollo's embedded Sandbox (loaded from Apollo's CDN);
 * `off` serves nothing; production gets Apollo's production landing page unless `off`.
 */
export function createExplorer(options: ExplorerOptions): Explorer {
  switch (options.mode) {
    case 'sandbox':
      return { landingPage: ApolloServerPluginLandingPageLocalDefault({ embed: true }) };
    case 'production-landing-page':
      return { landingPage: ApolloServerPluginLandingPageProductionDefault() };
    case 'off':
      return { landingPage: ApolloServerPluginLandingPageDisabled() };
    case 'graphiql':
      return { landingPage: ApolloServerPluginLandingPageDisabled(), routes: graphiqlRoutes(options) };
  }
}

function graphiqlRoutes(options: ExplorerOptions): Router {
  const bundleDir = options.bundleDir ?? defaultBundleDir();
  if (!readManifest(bundleDir)) options.logger.warn({ bundleDir }, 'explorer bundle not built (npm run build makes it): browsers get a 503 at the GraphQL path');
  const defaultHeaders = defaultHeadersFor(options.authMethods);
  const router = Router();
  router.get(options.path, (req, res, next) => {
    if (!options.isPageRequest(req)) return next();
    // Read per request: a rebuild while the server runs changes the hashed names.
    const manifest = readManifest(bundleDir);
    if (!manifest) {
      res.status(503).type('text/plain').send('The explorer is not built: run `npm run build`, then reload.\n');
      return;
    }
    setPageHeaders(res);
    res.type('html').send(renderExplorerPage(manifest, { tabs: DEFAULT_TABS, defaultHeaders }));
  });
  router.use(EXPLORER_ASSETS_PATH, ...serveAssets(bundleDir));
  // Where people look for an explorer by habit.
  router.get(['/graphiql', '/explorer'], (_req, res) => res.redirect(302, options.path));
  return router;
}
