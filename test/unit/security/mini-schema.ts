import { graphql, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { Arg, Authorized, buildSchema, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { createAuthChecker } from '../../../src/auth/auth-checker';
import { requiredRoleForImdsV2, requiredRoleForLaunchPermissions, requiredRoleForSip } from '../../../src/auth/policy';
import { RequiresRole } from '../../../src/auth/requires-role';
import type { Principal } from '../../../src/auth/principal';
import { BadUserInputError } from '../../../src/errors/gateway-error';
import { auditMutations, type AuditLog } from '../../../src/observability/audit';

/**
 * A small type-graphql schema shaped like the gateway's mutations (same field and input names),
 * so the auth checker, the policies declared on the mutations (`@RequiresRole`) and the mutation
 * audit are tested through type-graphql itself.
 */
@InputType('MiniMacCredentialsInput')
class MacCredentialsInput {
  @Field(() => String, { nullable: true }) internalDiskPassword?: string;
  @Field(() => String, { nullable: true }) rootVolumeUsername?: string;
  @Field(() => String, { nullable: true }) rootVolumePassword?: string;
}

@InputType('MiniSipConfigurationInput')
class SipConfigurationInput {
  @Field(() => String, { nullable: true }) kextSigning?: string;
  @Field(() => String, { nullable: true }) nvramProtections?: string;
}

@InputType('MiniSipInput')
class SipInput {
  @Field() instanceId!: string;
  @Field() status!: string;
  @Field(() => SipConfigurationInput, { nullable: true }) configuration?: SipConfigurationInput;
  @Field(() => MacCredentialsInput, { nullable: true }) macCredentials?: MacCredentialsInput;
  @Field(() => String, { nullable: true }) clientToken?: string;
  @Field({ defaultValue: false }) dryRun!: boolean;
}

@InputType('MiniLaunchPermissionInput')
class LaunchPermissionInput {
  @Field(() => String, { nullable: true }) userId?: string;
  @Field(() => String, { nullable: true }) group?: string;
}

@InputType('MiniLaunchPermissionsInput')
class LaunchPermissionsInput {
  @Field() imageId!: string;
  @Field(() => [LaunchPermissionInput], { nullable: true }) add?: LaunchPermissionInput[];
}

@ObjectType('MiniTask')
class Task {
  @Field(() => ID) id!: string;
  @Field() instanceId!: string;
}

@ObjectType('MiniDryRun')
class DryRun {
  @Field() wouldSucceed!: boolean;
}

@ObjectType('MiniTaskPayload')
class TaskPayload {
  @Field(() => Task, { nullable: true }) task!: Task | null;
  @Field(() => String, { nullable: true }) clientToken!: string | null;
  @Field(() => DryRun, { nullable: true }) dryRun!: DryRun | null;
}

@Resolver()
class MiniResolver {
  @Authorized('viewer')
  @Query(() => String)
  hello(): string {
    return 'hi';
  }

  @RequiresRole('operator', requiredRoleForSip)
  @Mutation(() => TaskPayload)
  createMacSipModificationTask(@Arg('input', () => SipInput) input: SipInput): TaskPayload {
    if (input.instanceId === 'i-bad') throw new BadUserInputError('Invalid createMacSipModificationTask input', [{ field: 'instanceId', message: 'bad' }]);
    if (input.dryRun) return { task: null, clientToken: input.clientToken ?? 'generated-token', dryRun: { wouldSucceed: true } };
    return { task: { id: 'macmodification-0123456789abcdef0', instanceId: input.instanceId }, clientToken: input.clientToken ?? 'generated-token', dryRun: null };
  }

  @RequiresRole('operator', requiredRoleForLaunchPermissions)
  @Mutation(() => Boolean)
  modifyImageLaunchPermissions(@Arg('input', () => LaunchPermissionsInput) _input: LaunchPermissionsInput): boolean {
    return true;
  }

  @RequiresRole('operator', requiredRoleForImdsV2)
  @Mutation(() => Boolean)
  enableImageImdsV2(@Arg('imageId') _imageId: string): boolean {
    return true;
  }

  @RequiresRole('operator')
  @Mutation(() => Boolean)
  setImageDescription(@Arg('imageId') _imageId: string): boolean {
    return true;
  }
}

export async function buildMiniSchema(audit?: AuditLog): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [MiniResolver],
    authChecker: createAuthChecker({ audit }),
    validate: false,
  });
  if (audit) auditMutations(schema, audit);
  return schema;
}

export function run(schema: GraphQLSchema, source: string, principal?: Principal, variableValues?: Record<string, unknown>): Promise<ExecutionResult> {
  return graphql({ schema, source, variableValues, contextValue: { principal, requestId: 'req-12345678' } }) as Promise<ExecutionResult>;
}

export const principal = (roles: Principal['roles'], name = 'tester'): Principal => ({ id: `apikey:${name}`, name, kind: 'apiKey', roles });
