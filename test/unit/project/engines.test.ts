import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import semver from 'semver';

/**
 * package.json's `engines.node` is a promise to users and to `npm ci`: every installed package
 * (runtime and dev, as `npm ci` installs both) must accept every Node version it admits, or
 * npm warns EBADENGINE and the README's "Node N+" is false.
 */
const root = resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync(resolve(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

describe('engines.node', () => {
  const ours = pkg.engines.node;

  it('admits the Node running the tests', () => {
    expect(semver.satisfies(process.version, ours)).toBe(true);
  });

  it('promises no Node version that an installed package refuses', () => {
    const refusing: string[] = [];
    for (const [path, entry] of Object.entries(lock.packages)) {
      const theirs = !Array.isArray(entry.engines) ? entry.engines?.node : undefined;
      if (!path || !theirs) continue;
      if (!semver.subset(ours, theirs)) refusing.push(`${path.replace(/^.*node_modules\//, '')}@${entry.version} needs node ${theirs}`);
    }
    expect(refusing).toEqual([]);
  });

  it('is the tightest lower bound the installed packages need, not an older one', () => {
    const floors = Object.values(lock.packages)
      .map((e) => (!Array.isArray(e.engines) ? e.engines?.node : undefined))
      .filter((r): r is string => !!r)
      .map((r) => semver.minVersion(r)!.version);
    const needed = floors.sort(semver.rcompare)[0];
    expect(semver.minVersion(ours)!.version).toBe(needed);
  });
});
