import { isNonNullType, type GraphQLSchema } from 'graphql';
import { Arg, buildSchema, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { declaredRoleOf, requiredRoleForLaunchPermissions, requiredRoleForRootField, rolePolicyOf } from '../../../src/auth/policy';
import { RequiresRole } from '../../../src/auth/requires-role';
import { Cost, COST_EXTENSION, type FieldCost } from '../../../src/schema/field-cost';
import { buildGatewaySchema, resolvers } from '../../../src/server/schema';
import { fieldsWithoutCost, isConnection, resolvedFields, type ResolvedField } from '../../support/field-rules';

/**
 * Rules every field of the schema keeps, declared on the field itself (issue 9: "rules on the
 * field"), so adding or renaming a field cannot silently lose them.
 */

/**
 * Resolvers that compute from their parent in memory (no AWS call), so they need no `@Cost`.
 * Empty today: every resolver method of the gateway reads AWS (through a loader) or declares
 * `@Cost({ awsCalls: 0 })` when it does not (Query.accounts). Add an entry only with its reason.
 */
const COMPUTED_IN_MEMORY = new Set<string>([]);

let schema: GraphQLSchema;
let fields: ResolvedField[];
beforeAll(async () => {
  schema = await buildGatewaySchema();
  fields = resolvedFields(schema, resolvers);
});

describe('cost is declared on every field that may call AWS', () => {
  it('finds every resolver method of the schema (roots and field resolvers)', () => {
    const paths = fields.map((f) => f.path);
    // A few of each kind, so an empty or partial list cannot pass the rule below.
    for (const p of ['Query.instances', 'Mutation.setImageDescription', 'Subscription.taskEvents', 'Instance.macModificationTasks', 'Runbook.description', 'Account.reachable']) {
      expect(paths).toContain(p);
    }
    expect(fields.filter((f) => f.root).length).toBe(Object.keys(schema.getQueryType()!.getFields()).length + Object.keys(schema.getMutationType()!.getFields()).length + Object.keys(schema.getSubscriptionType()!.getFields()).length);
  });

  it('every one of them declares its cost (`@Cost`) unless it computes in memory', () => {
    expect(fieldsWithoutCost(fields, COMPUTED_IN_MEMORY)).toEqual([]);
  });

  it('fails for a field resolver that calls AWS without declaring a cost', async () => {
    @ObjectType('RulesProbeThing')
    class Thing {
      @Field(() => ID) id!: string;
    }
    @Resolver(() => Thing)
    class ProbeResolver {
      @Cost({ awsCalls: 1 })
      @Query(() => Thing)
      probeThing(): Thing {
        return { id: 'x' };
      }
      // Forgot its @Cost: the rule must name it.
      @FieldResolver(() => String)
      priceless(@Root() thing: Thing, @Ctx() _ctx: unknown): string {
        return thing.id;
      }
    }
    const probe = await buildSchema({ resolvers: [ProbeResolver], validate: false, authChecker: () => true });
    const found = resolvedFields(probe, [ProbeResolver]);
    expect(found.map((f) => f.path)).toEqual(['Query.probeThing', 'RulesProbeThing.priceless']);
    expect(fieldsWithoutCost(found, COMPUTED_IN_MEMORY)).toEqual(['RulesProbeThing.priceless']);
    expect(fieldsWithoutCost(found, new Set(['RulesProbeThing.priceless']))).toEqual([]);
  });
});

/** Mutations with no role declared in their own declaration (`@RequiresRole`). */
function mutationsWithoutRole(schema: GraphQLSchema): string[] {
  return Object.values(schema.getMutationType()?.getFields() ?? {})
    .filter((f) => declaredRoleOf(f) === undefined)
    .map((f) => `Mutation.${f.name}`);
}

/** The mutations whose declaration carries an argument-aware policy. */
function mutationsWithPolicy(schema: GraphQLSchema): string[] {
  return Object.values(schema.getMutationType()!.getFields())
    .filter((f) => rolePolicyOf(f))
    .map((f) => f.name)
    .sort();
}

describe('every mutation declares its role in its own declaration', () => {
  it('each Mutation field carries its role (and the dangerous ones their policy)', () => {
    expect(mutationsWithoutRole(schema)).toEqual([]);
    expect(mutationsWithPolicy(schema)).toEqual([
      'createMacSipModificationTask',
      'enableImageImdsV2',
      'modifyImageLaunchPermissions',
      'setImageBlockPublicAccess',
      'setImageDeregistrationProtection',
    ]);
  });

  it('fails for a mutation without one, and a renamed mutation keeps its admin policy', async () => {
    @InputType('RulesProbeShareInput')
    class ShareInput {
      @Field(() => [String], { nullable: true }) add?: string[];
    }
    @Resolver()
    class ProbeMutations {
      @Cost({ awsCalls: 1 })
      @Query(() => Boolean)
      rulesProbe(): boolean {
        return true;
      }
      // Declared: the launch-permissions policy travels with whatever the field is called.
      @RequiresRole('operator', (input) => requiredRoleForLaunchPermissions({ add: (input?.add as string[] | undefined)?.map((group) => ({ group })) }))
      @Mutation(() => Boolean)
      renamedShareImage(@Arg('input', () => ShareInput) _input: ShareInput): boolean {
        return true;
      }
      // Forgot its role: the rule must name it.
      @Mutation(() => Boolean)
      undeclared(): boolean {
        return true;
      }
    }
    const probe = await buildSchema({ resolvers: [ProbeMutations], validate: false, authChecker: () => true });
    expect(mutationsWithoutRole(probe)).toEqual(['Mutation.undeclared']);
    const renamed = probe.getMutationType()!.getFields().renamedShareImage;
    expect(requiredRoleForRootField('mutation', renamed, { input: { add: ['ALL'] } })).toBe('admin');
    expect(requiredRoleForRootField('mutation', renamed, { input: { add: [] } })).toBe('operator');
  });
});

/**
 * Non-null fields that make their own AWS call, and why their failure stays local anyway:
 * - root Query connections: each scope is listed on its own, a failed scope is reported in
 *   `unavailableScopes` (with the other scopes' rows) rather than failing the field;
 * - Subscription fields: each event is a whole response of its own, nothing else to keep;
 * - Mutation fields: a payload fails as a whole and its error names the mutation. (Open: a failed
 *   second mutation still nulls the first one's payload in the same document.)
 * - Account.reachable: answering "no" when AWS fails is its job (the error is in Account.error).
 */
function nonNullExempt(f: ResolvedField): boolean {
  const [type] = f.path.split('.');
  if (type === 'Query') return isConnection(f.field);
  return type === 'Subscription' || type === 'Mutation' || f.path === 'Account.reachable';
}

/** Fields that call AWS (a declared cost with awsCalls > 0) yet are non-null, outside the exemptions. */
function nonNullAwsFields(fields: readonly ResolvedField[]): string[] {
  return fields
    .filter((f) => ((f.field.extensions?.[COST_EXTENSION] as FieldCost | undefined)?.awsCalls ?? 0) > 0)
    .filter((f) => isNonNullType(f.field.type) && !nonNullExempt(f))
    .map((f) => f.path);
}

describe('a field that needs its own AWS call is nullable, lists included (a failing field fails only that field)', () => {
  it('holds for every such field of the schema', () => {
    expect(nonNullAwsFields(fields)).toEqual([]);
    // The joins issue 11 found non-null, now nullable: a failure nulls the field, not the rows.
    const byPath = new Map(fields.map((f) => [f.path, f.field]));
    for (const p of ['Instance.macModificationTasks', 'Image.launchPermissions', 'AutomationExecution.steps', 'AutomationExecution.parameters', 'AutomationExecution.progress', 'AutomationExecution.targetInstances', 'Runbook.parameters', 'Runbook.steps', 'MacHost.instances']) {
      expect([p, isNonNullType(byPath.get(p)!.type)]).toEqual([p, false]);
    }
  });

  it('fails for a non-null field that declares an AWS call', async () => {
    @ObjectType('RulesProbeParent')
    class Parent {
      @Field(() => ID) id!: string;
    }
    @Resolver(() => Parent)
    class ProbeJoins {
      @Cost({ awsCalls: 1 })
      @Query(() => Parent, { nullable: true })
      rulesProbeParent(): Parent {
        return { id: 'p' };
      }
      @Cost({ awsCalls: 1, assumedSize: 3 })
      @FieldResolver(() => [String])
      joinedList(@Root() _p: Parent): string[] {
        return [];
      }
      @Cost({ awsCalls: 1 })
      @FieldResolver(() => String, { nullable: true })
      joinedValue(@Root() _p: Parent): string | null {
        return null;
      }
    }
    const probe = await buildSchema({ resolvers: [ProbeJoins], validate: false, authChecker: () => true });
    expect(nonNullAwsFields(resolvedFields(probe, [ProbeJoins]))).toEqual(['RulesProbeParent.joinedList']);
  });
});
