/**
 * Step inputs, reconstructed: the runbook reference does not list them, so each step gets the
 * action's usual shape, the parameters its description mentions, and an API chosen from the
 * runbook's documented IAM permissions.
 */
import type { ExtractedParameter } from './runbook-text';

const VERB_API_PREFIXES: [RegExp, string[]][] = [
  [/^(Gathers|Gets|Retrieves|Checks|Confirms|Verifies|Describes|Waits|Determines|Evaluates)/i, ['Describe', 'Get', 'List']],
  [/^(Creates|Adds|Allows)/i, ['Create', 'Put', 'Update', 'Authorize', 'Attach']],
  [/^(Deletes|Removes|Detach)/i, ['Delete', 'Revoke', 'Detach', 'Remove']],
  [/^(Enables)/i, ['Put', 'Enable', 'Update', 'Create']],
  [/^(Starts|Reboots|Restores|Rebuilds)/i, ['Start', 'Reboot', 'Restore', 'Rebuild']],
];

function pickApi(description: string, permissions: string[]): { service: string; api: string } | undefined {
  const perms = permissions.filter((p) => !p.startsWith('ssm:') && !p.startsWith('iam:PassRole'));
  const verb = VERB_API_PREFIXES.find(([re]) => re.test(description));
  const prefixes = verb?.[1] ?? ['Describe', 'Get'];
  const descWords = description.toLowerCase();
  const scored = perms
    .map((p) => {
      const [svc, api] = p.split(':');
      const pi = prefixes.findIndex((pre) => api.startsWith(pre));
      if (pi < 0) return undefined;
      const noun = api.replace(/^(Describe|Get|List|Create|Put|Update|Authorize|Attach|Delete|Revoke|Detach|Remove|Enable|Start|Reboot|Restore|Rebuild)/, '');
      const words = noun.split(/(?=[A-Z])/).map((w) => w.toLowerCase());
      const hits = words.filter((w) => w.length > 2 && descWords.includes(w.replace(/s$/, ''))).length;
      return { svc, api, score: hits * 10 - pi };
    })
    .filter((x): x is { svc: string; api: string; score: number } => !!x)
    .sort((a, b) => b.score - a.score);
  return scored[0] ? { service: scored[0].svc, api: scored[0].api } : undefined;
}

function mentionedParams(description: string, params: ExtractedParameter[]): string[] {
  return params.filter((p) => p.name !== 'AutomationAssumeRole' && new RegExp(`\\b${p.name}\\b`).test(description)).map((p) => p.name);
}

export function buildInputs(action: string, description: string, rb: { params: ExtractedParameter[]; permissions: string[] }, stepName: string, nextStep?: string): Record<string, unknown> {
  const mentioned = mentionedParams(description, rb.params);
  const refs = Object.fromEntries((mentioned.length ? mentioned : rb.params.filter((p) => p.required && p.name !== 'AutomationAssumeRole').map((p) => p.name)).map((n) => [n, `{{ ${n} }}`]));
  const api = pickApi(description, rb.permissions) ?? { service: rb.permissions.find((p) => !p.startsWith('ssm:'))?.split(':')[0] ?? 'ec2', api: stepName };
  switch (action) {
    case 'aws:executeAwsApi':
      return { Service: api?.service ?? 'ec2', Api: api?.api ?? 'Describe', ...refs };
    case 'aws:assertAwsResourceProperty':
    case 'aws:waitForAwsResourceProperty':
      return { Service: api?.service ?? 'ec2', Api: api?.api ?? 'Describe', ...refs, PropertySelector: '$.Status', DesiredValues: ['available'] };
    case 'aws:executeScript':
      return { Runtime: 'python3.11', Handler: 'handler', InputPayload: refs, Script: `def handler(events, context):\n  # ${description.replace(/\n/g, ' ')}\n  return {}\n` };
    case 'aws:branch': {
      const p = mentioned[0] ?? rb.params.find((x) => x.allowedValues)?.name;
      const param = rb.params.find((x) => x.name === p);
      return {
        Choices: [{ NextStep: nextStep ?? 'end', Variable: p ? `{{ ${p} }}` : '{{ automation:EXECUTION_ID }}', StringEquals: param?.allowedValues?.[0] ?? param?.default ?? '' }],
        ...(nextStep ? { Default: nextStep } : {}),
      };
    }
    case 'aws:sleep':
      return { Duration: 'PT30S' };
    case 'aws:runCommand':
      return { DocumentName: 'AWS-RunShellScript', InstanceIds: ['{{ InstanceId }}'], Parameters: { commands: [`# ${description}`] } };
    case 'aws:runInstances':
      return { ImageId: '{{ resolve:ssm:/aws/service/ami-amazon-linux-latest/amzn2-ami-hvm-x86_64-gp2 }}', InstanceType: '{{ InstanceType }}', SubnetId: '{{ SubnetId }}', MinInstanceCount: 1, MaxInstanceCount: 1 };
    case 'aws:changeInstanceState':
      return { InstanceIds: ['{{ InstanceId }}'], DesiredState: 'terminated' };
    default:
      return refs;
  }
}
