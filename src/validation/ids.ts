import { BadUserInputError, type FieldProblem } from '../errors/gateway-error';

/** AWS id shapes, checked before any call so a typo is a clear BAD_USER_INPUT, not an AWS round trip. */
export const IdPattern = {
  instance: /^i-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
  image: /^ami-(?:[0-9a-f]{8}|[0-9a-f]{17})$/,
  macTask: /^macmodification-[0-9a-f]{8,17}$/,
  automationExecution: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  account: /^\d{12}$/,
} as const;

const LABEL: Record<keyof typeof IdPattern, string> = {
  instance: 'an instance id (i-…)',
  image: 'an AMI id (ami-…)',
  macTask: 'a Mac modification task id (macmodification-…)',
  automationExecution: 'an automation execution id (36-character UUID)',
  account: 'a 12-digit AWS account id',
};

export function idProblems(kind: keyof typeof IdPattern, field: string, values: readonly string[]): FieldProblem[] {
  return values
    .map((v, i) => ({ v, i }))
    .filter(({ v }) => !IdPattern[kind].test(v))
    .map(({ v, i }) => ({ field: values.length > 1 ? `${field}[${i}]` : field, message: `${JSON.stringify(v)} is not ${LABEL[kind]}` }));
}

export function assertIds(kind: keyof typeof IdPattern, field: string, values: readonly string[]): void {
  const problems = idProblems(kind, field, values);
  if (problems.length) throw new BadUserInputError(problems.map((p) => p.message).join('; '), problems);
}

export function assertMaxValues(field: string, values: readonly unknown[] | undefined, max: number): void {
  if (values && values.length > max) {
    throw new BadUserInputError(`${field} accepts at most ${max} values (got ${values.length})`, [
      { field, message: `at most ${max} values` },
    ]);
  }
}
