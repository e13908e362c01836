import type { Response } from 'express';
import { EXPLORER_ASSETS_PATH } from './assets';
import type { ExplorerManifest } from './manifest';
import type { ExplorerPageConfig, ExplorerTab } from './page-config';

/**
 * The explorer's HTML: one stylesheet and one script from this server, its settings as inert
 * JSON. The CSP allows only this origin (HTTP and WebSocket, which CSP3 'self' covers), so the
 * page cannot load or send anything elsewhere even if a dependency tried to. Two allowances, both
 * for content of our own bundle: GraphiQL's stylesheet embeds its fonts as data: URLs, and Monaco
 * and GraphiQL inject <style> elements at run time ('unsafe-inline' for styles only; scripts
 * stay 'self', no inline script, no eval).
 */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const asset = (file: string) => `${EXPLORER_ASSETS_PATH}/${file}`;

/** JSON safe inside a <script> element: no `</script>`, no `<!--`. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026');
}

export function renderExplorerPage(manifest: ExplorerManifest, options: { tabs: ExplorerTab[]; defaultHeaders?: string }): string {
  const config: ExplorerPageConfig = {
    tabs: options.tabs,
    defaultHeaders: options.defaultHeaders,
    workers: { editor: asset(manifest.workers.editor), json: asset(manifest.workers.json), graphql: asset(manifest.workers.graphql) },
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>FleetGraph · GraphiQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${asset(manifest.style)}">
</head>
<body>
<div id="explorer"><noscript>The FleetGraph explorer needs JavaScript.</noscript></div>
<script id="explorer-config" type="application/json">${scriptSafeJson(config)}</script>
<script src="${asset(manifest.script)}" defer></script>
</body>
</html>
`;
}

/** Headers for the HTML: never cached (it names the current bundle), locked to this origin. */
export function setPageHeaders(res: Response): void {
  res.setHeader('content-security-policy', EXPLORER_CSP);
  res.setHeader('cache-control', 'no-cache');
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  // /graphql answers JSON or this page depending on Accept.
  res.setHeader('vary', 'Accept');
}
