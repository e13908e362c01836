import type { LaunchPermissionSpec } from '../aws/ec2/writes';
import type { FieldProblem } from '../errors/gateway-error';
import { LaunchPermissionGroup } from '../schema/enums';
import type { LaunchPermissionInput } from '../schema/mutation.type';
import { IdPattern } from './ids';

const ORG_ARN = /^arn:aws[a-z-]*:organizations::\d{12}:organization\/o-[a-z0-9]{10,32}$/;
const OU_ARN = /^arn:aws[a-z-]*:organizations::\d{12}:ou\/o-[a-z0-9]{10,32}\/ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}$/;

/** Validate one add/remove list; returns the facade's shapes and adds problems for bad entries. */
export function launchPermissionSpecs(list: LaunchPermissionInput[] | undefined, field: string, problems: FieldProblem[]): LaunchPermissionSpec[] {
  return (list ?? []).map((p, i) => {
    const f = `${field}[${i}]`;
    const set = [p.userId, p.group, p.organizationArn, p.organizationalUnitArn].filter((v) => v !== undefined && v !== null);
    if (set.length !== 1) problems.push({ field: f, message: 'set exactly one of userId, group, organizationArn, organizationalUnitArn' });
    if (p.userId != null && !IdPattern.account.test(p.userId)) problems.push({ field: `${f}.userId`, message: 'must be a 12-digit AWS account id' });
    if (p.organizationArn != null && !ORG_ARN.test(p.organizationArn)) problems.push({ field: `${f}.organizationArn`, message: 'must be an AWS Organizations organization ARN' });
    if (p.organizationalUnitArn != null && !OU_ARN.test(p.organizationalUnitArn)) {
      problems.push({ field: `${f}.organizationalUnitArn`, message: 'must be an AWS Organizations OU ARN' });
    }
    return {
      userId: p.userId,
      group: p.group === LaunchPermissionGroup.ALL ? 'ALL' : null,
      organizationArn: p.organizationArn,
      organizationalUnitArn: p.organizationalUnitArn,
    };
  });
}
