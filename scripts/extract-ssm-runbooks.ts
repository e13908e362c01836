/**
 * Extracts the Automation runbook catalog for the simulator from the AWS documentation dump
 * (/work/shared/seeds/ssm-user-guide-and-runbook-chunks.txt, a Hugging Face style export with
 * rows `id / source / chunk_id / text`; consecutive chunks overlap).
 *
 *   npx ts-node --transpile-only scripts/extract-ssm-runbooks.ts [seedFile] [outFile]
 *
 * Output: src/simulator/ssm/runbooks.data.json (committed). Deterministic: same input, same output.
 * Everything in the output comes from the documentation text; step *inputs* are a best-effort
 * reconstruction (action-specific shape, the parameters a step description mentions, and the API
 * chosen from the runbook's documented IAM permissions) because the reference pages don't list them.
 */
import * as fs from 'fs';
import * as path from 'path';

const seedFile = process.argv[2] ?? '/work/shared/seeds/ssm-user-guide-and-runbook-chunks.txt';
const outFile = process.argv[3] ?? path.join(__dirname, '..', 'src', 'simulator', 'ssm', 'runbooks.data.json');

const PARAM_TYPES = ['StringList', 'StringMap', 'MapList', 'String', 'Integer', 'Boolean'] as const;

interface ExtractedParameter {
  name: string;
  type: string;
  description: string;
  required: boolean;
  allowedValues?: string[];
  default?: string;
}
interface ExtractedStep {
  name: string;
  action: string;
  description: string;
  inputs: Record<string, unknown>;
}
interface ExtractedRunbook {
  name: string;
  description: string;
  owner: string;
  platformTypes: string[];
  parameters: ExtractedParameter[];
  permissions: string[];
  steps: ExtractedStep[];
  outputs: string[];
  stepsReconstructed?: boolean;
}

// ---------------------------------------------------------------- 1. rows → one text

function readChunks(file: string): string[] {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  // header: 15 lines of column metadata, then rows of 4 lines (id, source, chunk_id, text)
  const start = lines.findIndex((l, i) => i > 0 && /-\d{3}$/.test(l) && lines[i + 1]?.endsWith('.pdf'));
  const chunks: string[] = [];
  for (let i = start; i + 3 < lines.length + 1; i += 4) {
    if (!lines[i] || !lines[i + 3]) continue;
    if (lines[i + 1].includes('automation-runbook-guide')) chunks.push(lines[i + 3]);
  }
  return chunks;
}

function mergeOverlapping(chunks: string[]): string {
  let acc = chunks[0] ?? '';
  for (const c of chunks.slice(1)) {
    let overlap = 0;
    for (let k = Math.min(c.length, acc.length, 4000); k >= 30; k--) {
      if (acc.endsWith(c.slice(0, k))) {
        overlap = k;
        break;
      }
    }
    if (overlap) {
      acc += c.slice(overlap);
      continue;
    }
    const idx = acc.lastIndexOf(c.slice(0, 200));
    acc = idx >= 0 ? acc.slice(0, idx) + c : `${acc} ${c}`;
  }
  return acc;
}

function clean(text: string): string {
  return (
    text
      // page footers: "<runbook or section title> 853 AWS Systems Manager Automation runbook reference User Guide"
      .replace(/\s*(?:AWS[A-Za-z]*-\s?[A-Za-z0-9]+ )?\d{3,4} AWS Systems Manager Automation runbook reference User Guide\s*/g, ' ')
      .replace(/\s*(?:AWS WAF|Amazon WorkSpaces|X-Ray)(?= Document type| Automation Owner| •)/g, '')
      .replace(/Document type AWS WAF Automation/g, 'Document type Automation')
      // names broken over a line: "AWSConfigRemediation- RemoveUnrestrictedSourceIngressRules"
      .replace(/\b(AWS[A-Za-z]*-) ([A-Z][A-Za-z0-9]+)/g, '$1$2')
      .replace(/\s+/g, ' ')
  );
}

// ---------------------------------------------------------------- 2. text → runbooks

const HEADER = /(AWS[A-Za-z]*-[A-Za-z0-9]+) Description (?=(?:The )?\1|[A-Z])/g;

function splitRunbooks(text: string, rawHead: string): { name: string; body: string }[] {
  const heads: { name: string; at: number; bodyAt: number }[] = [];
  for (const m of text.matchAll(HEADER)) heads.push({ name: m[1], at: m.index ?? 0, bodyAt: (m.index ?? 0) + m[0].length });
  const out: { name: string; body: string }[] = [];
  // the dump starts in the middle of AWSSupport-EnableVPCFlowLogs' description
  const firstDoc = text.indexOf('Document type');
  if (heads.length === 0 || firstDoc < heads[0].at) {
    const footerName = /AWS[A-Za-z]*-[A-Za-z0-9]+(?= \d{3,4} AWS Systems Manager)/.exec(rawHead)?.[0] ?? 'Unknown';
    out.push({ name: footerName, body: `The ${footerName} ${text.slice(0, heads[0]?.at ?? text.length)}` });
  }
  heads.forEach((h, i) => out.push({ name: h.name, body: text.slice(h.bodyAt, heads[i + 1]?.at ?? text.length) }));
  return out.filter((r) => r.body.includes('Document type Automation'));
}

function sentenceCut(s: string, max = 600): string {
  const t = s.trim();
  if (t.length <= max) return t;
  const cut = t.slice(0, max);
  const dot = cut.lastIndexOf('. ');
  return dot > 80 ? cut.slice(0, dot + 1) : cut;
}

function parseDescription(body: string): string {
  const end = body.indexOf('Run this Automation');
  let d = body.slice(0, end >= 0 ? end : body.indexOf('Document type'));
  d = d.split(/ (?:Important|Note|Additional Information|Warning) /)[0];
  return sentenceCut(d.replace(/\s+\./g, '.').trim());
}

function parsePlatforms(body: string): string[] {
  const m = /Platforms ((?:Linux|macOS|Windows)(?:, (?:Linux|macOS|Windows))*)/.exec(body);
  if (!m) return ['Linux', 'MacOS', 'Windows'];
  return m[1].split(', ').map((p) => (p === 'macOS' ? 'MacOS' : p));
}

function parseParameters(body: string): { params: ExtractedParameter[]; permissions: string[] } {
  const start = body.indexOf(' Parameters ');
  if (start < 0) return { params: [], permissions: [] };
  const stepsAt = body.indexOf('Document Steps');
  const section = body.slice(start + ' Parameters '.length, stepsAt >= 0 ? stepsAt : body.length);
  const iam = section.indexOf('Required IAM permissions');
  const paramText = iam >= 0 ? section.slice(0, iam) : section;
  const permText = iam >= 0 ? section.slice(iam) : '';
  const permissions = [...new Set([...permText.matchAll(/• ([a-z0-9-]+:[A-Za-z]+)/g)].map((m) => m[1]))];

  const params: ExtractedParameter[] = [];
  for (const raw of paramText.split('•').map((s) => s.trim()).filter(Boolean)) {
    const m = /^([A-Za-z][A-Za-z0-9]*) Type: (StringList|StringMap|MapList|String|Integer|Boolean)\b(.*)$/.exec(raw);
    if (!m) continue;
    const [, name, type, rest0] = m;
    let rest = rest0.trim();
    let allowedValues: string[] | undefined;
    let def: string | undefined;
    const take = (re: RegExp): string | undefined => {
      const mm = re.exec(rest);
      if (!mm) return undefined;
      rest = (rest.slice(0, mm.index) + rest.slice(mm.index + mm[0].length)).trim();
      return mm[1].trim();
    };
    const vv = take(/^Valid values: (.+?)(?= Default: | Description: )/) ?? take(/ Valid values: ([A-Za-z0-9_.\-]+(?: \| [A-Za-z0-9_.\-]+)*)\s*$/);
    if (vv) allowedValues = vv.split('|').map((v) => v.trim()).filter(Boolean);
    def = take(/^Default: (.+?)(?= Description: )/);
    const dm = /Description: \((Required|Optional)\)\s*(.*)$/.exec(rest);
    const required = dm?.[1] === 'Required';
    let description = (dm?.[2] ?? rest).trim();
    const trailing = / Valid values: ([A-Za-z0-9_.\-]+(?: \| [A-Za-z0-9_.\-]+)*)\s*$/.exec(description);
    if (trailing) {
      allowedValues = trailing[1].split('|').map((v) => v.trim());
      description = description.slice(0, trailing.index).trim();
    }
    if (!def) {
      const dv = /The default value is (True|False|\d+)\b/.exec(description);
      if (dv) def = dv[1];
    }
    description = sentenceCut(description.replace(/\s+\./g, '.'), 500);
    const p: ExtractedParameter = { name, type, description, required };
    if (allowedValues?.length) p.allowedValues = allowedValues;
    if (def !== undefined) p.default = def;
    params.push(p);
  }
  return { params, permissions };
}

const STOP = new Set(
  'the a an if for of to based on value values specified specify you your in is are be by from and that with this it its which potentially provided created automation step runbook parameter after being has have as at or into'.split(' '),
);

function pascal(words: string[]): string {
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('');
}

function singularVerb(w: string): string {
  if (/ies$/.test(w)) return w.slice(0, -3) + 'y';
  if (/(?:ches|shes|sses|xes)$/.test(w)) return w.slice(0, -2);
  if (/[^s]s$/.test(w)) return w.slice(0, -1);
  return w;
}

function deriveStepName(description: string, action: string): string {
  const words = description
    .replace(/\([^)]*\)/g, ' ')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w && !STOP.has(w.toLowerCase()));
  const verb = singularVerb(words[0] ?? action.replace('aws:', ''));
  const name = pascal([verb.toLowerCase(), ...words.slice(1, 4)]);
  return name.slice(0, 60) || 'Step';
}

function parseSteps(body: string): { steps: { name?: string; action: string; description: string }[]; outputs: string[] } {
  const at = body.indexOf('Document Steps');
  if (at < 0) return { steps: [], outputs: [] };
  let text = body.slice(at + 'Document Steps'.length);
  let outputsText = '';
  const outAt = text.search(/ Outputs\b/);
  if (outAt >= 0) {
    outputsText = text.slice(outAt + ' Outputs'.length);
    text = text.slice(0, outAt);
  }
  // cut trailing section prose (the next section title before the next runbook header)
  const steps: { name?: string; action: string; description: string }[] = [];
  const numbered = /^\s*1\.\s?aws:/.test(text);
  const items = numbered ? text.split(/\s(?=\d{1,2}\.\s?aws:)/) : text.split('•');
  for (let raw of items) {
    raw = raw.trim().replace(/^\d{1,2}\.\s?/, '');
    if (!raw) continue;
    raw = raw.split(/ \((?:Cleanup|IPv6)\)/)[0];
    let m = /^([A-Za-z][A-Za-z0-9]+) \((aws:[A-Za-z]+)\) - (.*)$/.exec(raw);
    if (m) {
      steps.push({ name: m[1], action: m[2], description: cutProse(m[3]) });
      continue;
    }
    m = /^(aws:[A-Za-z]+) - (.*)$/.exec(raw);
    if (m) steps.push({ action: m[1], description: cutProse(m[2]) });
  }
  const outputs = outputsText.startsWith(' None')
    ? []
    : [...new Set([...outputsText.slice(0, 1500).matchAll(/\b([A-Z][A-Za-z0-9]+)\.([A-Z][A-Za-z0-9]+)\b/g)].map((mm) => `${mm[1]}.${mm[2]}`))];
  return { steps, outputs };
}

/** Step descriptions run into the next section's prose ("… deleted. AWS WAF AWS Systems Manager Automation provides …"). */
function cutProse(s: string): string {
  const stops = [/ [A-Z][A-Za-z\- ]{1,40} AWS Systems Manager Automation provides/, / AWS[A-Za-z]*-[A-Za-z0-9]+ Description /, / Outputs /];
  let out = s;
  for (const re of stops) {
    const m = re.exec(out);
    if (m) out = out.slice(0, m.index);
  }
  out = out.trim();
  // first sentence is enough for a step description
  const dot = out.indexOf('. ');
  if (dot > 20) out = out.slice(0, dot + 1);
  return out.replace(/\s+\./g, '.').replace(/\s+,/g, ',');
}

// ---------------------------------------------------------------- 3. step inputs (reconstructed)

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

function buildInputs(action: string, description: string, rb: { params: ExtractedParameter[]; permissions: string[] }, stepName: string, nextStep?: string): Record<string, unknown> {
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

// ---------------------------------------------------------------- main

function extract(): ExtractedRunbook[] {
  const raw = mergeOverlapping(readChunks(seedFile));
  const text = clean(raw);
  const result: ExtractedRunbook[] = [];
  for (const { name, body } of splitRunbooks(text, raw.slice(0, 4000))) {
    const ownerM = /Document type Automation Owner (\w+)/.exec(body);
    const { params, permissions } = parseParameters(body);
    const { steps: rawSteps, outputs } = parseSteps(body);
    let stepsReconstructed = false;
    if (rawSteps.length === 0) {
      // e.g. AWS-ReleaseElasticIP documents no steps: one API step named after the runbook
      if (!params.length) continue;
      rawSteps.push({ name: name.replace(/^AWS[A-Za-z]*-/, ''), action: 'aws:executeAwsApi', description: parseDescription(body) });
      stepsReconstructed = true;
    }
    // a named output "Step.Output" whose step is unnamed in the docs names the first script/API step
    const named = new Set(rawSteps.filter((s) => s.name).map((s) => s.name));
    for (const o of outputs) {
      const stepName = o.split('.')[0];
      if (named.has(stepName)) continue;
      const target = rawSteps.find((s) => !s.name && (s.action === 'aws:executeScript' || s.action === 'aws:executeAwsApi'));
      if (target) {
        target.name = stepName;
        named.add(stepName);
      }
    }
    const used = new Set<string>();
    const names = rawSteps.map((s) => {
      let n = s.name ?? deriveStepName(s.description, s.action);
      let i = 2;
      const base = n;
      while (used.has(n)) n = `${base}${i++}`;
      used.add(n);
      return n;
    });
    const steps = rawSteps.map((s, i) => ({
      name: names[i],
      action: s.action,
      description: s.description,
      inputs: buildInputs(s.action, s.description, { params, permissions }, names[i], names[i + 1]),
    }));
    result.push({
      name,
      description: parseDescription(body),
      owner: ownerM?.[1] === 'Amazon' ? 'Amazon' : 'Amazon',
      platformTypes: parsePlatforms(body),
      parameters: params,
      permissions,
      steps,
      outputs,
      ...(stepsReconstructed ? { stepsReconstructed } : {}),
    });
  }
  return result;
}

const runbooks = extract();
const out = {
  generatedBy: 'scripts/extract-ssm-runbooks.ts',
  source: path.basename(seedFile),
  note: 'Names, descriptions, parameters (type, required, allowed values, defaults), step actions and outputs are from the AWS Automation runbook reference; step names for unnamed steps and step inputs are reconstructed.',
  runbooks,
};
fs.writeFileSync(outFile, `${JSON.stringify(out, null, 2)}\n`);
console.log(`${runbooks.length} runbooks → ${outFile}`);
for (const r of runbooks) console.log(`  ${r.name}: ${r.parameters.length} params, ${r.steps.length} steps, ${r.outputs.length} outputs`);
