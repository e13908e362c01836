/**
 * Account-owned ("Self") runbooks of the seeded account. These are NOT AWS runbooks: they are the
 * simulator's own, written in the shape of real Automation documents, so the demo has runbooks that
 * target EC2 instances, wait for approval (`aws:approve`) and fail on demand.
 *
 * Failure trigger (simulator convention, all runbooks): a step fails when a parameter named by the
 * runbook's `failAtStepParameter` equals the step's name, or when any parameter value it references
 * is the literal `fail`.
 */
import type { RunbookDef } from './catalog';

const ROLE_PARAM = {
  name: 'AutomationAssumeRole',
  type: 'String' as const,
  description:
    'The Amazon Resource Name (ARN) of the AWS Identity and Access Management (IAM) role that allows Systems Manager Automation to perform the actions on your behalf. If no role is specified, Systems Manager Automation uses the permissions of the user that starts this runbook.',
  required: false,
};

const CREATED = Date.UTC(2025, 5, 2, 9, 30);

export function customRunbooks(accountId: string): RunbookDef[] {
  return [
    {
      name: 'FleetGraph-ApprovedMacReboot',
      custom: true,
      description:
        'Reboots an EC2 Mac instance after an approver signs off (aws:approve). Custom runbook of the FleetGraph demo account; not an AWS-owned runbook.',
      owner: accountId,
      platformTypes: ['MacOS'],
      documentVersion: '3',
      createdMs: CREATED,
      parameters: [
        ROLE_PARAM,
        { name: 'InstanceId', type: 'String', description: 'The ID of the EC2 Mac instance to reboot.', required: true },
        {
          name: 'Approvers',
          type: 'StringList',
          description: 'IAM users, roles or groups allowed to approve the reboot.',
          required: false,
          default: `arn:aws:iam::${accountId}:role/FleetOperators`,
        },
        { name: 'Reason', type: 'String', description: 'Why the instance is rebooted; shown to the approvers.', required: false, default: 'Scheduled maintenance' },
      ],
      steps: [
        {
          name: 'DescribeMacInstance',
          action: 'aws:executeAwsApi',
          description: 'Gathers the state and host of the instance you specify in the InstanceId parameter.',
          inputs: { Service: 'ec2', Api: 'DescribeInstances', InstanceIds: ['{{ InstanceId }}'] },
          outputs: ['InstanceState'],
        },
        {
          name: 'ApproveReboot',
          action: 'aws:approve',
          description: 'Waits for an approver to approve or reject the reboot (for up to 7 days).',
          timeoutSeconds: 604800,
          inputs: {
            Approvers: '{{ Approvers }}',
            MinRequiredApprovals: 1,
            Message: 'Reboot EC2 Mac instance {{ InstanceId }}: {{ Reason }}',
          },
        },
        {
          name: 'RebootInstance',
          action: 'aws:executeAwsApi',
          description: 'Reboots the instance.',
          inputs: { Service: 'ec2', Api: 'RebootInstances', InstanceIds: ['{{ InstanceId }}'] },
        },
        {
          name: 'WaitForInstanceStatusOk',
          action: 'aws:waitForAwsResourceProperty',
          description: 'Waits for the instance status checks to pass after the reboot.',
          timeoutSeconds: 1800,
          inputs: {
            Service: 'ec2',
            Api: 'DescribeInstanceStatus',
            InstanceIds: ['{{ InstanceId }}'],
            PropertySelector: '$.InstanceStatuses[0].InstanceStatus.Status',
            DesiredValues: ['ok'],
          },
          isEnd: true,
        },
      ],
      outputs: ['DescribeMacInstance.InstanceState'],
    },
    {
      name: 'FleetGraph-RunInstanceHealthCheck',
      custom: true,
      description:
        'Runs a health check on one or more managed instances and publishes a report. Set FailAtStep to a step name to make that step fail (simulator test hook). Custom runbook of the FleetGraph demo account.',
      owner: accountId,
      platformTypes: ['Linux', 'MacOS', 'Windows'],
      documentVersion: '2',
      createdMs: CREATED + 86_400_000,
      failAtStepParameter: 'FailAtStep',
      parameters: [
        ROLE_PARAM,
        { name: 'InstanceIds', type: 'StringList', description: 'The IDs of the managed instances to check.', required: true },
        {
          name: 'CheckLevel',
          type: 'String',
          description: 'How thorough the check is.',
          required: false,
          allowedValues: ['quick', 'full'],
          default: 'quick',
        },
        {
          name: 'FailAtStep',
          type: 'String',
          description: 'Simulator test hook: the name of the step that fails, or none.',
          required: false,
          allowedValues: ['none', 'VerifyManagedInstances', 'CollectDiagnostics', 'RunHealthCheck', 'PublishReport'],
          default: 'none',
        },
      ],
      steps: [
        {
          name: 'VerifyManagedInstances',
          action: 'aws:assertAwsResourceProperty',
          description: 'Verifies the instances are managed nodes with a PingStatus of Online.',
          inputs: {
            Service: 'ssm',
            Api: 'DescribeInstanceInformation',
            Filters: [{ Key: 'InstanceIds', Values: '{{ InstanceIds }}' }],
            PropertySelector: '$.InstanceInformationList[0].PingStatus',
            DesiredValues: ['Online'],
          },
        },
        {
          name: 'CollectDiagnostics',
          action: 'aws:runCommand',
          description: 'Collects system diagnostics on the instances.',
          onFailure: 'Continue',
          isCritical: false,
          inputs: {
            DocumentName: 'AWS-RunShellScript',
            InstanceIds: '{{ InstanceIds }}',
            Parameters: { commands: ['uptime', 'df -h /', 'sysctl -n vm.loadavg || cat /proc/loadavg'] },
          },
        },
        {
          name: 'RunHealthCheck',
          action: 'aws:runCommand',
          description: 'Runs the health check script at the level you specify in the CheckLevel parameter.',
          timeoutSeconds: 600,
          inputs: {
            DocumentName: 'AWS-RunShellScript',
            InstanceIds: '{{ InstanceIds }}',
            Parameters: { commands: ['/opt/fleetgraph/healthcheck --level {{ CheckLevel }}'] },
          },
          outputs: ['HealthStatus'],
        },
        {
          name: 'PublishReport',
          action: 'aws:executeScript',
          description: 'Summarises the results into a report.',
          inputs: {
            Runtime: 'python3.11',
            Handler: 'handler',
            InputPayload: { InstanceIds: '{{ InstanceIds }}', HealthStatus: '{{ RunHealthCheck.HealthStatus }}' },
            Script: "def handler(events, context):\n  return {'ReportUrl': 's3://fleetgraph-reports/' + context['automation:EXECUTION_ID'] + '.json'}\n",
          },
          outputs: ['ReportUrl'],
          isEnd: true,
        },
      ],
      outputs: ['RunHealthCheck.HealthStatus', 'PublishReport.ReportUrl'],
    },
    {
      name: 'FleetGraph-RestartSsmAgent',
      custom: true,
      description:
        'Restarts SSM Agent on a managed instance and waits for it to report Online again. Use as a target of rate-controlled executions (TargetParameterName InstanceId). Custom runbook of the FleetGraph demo account.',
      owner: accountId,
      platformTypes: ['Linux', 'MacOS', 'Windows'],
      documentVersion: '1',
      createdMs: CREATED + 3 * 86_400_000,
      parameters: [
        ROLE_PARAM,
        { name: 'InstanceId', type: 'String', description: 'The ID of the managed instance.', required: true },
      ],
      steps: [
        {
          name: 'RestartAgent',
          action: 'aws:runCommand',
          description: 'Restarts the amazon-ssm-agent service.',
          inputs: {
            DocumentName: 'AWS-RunShellScript',
            InstanceIds: ['{{ InstanceId }}'],
            Parameters: { commands: ['sudo systemctl restart amazon-ssm-agent || sudo launchctl kickstart -k system/com.amazon.aws.ssm'] },
          },
        },
        {
          name: 'WaitForOnline',
          action: 'aws:waitForAwsResourceProperty',
          description: 'Waits for the instance PingStatus to be Online.',
          timeoutSeconds: 600,
          inputs: {
            Service: 'ssm',
            Api: 'DescribeInstanceInformation',
            Filters: [{ Key: 'InstanceIds', Values: ['{{ InstanceId }}'] }],
            PropertySelector: '$.InstanceInformationList[0].PingStatus',
            DesiredValues: ['Online'],
          },
          isEnd: true,
        },
      ],
      outputs: [],
    },
  ];
}
