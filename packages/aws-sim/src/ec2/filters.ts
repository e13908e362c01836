import { SimError } from '../core/contract';
import { Filter } from './query';

/**
 * AWS filter matching: values within one filter OR, filters AND; `*` matches any run of
 * characters, `?` exactly one, backslash escapes them. Values are case-sensitive.
 */
const patternCache = new Map<string, RegExp | string>();

function compile(value: string): RegExp | string {
  let cached = patternCache.get(value);
  if (cached !== undefined) return cached;
  if (!/[*?]/.test(value)) {
    cached = value.replace(/\\(.)/g, '$1');
  } else {
    let re = '^';
    for (let i = 0; i < value.length; i++) {
      const c = value[i];
      if (c === '\\' && i + 1 < value.length) re += escapeRe(value[++i]);
      else if (c === '*') re += '[\\s\\S]*';
      else if (c === '?') re += '[\\s\\S]';
      else re += escapeRe(c);
    }
    cached = new RegExp(re + '$');
  }
  if (patternCache.size > 10000) patternCache.clear();
  patternCache.set(value, cached);
  return cached;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function valueMatches(pattern: string, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  const p = compile(pattern);
  return typeof p === 'string' ? p === actual : p.test(actual);
}

/** Does any of the filter's values match any of the resource's values for it? */
export function anyMatch(values: readonly string[], actual: readonly (string | undefined)[]): boolean {
  for (const v of values) for (const a of actual) if (valueMatches(v, a)) return true;
  return false;
}

/** Resource accessor per filter name: returns the resource's value(s) for that filter. */
export type FilterFields<T> = Record<string, (r: T) => string | undefined | readonly (string | undefined)[]>;

interface Tagged {
  tags: readonly { key: string; value: string }[];
}

/**
 * Build a predicate for the filters; unknown filter names are InvalidParameterValue like AWS.
 * `tag:<key>`, `tag-key`, `tag-value` are handled for any resource with tags.
 */
export function compileFilters<T extends Tagged>(filters: readonly Filter[], fields: FilterFields<T>): (r: T) => boolean {
  const preds: ((r: T) => boolean)[] = filters.map((f) => {
    if (f.values.length === 0) {
      throw new SimError('InvalidParameterValue', `The filter '${f.name}' requires at least one value.`);
    }
    if (f.name.startsWith('tag:')) {
      const key = f.name.slice(4);
      return (r) => r.tags.some((t) => t.key === key && anyMatch(f.values, [t.value]));
    }
    if (f.name === 'tag-key') return (r) => anyMatch(f.values, r.tags.map((t) => t.key));
    if (f.name === 'tag-value') return (r) => anyMatch(f.values, r.tags.map((t) => t.value));
    const get = fields[f.name];
    if (!get) throw new SimError('InvalidParameterValue', `The filter '${f.name}' is invalid`);
    return (r) => {
      const v = get(r);
      return anyMatch(f.values, Array.isArray(v) ? v : [v as string | undefined]);
    };
  });
  return (r) => preds.every((p) => p(r));
}
