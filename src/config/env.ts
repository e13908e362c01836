/**
 * The typed environment reader every config section uses. It collects problems instead of
 * throwing, so a misconfigured deployment hears about every bad setting at once, and it refuses
 * to read one variable twice: two readings of one setting can disagree (they once did, for
 * FLEETGRAPH_BACKEND and NODE_ENV), so each setting has exactly one owner.
 */
export type Env = Readonly<Record<string, string | undefined>>;

export interface EnvReader {
  /** The raw value; unset and empty are both `undefined`. */
  str(name: string): string | undefined;
  int(name: string, fallback: number, min: number, max: number): number;
  num(name: string, fallback: number, min: number, max: number): number;
  bool(name: string, fallback: boolean): boolean;
  /** A comma-separated list, trimmed, empty items dropped. */
  list(name: string): string[];
  /** Adds one problem line (a section's own cross-setting rule). */
  problem(line: string): void;
}

export function createEnvReader(env: Env, problems: string[]): EnvReader {
  const read = new Set<string>();
  // The one place a variable is taken from `env`: exactly one access per name.
  const str = (name: string): string | undefined => {
    if (read.has(name)) throw new Error(`config: ${name} is read twice; give the setting one owner`);
    read.add(name);
    const raw = env[name];
    return raw === undefined || raw === '' ? undefined : raw;
  };
  const ranged = (name: string, fallback: number, min: number, max: number, integer: boolean): number => {
    const raw = str(name);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!(integer ? Number.isInteger(n) : Number.isFinite(n)) || n < min || n > max) {
      problems.push(`${name}=${JSON.stringify(raw)} must be ${integer ? 'an integer' : 'a number'} between ${min} and ${max}`);
      return fallback;
    }
    return n;
  };
  return {
    str,
    int: (name, fallback, min, max) => ranged(name, fallback, min, max, true),
    num: (name, fallback, min, max) => ranged(name, fallback, min, max, false),
    bool(name, fallback) {
      const raw = str(name);
      if (raw === undefined) return fallback;
      const lower = raw.trim().toLowerCase();
      if (['1', 'true', 'yes', 'on'].includes(lower)) return true;
      if (['0', 'false', 'no', 'off'].includes(lower)) return false;
      problems.push(`${name}=${JSON.stringify(raw)} must be true or false`);
      return fallback;
    },
    list: (name) =>
      (str(name) ?? '')
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
    problem: (line) => void problems.push(line),
  };
}

/** Every problem of a configuration, one self-contained line each. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}
