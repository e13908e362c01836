/** The bundle's table of contents, written by scripts/build-explorer.ts into dist/explorer. */
export const EXPLORER_MANIFEST = 'manifest.json';
/** Subdirectory holding the files browsers load (the manifest stays outside it). */
export const EXPLORER_ASSETS_DIR = 'assets';

export interface ExplorerManifest {
  /** File names relative to the assets subdirectory, content-hashed (cacheable forever). */
  script: string;
  style: string;
  workers: { editor: string; json: string; graphql: string };
}
