import {
  requiredRoleForLaunchPermissions,
  requiredRoleForMutation,
  requiredRoleForOperationType,
  requiredRoleForSip,
} from '../../../src/auth/policy';

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

  it('maps every gateway mutation by name', () => {
    expect(requiredRoleForMutation('enableImageImdsV2', { input: { imageId: 'ami-1' } })).toBe('admin');
    expect(requiredRoleForMutation('createMacSipModificationTask', { input: { status: 'DISABLED' } })).toBe('admin');
    expect(requiredRoleForMutation('modifyImageLaunchPermissions', { input: { add: [{ group: 'ALL' }] } })).toBe('admin');
    for (const name of ['setImageDescription', 'createMacVolumeOwnershipDelegationTask', 'startAutomationExecution', 'stopAutomationExecution', 'sendAutomationSignal']) {
      expect(requiredRoleForMutation(name, { input: {} })).toBe('operator');
    }
    expect(requiredRoleForMutation('createMacSipModificationTask', undefined)).toBe('operator');
  });

  it('AMI governance: block public access either way needs admin; turning deregistration protection off needs admin', () => {
    for (const state of ['BLOCK_NEW_SHARING', 'UNBLOCKED']) expect(requiredRoleForMutation('setImageBlockPublicAccess', { input: { state } })).toBe('admin');
    expect(requiredRoleForMutation('setImageDeregistrationProtection', { input: { imageId: 'ami-1', enabled: false } })).toBe('admin');
    expect(requiredRoleForMutation('setImageDeregistrationProtection', { input: { imageId: 'ami-1', enabled: true, withCooldown: true } })).toBe('operator');
    for (const name of ['setImageDeprecation', 'startInstances', 'stopInstances', 'rebootInstances', 'releaseMacHost', 'previewAutomationExecution']) {
      expect(requiredRoleForMutation(name, { input: {} })).toBe('operator');
    }
  });
});
