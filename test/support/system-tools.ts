import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/**
 * Some suites need a system program (redis-server, chromium) that `npm ci` cannot install.
 * On a developer's machine without it they are skipped with a notice naming what is missing;
 * in CI (`CI` set) a missing tool fails instead, because .ci/install-system-deps must have
 * installed it and a silent skip would hide a broken install step.
 */

/** The tool's path on PATH, or undefined when it is not installed. */
export function findTool(name: string, path: string = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Describes `fn` when every tool is on PATH; otherwise skips it with a visible notice (fails in CI). */
export function describeIfTool(tools: string | string[], name: string, fn: () => void): void {
  const missing = [tools].flat().filter((t) => !findTool(t));
  if (missing.length === 0) {
    describe(name, fn);
    return;
  }
  const reason = `${missing.join(', ')} not found on PATH (install with .ci/install-system-deps)`;
  if (process.env.CI) {
    describe(name, () => {
      it(`needs ${missing.join(', ')}`, () => {
        throw new Error(`${reason}: CI must install it`);
      });
    });
    return;
  }
  // Straight to stderr: jest does not print console output of a file whose tests all skipped.
  process.stderr.write(`\n[skipped] "${name}": ${reason}\n`);
  describe.skip(`${name} [skipped: ${reason}]`, fn);
}
