import { ACCOUNT_ID_RE } from '../aws/accounts/settings';
import { AwsLimits } from '../aws/limits';
import { BadUserInputError, type FieldProblem } from '../errors/gateway-error';

/** AWS id shapes, checked before any call so a typo is a clear BAD_USER_INPUT, not an AWS round trip. */
export const IdPattern = {
  instance: /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
  image: /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
  host: /^h-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
  macTask: /^macmodification-[0-9a-f]{8,17}$/,
  automationExecution: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  account: ACCOUNT_ID_RE,
} as const;

const LABEL: Record<keyof typeof IdPattern, string> = {
  instance: 'an instance id (i-…)',
  image: 'an AMI id (ami-…)',
  host: 'a Dedicated Host id (h-…)',
  macTask: 'a Mac modification task id (macmodification-…)',
  automationExecution: 'an automation execution id (36-character UUID)',
  account: 'a 12-digit AWS account id',
};

/** Longest id list checked item by item: AWS takes at most 200 values per filter. */
export const MAX_IDS = AwsLimits.ec2FilterValues;
/** Bad ids described one by one; the rest are counted. */
export const MAX_ID_PROBLEMS = 5;

/**
 * The problems of an id list: its length first (a list longer than AWS accepts is one problem,
 * whatever it holds), then at most MAX_ID_PROBLEMS bad ids, then how many more there are.
 */
export function idProblems(kind: keyof typeof IdPattern, field: string, values: readonly string[]): FieldProblem[] {
  if (values.length > MAX_IDS) return [{ field, message: `at most ${MAX_IDS} values (got ${values.length})` }];
  const bad: FieldProblem[] = [];
  let more = 0;
  values.forEach((v, i) => {
    if (IdPattern[kind].test(v)) return;
    if (bad.length === MAX_ID_PROBLEMS) return void more++;
    // The field path says which value; the value itself is not repeated (it could be anything).
    bad.push({ field: values.length > 1 ? `${field}[${i}]` : field, message: `not ${LABEL[kind]}` });
  });
  if (more) bad.push({ field, message: `${more} more values are not ${LABEL[kind]}` });
  return bad;
}

export function assertIds(kind: keyof typeof IdPattern, field: string, values: readonly string[]): void {
  const problems = idProblems(kind, field, values);
  if (problems.length) throw new BadUserInputError(problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
}

export function assertMaxValues(field: string, values: readonly unknown[] | undefined, max: number): void {
  if (values && values.length > max) {
    throw new BadUserInputError(`${field} accepts at most ${max} values (got ${values.length})`, [
      { field, message: `at most ${max} values` },
    ]);
  }
}
