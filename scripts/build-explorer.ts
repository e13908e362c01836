/**
 * Bundles the offline explorer (GraphiQL, React and Monaco's workers, all from npm) into
 * dist/explorer with content-hashed names and a manifest the gateway reads. Part of `npm run
 * build`; skipped when the bundle is newer than its inputs, so an unchanged tree starts fast.
 * esbuild and the browser packages are devDependencies: the runtime needs only the output.
 */
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EXPLORER_ASSETS_DIR, EXPLORER_MANIFEST, type ExplorerManifest } from '../src/server/explorer/manifest';

const ROOT = path.resolve(__dirname, '../..');
const CLIENT_DIR = path.join(ROOT, 'src/server/explorer/client');
const BUNDLE_DIR = path.join(ROOT, 'dist/explorer');
const OUT_DIR = path.join(BUNDLE_DIR, EXPLORER_ASSETS_DIR);

const WORKERS = {
  editor: 'monaco-editor/esm/vs/editor/editor.worker.js',
  json: 'monaco-editor/esm/vs/language/json/json.worker.js',
  graphql: 'monaco-graphql/esm/graphql.worker.js',
} as const;

/** Newest modification time among the bundle's inputs: client sources, the lockfile, this script. */
function newestInput(): number {
  const files = [
    ...readdirSync(CLIENT_DIR).map((f) => path.join(CLIENT_DIR, f)),
    path.join(ROOT, 'src/server/explorer/page-config.ts'),
    path.join(ROOT, 'package-lock.json'),
    __filename,
  ];
  return Math.max(...files.map((f) => statSync(f).mtimeMs));
}

const COMMON: BuildOptions = {
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['chrome120', 'firefox120', 'safari17'],
  outdir: OUT_DIR,
  entryNames: '[name]-[hash]',
  assetNames: '[name]-[hash]',
  loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file', '.svg': 'dataurl' },
  define: { 'process.env.NODE_ENV': '"production"' },
  legalComments: 'linked',
  metafile: true,
  logLevel: 'warning',
};

/** Output files (relative to OUT_DIR) by entry point as esbuild's metafile names it. */
function outputsByEntry(meta: Metafile | undefined): Map<string, { js: string; css?: string }> {
  if (!meta) throw new Error('esbuild returned no metafile');
  const rel = (file: string) => path.relative(OUT_DIR, path.resolve(ROOT, file));
  const byEntry = new Map<string, { js: string; css?: string }>();
  for (const [file, out] of Object.entries(meta.outputs)) {
    if (out.entryPoint && file.endsWith('.js')) byEntry.set(out.entryPoint, { js: rel(file), css: out.cssBundle && rel(out.cssBundle) });
  }
  return byEntry;
}

function outputOf(outputs: Map<string, { js: string; css?: string }>, entrySuffix: string): { js: string; css?: string } {
  for (const [entry, out] of outputs) if (entry.endsWith(entrySuffix)) return out;
  throw new Error(`esbuild produced no output for ${entrySuffix}`);
}

async function main(): Promise<void> {
  const manifestPath = path.join(BUNDLE_DIR, EXPLORER_MANIFEST);
  if (existsSync(manifestPath) && statSync(manifestPath).mtimeMs > newestInput()) return;

  rmSync(BUNDLE_DIR, { recursive: true, force: true });
  mkdirSync(OUT_DIR, { recursive: true });
  const entry = path.relative(ROOT, path.join(CLIENT_DIR, 'main.ts'));
  const page = outputOf(outputsByEntry((await build({ ...COMMON, absWorkingDir: ROOT, entryPoints: { explorer: entry } })).metafile), entry);
  const workerEntries = Object.fromEntries(Object.entries(WORKERS).map(([name, mod]) => [`${name}.worker`, mod]));
  const workers = outputsByEntry((await build({ ...COMMON, absWorkingDir: ROOT, entryPoints: workerEntries })).metafile);
  if (!page.css) throw new Error('esbuild produced no stylesheet for the explorer');

  const manifest: ExplorerManifest = {
    script: page.js,
    style: page.css,
    workers: { editor: outputOf(workers, WORKERS.editor).js, json: outputOf(workers, WORKERS.json).js, graphql: outputOf(workers, WORKERS.graphql).js },
  };
  // Written last: its presence means a complete bundle.
  writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
  process.stdout.write(`explorer bundled into ${path.relative(ROOT, BUNDLE_DIR)}/\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`build-explorer: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
