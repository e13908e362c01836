/**
 * The bot's settings, read from the environment. Every bad setting is reported (all at once),
 * and no report ever echoes a secret value (the webhook URL and API key are secrets).
 */

export type TaskEventKind = 'MAC_MODIFICATION_TASK' | 'AUTOMATION_EXECUTION' | 'MAC_HOST';

/** Mirrors the gateway's `input TaskEventFilter`; absent fields are not sent. */
export interface TaskEventFilter {
  kinds?: TaskEventKind[];
  states?: string[];
  instanceId?: string;
  documentName?: string;
}

export interface BotConfig {
  /** graphql-ws endpoint, e.g. ws://127.0.0.1:4000/graphql. */
  wsUrl: string;
  /** Slack-compatible incoming webhook. Secret: never logged. */
  webhookUrl: string;
  /** Sent as connectionParams.apiKey. Secret: never logged. */
  apiKey?: string;
  /** Sent as connectionParams.authorization = `Bearer <token>`. Secret: never logged. */
  bearerToken?: string;
  /** Null = every task event the gateway reports. */
  filter: TaskEventFilter | null;
}

export const DEFAULT_WS_URL = 'ws://127.0.0.1:4000/graphql';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid chatops-bot configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const KIND_ALIASES: Record<string, TaskEventKind> = {
  MAC_MODIFICATION_TASK: 'MAC_MODIFICATION_TASK',
  MAC: 'MAC_MODIFICATION_TASK',
  AUTOMATION_EXECUTION: 'AUTOMATION_EXECUTION',
  AUTOMATION: 'AUTOMATION_EXECUTION',
  MAC_HOST: 'MAC_HOST',
  HOST: 'MAC_HOST',
};

/** "in-progress", "In Progress", "IN_PROGRESS" → "IN_PROGRESS". */
export function toEnumName(word: string): string {
  return word.trim().replace(/[\s-]+/g, '_').toUpperCase();
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

function nonEmpty(value: string | undefined): string | undefined {
  const v = value?.trim();
  return v ? v : undefined;
}

export function loadBotConfig(env: Record<string, string | undefined> = process.env): BotConfig {
  const problems: string[] = [];

  let wsUrl = nonEmpty(env.FLEETGRAPH_WS_URL) ?? DEFAULT_WS_URL;
  try {
    const u = new URL(wsUrl);
    if (u.protocol === 'http:' || u.protocol === 'https:') {
      u.protocol = u.protocol === 'http:' ? 'ws:' : 'wss:';
      wsUrl = u.toString();
    } else if (u.protocol !== 'ws:' && u.protocol !== 'wss:') {
      problems.push(`FLEETGRAPH_WS_URL must be a ws:// or wss:// URL (got scheme "${u.protocol}")`);
    }
  } catch {
    problems.push('FLEETGRAPH_WS_URL is not a valid URL (expected e.g. ws://127.0.0.1:4000/graphql)');
  }

  const webhookUrl = nonEmpty(env.SLACK_WEBHOOK_URL);
  if (!webhookUrl) {
    problems.push('SLACK_WEBHOOK_URL is required (a Slack-compatible incoming webhook URL)');
  } else {
    let ok = false;
    try {
      const u = new URL(webhookUrl);
      ok = u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      ok = false;
    }
    if (!ok) problems.push('SLACK_WEBHOOK_URL must be an http:// or https:// URL (value not shown: it is a secret)');
  }

  const filter: TaskEventFilter = {};
  const kinds = list(env.BOT_KINDS);
  if (kinds.length) {
    const mapped: TaskEventKind[] = [];
    for (const k of kinds) {
      const kind = KIND_ALIASES[toEnumName(k)];
      if (!kind) problems.push(`BOT_KINDS: unknown kind "${k}" (use MAC_MODIFICATION_TASK, AUTOMATION_EXECUTION or MAC_HOST, or mac / automation / host)`);
      else if (!mapped.includes(kind)) mapped.push(kind);
    }
    filter.kinds = mapped;
  }
  const states = list(env.BOT_STATES);
  if (states.length) {
    const mapped: string[] = [];
    for (const s of states) {
      const name = toEnumName(s);
      if (!/^[A-Z][A-Z0-9_]*$/.test(name)) problems.push(`BOT_STATES: "${s}" is not a state name (e.g. SUCCESSFUL, FAILED, in-progress)`);
      else if (!mapped.includes(name)) mapped.push(name);
    }
    filter.states = mapped;
  }
  const instanceId = nonEmpty(env.BOT_INSTANCE_ID);
  if (instanceId) {
    if (!/^i-[0-9a-zA-Z]+$/.test(instanceId)) problems.push(`BOT_INSTANCE_ID: "${instanceId}" is not an EC2 instance id (i-…)`);
    filter.instanceId = instanceId;
  }
  const documentName = nonEmpty(env.BOT_DOCUMENT_NAME);
  if (documentName) filter.documentName = documentName;

  if (problems.length) throw new ConfigError(problems);
  return {
    wsUrl,
    webhookUrl: webhookUrl as string,
    apiKey: nonEmpty(env.FLEETGRAPH_API_KEY),
    bearerToken: nonEmpty(env.FLEETGRAPH_BEARER_TOKEN),
    filter: Object.keys(filter).length ? filter : null,
  };
}

/** For the start-up log line: "kinds=MAC_MODIFICATION_TASK states=FAILED,SUCCESSFUL" or "everything". */
export function describeFilter(filter: TaskEventFilter | null | undefined): string {
  if (!filter) return 'all task events';
  const parts: string[] = [];
  if (filter.kinds?.length) parts.push(`kinds=${filter.kinds.join(',')}`);
  if (filter.states?.length) parts.push(`states=${filter.states.join(',')}`);
  if (filter.instanceId) parts.push(`instanceId=${filter.instanceId}`);
  if (filter.documentName) parts.push(`documentName=${filter.documentName}`);
  return parts.length ? parts.join(' ') : 'all task events';
}
