import express, { type RequestHandler } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { EXPLORER_ASSETS_DIR, EXPLORER_MANIFEST, type ExplorerManifest } from './manifest';

/** Where the bundle's files are served from (same origin as /graphql, so CSP 'self' covers them). */
export const EXPLORER_ASSETS_PATH = '/explorer/assets';

/**
 * dist/explorer (manifest.json, and the served files in assets/) of this checkout or image: found from the package root, so it is the same
 * directory whether this module runs compiled (dist/src/…) or from source (ts-jest).
 */
export function defaultBundleDir(from: string = __dirname): string {
  let dir = from;
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return path.join(dir, 'dist', 'explorer');
}

/** The bundle's manifest, or undefined when the bundle was not built (`npm run build` makes it). */
export function readManifest(bundleDir: string): ExplorerManifest | undefined {
  const file = path.join(bundleDir, EXPLORER_MANIFEST);
  if (!existsSync(file)) return undefined;
  return JSON.parse(readFileSync(file, 'utf8')) as ExplorerManifest;
}

/**
 * Static files of the bundle (bundleDir/assets). Their names carry a content hash, so browsers
 * may keep them for a year without revalidating; anything else under the path is a plain 404.
 */
export function serveAssets(bundleDir: string): RequestHandler[] {
  const files = express.static(path.join(bundleDir, EXPLORER_ASSETS_DIR), {
    index: false,
    dotfiles: 'ignore',
    redirect: false,
    immutable: true,
    maxAge: '365d',
    setHeaders: (res) => res.setHeader('x-content-type-options', 'nosniff'),
  });
  const notFound: RequestHandler = (_req, res) => {
    res.status(404).type('text/plain').send('Not found');
  };
  return [files, notFound];
}
