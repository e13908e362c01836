import { SimError } from '../core/contract';

/**
 * Decoding of EC2 Query parameters (flat `Name.N.Sub` maps, 1-based lists, dotted structs).
 */
export type Params = Record<string, string>;

/** `Prefix.1`, `Prefix.2`, … in index order (gaps tolerated, like AWS). */
export function list(params: Params, prefix: string): string[] | undefined {
  const re = new RegExp(`^${escapeRe(prefix)}\\.(\\d+)$`);
  const found: [number, string][] = [];
  for (const k of Object.keys(params)) {
    const m = re.exec(k);
    if (m) found.push([Number(m[1]), params[k]]);
  }
  if (found.length === 0) return undefined;
  return found.sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** `Prefix.N.Field[.rest]` → [{Field: v, "Field.rest": v}] in index order. */
export function structList(params: Params, prefix: string): Params[] | undefined {
  const re = new RegExp(`^${escapeRe(prefix)}\\.(\\d+)\\.(.+)$`);
  const byIndex = new Map<number, Params>();
  for (const k of Object.keys(params)) {
    const m = re.exec(k);
    if (!m) continue;
    const i = Number(m[1]);
    let s = byIndex.get(i);
    if (!s) byIndex.set(i, (s = {}));
    s[m[2]] = params[k];
  }
  if (byIndex.size === 0) return undefined;
  return [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, v]) => v);
}

/** `Prefix.Field` → {Field: v}. */
export function struct(params: Params, prefix: string): Params | undefined {
  const p = `${prefix}.`;
  let out: Params | undefined;
  for (const k of Object.keys(params)) {
    if (k.startsWith(p)) (out ??= {})[k.slice(p.length)] = params[k];
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface Filter {
  name: string;
  values: string[];
}

export const MAX_FILTERS = 50;
export const MAX_FILTER_VALUES = 200;

/** `Filter.N.Name` / `Filter.N.Value.M`, with AWS's limits (FilterLimitExceeded). */
export function filters(params: Params): Filter[] {
  const raw = structList(params, 'Filter') ?? [];
  if (raw.length > MAX_FILTERS) {
    throw new SimError('FilterLimitExceeded', `The maximum number of filters allowed is ${MAX_FILTERS}.`);
  }
  return raw.map((f) => {
    const name = f['Name'];
    if (!name) throw new SimError('InvalidParameterValue', 'The filter name must not be empty.');
    const values = list(f, 'Value') ?? [];
    if (values.length > MAX_FILTER_VALUES) {
      throw new SimError(
        'FilterLimitExceeded',
        `The maximum number of filter values specified on a single call is ${MAX_FILTER_VALUES}.`,
      );
    }
    return { name, values };
  });
}

export function bool(params: Params, key: string): boolean {
  const v = params[key];
  if (v === undefined) return false;
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new SimError('InvalidParameterValue', `Value (${v}) for parameter ${lcFirst(key)} is invalid. Expected: 'true' or 'false'.`);
}

export function required(params: Params, key: string): string {
  const v = params[key];
  if (v === undefined || v === '') {
    throw new SimError('MissingParameter', `The request must contain the parameter ${key}`);
  }
  return v;
}

/** MaxResults within [min, max], or undefined when absent. */
export function maxResults(params: Params, min: number, max: number): number | undefined {
  const v = params['MaxResults'];
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^-?\d+$/.test(v) || !Number.isInteger(n)) {
    throw new SimError('InvalidParameterValue', `Value (${v}) for parameter maxResults is invalid. Expected an integer.`);
  }
  if (n < min) {
    throw new SimError(
      'InvalidParameterValue',
      `Value ( ${n} ) for parameter maxResults is invalid. Expecting a value greater than ${min}.`,
    );
  }
  if (n > max) {
    throw new SimError(
      'InvalidParameterValue',
      `Value ( ${n} ) for parameter maxResults is invalid. Expecting a value less than ${max}.`,
    );
  }
  return n;
}

export function lcFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
