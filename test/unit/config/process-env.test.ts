import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { createApiKeyEntry } from '../../../src/auth/api-keys';
import { loadConfig, type Env } from '../../../src/config';

const ROOT = join(__dirname, '../../..');
const SRC = join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** `process.env`, `process['env']` and `const { env } = process` all read the environment. */
const READS_ENV = /\bprocess\s*(\?\.|\.)\s*env\b|\bprocess\s*\[\s*['"`]env['"`]\s*\]|\{[^}]*\benv\b[^}]*\}\s*=\s*process\b/;

/**
 * The simulator is its own program (standalone `npm run simulator`, on its way to packages/aws-sim)
 * with its own settings; the gateway's are all read by src/config.
 */
const OWN_READERS = ['src/config/', 'src/simulator/'];

describe('src/config is the only reader of the environment in the gateway', () => {
  it('the rule recognises every way of reading the environment', () => {
    for (const code of ['const p = process.env.PORT;', "const p = process['env'].PORT;", 'const { env } = process;', 'const { argv, env: e } = process;', 'process?.env']) {
      expect([code, READS_ENV.test(code)]).toEqual([code, true]);
    }
    for (const code of ['loadConfig(env)', 'const environment = config.env;', '// reads no process state']) {
      expect([code, READS_ENV.test(code)]).toEqual([code, false]);
    }
  });

  it('no other file under src/ reads process.env', () => {
    const offenders = sourceFiles(SRC)
      .map((path) => relative(ROOT, path).split(sep).join('/'))
      .filter((path) => !OWN_READERS.some((dir) => path.startsWith(dir)))
      .filter((path) => READS_ENV.test(readFileSync(join(ROOT, path), 'utf8')));
    expect(offenders).toEqual([]);
  });

  it('src/config and auth/jwt do not import each other (config holds settings, auth uses them)', () => {
    const forbidden = ['auth/jwt.ts', 'auth/authenticator.ts', 'auth/index.ts'].map((f) => join(SRC, f));
    const imported = sourceFiles(join(SRC, 'config')).flatMap((path) =>
      [...readFileSync(path, 'utf8').matchAll(/from '(\.[^']+)'/g)].map((m) => {
        const target = join(path, '..', m[1]);
        return existsSync(`${target}.ts`) ? `${target}.ts` : join(target, 'index.ts');
      }),
    );
    expect(imported.length).toBeGreaterThan(0);
    expect(imported.filter((target) => forbidden.includes(target))).toEqual([]);
    expect(readFileSync(join(SRC, 'auth/jwt.ts'), 'utf8')).toContain("import type { JwtConfig } from '../config';");
  });
});

describe('every variable', () => {
  /** An environment that takes every branch (both auth methods, the CLI's region variable). */
  const everything: Record<string, string> = {
    FLEETGRAPH_BACKEND: 'aws',
    FLEETGRAPH_AUTH_MODE: 'apikey,jwt',
    FLEETGRAPH_API_KEYS: JSON.stringify([createApiKeyEntry('k', ['viewer']).entry]),
    FLEETGRAPH_JWT_JWKS_URL: 'https://idp.example.com/jwks.json',
    FLEETGRAPH_JWT_ISSUER: 'https://idp.example.com/',
    FLEETGRAPH_JWT_AUDIENCE: 'fleetgraph',
  };

  /** The names loadConfig asks `env` for, with how many times it asked. */
  function reads(): Map<string, number> {
    const counts = new Map<string, number>();
    const env = new Proxy(everything, {
      get(target, name) {
        if (typeof name === 'string') counts.set(name, (counts.get(name) ?? 0) + 1);
        return Reflect.get(target, name);
      },
    });
    loadConfig(env as Env);
    return counts;
  }

  it('is read exactly once', () => {
    const counts = reads();
    // Every branch was taken: the JWT settings and the CLI's region variable were asked for.
    expect([counts.get('FLEETGRAPH_JWT_ROLE_MAP'), counts.get('AWS_DEFAULT_REGION')]).toEqual([1, 1]);
    expect([...counts].filter(([, n]) => n !== 1)).toEqual([]);
  });

  it('is in the README (its configuration table or the Security section)', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const missing = [...reads().keys()].filter((name) => !readme.includes(`\`${name}\``));
    expect(missing).toEqual([]);
  });
});
