/**
 * What an execution preview says a runbook step would do to resources — AWS's three ImpactTypes:
 *  - Mutating: creates, modifies or deletes resources;
 *  - NonMutating: only reads (Describe*, List*, Get* and similar), or touches no resource at all;
 *  - Undetermined: hands work to something Automation cannot see into (Run Command, Lambda, Step
 *    Functions, scripts, nested automations, third-party APIs).
 * AWS publishes the categories, not its per-action table: this mapping is the simulator's reading.
 */
import type { StepDef } from './catalog';

export type ImpactType = 'Mutating' | 'NonMutating' | 'Undetermined';

const READ_API = /^(Describe|Get|List|Search|Lookup|Check|Validate)/;

const NON_MUTATING = new Set(['aws:assertAwsResourceProperty', 'aws:waitForAwsResourceProperty', 'aws:branch', 'aws:sleep', 'aws:pause', 'aws:approve']);
const MUTATING = new Set([
  'aws:changeInstanceState',
  'aws:copyImage',
  'aws:createImage',
  'aws:createStack',
  'aws:createTags',
  'aws:deleteImage',
  'aws:deleteStack',
  'aws:runInstances',
  'aws:updateVariable',
]);

export function stepImpact(step: Pick<StepDef, 'action' | 'inputs'>): ImpactType {
  if (step.action === 'aws:executeAwsApi') {
    const api = typeof step.inputs?.Api === 'string' ? step.inputs.Api : '';
    return READ_API.test(api) ? 'NonMutating' : 'Mutating';
  }
  if (NON_MUTATING.has(step.action)) return 'NonMutating';
  if (MUTATING.has(step.action)) return 'Mutating';
  // aws:runCommand, aws:executeScript, aws:invokeLambdaFunction, aws:executeStateMachine,
  // aws:executeAutomation, aws:invokeWebhook, and anything newer.
  return 'Undetermined';
}
