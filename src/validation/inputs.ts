import { randomUUID } from 'node:crypto';
import type { FieldProblem } from '../errors/gateway-error';
import type { TagInput } from '../schema/common.type';

/** Tag length limits differ by service: EC2 127/255, SSM 128/256 (Unicode characters). */
export const TagLimits = { ec2: { key: 127, value: 255 }, ssm: { key: 128, value: 256 } } as const;

/** Tag rules: key length, value length, no reserved `aws:` prefix, ≤ 50 tags, unique keys. */
export function tagProblems(tags: TagInput[] | undefined, limits: { key: number; value: number }, field = 'tags'): FieldProblem[] {
  if (!tags) return [];
  const problems: FieldProblem[] = [];
  if (tags.length > 50) problems.push({ field, message: `at most 50 tags (got ${tags.length})` });
  const seen = new Set<string>();
  tags.forEach((t, i) => {
    const f = `${field}[${i}]`;
    if (t.key.length < 1 || t.key.length > limits.key) problems.push({ field: `${f}.key`, message: `tag keys are 1–${limits.key} characters` });
    if (t.value.length > limits.value) problems.push({ field: `${f}.value`, message: `tag values are at most ${limits.value} characters` });
    if (t.key.toLowerCase().startsWith('aws:')) problems.push({ field: `${f}.key`, message: 'the aws: prefix is reserved for AWS' });
    if (seen.has(t.key)) problems.push({ field: `${f}.key`, message: 'duplicate tag key' });
    seen.add(t.key);
  });
  return problems;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** EC2 ClientToken: ≤ 64 printable ASCII characters. Generated when absent so retries stay idempotent. */
export function ec2ClientToken(given: string | undefined | null, problems: FieldProblem[], field = 'clientToken'): string {
  if (given === undefined || given === null) return randomUUID();
  if (given.length < 1 || given.length > 64 || !PRINTABLE_ASCII.test(given)) {
    problems.push({ field, message: 'must be 1–64 printable ASCII characters' });
  }
  return given;
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** SSM's ClientToken for StartAutomationExecution must be a UUID. */
export function ssmClientToken(given: string | undefined | null, problems: FieldProblem[], field = 'clientToken'): string {
  if (given === undefined || given === null) return randomUUID();
  if (!UUID.test(given)) problems.push({ field, message: 'must be a UUID (SSM requires that form)' });
  return given;
}
