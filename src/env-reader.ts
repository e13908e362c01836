/**
 * Typed readers for environment settings that collect problems instead of throwing, so a
 * misconfigured deployment hears about every bad setting at once (config.ts, security-config.ts).
 */
export interface EnvReader {
  int(name: string, fallback: number, min: number, max: number): number;
  num(name: string, fallback: number, min: number, max: number): number;
  bool(name: string, fallback: boolean): boolean;
}

export function createEnvReader(env: NodeJS.ProcessEnv, problems: string[]): EnvReader {
  const present = (name: string) => env[name] !== undefined && env[name] !== '';
  const ranged = (name: string, fallback: number, min: number, max: number, integer: boolean): number => {
    if (!present(name)) return fallback;
    const raw = env[name] as string;
    const n = Number(raw);
    if (!(integer ? Number.isInteger(n) : Number.isFinite(n)) || n < min || n > max) {
      problems.push(`${name}=${JSON.stringify(raw)} must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}`);
      return fallback;
    }
    return n;
  };
  return {
    int: (name, fallback, min, max) => ranged(name, fallback, min, max, true),
    num: (name, fallback, min, max) => ranged(name, fallback, min, max, false),
    bool(name, fallback) {
      if (!present(name)) return fallback;
      const raw = (env[name] as string).toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
      if (['0', 'false', 'no', 'off'].includes(raw)) return false;
      problems.push(`${name}=${JSON.stringify(env[name])} must be true or false`);
      return fallback;
    },
  };
}
