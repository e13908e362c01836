/**
 * One chat message per task event. Pure functions: the tests pin the exact wording.
 *
 *   SIP modification on i-0abc… (mac2.metal): in-progress → successful
 *   Volume ownership delegation on i-0abc… (mac2-m2.metal): started (pending)
 *   Automation FleetGraph-ApprovedMacReboot (1a2b…): in-progress → waiting at step ApproveReboot
 *   Automation AWS-RestartEC2Instance (1a2b…): in-progress → failed at step stopInstances: <failure message>
 *   Mac host h-0abc… (mac2-m2.metal, us-east-1a): available → pending
 */

/** The fields the bot selects from `taskEvents` (see subscriber.ts); all but kind/taskId/state may be null. */
export interface TaskEvent {
  kind: string;
  taskId: string;
  previousState?: string | null;
  state: string;
  at?: string | null;
  region?: string | null;
  instanceId?: string | null;
  documentName?: string | null;
  macModificationTask?: {
    id?: string | null;
    taskType?: string | null;
    instanceId?: string | null;
    instance?: { id?: string | null; instanceType?: string | null; name?: string | null } | null;
  } | null;
  automationExecution?: {
    id?: string | null;
    documentName?: string | null;
    currentStepName?: string | null;
    failureMessage?: string | null;
  } | null;
  macHost?: { id?: string | null; instanceType?: string | null; availabilityZone?: string | null } | null;
}

export interface SlackMessage {
  text: string;
}

const TASK_TYPES: Record<string, string> = {
  SIP_MODIFICATION: 'SIP modification',
  VOLUME_OWNERSHIP_DELEGATION: 'Volume ownership delegation',
};

/** States after which the step the run stopped at is not worth mentioning. */
const SUCCESS_STATES = new Set(['SUCCESS', 'SUCCESSFUL', 'COMPLETED_WITH_SUCCESS']);

const MAX_FAILURE_CHARS = 300;

/** IN_PROGRESS → in-progress, TIMED_OUT → timed-out. */
export function stateWord(state: string): string {
  return state.trim().toLowerCase().replace(/[_\s]+/g, '-');
}

/** "SOME_NEW_TYPE" → "Some new type", for task types this version does not know. */
function humanize(name: string): string {
  const words = name.toLowerCase().replace(/_+/g, ' ').trim();
  return words ? words[0].toUpperCase() + words.slice(1) : name;
}

function transition(previousState: string | null | undefined, state: string): string {
  if (!previousState) return `started (${stateWord(state)})`;
  if (previousState === state) return stateWord(state); // e.g. an Automation moving to its next step
  return `${stateWord(previousState)} → ${stateWord(state)}`;
}

function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

function macSubject(e: TaskEvent): string {
  const task = e.macModificationTask;
  const what = task?.taskType ? (TASK_TYPES[task.taskType] ?? humanize(task.taskType)) : `Mac modification task ${e.taskId}`;
  const instanceId = e.instanceId ?? task?.instanceId ?? task?.instance?.id ?? null;
  const instanceType = task?.instance?.instanceType;
  if (!instanceId) return what;
  return `${what} on ${instanceId}${instanceType ? ` (${instanceType})` : ''}`;
}

function hostSubject(e: TaskEvent): string {
  const host = e.macHost;
  const where = [host?.instanceType, host?.availabilityZone].filter(Boolean).join(', ');
  return `Mac host ${host?.id ?? e.taskId}${where ? ` (${where})` : ''}`;
}

function automationSubject(e: TaskEvent): string {
  const run = e.automationExecution;
  const doc = run?.documentName ?? e.documentName ?? 'runbook';
  return `Automation ${doc} (${run?.id ?? e.taskId})`;
}

/** The message text for one event (plain text; see toSlackMessage for the wire form). */
export function formatEvent(e: TaskEvent): string {
  let text: string;
  if (e.kind === 'MAC_MODIFICATION_TASK') {
    text = `${macSubject(e)}: ${transition(e.previousState, e.state)}`;
  } else if (e.kind === 'AUTOMATION_EXECUTION') {
    text = `${automationSubject(e)}: ${transition(e.previousState, e.state)}`;
    const run = e.automationExecution;
    const step = run?.currentStepName;
    if (step && !SUCCESS_STATES.has(e.state)) text += ` at step ${step}`;
    const failure = run?.failureMessage;
    if (failure && failure.trim() && !SUCCESS_STATES.has(e.state)) text += `: ${oneLine(failure, MAX_FAILURE_CHARS)}`;
  } else if (e.kind === 'MAC_HOST') {
    text = `${hostSubject(e)}: ${transition(e.previousState, e.state)}`;
  } else {
    text = `${humanize(e.kind)} ${e.taskId}: ${transition(e.previousState, e.state)}`;
  }
  return text;
}

/** Slack mrkdwn treats &, < and > as control characters; escape them so text shows verbatim. */
export function escapeSlack(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The incoming-webhook body: `{"text": "..."}`. */
export function toSlackMessage(e: TaskEvent): SlackMessage {
  return { text: escapeSlack(formatEvent(e)) };
}
