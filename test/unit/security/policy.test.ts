import type { GraphQLField } from 'graphql';
import {
  requiredRoleForDeregistrationProtection,
  requiredRoleForImageBlockPublicAccess,
  requiredRoleForLaunchPermissions,
  requiredRoleForOperationType,
  requiredRoleForRootField,
  requiredRoleForSip,
} from '../../../src/auth/policy';
import { buildGatewaySchema } from '../../../src/server/schema';

describe('policy', () => {
  it('queries and subscriptions need viewer, mutations operator', () => {
    expect(requiredRoleForOperationType('query')).toBe('viewer');
    expect(requiredRoleForOperationType('subscription')).toBe('viewer');
    expect(requiredRoleForOperationType('mutation')).toBe('operator');
  });

  it('SIP: DISABLED overall or per setting needs admin', () => {
    expect(requiredRoleForSip({ status: 'ENABLED' })).toBe('operator');
    expect(requiredRoleForSip({ status: 'DISABLED' })).toBe('admin');
    expect(requiredRoleForSip({ status: 'ENABLED', configuration: { nvramProtections: 'DISABLED' } })).toBe('admin');
    expect(requiredRoleForSip({ status: 'ENABLED', configuration: { nvramProtections: 'ENABLED', kextSigning: null } })).toBe('operator');
  });

  it('launch permissions: adding group ALL needs admin; removing it or sharing with accounts does not', () => {
    expect(requiredRoleForLaunchPermissions({ add: [{ userId: '123456789012' }, { group: 'ALL' }] })).toBe('admin');
    expect(requiredRoleForLaunchPermissions({ add: [{ userId: '123456789012' }] })).toBe('operator');
    expect(requiredRoleForLaunchPermissions({ remove: [{ group: 'ALL' }] })).toBe('operator');
  });

  it('AMI governance: block public access either way needs admin; turning deregistration protection off needs admin', () => {
    expect(requiredRoleForImageBlockPublicAccess()).toBe('admin');
    expect(requiredRoleForDeregistrationProtection({ imageId: 'ami-1', enabled: false })).toBe('admin');
    expect(requiredRoleForDeregistrationProtection({ imageId: 'ami-1', enabled: true, withCooldown: true })).toBe('operator');
  });

  describe('each gateway mutation carries its role and policy in its own declaration', () => {
    let mutations: Record<string, GraphQLField<unknown, unknown>>;
    beforeAll(async () => {
      mutations = (await buildGatewaySchema()).getMutationType()!.getFields();
    });
    const roleOf = (name: string, input: Record<string, unknown> | undefined) => requiredRoleForRootField('mutation', mutations[name], input ? { input } : undefined);

    it('raises to admin where the arguments are dangerous', () => {
      expect(roleOf('enableImageImdsV2', { imageId: 'ami-1' })).toBe('admin');
      expect(roleOf('createMacSipModificationTask', { status: 'DISABLED' })).toBe('admin');
      expect(roleOf('createMacSipModificationTask', { status: 'ENABLED', configuration: { kextSigning: 'DISABLED' } })).toBe('admin');
      expect(roleOf('modifyImageLaunchPermissions', { add: [{ group: 'ALL' }] })).toBe('admin');
      for (const state of ['BLOCK_NEW_SHARING', 'UNBLOCKED']) expect(roleOf('setImageBlockPublicAccess', { state })).toBe('admin');
      expect(roleOf('setImageDeregistrationProtection', { imageId: 'ami-1', enabled: false })).toBe('admin');
    });

    it('operator otherwise', () => {
      expect(roleOf('createMacSipModificationTask', undefined)).toBe('operator');
      expect(roleOf('createMacSipModificationTask', { status: 'ENABLED' })).toBe('operator');
      expect(roleOf('setImageDeregistrationProtection', { imageId: 'ami-1', enabled: true, withCooldown: true })).toBe('operator');
      for (const name of ['setImageDescription', 'createMacVolumeOwnershipDelegationTask', 'startAutomationExecution', 'stopAutomationExecution', 'sendAutomationSignal', 'setImageDeprecation', 'startInstances', 'stopInstances', 'rebootInstances', 'releaseMacHost', 'previewAutomationExecution']) {
        expect(roleOf(name, {})).toBe('operator');
      }
    });
  });
});
