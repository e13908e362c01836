/** Filter list validation shared by the Describe* operations. */
import { SimError } from '../../core/contract';
import { constraintError, lowerFirst } from '../util';

export interface KeyValues {
  Key: string;
  Values: string[];
}

export interface FilterRules {
  member: string;
  maxFilters: number;
  maxValues: number;
  maxValueLength?: number;
  /** Enum-typed keys: a value outside the set is a ValidationException. */
  enumKeys?: readonly string[];
  keyMember?: string;
  valuesMember?: string;
}

/** Parse `[{Key, Values}]` (or the legacy `{key, valueSet}` shape with keyMember/valuesMember). */
export function parseFilters(raw: unknown, rules: FilterRules): KeyValues[] | undefined {
  if (raw === undefined || raw === null) return undefined;
  const m = lowerFirst(rules.member);
  if (!Array.isArray(raw)) throw new SimError('SerializationException', `Unexpected value type for ${rules.member}`);
  if (raw.length < 1) throw constraintError('[]', m, 'Member must have length greater than or equal to 1');
  if (raw.length > rules.maxFilters) throw constraintError(`[${raw.length} filters]`, m, `Member must have length less than or equal to ${rules.maxFilters}`);
  const keyM = rules.keyMember ?? 'Key';
  const valM = rules.valuesMember ?? 'Values';
  return raw.map((f: unknown, i: number) => {
    const o = (f ?? {}) as Record<string, unknown>;
    const key = o[keyM];
    const values = o[valM];
    if (typeof key !== 'string') throw constraintError(null, `${m}.${i + 1}.member.${lowerFirst(keyM)}`, 'Member must not be null');
    if (rules.enumKeys && !rules.enumKeys.includes(key)) {
      throw constraintError(key, `${m}.${i + 1}.member.${lowerFirst(keyM)}`, `Member must satisfy enum value set: [${rules.enumKeys.join(', ')}]`);
    }
    if (!Array.isArray(values) || values.some((v) => typeof v !== 'string')) {
      throw constraintError(null, `${m}.${i + 1}.member.${lowerFirst(valM)}`, 'Member must not be null');
    }
    if (values.length < 1) throw constraintError('[]', `${m}.${i + 1}.member.${lowerFirst(valM)}`, 'Member must have length greater than or equal to 1');
    if (values.length > rules.maxValues) {
      throw constraintError(`[${values.length} values]`, `${m}.${i + 1}.member.${lowerFirst(valM)}`, `Member must have length less than or equal to ${rules.maxValues}`);
    }
    if (rules.maxValueLength) {
      const long = (values as string[]).find((v) => v.length < 1 || v.length > rules.maxValueLength!);
      if (long !== undefined) {
        throw constraintError(long, `${m}.${i + 1}.member.${lowerFirst(valM)}`, `Member must have length between 1 and ${rules.maxValueLength}`);
      }
    }
    return { Key: key, Values: values as string[] };
  });
}

/** "2018-11-21T08:00:00Z"-style time filter value → ms, else InvalidFilterValue. */
export function parseTimeValue(v: string, key: string): number {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(v) ? Date.parse(v) : NaN;
  if (Number.isNaN(ms)) throw new SimError('InvalidFilterValue', `The filter value ${v} is not valid for ${key}. Use the format yyyy-MM-ddTHH:mm:ssZ.`);
  return ms;
}
